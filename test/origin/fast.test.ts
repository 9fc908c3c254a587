// The request-time parser (fast.ts) against the strict one (strict.ts) on origins built piece by piece
// from the characters each part may or may not hold: every accept/refuse decision and every offset of
// the fast parser must match what the strict parser reads, including at each length limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ORIGIN_LENGTH, parseSerializedOriginFast } from '../../src/origin/fast.js';
import { parseSerializedOrigin } from '../../src/origin/strict.js';

const schemeChar = fc.constantFrom(...'ahpstwxz09+-.A:/{~;');
const scheme = fc.oneof(
  fc.constantFrom(
    'http',
    'https',
    'ws',
    'wss',
    'ftp',
    'a',
    'z',
    'x-y',
    'a.b',
    'a+b',
    'h2',
    'HTTP',
    '1http',
    '+a',
    '.a',
    '-a',
  ),
  fc.string({ unit: schemeChar, minLength: 0, maxLength: 6 }),
);
const label = fc.string({ unit: fc.constantFrom(...'az09-_AZ{~'), minLength: 0, maxLength: 4 });
const dnsHost = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.'));
const ipv6 = fc
  .string({ unit: fc.constantFrom(...'0129:afgA.-!'), minLength: 0, maxLength: 8 })
  .map((h) => `[${h}]`);
const host = fc.oneof(
  dnsHost,
  ipv6,
  fc.constantFrom('[::1]', '[::ffff:7f00:1]', '[::a:f]', '[::]', '[', '127.0.0.1', 'a..b', '.a', 'a.'),
);
const port = fc.oneof(
  fc.constantFrom(
    '',
    ':',
    ':0',
    ':01',
    ':1',
    ':9',
    ':80',
    ':443',
    ':21',
    ':8080',
    ':65535',
    ':65536',
    ':99999',
    ':100000',
  ),
  fc.integer({ min: 0, max: 99_999 }).map((p) => `:${p}`),
);
const tail = fc.constantFrom('', '', '', '/', '?', '#', ' ', 'x', ':1');

// What a browser's serialization looks like (HTML Standard §7.1.1 over RFC 3986's grammar): the oracle
// for what the fast parser may accept. Written as one regex here, where speed does not matter.
const SERIALIZED =
  /^([a-z][a-z0-9+.-]*):\/\/((?:[a-z0-9_-]+\.)*[a-z0-9_-]+\.?|\[[0-9a-f:.]*\])(?::([1-9][0-9]{0,4}))?$/;
const DEFAULT: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443', ftp: '21' };

describe('parseSerializedOriginFast', () => {
  it('accepts every origin the strict parser accepts, with the same scheme and host', () => {
    fc.assert(
      fc.property(scheme, host, port, (sc, h, p) => {
        const s = `${sc}://${h}${p}`;
        const strict = parseSerializedOrigin(s);
        // Port 0: no browser loads a page there. Under 8 characters: only ws/ftp origins such as 'ws://a',
        // and no page has one, so no Origin header carries one.
        if (!strict.ok || 'opaque' in strict.origin || strict.origin.port === 0 || s.length < 8) return;
        const fast = parseSerializedOriginFast(s);
        expect(fast, s).not.toBeNull();
        if (fast === null) return;
        expect(s.slice(0, fast.schemeEnd)).toBe(strict.origin.scheme);
        expect(s.slice(fast.hostStart, fast.hostEnd)).toBe(strict.origin.host);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly the serialized shape: lowercase, no path, no empty label, no default or invalid port', () => {
    fc.assert(
      fc.property(
        scheme,
        fc.constantFrom('://', '://', ':/', '//', ':', ';//', ':x/', ':/x'),
        host,
        port,
        tail,
        (sc, sep, h, p, t) => {
          const s = `${sc}${sep}${h}${p}${t}`;
          const m = SERIALIZED.exec(s);
          const shaped =
            m !== null &&
            s.length >= 8 &&
            (m[3] === undefined || (Number(m[3]) <= 65535 && DEFAULT[m[1] as string] !== m[3]));
          const fast = parseSerializedOriginFast(s);
          expect(fast !== null, s).toBe(shaped);
          if (fast && m) {
            expect(s.slice(0, fast.schemeEnd)).toBe(m[1]);
            expect(s.slice(fast.hostStart, fast.hostEnd)).toBe(m[2]);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('at the length limits: 8 characters and MAX_ORIGIN_LENGTH', () => {
    expect(parseSerializedOriginFast('http://a')).toEqual({ schemeEnd: 4, hostStart: 7, hostEnd: 8 });
    expect(parseSerializedOriginFast('ws://ab')).toBeNull(); // 7 characters: too short for any origin
    const tail = '.example.com:8443';
    const atLimit = `https://${'a'.repeat(MAX_ORIGIN_LENGTH - 'https://'.length - tail.length)}${tail}`;
    expect(atLimit.length).toBe(MAX_ORIGIN_LENGTH);
    expect(parseSerializedOriginFast(atLimit)).not.toBeNull();
    expect(parseSerializedOriginFast(`https://a${atLimit.slice('https://'.length)}`)).toBeNull();
  });

  it('the longest origin the strict parser accepts is accepted: a 64-character scheme, a 253-character host, port 65535', () => {
    // Counted from the parts, not from MAX_ORIGIN_LENGTH: the limit must let through every origin that a
    // policy may list (an app origin with the longest scheme and host the strict parser takes).
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    const longest = `${'x'.repeat(64)}://${host}:65535`;
    expect(longest.length).toBe(326);
    expect(parseSerializedOrigin(longest, { appOrigins: true })).toMatchObject({
      ok: true,
      serialized: longest,
    });
    expect(parseSerializedOriginFast(longest)).toEqual({ schemeEnd: 64, hostStart: 67, hostEnd: 320 });
    const web = `https://${host}:65535`;
    expect(parseSerializedOrigin(web)).toMatchObject({ ok: true });
    expect(parseSerializedOriginFast(web)).not.toBeNull();
    // One character more is no origin for either parser.
    for (const longer of [`${'x'.repeat(65)}://${host}:65535`, `${'x'.repeat(64)}://${host}a:65535`]) {
      expect(parseSerializedOrigin(longer, { appOrigins: true }).ok, longer).toBe(false);
      expect(parseSerializedOriginFast(longer), longer).toBeNull();
    }
  });

  it('a scheme holds a letter first, then letters, digits, +, - and .; nothing else', () => {
    for (const sc of ['a0', 'a9', 'h2', 'a+b', 'a-b', 'a.b', 'coap+tcp']) {
      expect(parseSerializedOriginFast(`${sc}://a.example`), sc).toEqual({
        schemeEnd: sc.length,
        hostStart: sc.length + 3,
        hostEnd: sc.length + 12,
      });
    }
    // The characters either side of each accepted range.
    for (const c of ['/', ':', '@', '[', '`', '{', ',', '*', '!', ' ', 'A', 'Z']) {
      expect(parseSerializedOriginFast(`a${c}b://a.example`), c).toBeNull();
    }
    for (const first of ['0', '9', '+', '-', '.']) {
      expect(parseSerializedOriginFast(`${first}ab://a.example`), first).toBeNull();
    }
  });

  it('only a colon may follow the host, and a port has no leading zero', () => {
    for (const s of [
      'https://a.example/8080',
      'https://a.example?8080',
      'https://a.example#8080',
      'https://a.example 8080',
      'https://a.example@8080',
      'http://[::1]/8080',
      'http://[::1]x8080',
      'https://a.example:',
      'http://[::1]:',
      'https://a.example:0',
      'https://a.example:08080',
      'https://a.example:0443',
    ]) {
      expect(parseSerializedOriginFast(s), s).toBeNull();
    }
    expect(parseSerializedOriginFast('https://a.example:8080')).toEqual({
      schemeEnd: 5,
      hostStart: 8,
      hostEnd: 17,
    });
    expect(parseSerializedOriginFast('http://[::1]:8080')).toEqual({
      schemeEnd: 4,
      hostStart: 7,
      hostEnd: 12,
    });
  });
});
