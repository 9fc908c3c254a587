import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCors, validateCorsOptions } from '../../src/index.js';
import { parseSerializedOriginFast } from '../../src/origin/fast.js';
import { parseOriginPattern } from '../../src/origin/pattern.js';
import { isPublicSuffix } from '../../src/origin/public-suffix.js';
import { type OriginParseOptions, parseSerializedOrigin } from '../../src/origin/strict.js';
import { DEFAULT_PORTS, defaultPort } from '../../src/origin/types.js';
import { originOfUrl } from '../../src/origin/url-origin.js';

// What a policy may list, as the option validator and the CLI ask for it.
const LISTABLE: OriginParseOptions = { opaque: false, schemes: ['http', 'https'] };
const CODE = /^ORIGIN_[A-Z_]+$/;

describe('one diagnosis vocabulary', () => {
  it.each([
    // input, options, code, fragment of the message, fragment of the fix
    ['null', LISTABLE, 'ORIGIN_NULL', 'opaque origin', "remove 'null'"],
    ['NULL', LISTABLE, 'ORIGIN_NULL', "'NULL'", "remove 'null'"],
    ['NULL', {}, 'ORIGIN_NOT_SERIALIZED', "exactly 'null'", "use 'null'"],
    ['file:///x', LISTABLE, 'ORIGIN_UNSUPPORTED_SCHEME', 'opaque origin', 'http://localhost'],
    ['file:///x', {}, 'ORIGIN_UNSUPPORTED_SCHEME', "'file'", "'null' if you really mean"],
    ['ws://a.com', LISTABLE, 'ORIGIN_UNSUPPORTED_SCHEME', 'only http and https', 'https://'],
    ['ftp://a.com', LISTABLE, 'ORIGIN_UNSUPPORTED_SCHEME', 'ftp origin', 'https://'],
    ['constructor://a.com', {}, 'ORIGIN_UNSUPPORTED_SCHEME', "'constructor'", 'http or https'],
    ['', LISTABLE, 'ORIGIN_EMPTY', 'empty', 'https://app.example.com'],
    ['https://a.com:443', LISTABLE, 'ORIGIN_DEFAULT_PORT', 'default port 443', "use 'https://a.com'"],
    ['https://A.com:443', LISTABLE, 'ORIGIN_DEFAULT_PORT', 'default port 443', "use 'https://a.com'"],
    ['ftp://a.com:21', {}, 'ORIGIN_DEFAULT_PORT', 'default port 21', "use 'ftp://a.com'"],
    ['https://a.com\u0000', LISTABLE, 'ORIGIN_WHITESPACE', '\\u0000', 'remove the whitespace'],
    ['https://a.com\u2028', LISTABLE, 'ORIGIN_WHITESPACE', 'whitespace', "use 'https://a.com'"],
    ['https://a.com/x', LISTABLE, 'ORIGIN_HAS_PATH', "('/x')", "use 'https://a.com'"],
    ['https://a.com?', LISTABLE, 'ORIGIN_HAS_QUERY', 'query', "use 'https://a.com'"],
    ['https://a.com#', LISTABLE, 'ORIGIN_HAS_FRAGMENT', 'fragment', "use 'https://a.com'"],
    [
      'https://evil.com@a.com',
      LISTABLE,
      'ORIGIN_HAS_USERINFO',
      'username or password',
      "use 'https://a.com'",
    ],
    ['https://a.com:99999', LISTABLE, 'ORIGIN_INVALID_PORT', "'99999'", 'valid port'],
    ['https://[::1]x', LISTABLE, 'ORIGIN_INVALID_HOST', 'after the IPv6', "remove 'x'"],
    ['https://*.a.com', LISTABLE, 'ORIGIN_WILDCARD', "'*'", 'subdomain patterns'],
  ] as const)('%j %o → %s', (input, options, code, says, fix) => {
    const r = parseSerializedOrigin(input, options);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.message).toContain(says);
    expect(r.fix).toContain(fix);
  });

  it('accepts exactly what a browser sends, whatever the options allow', () => {
    expect(parseSerializedOrigin('null')).toMatchObject({ ok: true, serialized: 'null' });
    expect(parseSerializedOrigin('wss://a.com')).toMatchObject({ ok: true, serialized: 'wss://a.com' });
    expect(parseSerializedOrigin('http://[::1]:8080', LISTABLE)).toMatchObject({
      ok: true,
      origin: { scheme: 'http', host: '[::1]', port: 8080 },
    });
  });

  it('every refusal is one coded diagnosis with a message and a fix, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (s, listable) => {
        const r = parseSerializedOrigin(s, listable ? LISTABLE : {});
        if (r.ok) return;
        expect(r.code).toMatch(CODE);
        expect(r.message.length).toBeGreaterThan(5);
        expect(r.fix.length).toBeGreaterThan(5);
        expect(Object.keys(r).sort()).toEqual(['code', 'fix', 'message', 'ok']);
      }),
      { numRuns: 3000 },
    );
  });

  it('the strict and the fast parser agree on what a browser could send', () => {
    const host = fc.constantFrom(
      'a.com',
      'A.com',
      'localhost',
      '127.0.0.1',
      '[::1]',
      'xn--bcher-kva.example',
      'a_b.test',
    );
    // Port 0 is left out: the strict parser accepts it, the fast one refuses it, and no browser can load a page there.
    const port = fc.constantFrom('', ':80', ':443', ':21', ':8080', ':65535', ':65536', ':080');
    const scheme = fc.constantFrom('http', 'https', 'ws', 'wss', 'ftp');
    fc.assert(
      fc.property(scheme, host, port, fc.constantFrom('', '/', '/x'), (sc, h, p, tail) => {
        const s = `${sc}://${h}${p}${tail}`;
        expect(parseSerializedOriginFast(s) !== null, s).toBe(parseSerializedOrigin(s).ok);
      }),
    );
  });
});

describe('one default-port table', () => {
  it.each(Object.entries(DEFAULT_PORTS))('%s: %d', (scheme, port) => {
    expect(defaultPort(scheme)).toBe(port);
    expect(parseSerializedOriginFast(`${scheme}://a.test:${port}`)).toBeNull();
    expect(parseSerializedOrigin(`${scheme}://a.test:${port}`)).toMatchObject({
      code: 'ORIGIN_DEFAULT_PORT',
    });
  });

  it('knows no default port for names an object prototype carries', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(defaultPort(name)).toBeUndefined();
    // regression: 'constructor' in {} is true, which made this a tuple origin
    expect(originOfUrl('constructor://a.test')).toEqual({ opaque: true });
    expect(parseSerializedOrigin('constructor://a.test').ok).toBe(false);
  });
});

describe('origin patterns', () => {
  it.each([
    [
      'https://*.example.com',
      { scheme: 'https', host: 'example.com', port: '', subdomains: true, anyPort: false },
    ],
    ['http://localhost:*', { scheme: 'http', host: 'localhost', port: '', subdomains: false, anyPort: true }],
    ['https://*.example.com:8443', { host: 'example.com', port: '8443', subdomains: true, anyPort: false }],
    ['https://*.xn--bcher-kva.example:*', { host: 'xn--bcher-kva.example', subdomains: true, anyPort: true }],
  ])('%s', (input, pattern) => {
    expect(parseOriginPattern(input, LISTABLE)).toMatchObject({
      ok: true,
      pattern: { source: input, ...pattern },
    });
  });

  it.each([
    ['https://*', 'ORIGIN_PATTERN_TOO_BROAD', 'every host', '*.example.com'],
    ['HTTPS://*', 'ORIGIN_PATTERN_TOO_BROAD', 'every host', '*.example.com'],
    ['https://a.*.com', 'ORIGIN_PATTERN_INVALID', 'not a supported wildcard', 'scheme://*.domain'],
    ['https://*.example.com/', 'ORIGIN_PATTERN_INVALID', 'not a supported wildcard', 'scheme://*.domain'],
    ['https://**.example.com', 'ORIGIN_PATTERN_INVALID', 'not a supported wildcard', 'scheme://*.domain'],
    ['https://*.[::1]', 'ORIGIN_PATTERN_INVALID', 'no subdomains', 'the address itself'],
    ['https://*.Example.com', 'ORIGIN_UPPERCASE', 'the host part', "use 'https://*.example.com'"],
    ['https://*.example.com:443', 'ORIGIN_DEFAULT_PORT', 'the host part', "use 'https://*.example.com'"],
    [
      'https://*.bücher.example',
      'ORIGIN_NOT_SERIALIZED',
      'the host part',
      "use 'https://*.xn--bcher-kva.example'",
    ],
    ['ws://*.example.com', 'ORIGIN_UNSUPPORTED_SCHEME', 'only http and https', 'https://'],
    ['http://example.com:*x', 'ORIGIN_PATTERN_INVALID', 'not a supported wildcard', 'scheme://host:*'],
  ])('%s → %s', (input, code, says, fix) => {
    const r = parseOriginPattern(input, LISTABLE);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.message).toContain(says);
    expect(r.fix).toContain(fix);
  });
});

describe('one public-suffix check', () => {
  it.each([
    ['com', true],
    ['com.', true], // the root label does not hide a suffix
    ['github.io.', true],
    ['COM', true],
    ['co.uk', true],
    ['example.com', false],
    ['localhost', false],
    ['127.0.0.1', false],
    ['[::1]', false],
    ['', false],
  ])('isPublicSuffix(%j) = %s', (host, expected) => expect(isPublicSuffix(host)).toBe(expected));

  it('refuses a wildcard over a public suffix written with the root dot (regression)', () => {
    // Browsers keep the trailing dot in the Origin of https://evil.com./, so *.com. would admit every .com site.
    for (const origins of [['https://*.com.'], ['https://*.github.io.']]) {
      expect(validateCorsOptions({ origins }).map((i) => i.code)).toEqual(['ORIGIN_PATTERN_PUBLIC_SUFFIX']);
      expect(() => createCors({ origins })).toThrow(/public suffix/);
    }
    expect(validateCorsOptions({ origins: ['https://*.example.com.'] })).toEqual([]);
  });
});
