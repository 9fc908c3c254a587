import { describe, expect, it } from 'vitest';
import type { CorsOptions } from '../../src/policy/index.js';
import { createCors, parseSerializedOriginFast } from '../../src/policy/index.js';

const allowed = (options: CorsOptions, origin: string) => {
  const d = createCors(options).decide({ method: 'GET', headers: [['Origin', origin]] });
  if (d instanceof Promise) throw new Error('unexpected async');
  return d.allowed;
};

describe('origin matching', () => {
  const table: [string, CorsOptions, string, boolean][] = [
    ['exact', { origins: ['https://app.example.com'] }, 'https://app.example.com', true],
    ['exact: other scheme', { origins: ['https://app.example.com'] }, 'http://app.example.com', false],
    ['exact: other port', { origins: ['https://app.example.com'] }, 'https://app.example.com:8443', false],
    [
      'exact: suffix attack',
      { origins: ['https://app.example.com'] },
      'https://app.example.com.evil.com',
      false,
    ],
    ['exact: prefix attack', { origins: ['https://app.example.com'] }, 'https://evilapp.example.com', false],
    ['exact: uppercase request', { origins: ['https://app.example.com'] }, 'https://APP.example.com', false],
    [
      'exact: trailing slash request',
      { origins: ['https://app.example.com'] },
      'https://app.example.com/',
      false,
    ],
    ['exact with port', { origins: ['http://localhost:3000'] }, 'http://localhost:3000', true],
    ['exact with port: other port', { origins: ['http://localhost:3000'] }, 'http://localhost:3001', false],
    ['pattern: one level', { origins: ['https://*.example.com'] }, 'https://a.example.com', true],
    ['pattern: any depth', { origins: ['https://*.example.com'] }, 'https://a.b.c.example.com', true],
    ['pattern: not the apex', { origins: ['https://*.example.com'] }, 'https://example.com', false],
    ['pattern: not a look-alike', { origins: ['https://*.example.com'] }, 'https://evilexample.com', false],
    [
      'pattern: not a suffix attack',
      { origins: ['https://*.example.com'] },
      'https://a.example.com.evil.com',
      false,
    ],
    ['pattern: scheme must match', { origins: ['https://*.example.com'] }, 'http://a.example.com', false],
    [
      'pattern: default port only',
      { origins: ['https://*.example.com'] },
      'https://a.example.com:8443',
      false,
    ],
    ['pattern with port', { origins: ['https://*.example.com:8443'] }, 'https://a.example.com:8443', true],
    [
      'pattern with port: default port',
      { origins: ['https://*.example.com:8443'] },
      'https://a.example.com',
      false,
    ],
    ['pattern any port', { origins: ['https://*.example.com:*'] }, 'https://a.example.com:1234', true],
    ['pattern any port: no port', { origins: ['https://*.example.com:*'] }, 'https://a.example.com', true],
    ['localhost any port', { origins: ['http://localhost:*'] }, 'http://localhost:5173', true],
    ['localhost any port: no port', { origins: ['http://localhost:*'] }, 'http://localhost', true],
    ['localhost any port: subdomain', { origins: ['http://localhost:*'] }, 'http://a.localhost:5173', false],
    ['localhost any port: https', { origins: ['http://localhost:*'] }, 'https://localhost:5173', false],
    [
      'localhost any port: suffix',
      { origins: ['http://localhost:*'] },
      'http://localhost.evil.com:80',
      false,
    ],
    ['pattern: empty label', { origins: ['https://*.example.com'] }, 'https://.example.com', false],
    ['pattern: double dot', { origins: ['https://*.example.com'] }, 'https://a..example.com', false],
    [
      'regexp',
      { origins: [/^https:\/\/pr-\d+\.preview\.example\.com$/] },
      'https://pr-12.preview.example.com',
      true,
    ],
    [
      'regexp: anchored',
      { origins: [/^https:\/\/pr-\d+\.preview\.example\.com$/] },
      'https://pr-12.preview.example.com.evil.com',
      false,
    ],
    ['predicate true', { origins: [(o) => o.endsWith('.trusted.test')] }, 'https://x.trusted.test', true],
    [
      'predicate false',
      { origins: [(o) => o.endsWith('.trusted.test')] },
      'https://x.trusted.test.evil',
      false,
    ],
    ['null never', { origins: ['https://app.example.com', () => true] }, 'null', false],
    [
      'repeated Origin joined',
      { origins: ['https://app.example.com'] },
      'https://app.example.com, https://app.example.com',
      false,
    ],
    [
      'repeated Origin joined, pattern',
      { origins: ['https://*.example.com'] },
      'https://a.example.com, https://b.example.com',
      false,
    ],
    [
      'repeated Origin, predicate',
      { origins: [() => true] },
      'https://a.example.com, https://b.example.com',
      false,
    ],
    ['malformed: path, predicate', { origins: [() => true] }, 'https://a.example.com/x', false],
    ['malformed: default port, predicate', { origins: [() => true] }, 'https://a.example.com:443', false],
    ['malformed: leading zero port', { origins: ['http://localhost:*'] }, 'http://localhost:080', false],
    ['malformed: port too big', { origins: ['http://localhost:*'] }, 'http://localhost:65536', false],
    ['malformed: empty', { origins: [() => true] }, '', false],
    ['malformed: spaces', { origins: [() => true] }, ' https://a.example.com', false],
    ['any origin', { origins: '*' }, 'https://whatever.example', true],
    ['any origin: null', { origins: '*' }, 'null', true],
    // '*' answers every request alike (a cache may serve any answer to any page): even a malformed Origin.
    ['any origin: repeated', { origins: '*' }, 'https://a.example, https://b.example', true],
  ];
  it.each(table)('%s', (_name, options, origin, expected) => {
    expect(allowed(options, origin)).toBe(expected);
  });

  it('treats two Origin lines as malformed', () => {
    const p = createCors({ origins: ['https://app.example.com'] });
    const d = p.decide({
      method: 'GET',
      headers: [
        ['Origin', 'https://app.example.com'],
        ['origin', 'https://app.example.com'],
      ],
    });
    expect(d).toMatchObject({ allowed: false, headers: [] });
  });

  it('async predicates return a Promise; sync policies never do', async () => {
    const p = createCors({ origins: ['https://a.example.com', async (o) => o === 'https://b.example.com'] });
    expect(p.isAsync).toBe(true);
    // Exact origins are still answered synchronously.
    const sync = p.decide({ method: 'GET', headers: [['Origin', 'https://a.example.com']] });
    expect(sync).not.toBeInstanceOf(Promise);
    const d = p.decide({ method: 'GET', headers: [['Origin', 'https://b.example.com']] });
    expect(d).toBeInstanceOf(Promise);
    expect((await d).allowed).toBe(true);
    expect((await p.decide({ method: 'GET', headers: [['Origin', 'https://c.example.com']] })).allowed).toBe(
      false,
    );
    const pre = await p.decide({
      method: 'OPTIONS',
      headers: [
        ['Origin', 'https://b.example.com'],
        ['Access-Control-Request-Method', 'GET'],
      ],
    });
    expect(pre).toMatchObject({ kind: 'preflight', allowed: true, status: 204 });
  });

  it('10,000 exact origins and 1,000 patterns still match correctly', () => {
    const origins = Array.from({ length: 10_000 }, (_, i) => `https://app${i}.example.com`);
    const patterns = Array.from({ length: 1000 }, (_, i) => `https://*.tenant${i}.example.net`);
    const p = createCors({ origins: [...origins, ...patterns] });
    expect(p.allowsOrigin('https://app9999.example.com')).toBe(true);
    expect(p.allowsOrigin('https://app10000.example.com')).toBe(false);
    expect(p.allowsOrigin('https://x.y.tenant999.example.net')).toBe(true);
    expect(p.allowsOrigin('https://tenant999.example.net')).toBe(false);
  });
});

describe('parseSerializedOriginFast', () => {
  it.each([
    ['https://a.example', true],
    ['http://127.0.0.1:8080', true],
    ['http://[::1]:3000', true],
    ['https://a.example:443', false],
    ['http://a.example:80', false],
    ['https://A.example', false],
    ['HTTPS://a.example', false],
    ['https://a.example/', false],
    ['https://a.example?', false],
    ['https://u@a.example', false],
    ['https://a.example:', false],
    ['https://a.example:0', false],
    ['null', false],
  ])('%s → %s', (s, ok) => {
    expect(parseSerializedOriginFast(s) !== null).toBe(ok);
  });
});
