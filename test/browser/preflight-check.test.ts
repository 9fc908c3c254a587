import { describe, expect, it } from 'vitest';
import { checkPreflightResponse, type PreflightContext } from '../../src/browser/preflight-check.js';
import { type BrowserProfile, chromium, firefox, spec } from '../../src/browser/profile.js';
import type { HeaderList, HttpResponse } from '../../src/exchange.js';

const O = 'https://app.example.com';
const ctx = (over: Partial<PreflightContext> = {}): PreflightContext => ({
  origin: O,
  include: false,
  method: 'PUT',
  unsafeHeaderNames: [],
  hasAuthorization: false,
  ...over,
});
const res = (status: number, headers: HeaderList): HttpResponse => ({ status, headers });
const allowO: HeaderList = [['Access-Control-Allow-Origin', O]];
const code = (r: ReturnType<typeof checkPreflightResponse>) => (r.ok ? null : r.failure.code);

describe('checkPreflightResponse: order of checks', () => {
  it('Chromium: the access check wins over a bad status', () => {
    expect(code(checkPreflightResponse(res(404, []), ctx(), chromium))).toBe(
      'PreflightMissingAllowOriginHeader',
    );
  });
  it('Firefox checks access first too, and a redirect only after it (conformance preflight-status/*.acao-missing)', () => {
    expect(code(checkPreflightResponse(res(404, []), ctx(), firefox))).toBe(
      'PreflightMissingAllowOriginHeader',
    );
    expect(code(checkPreflightResponse(res(301, [['Location', '/x']]), ctx(), firefox))).toBe(
      'PreflightMissingAllowOriginHeader',
    );
    expect(code(checkPreflightResponse(res(301, [...allowO, ['Location', '/x']]), ctx(), firefox))).toBe(
      'PreflightDisallowedRedirect',
    );
    expect(code(checkPreflightResponse(res(301, [['Location', '/x']]), ctx(), chromium))).toBe(
      'PreflightDisallowedRedirect',
    );
  });
  it('status outside 200–299 fails after a passing access check', () => {
    for (const s of [100, 199, 300, 304, 400, 401, 403, 404, 500, 503]) {
      expect(code(checkPreflightResponse(res(s, allowO), ctx(), chromium)), String(s)).toBe(
        'PreflightInvalidStatus',
      );
    }
    for (const s of [200, 204, 299]) {
      expect(
        code(
          checkPreflightResponse(
            res(s, [...allowO, ['Access-Control-Allow-Methods', 'PUT']]),
            ctx(),
            chromium,
          ),
        ),
      ).toBeNull();
    }
  });
  it('a redirect is its own error, before the access check', () => {
    const r = checkPreflightResponse(res(302, [['Location', 'https://x.example/']]), ctx(), chromium);
    expect(r.ok ? null : r.failure).toMatchObject({
      code: 'PreflightDisallowedRedirect',
      status: 302,
      location: 'https://x.example/',
    });
    // a 3xx without Location is not a redirect: it is a bad status
    expect(code(checkPreflightResponse(res(302, allowO), ctx(), chromium))).toBe('PreflightInvalidStatus');
  });
  it('methods are parsed before headers, and parsing before matching', () => {
    const both: HeaderList = [
      ...allowO,
      ['Access-Control-Allow-Methods', 'GET PUT'],
      ['Access-Control-Allow-Headers', 'a b'],
    ];
    expect(code(checkPreflightResponse(res(204, both), ctx(), chromium))).toBe(
      'InvalidAllowMethodsPreflightResponse',
    );
    const badHeaders: HeaderList = [
      ...allowO,
      ['Access-Control-Allow-Methods', 'POST'],
      ['Access-Control-Allow-Headers', 'a b'],
    ];
    expect(code(checkPreflightResponse(res(204, badHeaders), ctx(), chromium))).toBe(
      'InvalidAllowHeadersPreflightResponse',
    );
  });
});

describe('Access-Control-Allow-Methods', () => {
  const m = (v: string, over: Partial<PreflightContext> = {}, p = chromium) =>
    code(checkPreflightResponse(res(204, [...allowO, ['Access-Control-Allow-Methods', v]]), ctx(over), p));
  it('lists, empty items and whitespace', () => {
    expect(m('GET, PUT')).toBeNull();
    expect(m(',,PUT,,')).toBeNull();
    expect(m(' \tPUT\t ')).toBeNull();
    expect(m('GET')).toBe('MethodDisallowedByPreflightResponse');
  });
  it('invalid tokens make the header unparsable', () => {
    for (const v of ['PUT;', 'GET PUT', '"PUT"', 'PU/T', '(PUT)'])
      expect(m(v), v).toBe('InvalidAllowMethodsPreflightResponse');
  });
  it('matching is case-sensitive in Chromium 156 and Firefox 153 alike (conformance preflight-methods/patch.*)', () => {
    expect(m('put')).toBe('MethodDisallowedByPreflightResponse');
    expect(m('PATCH', { method: 'patch' }, chromium)).toBe('MethodDisallowedByPreflightResponse');
    expect(m('patch', { method: 'patch' }, chromium)).toBeNull();
    expect(m('PATCH', { method: 'patch' }, firefox)).toBe('MethodDisallowedByPreflightResponse');
    expect(m('patch', { method: 'patch' }, firefox)).toBeNull();
  });
  it('`*` allows any method only without credentials', () => {
    expect(m('*')).toBeNull();
    const withCreds = checkPreflightResponse(
      res(204, [
        ...allowO,
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', '*'],
      ]),
      ctx({ include: true }),
      chromium,
    );
    expect(code(withCreds)).toBe('MethodDisallowedByPreflightResponse');
  });
  it('safelisted methods always pass (a preflight caused by headers)', () => {
    expect(m('PUT', { method: 'POST' })).toBeNull();
  });
  it('two header lines combine into one list', () => {
    const r = checkPreflightResponse(
      res(204, [...allowO, ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Methods', 'PUT']]),
      ctx(),
      chromium,
    );
    expect(code(r)).toBeNull();
  });
});

describe('Access-Control-Allow-Headers', () => {
  const hdr = (v: string | null, over: Partial<PreflightContext> = {}, p: BrowserProfile = chromium) => {
    const h: HeaderList = [...allowO, ['Access-Control-Allow-Methods', 'PUT']];
    const r = checkPreflightResponse(
      res(204, v === null ? h : [...h, ['Access-Control-Allow-Headers', v]]),
      ctx(over),
      p,
    );
    return r.ok ? null : r.failure;
  };
  it('each unsafe name must be listed, case-insensitively', () => {
    expect(hdr('X-A, x-b', { unsafeHeaderNames: ['x-a', 'x-b'] })).toBeNull();
    expect(hdr('X-A', { unsafeHeaderNames: ['x-a', 'x-b'] })).toMatchObject({
      code: 'HeaderDisallowedByPreflightResponse',
      header: 'x-b',
    });
    expect(hdr(null, { unsafeHeaderNames: ['content-type'] })).toMatchObject({ header: 'content-type' });
  });
  it('`*` covers every name but authorization in the spec, and only without credentials', () => {
    expect(hdr('*', { unsafeHeaderNames: ['x-a', 'content-type'] })).toBeNull();
    expect(hdr('*', { unsafeHeaderNames: ['authorization'], hasAuthorization: true }, spec)).toMatchObject({
      header: 'authorization',
      wildcardAuthorization: true,
    });
    // Both real browsers let `*` cover Authorization (conformance preflight-headers/authorization.acah-star.omit).
    expect(hdr('*', { unsafeHeaderNames: ['authorization'], hasAuthorization: true }, chromium)).toBeNull();
    expect(hdr('*', { unsafeHeaderNames: ['authorization'], hasAuthorization: true }, firefox)).toBeNull();
    expect(
      hdr('*, Authorization', { unsafeHeaderNames: ['authorization'], hasAuthorization: true }),
    ).toBeNull();
  });
  it('with credentials `*` is a literal name', () => {
    const h: HeaderList = [
      ...allowO,
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Headers', '*'],
    ];
    const r = checkPreflightResponse(
      res(204, h),
      ctx({ include: true, unsafeHeaderNames: ['x-a'] }),
      chromium,
    );
    expect(r.ok ? null : r.failure).toMatchObject({
      code: 'HeaderDisallowedByPreflightResponse',
      header: 'x-a',
    });
  });
});

describe('result', () => {
  it('keeps methods with case, headers lowercased, credentials and max-age', () => {
    const r = checkPreflightResponse(
      res(200, [
        ...allowO,
        ['Access-Control-Allow-Methods', 'PUT, Patch'],
        ['Access-Control-Allow-Headers', 'X-A'],
        ['Access-Control-Max-Age', '60'],
      ]),
      ctx(),
      chromium,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.result.methods]).toEqual(['PUT', 'Patch']);
    expect([...r.result.headers]).toEqual(['x-a']);
    expect(r.result.maxAge.seconds).toBe(60);
    expect(r.checks.every((c) => c.ok)).toBe(true);
  });
});
