// generate's own gate, behind the policy's validation: whatever origins a policy lets through, no
// target is written for a host that is not a DNS name or an IP literal, nor for a pattern whose source
// a comment cannot carry. Today's policy already refuses such hosts (POLICY_INVALID), so the gate is
// checked on normalized options built by hand, as a looser policy version or a hand-made options
// object would hand them over.
import { describe, expect, it } from 'vitest';
import { CorsairError } from '../../src/errors.js';
import { generateConfig } from '../../src/generate/index.js';
import { refuseUnsafeValues } from '../../src/generate/safety.js';
import { createCors } from '../../src/policy/index.js';
import type { NormalizedCorsOptions } from '../../src/policy/types.js';

const base = createCors({ origins: ['https://app.example.com', 'https://*.example.com'] }).options;
const pattern = base.patterns[0]!;

function withExact(origin: string): NormalizedCorsOptions {
  return { ...base, exactOrigins: [origin], patterns: [] };
}
function withPattern(host: string, source = `https://*.${host}`): NormalizedCorsOptions {
  return { ...base, exactOrigins: [], patterns: [{ ...pattern, host, source }] };
}

function refusal(o: NormalizedCorsOptions): string {
  try {
    refuseUnsafeValues(o, 'nginx');
  } catch (e) {
    if (!(e instanceof CorsairError)) throw e;
    expect(e.message).toContain('nginx');
    expect(e.fix).toMatch(/https:\/\/app\.example\.com/);
    return e.code;
  }
  return 'accepted';
}

// Characters the URL Standard lets into a host that nginx, Caddy, S3, Spring or flask-cors read as syntax.
const HOSTILE_HOSTS = [
  'a$b',
  '$ab',
  'ab$',
  'a{b}',
  'a*b',
  "a'b",
  'a"b',
  'a`b',
  'a!b',
  'a&b',
  'a(b)',
  'a+b',
  'a,b',
  'a;b',
  'a=b',
  'a~b',
  'a b',
];

describe('refuseUnsafeValues', () => {
  it.each(HOSTILE_HOSTS)('refuses an exact origin whose host holds %j', (h) => {
    expect(refusal(withExact(`https://${h}.example.com`))).toBe('GENERATE_UNSAFE_ORIGIN');
    expect(refusal(withExact(`https://example.com.${h}`))).toBe('GENERATE_UNSAFE_ORIGIN');
  });

  it.each(HOSTILE_HOSTS)('refuses a pattern whose host holds %j', (h) => {
    expect(refusal(withPattern(`${h}.example.com`))).toBe('GENERATE_UNSAFE_ORIGIN');
    expect(refusal(withPattern(`example.com.${h}`))).toBe('GENERATE_UNSAFE_ORIGIN');
  });

  it.each([
    'https://app.example.com',
    'https://a_b.example.com',
    'https://app.example.com.',
    'https://xn--bcher-kva.example',
    'http://localhost:3000',
    'http://127.0.0.1:8080',
    'http://[::1]:8080',
    'http://[::ffff:7f00:1]',
  ])('writes %s', (origin) => {
    expect(refusal(withExact(origin))).toBe('accepted');
  });

  it('refuses bracketed hosts that are not IPv6 literals, and hosts that are not URLs', () => {
    for (const host of [
      'evil[::1]',
      '[::1]evil',
      '[::1',
      '::1]',
      '[::g]',
      '[]',
      '',
      '.example.com',
      'a..example.com',
      'APP.example.com',
    ])
      expect(refusal(withPattern(host, 'https://*.example.com')), host).toBe('GENERATE_UNSAFE_ORIGIN');
    expect(refusal(withPattern('[::1]', 'http://[::1]:*'))).toBe('accepted');
    expect(refusal(withExact('not a url'))).toBe('GENERATE_UNSAFE_ORIGIN');
  });

  it('refuses a pattern source a one-line comment cannot carry', () => {
    for (const source of [
      'https://*.example.com\nlocation / {',
      ' https://*.example.com',
      'https://*.exämple.com',
      'https://*.example.com\u007f',
      '',
    ])
      expect(refusal(withPattern('example.com', source)), JSON.stringify(source)).toBe(
        'GENERATE_UNSAFE_ORIGIN',
      );
  });

  it('quotes at most 100 characters of a hostile origin in the refusal', () => {
    let message = '';
    try {
      refuseUnsafeValues(withExact(`https://a$b.${'x'.repeat(10_000)}.example.com`), 'nginx');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("the origin 'https://a$b.");
    expect(message.length).toBeLessThan(300);
  });

  it('checks every origin, not only the first', () => {
    const o = { ...base, exactOrigins: ['https://app.example.com', 'https://a$b.example.com'], patterns: [] };
    expect(refusal(o)).toBe('GENERATE_UNSAFE_ORIGIN');
    const p = { ...base, exactOrigins: [], patterns: [pattern, { ...pattern, host: 'a{b}.example.com' }] };
    expect(refusal(p)).toBe('GENERATE_UNSAFE_ORIGIN');
  });

  it('lets DNS names with an underscore through to every target', () => {
    for (const target of ['nginx', 'apache', 'caddy', 'express', 'flask'])
      expect(
        generateConfig(target, { origins: ['https://a_b.example.com', 'https://*.example.com'] }).files
          .length,
      ).toBeGreaterThan(0);
  });
});
