import { describe, expect, it } from 'vitest';
import { chromium, firefox, spec, webkit } from '../../src/browser/profile.js';
import {
  corsUnsafeRequestHeaderNames,
  forbiddenRequestHeaderReason,
  getDecodeAndSplit,
  isCorsSafelistedRequestHeader,
  isCorsUnsafeRequestHeaderByte,
  isForbiddenRequestHeader,
  isHeaderValue,
  normalizeHeaderValue,
  withDefaultAccept,
} from '../../src/browser/request-headers.js';
import { isHeaderName } from '../../src/fetch/header-names.js';
import { SPEC_FORBIDDEN_REQUEST_HEADERS } from '../support/fetch-lists.js';

const d = (n: number) => '0123456789'.repeat(Math.ceil(n / 10)).slice(0, n);

describe('header names and values (Fetch Standard §2.2.2)', () => {
  it.each([
    ['Content-Type', true],
    ['x-custom_1', true],
    ["!#$%&'*+-.^_`|~", true],
    ['', false],
    ['X Custom', false],
    ['X:Custom', false],
    ['X-Ünicode', false],
    ['(x)', false],
  ])('isHeaderName(%j) = %s', (n, expected) => expect(isHeaderName(n)).toBe(expected));

  it.each([
    ['text/plain', true],
    ['', true],
    ['a b', true],
    ['a\tb', true],
    ['ÿ', true],
    [' a', false],
    ['a\t', false],
    ['a\nb', false],
    ['a\rb', false],
    ['a\0b', false],
    ['€', false],
  ])('isHeaderValue(%j) = %s', (v, expected) => expect(isHeaderValue(v)).toBe(expected));

  it.each([
    ['  a  ', 'a'],
    ['\r\n\ta b\t\r\n', 'a b'],
    ['a', 'a'],
    ['\u000ba\u000b', '\u000ba\u000b'],
    ['', ''],
  ])('normalizeHeaderValue(%j) = %j', (v, expected) => expect(normalizeHeaderValue(v)).toBe(expected));
});

describe('isCorsUnsafeRequestHeaderByte', () => {
  const unsafe = [...'"():<>?@[\\]{}'].map((c) => c.charCodeAt(0));
  it('flags controls except HT, the listed delimiters and DEL, and nothing else', () => {
    for (let b = 0; b < 256; b++) {
      const expected = (b < 0x20 && b !== 0x09) || b === 0x7f || unsafe.includes(b);
      expect(isCorsUnsafeRequestHeaderByte(b), `byte 0x${b.toString(16)}`).toBe(expected);
      expect(isCorsUnsafeRequestHeaderByte(b, chromium)).toBe(expected);
      expect(isCorsUnsafeRequestHeaderByte(b, firefox)).toBe(expected || b >= 0x80);
    }
  });
});

describe('isCorsSafelistedRequestHeader (spec profile)', () => {
  it.each([
    // accept: no unsafe byte
    ['Accept', '*/*', true],
    ['accept', 'text/html,application/xhtml+xml;q=0.9', true],
    ['Accept', '"', false],
    ['Accept', 'a{b}', false],
    ['Accept', 'é', true],
    ['Accept', d(128), true],
    ['Accept', d(129), false],
    // accept-language / content-language: 0-9 A-Z a-z space * , - . ; =
    ['Accept-Language', 'en-US,fr;q=0.8', true],
    ['Accept-Language', '*', true],
    ['Accept-Language', '\u0001', false],
    ['Accept-Language', '@', false],
    ['Accept-Language', 'en_US', false],
    ['Content-Language', 'de-DE', true],
    ['Content-Language', 'de/DE', false],
    ['Content-Language', 'é', false],
    // content-type: unsafe bytes, MIME parse, essence
    ['Content-Type', 'text/plain', true],
    ['Content-Type', 'TEXT/PLAIN;charset=UTF-8', true],
    ['Content-Type', 'application/x-www-form-urlencoded', true],
    ['Content-Type', 'multipart/form-data; boundary=----x', true],
    ['Content-Type', `text/plain; long=${d(100)}`, true],
    ['Content-Type', `text/plain; long=${d(112)}`, false],
    ['Content-Type', 'application/json', false],
    ['Content-Type', 'text/html', false],
    ['Content-Type', 'text/plain; charset="utf-8"', false], // '"' is an unsafe byte
    ['Content-Type', 'text/plain;a=(b)', false],
    ['Content-Type', 'text/plain/x', false],
    ['Content-Type', 'text/', false],
    ['Content-Type', '', false],
    // range: bytes=N- or bytes=N-M, N<=M, no whitespace, no suffix, one range
    ['Range', 'bytes=0-', true],
    ['Range', 'bytes=0-499', true],
    ['Range', 'bytes=5-5', true],
    ['Range', 'bytes=0001-2', true],
    ['Range', 'bytes=99999999999999999999-100000000000000000000', true],
    ['Range', 'bytes=10-9', false],
    ['Range', 'bytes=100000000000000000000-99999999999999999999', false],
    ['Range', 'bytes=-500', false],
    ['Range', 'bytes=-', false],
    ['Range', 'bytes=', false],
    ['Range', 'bytes = 0-', false],
    ['Range', 'bytes= 0-', false],
    ['Range', 'bytes=0- ', false],
    ['Range', 'bytes=0-1,2-3', false],
    ['Range', 'bytes=0-1,', false],
    ['Range', 'BYTES=0-', false],
    ['Range', 'items=0-', false],
    ['Range', 'bytes0-', false],
    ['Range', 'bytes=a-', false],
    // everything else
    ['Authorization', 'Bearer x', false],
    ['X-Requested-With', 'XMLHttpRequest', false],
    ['test', 'hi', false],
    ['DPR', '2', false],
    ['Save-Data', 'on', false],
  ])('%s: %j → %s', (name, value, expected) => {
    expect(isCorsSafelistedRequestHeader(name, value, spec)).toBe(expected);
  });
});

describe('isCorsSafelistedRequestHeader: profile data', () => {
  it.each([
    ['DPR', '2', true],
    ['dpr', '1.5', true],
    ['dpr', '1.', false],
    ['dpr', '.5', false],
    ['dpr', 'x', false],
    ['Device-Memory', '8', true],
    ['Device-Memory', '0.25', true],
    ['Device-Memory', '1.2.3', false],
    ['downlink', '10.5', true],
    ['Width', '1280', true],
    ['Width', '12.5', false],
    ['Viewport-Width', '', false],
    ['rtt', '150', true],
    ['rtt', '-1', false],
    ['Save-Data', 'on', true],
    ['Save-Data', 'ON', true],
    ['Save-Data', 'off', false],
    ['ECT', '4g', true],
    ['ect', 'slow-2g', true],
    ['ect', '4G', false],
    ['ect', '5g', false],
    ['Intervention', '<https://www.chromestatus.com/feature/1>; level="warning"', true],
    ['Range', 'BYTES=0-', false], // observed: Chromium 156 preflights it
    ['Range', 'bytes=0-1,3-4', false],
    ['Accept', 'é\u0080ÿ', true],
    ['Width', d(129), false],
  ])('chromium %s: %j → %s', (name, value, expected) => {
    expect(isCorsSafelistedRequestHeader(name, value, chromium)).toBe(expected);
  });

  it.each([
    ['DPR', '2'],
    ['Save-Data', 'on'],
    ['ECT', '4g'],
    ['Intervention', 'x'],
    ['Range', 'BYTES=0-'],
    // Firefox treats bytes 0x80–0xFF as CORS-unsafe (observed in ESR 153)
    ['Accept', 'é'],
    ['Accept', '\u0080'],
    ['Content-Type', 'text/plain;a=é'],
  ])('firefox does not safelist %s: %j', (name, value) => {
    expect(isCorsSafelistedRequestHeader(name, value, firefox)).toBe(false);
    expect(isCorsSafelistedRequestHeader(name, value, spec)).toBe(
      name === 'Accept' || name === 'Content-Type',
    );
  });

  it('uses a custom profile’s names and rules without any browser-name test', () => {
    const custom = {
      ...spec,
      extraSafelistedRequestHeaders: ['x-hint', 'x-num'],
      extraSafelistedRequestHeaderValues: { 'x-num': 'similar-to-int' as const },
      highBytesAreCorsUnsafe: false,
    };
    expect(isCorsSafelistedRequestHeader('X-Hint', 'anything', custom)).toBe(true);
    expect(isCorsSafelistedRequestHeader('X-Hint', 'a{b', custom)).toBe(false);
    expect(isCorsSafelistedRequestHeader('X-Num', '42', custom)).toBe(true);
    expect(isCorsSafelistedRequestHeader('X-Num', 'x', custom)).toBe(false);
    expect(isCorsSafelistedRequestHeader('toString', 'x', custom)).toBe(false);
  });
});

describe('forbidden request-headers', () => {
  const listed = SPEC_FORBIDDEN_REQUEST_HEADERS;
  it.each(listed)('%s is forbidden in every profile, in any case', (name) => {
    for (const p of [spec, chromium, firefox]) {
      expect(isForbiddenRequestHeader(name, 'x', p)).toBe(true);
      expect(isForbiddenRequestHeader(name.toUpperCase(), 'x', p)).toBe(true);
    }
  });

  it.each([
    ['Proxy-Authorization', true],
    ['proxy-anything', true],
    ['Sec-Fetch-Site', true],
    ['sec-ch-ua', true],
    ['Sec-', true],
    ['Proxy', false],
    ['Secret', false],
    ['X-Sec-Token', false],
    ['Authorization', false],
    ['Content-Type', false],
    ['Accept-Language', false],
    ['Referrer-Policy', false],
  ])('%s → %s', (name, expected) => {
    expect(isForbiddenRequestHeader(name, 'x', spec)).toBe(expected);
  });

  it.each([
    ['X-HTTP-Method', 'TRACE', true],
    ['X-HTTP-Method-Override', 'trace', true],
    ['X-Method-Override', 'CONNECT', true],
    ['X-HTTP-Method-Override', 'GET, TRACK', true],
    ['X-HTTP-Method-Override', ' GET ,  connect ', true],
    ['X-HTTP-Method-Override', '"TRACE"', false],
    ['X-HTTP-Method-Override', '"a,TRACE"', false],
    ['X-HTTP-Method-Override', 'PATCH', false],
    ['X-HTTP-Method-Override', 'TRACES', false],
    ['X-HTTP-Method-Override', '', false],
    ['X-Other-Override', 'TRACE', false],
  ])('%s: %j → %s', (name, value, expected) => {
    expect(isForbiddenRequestHeader(name, value, spec)).toBe(expected);
  });

  it('User-Agent is forbidden in Chromium only (profile data)', () => {
    expect(isForbiddenRequestHeader('User-Agent', 'bot', chromium)).toBe(true);
    expect(isForbiddenRequestHeader('User-Agent', 'bot', firefox)).toBe(false);
    expect(isForbiddenRequestHeader('User-Agent', 'bot', spec)).toBe(false);
  });

  it('explains why in plain words', () => {
    expect(forbiddenRequestHeaderReason('Cookie', 'a=b', spec)).toBe(
      "Cookie is a forbidden request header: the browser silently drops it; cookies come from the cookie jar with credentials: 'include'.",
    );
    expect(forbiddenRequestHeaderReason('X-HTTP-Method-Override', 'trace', spec)).toMatch(
      /forbidden method trace/,
    );
    expect(forbiddenRequestHeaderReason('Sec-Foo', '1', spec)).toMatch(/'Sec-'/);
    expect(forbiddenRequestHeaderReason('User-Agent', 'x', chromium)).toMatch(/Chromium 156/);
    expect(forbiddenRequestHeaderReason('X-Ok', 'x', chromium)).toBeNull();
  });
});

describe('getDecodeAndSplit (Fetch Standard §2.2.2)', () => {
  it.each<[string, string[]]>([
    ['', ['']],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    [' a , b ', ['a', 'b']],
    ['a,,b', ['a', '', 'b']],
    ['a,', ['a', '']],
    ['"a,b",c', ['"a,b"', 'c']],
    ['"a\\",b"', ['"a\\",b"']],
    ['text/html;"', ['text/html;"']],
    ['x"y,z"', ['x"y,z"']],
  ])('%j → %j', (input, expected) => {
    expect(getDecodeAndSplit(input)).toEqual(expected);
  });
});

describe('corsUnsafeRequestHeaderNames', () => {
  it('lowercases, de-duplicates and sorts', () => {
    expect(
      corsUnsafeRequestHeaderNames(
        [
          ['X-B', '1'],
          ['Content-Type', 'application/json'],
          ['x-b', '2'],
          ['Authorization', 'x'],
          ['Accept', '*/*'],
        ],
        spec,
      ),
    ).toEqual(['authorization', 'content-type', 'x-b']);
  });

  it('is empty for safelisted headers only', () => {
    expect(
      corsUnsafeRequestHeaderNames(
        [
          ['Accept', '*/*'],
          ['Content-Language', 'en'],
        ],
        spec,
      ),
    ).toEqual([]);
  });

  it('marks every safelisted header unsafe once their values total more than 1024 bytes', () => {
    const under: [string, string][] = [
      ['Accept', d(128)],
      ['Accept-Language', d(128)],
      ['Content-Language', d(128)],
      ['Accept', d(128)],
      ['Accept', d(128)],
      ['Accept', d(128)],
      ['Accept', d(128)],
      ['Accept', d(128)],
    ];
    expect(under.reduce((n, [, v]) => n + v.length, 0)).toBe(1024);
    expect(corsUnsafeRequestHeaderNames(under, spec)).toEqual([]);
    const over: [string, string][] = [...under, ['Content-Type', 'text/plain'], ['X-Unsafe', 'a']];
    expect(corsUnsafeRequestHeaderNames(over, spec)).toEqual([
      'accept',
      'accept-language',
      'content-language',
      'content-type',
      'x-unsafe',
    ]);
  });

  it('does not count unsafe headers toward the 1024 bytes', () => {
    const h: [string, string][] = [
      ['X-Big', d(2000)],
      ['Accept', d(100)],
    ];
    expect(corsUnsafeRequestHeaderNames(h, spec)).toEqual(['x-big']);
  });

  it('sorts by bytes, not locale', () => {
    expect(
      corsUnsafeRequestHeaderNames(
        [
          ['x-b', '1'],
          ['X-A', '1'],
          ['x-_', '1'],
          ['x-0', '1'],
        ],
        spec,
      ),
    ).toEqual(['x-0', 'x-_', 'x-a', 'x-b']);
  });

  it('judges same-name lines joined in Chromium and one by one in the spec and Firefox', () => {
    const h: [string, string][] = [
      ['Accept', 'a'.repeat(100)],
      ['accept', 'b'.repeat(100)],
    ];
    expect(corsUnsafeRequestHeaderNames(h, chromium)).toEqual(['accept']);
    expect(corsUnsafeRequestHeaderNames(h, spec)).toEqual([]);
    expect(corsUnsafeRequestHeaderNames(h, firefox)).toEqual([]);
  });

  it('keeps one name per line in Firefox (observed: Access-Control-Request-Headers: x-a,x-a)', () => {
    const h: [string, string][] = [
      ['X-B', '1'],
      ['X-A', '1'],
      ['x-a', '2'],
    ];
    expect(corsUnsafeRequestHeaderNames(h, firefox)).toEqual(['x-a', 'x-a', 'x-b']);
    expect(corsUnsafeRequestHeaderNames(h, chromium)).toEqual(['x-a', 'x-b']);
    expect(corsUnsafeRequestHeaderNames(h, spec)).toEqual(['x-a', 'x-b']);
  });

  it('has no 1024-byte total in Firefox (observed: 10 × 128-byte Accept lines, no preflight)', () => {
    const h = Array.from(
      { length: 10 },
      (_, i) => ['Accept', String.fromCharCode(97 + i).repeat(128)] as const,
    );
    expect(corsUnsafeRequestHeaderNames(h, firefox)).toEqual([]);
    expect(corsUnsafeRequestHeaderNames(h, spec)).toEqual(['accept']);
  });

  it('reaches the 1024-byte total in Chromium through distinct safelisted names', () => {
    const full = (c: string) => c.repeat(128);
    const D = '1'.repeat(128);
    const eight: [string, string][] = [
      ['Accept', full('a')],
      ['Accept-Language', full('b')],
      ['Content-Language', full('c')],
      ['Intervention', full('d')],
      ['DPR', D],
      ['Width', D],
      ['Viewport-Width', D],
      ['Device-Memory', D],
    ];
    expect(corsUnsafeRequestHeaderNames(eight, chromium)).toEqual([]);
    expect(corsUnsafeRequestHeaderNames([...eight, ['RTT', D]], chromium)).toEqual([
      'accept',
      'accept-language',
      'content-language',
      'device-memory',
      'dpr',
      'intervention',
      'rtt',
      'viewport-width',
      'width',
    ]);
  });

  it('treats Chromium client hints as safe and the same names as unsafe in Firefox', () => {
    const h: [string, string][] = [
      ['DPR', '2'],
      ['Save-Data', 'on'],
    ];
    expect(corsUnsafeRequestHeaderNames(h, chromium)).toEqual([]);
    expect(corsUnsafeRequestHeaderNames(h, firefox)).toEqual(['dpr', 'save-data']);
  });
});

describe('edges the tables above leave open', () => {
  it.each([
    ['bytes=5-4', false],
    ['bytes=4-5', true],
    ['bytes=5-004', false],
    ['bytes=5-005', true],
    ['bytes=005-5', true],
    ['bytes=9-10', true],
    ['bytes:0-1', false],
    ['bytes=0x1', false],
    ['bytes=0', false],
  ] as const)('Range %j compares the two numbers, not their text → %s', (value, expected) => {
    for (const p of [spec, chromium, firefox, webkit])
      expect(isCorsSafelistedRequestHeader('Range', value, p)).toBe(expected);
  });

  it('WebKit folds only the case of the unit, not other units', () => {
    expect(isCorsSafelistedRequestHeader('Range', 'Bytes=0-1', webkit)).toBe(true);
    expect(isCorsSafelistedRequestHeader('Range', 'bytex=0-1', webkit)).toBe(false);
    expect(isCorsSafelistedRequestHeader('Range', 'bites=0-1', webkit)).toBe(false);
  });

  it('values that are not strings (a JavaScript caller) are neither header values nor safelisted', () => {
    expect(isHeaderValue(5 as never)).toBe(false);
    for (const [name, value] of [
      [undefined, 'text/plain'],
      ['Accept', undefined],
      ['Accept', 5],
      ['Content-Language', 5],
    ])
      expect(isCorsSafelistedRequestHeader(name as never, value as never, spec)).toBe(false);
  });

  it('normalizeHeaderValue trims one side as well as both', () => {
    expect(normalizeHeaderValue(' \ta')).toBe('a');
    expect(normalizeHeaderValue('a\r\n')).toBe('a');
    expect(normalizeHeaderValue('a b')).toBe('a b');
  });

  it.each<[string, string[]]>([
    ['"a\\\\",b', ['"a\\\\"', 'b']],
    ['"a\\,b",c', ['"a\\,b"', 'c']],
    ['"a"b,c', ['"a"b', 'c']],
    ['"a",b', ['"a"', 'b']],
  ])('getDecodeAndSplit %j → %j (escapes inside quotes, text after a closing quote)', (input, expected) => {
    expect(getDecodeAndSplit(input)).toEqual(expected);
  });

  it('each forbidden header’s reason says what the browser does instead', () => {
    const reason = (n: string, v = 'x') => forbiddenRequestHeaderReason(n, v, spec) ?? '';
    for (const n of ['Cookie', 'Cookie2']) expect(reason(n)).toMatch(/cookie jar/);
    expect(reason('Origin')).toMatch(/real origin/);
    expect(reason('Host')).toMatch(/^Host is a forbidden request header/);
    expect(reason('Sec-Foo')).toContain("'Sec-'");
    expect(reason('Proxy-Foo')).toContain("'Proxy-'");
    expect(reason('X-HTTP-Method-Override', 'get, trace')).toContain('smuggle TRACE');
    expect(new Set(['Cookie', 'Origin', 'Host', 'Sec-Foo'].map((n) => reason(n))).size).toBe(4);
  });

  it('withDefaultAccept adds Accept: */* only when the page set no Accept, in any case', () => {
    expect(withDefaultAccept([])).toEqual([['accept', '*/*']]);
    expect(withDefaultAccept([['X-A', '1']])).toEqual([
      ['X-A', '1'],
      ['accept', '*/*'],
    ]);
    const own: [string, string][] = [
      ['X-A', '1'],
      ['ACCEPT', 'text/html'],
    ];
    expect(withDefaultAccept(own)).toEqual(own);
  });
});
