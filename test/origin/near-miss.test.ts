// The near-miss origins user RegExps are probed with, and the public suffixes that lie below a domain:
// both decide whether a policy is refused as too broad, so each family and each edge is pinned.
import { getPublicSuffix } from 'tldts';
import { describe, expect, it } from 'vitest';
import { ATTACKER_HOST, nearMissOrigins, SPECIAL_HOST_CHARS } from '../../src/origin/near-miss.js';
import { publicSuffixBelow } from '../../src/origin/suffix-below.js';

describe('nearMissOrigins', () => {
  const misses = nearMissOrigins('https', 'app.example.com', '', 'example.com');

  it('holds every family of near miss', () => {
    expect(misses).toEqual(
      expect.arrayContaining([
        `https://${ATTACKER_HOST}`,
        'https://evilexample.com',
        'https://evil-example.com',
        `https://app.example.com.${ATTACKER_HOST}`,
        `https://example.com.${ATTACKER_HOST}`,
        `https://app.example.com-${ATTACKER_HOST}`,
        'https://appxexample.com',
        'https://app.examplexcom',
        'https://app-example.com',
        'https://app.example-com',
        ...SPECIAL_HOST_CHARS.map((c) => `https://app.example.com${c}.${ATTACKER_HOST}`),
        'http://app.example.com',
        'https://app.example.com:8443',
      ]),
    );
    expect(SPECIAL_HOST_CHARS).toEqual(expect.arrayContaining(['_', '`', '}', '!', '~']));
  });

  it('never holds the origin itself, and no origin twice', () => {
    expect(misses).not.toContain('https://app.example.com');
    expect(new Set(misses).size).toBe(misses.length);
  });

  it('keeps the port on every near miss of the host, and flips http to https', () => {
    const withPort = nearMissOrigins('http', 'a.b', '8080');
    expect(withPort).toEqual(
      expect.arrayContaining([
        `http://${ATTACKER_HOST}`,
        `http://${ATTACKER_HOST}:8080`,
        'http://evila.b:8080',
        'http://axb:8080',
        'https://a.b:8080',
        'http://a.b:8443',
      ]),
    );
    // Without a registrable domain the host itself is the base.
    expect(withPort).toContain(`http://a.b.${ATTACKER_HOST}:8080`);
    expect(
      withPort
        .filter((o) => o.startsWith('http://') && !o.includes(ATTACKER_HOST))
        .every((o) => /:\d+$/.test(o)),
    ).toBe(true);
  });
});

describe('nearMissOrigins, as origins', () => {
  it('every near miss of a named host is a URL with a host, on another host or scheme or port than the trusted origin', () => {
    for (const [scheme, host, port, domain] of [
      ['https', 'app.example.com', '', 'example.com'],
      ['http', 'localhost', '3000', undefined],
      ['https', 'a.b.example.co.uk', '8443', 'example.co.uk'],
      ['http', 'api.localhost', '8443', undefined],
    ] as const) {
      const trusted = `${scheme}://${host}${port === '' ? '' : `:${port}`}`;
      for (const o of nearMissOrigins(scheme, host, port, domain)) {
        const u = new URL(o);
        expect(u.hostname, o).not.toBe('');
        expect(o, o).not.toBe(trusted);
      }
    }
  });

  it('an origin on port 8443 gets another port as its port near miss, not itself', () => {
    const misses = nearMissOrigins('https', 'a.example', '8443');
    expect(misses).not.toContain('https://a.example:8443');
    expect(misses).toContain('https://a.example:8444');
  });

  it('a host without a dot has no dot to replace: only the attacker, glued, appended, scheme and port families', () => {
    expect(nearMissOrigins('http', 'localhost', '3000')).toEqual([
      `http://${ATTACKER_HOST}`,
      `http://${ATTACKER_HOST}:3000`,
      'http://evillocalhost:3000',
      'http://evil-localhost:3000',
      `http://localhost.${ATTACKER_HOST}:3000`,
      `http://localhost-${ATTACKER_HOST}:3000`,
      ...SPECIAL_HOST_CHARS.map((c) => `http://localhost${c}.${ATTACKER_HOST}:3000`),
      'https://localhost:3000',
      'http://localhost:8443',
    ]);
  });
});

describe('publicSuffixBelow', () => {
  it.each(['amazonaws.com', 'appspot.com', 'co.uk', 'com'])('finds a public suffix under %s', (domain) => {
    const below = publicSuffixBelow(domain);
    expect(below).toBeDefined();
    expect(below?.endsWith(`.${domain}`)).toBe(true);
    // It is (or, for a wildcard rule, lies under) a suffix in its own right: a site registered there
    // belongs to whoever registered it.
    expect(getPublicSuffix(`x.${below}`, { allowPrivateDomains: true })?.endsWith(below as string)).toBe(
      true,
    );
  });

  it.each(['example.com', 'github.io', 'nope.invalid', 'a.b.example.com'])(
    'finds none under %s',
    (domain) => {
      expect(publicSuffixBelow(domain)).toBeUndefined();
    },
  );

  it('reads the domain case-insensitively, with or without the trailing dot, and answers under it', () => {
    const below = publicSuffixBelow('amazonaws.com') as string;
    const first = below.slice(0, -'.amazonaws.com'.length);
    expect(publicSuffixBelow('AmazonAWS.com')).toBe(`${first}.AmazonAWS.com`);
    expect(publicSuffixBelow('amazonaws.com.')).toBe(`${first}.amazonaws.com.`);
  });
});
