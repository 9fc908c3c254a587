// The crafted origins scan sends, class by class (PortSwigger's and Corsy's bypasses of hand-written
// origin checks), and which of them count as same-site (rated lower: an attacker first needs a page on
// a subdomain). Each list below was read entry by entry: a missing probe is a bypass scan never tries.
import { describe, expect, it } from 'vitest';
import { ATTACKER_HOST, deriveProbes, SPECIAL_CHARS, THIRD_PARTY_ORIGINS } from '../../src/audit/probes.js';

const table = (target: string, trusted?: string) =>
  deriveProbes(target, trusted).map((p) => [p.id, p.origin, p.sameSite === true] as const);

describe('deriveProbes', () => {
  it('from a trusted subdomain origin: every class, in the order the worse finding wins', () => {
    expect(ATTACKER_HOST).toBe('corsair-attacker.net');
    expect(table('https://api.example.com/', 'https://app.example.com')).toEqual([
      ['trusted', 'https://app.example.com', false],
      ['origin-reflection', 'https://corsair-attacker.net', false],
      ['null-origin', 'null', false],
      // Attacker domains first: an `evil` prefix on the registrable domain, the host as a prefix.
      ['pre-domain-bypass', 'https://evilexample.com', false],
      ['post-domain-bypass', 'https://app.example.com.corsair-attacker.net', false],
      ['post-domain-bypass', 'https://example.com.corsair-attacker.net', false],
      // Each dot read as "any character" by an unescaped regex, the last one first.
      ['unescaped-dot-bypass', 'https://app.examplexcom', false],
      ['unescaped-dot-bypass', 'https://appxexample.com', false],
      ['special-char-bypass', 'https://app.example.com_.corsair-attacker.net', false],
      ['special-char-bypass', 'https://app.example.com`.corsair-attacker.net', false],
      ['special-char-bypass', 'https://app.example.com}.corsair-attacker.net', false],
      ['special-char-bypass', 'https://app.example.com!.corsair-attacker.net', false],
      ['special-char-bypass', 'https://app.example.com~.corsair-attacker.net', false],
      // The same tricks inside the trusted registrable domain: same-site, rated lower.
      ['pre-domain-bypass', 'https://evilapp.example.com', true],
      ['post-domain-bypass', 'https://app.example.com.example.com', true],
      ['any-subdomain', 'https://corsair-probe.example.com', false],
      ['any-subdomain', 'https://corsair-probe.app.example.com', false],
      ['insecure-origin', 'http://app.example.com', false],
      ...THIRD_PARTY_ORIGINS.map((o) => ['third-party-origin', o, false] as const),
      ['localhost-origin', 'http://localhost:3000', false],
    ]);
    expect(SPECIAL_CHARS).toEqual(['_', '`', '}', '!', '~']);
    expect(THIRD_PARTY_ORIGINS).toEqual([
      'https://corsair-probe.github.io',
      'https://cdpn.io',
      'https://corsair-probe.netlify.app',
      'https://corsair-probe.vercel.app',
    ]);
  });

  it('from a registrable domain itself: no second post-domain probe, no same-site variants', () => {
    const t = table('https://example.com/x');
    expect(t.filter(([id]) => id === 'post-domain-bypass')).toEqual([
      ['post-domain-bypass', 'https://example.com.corsair-attacker.net', false],
    ]);
    expect(t.filter(([id]) => id === 'any-subdomain')).toEqual([
      ['any-subdomain', 'https://corsair-probe.example.com', false],
    ]);
    expect(t.some(([, , sameSite]) => sameSite)).toBe(false);
    expect(t.map(([, o]) => o)).toContain('https://examplexcom');
  });

  it('keeps the port on every host variant, and tries at most the last four dots', () => {
    const t = table('https://api.example.co.uk/', 'https://a.b.shop.example.co.uk:8443');
    expect(t.filter(([id]) => id === 'unescaped-dot-bypass')).toEqual([
      ['unescaped-dot-bypass', 'https://a.b.shop.example.coxuk:8443', false],
      ['unescaped-dot-bypass', 'https://a.b.shop.examplexco.uk:8443', false],
      ['unescaped-dot-bypass', 'https://a.b.shopxexample.co.uk:8443', false],
      ['unescaped-dot-bypass', 'https://a.bxshop.example.co.uk:8443', true],
    ]);
    expect(t).toContainEqual(['pre-domain-bypass', 'https://evilexample.co.uk:8443', false]);
    expect(t).toContainEqual(['pre-domain-bypass', 'https://evila.b.shop.example.co.uk:8443', true]);
    expect(t).toContainEqual(['insecure-origin', 'http://a.b.shop.example.co.uk:8443', false]);
  });

  it('skips host tricks on IP literals, and the http twin when the origin is already http', () => {
    for (const target of ['http://[::1]:8080/', 'http://10.20.30.40/']) {
      expect(table(target).map(([id]) => id)).toEqual([
        'trusted',
        'origin-reflection',
        'null-origin',
        ...THIRD_PARTY_ORIGINS.map(() => 'third-party-origin'),
        'localhost-origin',
      ]);
    }
    expect(table('https://10.20.30.40/').map(([id]) => id)).toContain('insecure-origin');
    // A name that starts like an address is a name: its host tricks are tried.
    expect(table('https://10.20.30.40.nip.io/').map(([id]) => id)).toContain('pre-domain-bypass');
  });

  it('does not send localhost as an attacker when the page itself is on localhost', () => {
    for (const target of ['http://localhost:8080/', 'http://127.0.0.1:8080/'])
      expect(table(target).map(([id]) => id)).not.toContain('localhost-origin');
    const local = table('http://localhost:3000/');
    expect(local).toContainEqual(['pre-domain-bypass', 'http://evillocalhost:3000', false]);
    // localhost has no registrable domain: one post-domain probe, on the host.
    expect(local.filter(([id]) => id === 'post-domain-bypass')).toEqual([
      ['post-domain-bypass', 'http://localhost.corsair-attacker.net:3000', false],
    ]);
    expect(local.map(([id]) => id)).not.toContain('any-subdomain');
  });

  it('sends each origin once: a trusted origin that is also a third-party host stays the baseline', () => {
    const cdpn = table('https://cdpn.io/');
    expect(cdpn.filter(([, o]) => o === 'https://cdpn.io')).toEqual([['trusted', 'https://cdpn.io', false]]);
  });

  it('sends each origin once', () => {
    for (const [target, trusted] of [
      ['https://example.com/', undefined],
      ['https://api.example.com/', 'https://example.com'],
    ] as const) {
      const origins = deriveProbes(target, trusted).map((p) => p.origin);
      expect(new Set(origins).size).toBe(origins.length);
    }
  });
});
