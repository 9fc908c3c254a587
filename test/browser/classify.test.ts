import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/browser/classify.js';
import { chromium, firefox, spec } from '../../src/browser/profile.js';
import type { CorsRequestInit } from '../../src/browser/types.js';

const PAGE = 'https://app.example.com';
const API = 'https://api.example.com/items';
const c = (init: Partial<CorsRequestInit>, profile = chromium) =>
  classifyRequest({ pageOrigin: PAGE, url: API, ...init }, profile);

describe('classifyRequest: URL, origin, method', () => {
  it('serializes the URL and both origins', () => {
    const r = c({ url: 'HTTPS://API.example.com:443/a b?q=1' });
    expect(r.url).toBe('https://api.example.com/a%20b?q=1');
    expect(r.urlOrigin).toEqual({ scheme: 'https', host: 'api.example.com', port: null });
    expect(r.origin).toBe(PAGE);
    expect(r.refusal).toBeNull();
  });

  it('resolves a relative URL against the page, making it same-origin', () => {
    const r = c({ url: '/api/items', method: 'PUT', headers: { 'X-Custom': '1' } });
    expect(r.url).toBe('https://app.example.com/api/items');
    expect(r.sameOrigin).toBe(true);
    expect(r.needsPreflight).toBe(false);
    expect(r.unsafeHeaderNames).toEqual(['x-custom']);
  });

  it('accepts a lenient page origin and an opaque one', () => {
    expect(c({ pageOrigin: 'https://APP.example.com:443/' }).origin).toBe(PAGE);
    const r = c({ pageOrigin: 'null' });
    expect(r.origin).toBe('null');
    expect(r.sameOrigin).toBe(false);
    expect(r.refusal).toBeNull();
  });

  it.each([
    ['get', 'GET', false],
    ['post', 'POST', false],
    ['head', 'HEAD', false],
    ['put', 'PUT', true],
    ['delete', 'DELETE', true],
    ['patch', 'patch', true],
    ['OPTIONS', 'OPTIONS', true],
  ])('method %s → %s (preflight %s)', (m, normalized, preflight) => {
    const r = c({ method: m });
    expect(r.method).toBe(normalized);
    expect(r.needsPreflight).toBe(preflight);
  });

  it('defaults to GET and credentials same-origin', () => {
    const r = c({});
    expect(r.method).toBe('GET');
    expect(r.credentials).toBe('same-origin');
    expect(c({ credentials: 'include' }).credentials).toBe('include');
  });
});

describe('classifyRequest: refusals before any network I/O', () => {
  it.each<[Partial<CorsRequestInit>, string, RegExp]>([
    [{ url: 'http://exa mple.com/' }, 'InvalidRequest', /Failed to parse URL/],
    [{ url: 'https://u:p@api.example.com/' }, 'InvalidRequest', /includes credentials/],
    [{ url: 'https://u@api.example.com/' }, 'InvalidRequest', /includes credentials/],
    [{ method: 'TRACE' }, 'ForbiddenMethod', /'TRACE' HTTP method is unsupported/],
    [{ method: 'connect' }, 'ForbiddenMethod', /'connect' HTTP method is unsupported/],
    [{ method: 'GET POST' }, 'InvalidRequest', /not a valid HTTP method/],
    [{ method: '' }, 'InvalidRequest', /not a valid HTTP method/],
    [{ headers: [['X Bad', '1']] }, 'InvalidRequest', /Invalid name/],
    [{ headers: [['X-Bad', 'a\nb']] }, 'InvalidRequest', /Invalid value/],
    [{ headers: [['X-Bad', 'a\0b']] }, 'InvalidRequest', /Invalid value/],
    [{ headers: [['X-Bad', '€']] }, 'InvalidRequest', /Invalid value/],
    [{ pageOrigin: 'app.example.com' }, 'InvalidRequest', /not an origin/],
    [{ url: 'file:///etc/passwd' }, 'CorsDisabledScheme', /only supported for protocol schemes/],
    [{ url: 'ftp://files.example.com/x' }, 'CorsDisabledScheme', /only supported for protocol schemes/],
    [{ url: 'chrome-extension://abc/x' }, 'CorsDisabledScheme', /only supported for protocol schemes/],
  ])('%j → %s', (init, code, message) => {
    const r = c(init);
    expect(r.refusal?.code).toBe(code);
    expect(r.refusal?.message).toMatch(message);
    expect(r.refusal?.fix.length).toBeGreaterThan(10);
  });

  it('does not refuse data: URLs or a header value that normalizes cleanly', () => {
    expect(c({ url: 'data:text/plain,hi' }).refusal).toBeNull();
    expect(c({ url: 'data:text/plain,hi' }).needsPreflight).toBe(false);
    expect(c({ headers: [['X-Ok', '  padded\r\n']] }).headers).toEqual([['x-ok', 'padded']]);
  });

  it('keeps the first refusal and still classifies the rest', () => {
    const r = c({ method: 'TRACE', url: 'https://u:p@x.test/' });
    expect(r.refusal?.code).toBe('InvalidRequest');
  });
});

describe('classifyRequest: headers as the browser sends them', () => {
  it('drops forbidden headers with a reason, combines duplicates and lowercases names', () => {
    const r = c({
      headers: [
        ['Cookie', 'session=1'],
        ['X-Trace', 'a'],
        ['Origin', 'https://evil.example'],
        ['x-trace', 'b'],
        ['Accept', '*/*'],
        ['Sec-Fetch-Site', 'same-origin'],
        ['User-Agent', 'bot'],
        ['X-HTTP-Method-Override', 'TRACE'],
      ],
    });
    expect(r.headers).toEqual([
      ['x-trace', 'a, b'],
      ['accept', '*/*'],
    ]);
    expect(r.dropped.map((d) => d.name)).toEqual([
      'Cookie',
      'Origin',
      'Sec-Fetch-Site',
      'User-Agent',
      'X-HTTP-Method-Override',
    ]);
    expect(r.dropped[0]?.reason).toBe(
      "Cookie is a forbidden request header: the browser silently drops it; cookies come from the cookie jar with credentials: 'include'.",
    );
    expect(r.unsafeHeaderNames).toEqual(['x-trace']);
    expect(r.needsPreflight).toBe(true);
  });

  it('keeps User-Agent in Firefox, where a page may set it (and it needs a preflight)', () => {
    const r = c({ headers: { 'User-Agent': 'bot' } }, firefox);
    expect(r.dropped).toEqual([]);
    expect(r.unsafeHeaderNames).toEqual(['user-agent']);
  });

  it('accepts a plain record', () => {
    const r = c({ method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    expect(r.headers).toEqual([['content-type', 'text/plain;charset=UTF-8']]);
    expect(r.needsPreflight).toBe(false);
  });

  it.each<[Record<string, string>, string[], boolean]>([
    [{ 'Content-Type': 'application/json' }, ['content-type'], true],
    [{ 'Content-Type': 'application/x-www-form-urlencoded' }, [], false],
    [{ Authorization: 'Bearer t' }, ['authorization'], true],
    [{ 'Accept-Language': 'en-US' }, [], false],
    [{ Range: 'bytes=0-' }, [], false],
    [{ Range: 'bytes=-5' }, ['range'], true],
    [{ DPR: '2' }, [], false],
  ])('chromium %j → unsafe %j, preflight %s', (headers, unsafe, preflight) => {
    const r = c({ method: 'POST', headers });
    expect(r.unsafeHeaderNames).toEqual(unsafe);
    expect(r.needsPreflight).toBe(preflight);
  });

  it('two safe Accept lines exceed 128 bytes together: unsafe in Chromium, safe line by line in Firefox', () => {
    const v = 'a'.repeat(100);
    const twice: [string, string][] = [
      ['Accept', v],
      ['Accept', v],
    ];
    const r = c({ headers: twice });
    expect(r.headers).toEqual([['accept', `${v}, ${v}`]]);
    expect(r.unsafeHeaderNames).toEqual(['accept']);
    const f = c({ headers: twice }, firefox);
    expect(f.headers).toEqual([['accept', `${v}, ${v}`]]);
    expect(f.unsafeHeaderNames).toEqual([]);
    expect(f.needsPreflight).toBe(false);
  });

  it('never preflights a same-origin request', () => {
    const r = c({ url: `${PAGE}/x`, method: 'DELETE', headers: { 'X-Custom': '1' } });
    expect(r.sameOrigin).toBe(true);
    expect(r.needsPreflight).toBe(false);
  });

  it('profiles differ on client hints only through data', () => {
    expect(c({ headers: { DPR: '2' } }, chromium).needsPreflight).toBe(false);
    expect(c({ headers: { DPR: '2' } }, firefox).needsPreflight).toBe(true);
    expect(c({ headers: { DPR: '2' } }, spec).needsPreflight).toBe(true);
  });
});

describe('classifyRequest: the edges of the URL, the method and the body', () => {
  it('only http(s) URLs need a preflight; a cross-origin data: URL never does', () => {
    expect(c({ method: 'PUT', url: 'http://api.example.com/items' }).needsPreflight).toBe(true);
    expect(c({ method: 'PUT', url: 'https://api.example.com/items' }).needsPreflight).toBe(true);
    expect(c({ method: 'PUT', url: 'data:text/plain,hi' }).needsPreflight).toBe(false);
  });

  it('an unparsable URL is kept as given, with an opaque origin', () => {
    const r = c({ url: 'http://[' });
    expect(r.url).toBe('http://[');
    expect(r.urlOrigin).toEqual({ opaque: true });
    expect(r.refusal?.code).toBe('InvalidRequest');
  });

  it('a URL with only a password is refused like one with a user name', () => {
    expect(c({ url: 'https://:secret@api.example.com/' }).refusal?.code).toBe('InvalidRequest');
    expect(c({ url: 'https://user@api.example.com/' }).refusal?.code).toBe('InvalidRequest');
  });

  it('a forbidden method written in lower case is named in upper case in the fix', () => {
    expect(c({ method: 'connect' }).refusal?.fix).toMatch(/^CONNECT /);
  });

  it.each(['GET', 'HEAD'])('fetch() refuses a body on %s, telling which methods carry one', (method) => {
    const r = c({ method, body: 'x' });
    expect(r.refusal?.code).toBe('InvalidRequest');
    expect(r.refusal?.fix).toContain('POST');
  });
});
