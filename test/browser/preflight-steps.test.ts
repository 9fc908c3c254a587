// What the preflight check records: each check it ran, in the browser's order, passing or not, and a
// detail that names the values it judged (what `corsair check` and the web page show as the steps).
import { describe, expect, it } from 'vitest';
import {
  checkPreflightResponse,
  isRedirect,
  type PreflightCheckResult,
  type PreflightContext,
} from '../../src/browser/preflight-check.js';
import { type BrowserProfile, chromium, firefox, spec, webkit } from '../../src/browser/profile.js';
import type { HeaderList, HttpResponse } from '../../src/exchange.js';

const PAGE = 'https://app.example';
const ctx: PreflightContext = {
  origin: PAGE,
  include: false,
  method: 'PUT',
  unsafeHeaderNames: ['x-a'],
  hasAuthorization: false,
};
const ACAO: HeaderList = [['Access-Control-Allow-Origin', PAGE]];

function check(
  headers: HeaderList,
  opts: { status?: number; c?: Partial<PreflightContext>; p?: BrowserProfile } = {},
) {
  const response: HttpResponse = { status: opts.status ?? 204, headers };
  return checkPreflightResponse(response, { ...ctx, ...opts.c }, opts.p ?? chromium);
}
const trail = (r: PreflightCheckResult) => r.checks.map((c) => [c.name, c.ok]);
const last = (r: PreflightCheckResult) => r.checks.at(-1)!;
const allowAll: HeaderList = [
  ...ACAO,
  ['Access-Control-Allow-Methods', 'PUT'],
  ['Access-Control-Allow-Headers', 'x-a'],
  ['Access-Control-Max-Age', '60'],
];

describe('a passing preflight', () => {
  it('records every check in Chromium’s order, each naming what it found', () => {
    const r = check(allowAll);
    expect(r.ok).toBe(true);
    expect(trail(r)).toEqual([
      ['Access-Control-Allow-Origin', true],
      ['ok status', true],
      ['Access-Control-Allow-Methods', true],
      ['Access-Control-Allow-Headers', true],
      ['Access-Control-Max-Age', true],
    ]);
    const [origin, status, methods, headers, maxAge] = r.checks.map((c) => c.detail);
    expect(origin).toContain(PAGE);
    expect(status).toContain('204');
    expect(methods).toContain('PUT');
    expect(headers).toContain('x-a');
    expect(maxAge).toContain('60');
  });

  it('checks the status before the origin in WebKit', () => {
    expect(trail(check(allowAll, { p: webkit })).slice(0, 2)).toEqual([
      ['ok status', true],
      ['Access-Control-Allow-Origin', true],
    ]);
  });

  it('says so when there was no unsafe header to allow', () => {
    const r = check(allowAll, { c: { unsafeHeaderNames: [] } });
    const headers = r.checks.find((c) => c.name === 'Access-Control-Allow-Headers');
    expect(headers?.ok).toBe(true);
    expect(headers?.detail).not.toBe('');
    expect(headers?.detail).not.toContain('x-a');
  });

  it.each([
    [chromium, '', '5'],
    [chromium, '100000', '7200'],
    [chromium, 'abc', '5'],
    [firefox, 'abc', 'not cached'],
    [chromium, '-1', 'not cached'],
  ] as const)('%s: Access-Control-Max-Age %j is told as %s', (p, value, told) => {
    const headers = allowAll.filter(([n]) => n !== 'Access-Control-Max-Age');
    const r = check(value === '' ? headers : [...headers, ['Access-Control-Max-Age', value]], { p });
    const detail = last(r).detail;
    expect(detail).toContain(told);
    if (value !== '') expect(detail).toContain(value);
    else expect(detail).toMatch(/absent/);
  });

  it('tells the four ways a max-age is read apart', () => {
    const details = ['', '100000', 'abc', '-1', '60'].map((v) => {
      const headers = allowAll.filter(([n]) => n !== 'Access-Control-Max-Age');
      return last(check(v === '' ? headers : [...headers, ['Access-Control-Max-Age', v]])).detail;
    });
    expect(new Set(details).size).toBe(5);
    expect(details[1]).toContain(chromium.label);
  });
});

describe('a failing preflight ends with the failed check, naming the values', () => {
  it.each([
    ['no Access-Control-Allow-Origin', [] as HeaderList, {}, 'Access-Control-Allow-Origin', /missing/],
    [
      'a mismatched one',
      [['Access-Control-Allow-Origin', 'https://other.example']],
      {},
      'Access-Control-Allow-Origin',
      /https:\/\/other\.example/,
    ],
    [
      '`*` with credentials',
      [['Access-Control-Allow-Origin', '*']],
      { include: true },
      'Access-Control-Allow-Origin',
      /'\*'/,
    ],
    [
      'Allow-Credentials not true',
      [...ACAO, ['Access-Control-Allow-Credentials', 'yes']],
      { include: true },
      'Access-Control-Allow-Origin',
      /'yes'/,
    ],
    [
      'a bad method token',
      [...ACAO, ['Access-Control-Allow-Methods', 'PUT, B@D']],
      {},
      'Access-Control-Allow-Methods',
      /B@D/,
    ],
    [
      'a bad header token',
      [...ACAO, ['Access-Control-Allow-Headers', 'x-a, b@d']],
      {},
      'Access-Control-Allow-Headers',
      /b@d/,
    ],
    [
      'a method not listed',
      [...ACAO, ['Access-Control-Allow-Methods', 'GET, DELETE']],
      {},
      'Access-Control-Allow-Methods',
      /PUT.*GET, DELETE/,
    ],
    [
      'a header not listed',
      [...ACAO, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-b']],
      {},
      'Access-Control-Allow-Headers',
      /x-a.*x-b/,
    ],
  ] as const)('%s', (_, headers, c, name, detail) => {
    const r = check(headers, { c });
    expect(r.ok).toBe(false);
    expect(last(r).name).toBe(name);
    expect(last(r).ok).toBe(false);
    expect(last(r).detail).toMatch(detail);
    expect(r.checks.slice(0, -1).every((x) => x.ok)).toBe(true);
  });

  it('four different access failures get four different details', () => {
    const details = [
      check([]),
      check([['Access-Control-Allow-Origin', 'https://other.example']]),
      check([['Access-Control-Allow-Origin', '*']], { c: { include: true } }),
      check([...ACAO, ['Access-Control-Allow-Credentials', 'yes']], { c: { include: true } }),
    ].map((r) => last(r).detail);
    expect(new Set(details).size).toBe(4);
  });

  it('a bad status names it', () => {
    const r = check(allowAll, { status: 404 });
    expect(trail(r)).toEqual([
      ['Access-Control-Allow-Origin', true],
      ['ok status', false],
    ]);
    expect(last(r).detail).toContain('404');
  });

  it('a redirect names its status and target', () => {
    const r = check([...ACAO, ['Location', 'https://api.example/next']], { status: 307 });
    expect(trail(r)).toEqual([['no redirect', false]]);
    expect(last(r).detail).toContain('307');
    expect(last(r).detail).toContain('https://api.example/next');
  });

  it('the spec’s `*` that does not cover Authorization says so', () => {
    const headers: HeaderList = [
      ...ACAO,
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Headers', '*'],
    ];
    const r = check(headers, {
      c: { unsafeHeaderNames: ['authorization'], hasAuthorization: true },
      p: spec,
    });
    expect(r.ok).toBe(false);
    expect(last(r).detail).toContain('authorization');
    expect(last(r).detail).toContain('*');
    if (!r.ok) expect(r.failure).toMatchObject({ wildcardAuthorization: true, allowed: ['*'] });
  });

  it('a refused method or header keeps what the preflight allowed', () => {
    const m = check([...ACAO, ['Access-Control-Allow-Methods', 'GET, DELETE']]);
    if (!m.ok) expect(m.failure).toMatchObject({ method: 'PUT', allowed: ['GET', 'DELETE'] });
    const h = check([
      ...ACAO,
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Headers', 'x-b, x-c'],
    ]);
    if (!h.ok)
      expect(h.failure).toMatchObject({
        header: 'x-a',
        allowed: ['x-b', 'x-c'],
        wildcardAuthorization: false,
      });
    expect(m.ok || h.ok).toBe(false);
  });
});

describe('redirects and method matching', () => {
  it('only a redirect status with a Location is a redirect; a blank Location is none for Chromium', () => {
    expect(isRedirect({ status: 200, headers: [['Location', '/y']] }, chromium)).toBe(false);
    expect(isRedirect({ status: 204, headers: [['Location', '/y']] })).toBe(false);
    expect(isRedirect({ status: 302, headers: [['Location', ' ']] }, chromium)).toBe(false);
    expect(isRedirect({ status: 302, headers: [['Location', ' ']] }, firefox)).toBe(true);
    expect(check([...allowAll, ['Location', '/y']], { status: 200 }).ok).toBe(true);
  });

  it('a custom profile may match methods after uppercasing them, as older Chromium did (crbug.com/1228178)', () => {
    const older: BrowserProfile = { ...chromium, preflightMethodMatch: 'uppercase' };
    const headers: HeaderList = [...ACAO, ['Access-Control-Allow-Methods', 'PATCH']];
    expect(check(headers, { c: { method: 'patch', unsafeHeaderNames: [] }, p: older }).ok).toBe(true);
    expect(check(headers, { c: { method: 'patch', unsafeHeaderNames: [] }, p: chromium }).ok).toBe(false);
    const lower: HeaderList = [...ACAO, ['Access-Control-Allow-Methods', 'patch']];
    expect(check(lower, { c: { method: 'patch', unsafeHeaderNames: [] }, p: older }).ok).toBe(false);
  });
});

describe('access failures on a preflight carry the Preflight… code Chromium reports them with', () => {
  it.each([
    [[], false, chromium, 'PreflightMissingAllowOriginHeader'],
    [
      [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Origin', PAGE],
      ],
      false,
      firefox,
      'PreflightMultipleAllowOriginValues',
    ],
    [
      [['Access-Control-Allow-Origin', `${PAGE}, ${PAGE}`]],
      false,
      chromium,
      'PreflightMultipleAllowOriginValues',
    ],
    [[['Access-Control-Allow-Origin', 'not a url']], false, chromium, 'PreflightMultipleAllowOriginValues'],
    [[['Access-Control-Allow-Origin', 'https:']], false, chromium, 'PreflightInvalidAllowOriginValue'],
    [
      [['Access-Control-Allow-Origin', 'https://other.example']],
      false,
      chromium,
      'PreflightAllowOriginMismatch',
    ],
    [[['Access-Control-Allow-Origin', '*']], true, chromium, 'PreflightWildcardOriginNotAllowed'],
    [[['Access-Control-Allow-Origin', PAGE]], true, chromium, 'PreflightInvalidAllowCredentials'],
  ] as const)('%j (credentials %s, %s) → %s', (headers, include, p, code) => {
    const r = check(headers as unknown as HeaderList, { c: { include }, p });
    expect(r.ok ? null : r.failure.code).toBe(code);
  });
});
