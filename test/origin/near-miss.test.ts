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
