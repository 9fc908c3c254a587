// The RegExp probe (src/policy/regexp-probe.ts): an origin the matcher accepts outside the sites the
// pattern names, found among the pattern's samples, the near misses around each sample, and the near
// misses of an attacker's own domain. The matcher is passed in: here both the real engine (through
// validateCorsOptions) and matchers that accept exactly one lookalike, as a subtle pattern would.
import { describe, expect, it } from 'vitest';
import { siteOfHost } from '../../src/origin/public-suffix.js';
import { validateCorsOptions } from '../../src/policy/index.js';
import { escapingOrigin } from '../../src/policy/regexp-probe.js';

const codes = (re: RegExp) => validateCorsOptions({ origins: [re] }).map((i) => i.code);
const only = (origin: string) => (s: string) => s === origin;

describe('escapingOrigin', () => {
  it.each([
    // Near misses of the pattern's own sample: a hyphen or letter for a dot, a suffix after the name.
    ['https://app-example.com', '^https:\\/\\/app\\.example\\.com$'],
    ['https://appxexample.com', '^https:\\/\\/app\\.example\\.com$'],
    ['https://app.example.com.corsair-attacker.net', '^https:\\/\\/app\\.example\\.com$'],
    // ... keeping the sample's port.
    ['http://app-example.com:8080', '^http:\\/\\/app\\.example\\.com:8080$'],
    // The attacker's own domain and its lookalikes, whatever the pattern's samples are.
    ['https://corsair-attacker.net', '^zzz$'],
    ['https://evil-corsair-attacker.net', '^(?:null)$'],
  ])('finds %s, which the matcher accepts, for %s', (escaped, source) => {
    expect(escapingOrigin(only(escaped), source, siteOfHost)).toBe(escaped);
  });

  it('accepts what stays on the named sites', () => {
    const named = (s: string) => /^https:\/\/([a-z]+\.)?example\.com$/.test(s);
    expect(escapingOrigin(named, '^https:\\/\\/(?:[a-z]+\\.)?example\\.com$', siteOfHost)).toBeUndefined();
  });
});

describe('the sites a RegExp names', () => {
  it('are every dotted name it spells, so two sites may be named', () => {
    expect(codes(/^https:\/\/(?:app\.example\.com|www\.example\.org)$/)).toEqual([]);
    expect(codes(/^https:\/\/(?:app\.example\.com|[a-z]+\.example\.org)$/)).toEqual([]);
  });

  it('when it spells no dotted name, are the site of its first origin (an intranet host, beside null)', () => {
    expect(codes(/^(?:null|https:\/\/intranet)$/)).toEqual([]);
    expect(codes(/^https?:\/\/intranet(?::\d+)?$/)).toEqual([]);
  });

  it('never include a site it reaches only by a wildcard or an optional part', () => {
    const [issue] = validateCorsOptions({ origins: [/^https:\/\/app(?:\.example\.com)?$/] });
    expect(issue?.code).toBe('POLICY_REGEXP_TOO_BROAD');
    expect(issue?.message).toContain("'https://app'");
  });
});
