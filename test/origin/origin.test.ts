import { describe, expect, it } from 'vitest';
import {
  isPublicSuffix,
  isSameOrigin,
  isSameSite,
  type Origin,
  originOfUrl,
  parseOrigin,
  parseSerializedOrigin,
  registrableDomain,
  serializeOrigin,
} from '../../src/origin/index.js';

const OPAQUE: Origin = { opaque: true };

describe('originOfUrl (URL Standard §4.5)', () => {
  it.each<[string, Origin]>([
    ['https://example.com/path?q#f', { scheme: 'https', host: 'example.com', port: null }],
    ['https://EXAMPLE.com:443/', { scheme: 'https', host: 'example.com', port: null }],
    ['http://example.com:80', { scheme: 'http', host: 'example.com', port: null }],
    ['http://example.com:443', { scheme: 'http', host: 'example.com', port: 443 }],
    ['https://example.com:8443', { scheme: 'https', host: 'example.com', port: 8443 }],
    ['ws://example.com:80/socket', { scheme: 'ws', host: 'example.com', port: null }],
    ['wss://example.com:444', { scheme: 'wss', host: 'example.com', port: 444 }],
    ['ftp://example.com:21/x', { scheme: 'ftp', host: 'example.com', port: null }],
    ['https://user:pass@example.com/', { scheme: 'https', host: 'example.com', port: null }],
    ['http://[::1]:8080/', { scheme: 'http', host: '[::1]', port: 8080 }],
    ['http://[0:0::1]/', { scheme: 'http', host: '[::1]', port: null }],
    ['http://0x7f.1/', { scheme: 'http', host: '127.0.0.1', port: null }],
    ['https://bücher.example/', { scheme: 'https', host: 'xn--bcher-kva.example', port: null }],
    ['blob:https://a.test/0b1c', { scheme: 'https', host: 'a.test', port: null }],
    ['blob:http://a.test:8080/0b1c', { scheme: 'http', host: 'a.test', port: 8080 }],
    ['blob:ftp://a.test/0b1c', OPAQUE],
    ['blob:null/0b1c', OPAQUE],
    ['file:///etc/hosts', OPAQUE],
    ['data:text/plain,hi', OPAQUE],
    ['about:blank', OPAQUE],
    ['javascript:alert(1)', OPAQUE],
    ['chrome-extension://abc/x', OPAQUE],
    ['not a url', OPAQUE],
    ['', OPAQUE],
  ])('%s', (url, expected) => {
    expect(originOfUrl(url)).toEqual(expected);
  });

  it('accepts a URL object', () => {
    expect(originOfUrl(new URL('https://a.test:1/'))).toEqual({ scheme: 'https', host: 'a.test', port: 1 });
  });
});

describe('serializeOrigin (HTML ASCII serialization)', () => {
  it.each<[Origin, string]>([
    [{ scheme: 'https', host: 'example.com', port: null }, 'https://example.com'],
    [{ scheme: 'http', host: 'example.com', port: 8080 }, 'http://example.com:8080'],
    [{ scheme: 'https', host: '[::1]', port: 8443 }, 'https://[::1]:8443'],
    [{ opaque: true }, 'null'],
  ])('%j → %s', (o, s) => {
    expect(serializeOrigin(o)).toBe(s);
  });

  it.each([
    ['https://bücher.example/x', 'https://xn--bcher-kva.example'],
    ['HTTP://EXAMPLE.COM:80/', 'http://example.com'],
    ['http://[::ffff:7f00:1]:81/', 'http://[::ffff:7f00:1]:81'],
    ['file:///x', 'null'],
  ])('of originOfUrl(%s) is %s', (url, s) => {
    expect(serializeOrigin(originOfUrl(url))).toBe(s);
  });
});

describe('parseOrigin (lenient, WHATWG URL)', () => {
  it.each([
    ['https://Example.com:443', 'https://example.com'],
    ['https://example.com/', 'https://example.com'],
    ['https://example.com/some/page?x', 'https://example.com'],
    ['  https://example.com  ', 'https://example.com'],
    ['http://localhost:3000', 'http://localhost:3000'],
  ])('%s → %s', (input, serialized) => {
    const o = parseOrigin(input);
    expect(o).not.toBeNull();
    expect(serializeOrigin(o as Origin)).toBe(serialized);
  });

  it.each(['null', 'example.com', 'file:///x', 'data:,x', '', 'https://', 'http://exa mple.com'])(
    '%j → null',
    (input) => {
      expect(parseOrigin(input)).toBeNull();
    },
  );
});

describe('parseSerializedOrigin (strict)', () => {
  it.each([
    'https://app.example.com',
    'http://localhost:3000',
    'https://example.com:8443',
    'http://127.0.0.1:8080',
    'https://[::1]:8443',
    'wss://socket.example.com',
    'https://xn--bcher-kva.example',
  ])('accepts %s', (input) => {
    const r = parseSerializedOrigin(input);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.serialized).toBe(input);
  });

  it('accepts null as the opaque origin', () => {
    expect(parseSerializedOrigin('null')).toEqual({ ok: true, origin: { opaque: true }, serialized: 'null' });
  });

  it('gives the documented message for a trailing slash', () => {
    const r = parseSerializedOrigin('https://app.example.com/');
    expect(r).toMatchObject({ ok: false, code: 'ORIGIN_TRAILING_SLASH' });
    if (!r.ok) {
      expect(r.message).toBe(
        "'https://app.example.com/' has a trailing slash; an origin never ends with '/'.",
      );
      expect(r.fix).toBe("use 'https://app.example.com'");
    }
  });

  it.each([
    ['', 'ORIGIN_EMPTY', /full origin/],
    [' https://a.com', 'ORIGIN_WHITESPACE', /use 'https:\/\/a\.com'/],
    ['https://a.com\n', 'ORIGIN_WHITESPACE', /use 'https:\/\/a\.com'/],
    ['https://a .com', 'ORIGIN_WHITESPACE', /remove the whitespace/],
    ['app.example.com', 'ORIGIN_NO_SCHEME', /use 'https:\/\/app\.example\.com'/],
    ['//app.example.com', 'ORIGIN_NO_SCHEME', /use 'https:\/\/app\.example\.com'/],
    ['localhost:3000', 'ORIGIN_NO_SCHEME', /https:\/\//],
    ['file:///x', 'ORIGIN_UNSUPPORTED_SCHEME', /http or https/],
    ['chrome-extension://abc', 'ORIGIN_UNSUPPORTED_SCHEME', /http or https/],
    ['HTTPS://a.com', 'ORIGIN_UPPERCASE', /use 'https:\/\/a\.com'/],
    ['https://App.Example.com', 'ORIGIN_UPPERCASE', /use 'https:\/\/app\.example\.com'/],
    ['https://u:p@a.com', 'ORIGIN_HAS_USERINFO', /use 'https:\/\/a\.com'/],
    ['https://u@a.com', 'ORIGIN_HAS_USERINFO', /use 'https:\/\/a\.com'/],
    ['https://a.com/x', 'ORIGIN_HAS_PATH', /use 'https:\/\/a\.com'/],
    ['https://a.com\\', 'ORIGIN_TRAILING_SLASH', /use 'https:\/\/a\.com'/],
    ['https://a.com?x=1', 'ORIGIN_HAS_QUERY', /use 'https:\/\/a\.com'/],
    ['https://a.com#top', 'ORIGIN_HAS_FRAGMENT', /use 'https:\/\/a\.com'/],
    ['https://*.example.com', 'ORIGIN_WILDCARD', /list each origin/],
    ['https://a.com:443', 'ORIGIN_DEFAULT_PORT', /use 'https:\/\/a\.com'/],
    ['http://a.com:80', 'ORIGIN_DEFAULT_PORT', /use 'http:\/\/a\.com'/],
    ['https://a.com:65536', 'ORIGIN_INVALID_PORT', /valid port/],
    ['https://a.com:8x', 'ORIGIN_INVALID_PORT', /valid port/],
    ['https://a.com:', 'ORIGIN_INVALID_PORT', /remove the ':'/],
    ['https://', 'ORIGIN_INVALID_HOST', /add a host/],
    ['https://:8080', 'ORIGIN_INVALID_HOST', /add a host/],
    ['https://[::1', 'ORIGIN_INVALID_HOST', /\]/],
    ['https://a%2.com', 'ORIGIN_INVALID_HOST', /typos/],
    ['https://bücher.example', 'ORIGIN_NOT_SERIALIZED', /xn--bcher-kva/],
    ['http://0x7f.1', 'ORIGIN_NOT_SERIALIZED', /http:\/\/127\.0\.0\.1/],
    ['https://a.com:08080', 'ORIGIN_NOT_SERIALIZED', /https:\/\/a\.com:8080/],
    ['NULL', 'ORIGIN_NOT_SERIALIZED', /'null'/],
  ])('refuses %j with %s', (input, code, fix) => {
    const r = parseSerializedOrigin(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.fix).toMatch(fix);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });
});

describe('isSameOrigin', () => {
  it.each([
    ['https://a.test/x', 'https://a.test:443/y', true],
    ['https://a.test', 'http://a.test', false],
    ['https://a.test', 'https://a.test:8443', false],
    ['https://a.test', 'https://b.a.test', false],
    ['https://A.test', 'https://a.test', true],
    ['file:///x', 'file:///x', false],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(isSameOrigin(originOfUrl(a), originOfUrl(b))).toBe(same);
  });
});

describe('isSameSite (schemeful, HTML Standard)', () => {
  it.each([
    ['https://a.example.com', 'https://b.example.com:8443', true],
    ['https://example.com', 'https://www.example.com', true],
    ['http://example.com', 'https://example.com', false],
    ['https://a.example.co.uk', 'https://b.example.co.uk', true],
    ['https://example.co.uk', 'https://other.co.uk', false],
    ['https://alice.github.io', 'https://bob.github.io', false],
    ['https://x.alice.github.io', 'https://alice.github.io', true],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:4000', true],
    ['http://127.0.0.1', 'http://127.0.0.2', false],
    ['http://localhost:3000', 'http://localhost:5173', true],
    ['http://[::1]:1', 'http://[::1]:2', true],
    ['file:///a', 'file:///a', false],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(isSameSite(originOfUrl(a), originOfUrl(b))).toBe(same);
  });
});

describe('registrableDomain and isPublicSuffix (PSL with private domains)', () => {
  it.each([
    ['a.b.example.co.uk', 'example.co.uk'],
    ['example.com', 'example.com'],
    ['alice.github.io', 'alice.github.io'],
    ['x.alice.github.io', 'alice.github.io'],
    ['github.io', null],
    ['com', null],
    ['127.0.0.1', null],
    ['[::1]', null],
    ['', null],
  ])('registrableDomain(%s) = %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });

  it.each([
    ['com', true],
    ['co.uk', true],
    ['github.io', true],
    ['GitHub.io', true],
    ['herokuapp.com', true],
    ['example.com', false],
    ['alice.github.io', false],
    ['localhost', false],
    ['127.0.0.1', false],
    ['', false],
  ])('isPublicSuffix(%s) = %s', (host, expected) => {
    expect(isPublicSuffix(host)).toBe(expected);
  });
});
