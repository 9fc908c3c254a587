// The Public Suffix List helpers against tldts itself, on every kind of host a URL can carry. The helpers
// strip IPv6 brackets and answer empty and IPv6 hosts before asking tldts; this proves those guards give
// tldts' own answer wherever tldts is right (an empty host, an IPv4 or IPv6 address with or without its
// brackets), and pins where tldts alone is wrong (siteOfHost of an IPv6 literal with a dotted quad).
import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { getDomain, parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import { isPublicSuffix, registrableDomain, siteOfHost } from '../../src/origin/public-suffix.js';

const PSL = { allowPrivateDomains: true } as const;

// Tails where the list has something to say: ICANN and private suffixes, wildcard and exception rules
// (`*.ck` with `!www.ck`, `*.kobe.jp` with `!city.kobe.jp`), a suffix below a domain, and none at all.
const TAILS = [
  'com',
  'co.uk',
  'github.io',
  's3.amazonaws.com',
  'amazonaws.com',
  'ck',
  'www.ck',
  'kobe.jp',
  'city.kobe.jp',
  'blogspot.com',
  'localhost',
  'example',
  'xn--p1ai',
];

/** A host as the URL parser serializes it (what an origin carries), from what people type. */
function urlHost(typed: string): string | undefined {
  try {
    return new URL(`http://${typed}/`).hostname;
  } catch {
    return undefined;
  }
}

const label = fc.stringMatching(/^[a-zA-Z0-9_-]{1,12}$/);
const domainHost = fc
  .tuple(fc.array(label, { maxLength: 3 }), fc.constantFrom(...TAILS), fc.boolean())
  .map(([labels, tail, dot]) => [...labels, tail].join('.') + (dot ? '.' : ''));
const ipv6 = fc.oneof(
  fc.ipV6(),
  fc.ipV4().map((v4) => `::ffff:${v4}`),
  fc.constantFrom('::', '::1', '::ffff:1.2.3.4', 'fe80::1', '2001:db8::1'),
);
const typedHost = fc.oneof(
  domainHost,
  fc.domain(),
  fc.ipV4(),
  fc.ipV4Extended(),
  ipv6.map((v6) => `[${v6}]`),
  fc.constantFrom('.', '..', 'a.', 'localhost', 'LOCALHOST.', '0x7f.1', '1.2.3'),
);

function isIp(host: string): boolean {
  return isIPv4(host) || (host.startsWith('[') && host.endsWith(']') && isIPv6(host.slice(1, -1)));
}

describe('the Public Suffix List helpers agree with tldts', () => {
  it('on every host a URL can carry; an IP address has no registrable domain and is its own site', () => {
    fc.assert(
      fc.property(typedHost, (typed) => {
        const host = urlHost(typed);
        if (host === undefined) return;
        const name = host.replace(/\.$/, '');
        if (isIp(host)) {
          expect(registrableDomain(host), host).toBeNull();
          expect(isPublicSuffix(host), host).toBe(false);
          expect(siteOfHost(host), host).toBe(host);
          return;
        }
        expect(registrableDomain(host), host).toBe(getDomain(host, PSL));
        const r = parse(name, PSL);
        expect(isPublicSuffix(host), host).toBe(
          (r.isIcann === true || r.isPrivate === true) && r.publicSuffix === name,
        );
        // A host of dots ('.') is its own site: the empty name tldts would answer is no site at all.
        const site = name === '' ? host : (getDomain(name, { ...PSL, validateHostname: false }) ?? name);
        expect(siteOfHost(host), host).toBe(site);
      }),
      { numRuns: 3000 },
    );
  });

  it('an IPv6 address written without its brackets is an IP address too', () => {
    fc.assert(
      fc.property(ipv6, (v6) => {
        expect(registrableDomain(v6), v6).toBeNull();
        expect(isPublicSuffix(v6), v6).toBe(false);
        expect(siteOfHost(v6), v6).toBe(v6);
      }),
      { numRuns: 1000 },
    );
  });

  it('an empty host, and a host of dots, has no registrable domain, is no public suffix, and is its own site', () => {
    for (const host of ['', '.', '..']) {
      expect(registrableDomain(host), host).toBeNull();
      expect(isPublicSuffix(host), host).toBe(false);
    }
    expect(siteOfHost('')).toBe('');
    // A site is never empty for a host that is not: '' would be "the same site" as any other empty answer.
    expect(siteOfHost('.')).toBe('.');
    expect(siteOfHost('..')).not.toBe('');
  });
});

describe('where tldts alone is not the answer', () => {
  it('the site of an IPv6 literal with a dotted quad is the literal, in any spelling', () => {
    // tldts without hostname validation reads '[::ffff:1.2.3.4]' as the domain '3.4'. RegExp probes hand
    // siteOfHost hosts written in RegExp sources, not the URL parser's canonical form.
    for (const host of ['[::ffff:1.2.3.4]', '[::FFFF:1.2.3.4]', '[::ffff:102:304]', '[64:ff9b::1.2.3.4]']) {
      expect(siteOfHost(host), host).toBe(host);
      expect(registrableDomain(host), host).toBeNull();
    }
  });

  it('the site of a host with labels tldts refuses as a hostname is still its registrable domain', () => {
    // `[a-z-]+\.example\.com` matches '-.example.com', a name under example.com: its site is example.com,
    // so a RegExp that names example.com is not said to match "a site it does not name".
    expect(siteOfHost('-.example.com')).toBe('example.com');
    expect(siteOfHost('a-.b.example.co.uk')).toBe('example.co.uk');
    expect(siteOfHost('x..example.com')).toBe('example.com');
  });
});
