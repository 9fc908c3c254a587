// One focused test per engine fix found by the real-browser conformance suite (conformance/, issue 3).
// Each names the conformance cases that showed the browsers' behaviour.
import { describe, expect, it } from 'vitest';
import { explainMessage } from '../../src/browser/explain.js';
import { blinkHeaderMapOrder, caseFoldingHash } from '../../src/browser/header-map-order.js';
import { decodeUtf8Lossy, escapeNonAscii } from '../../src/browser/messages.js';
import { PreflightCache } from '../../src/browser/preflight-cache.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName, Outcome } from '../../src/browser/types.js';
import type { HeaderList, HttpRequest, HttpResponse } from '../../src/exchange.js';

const PAGE = 'http://127.0.0.1:1000';
const API = 'http://localhost:2000';
const API2 = 'http://127.0.0.1:3000';

/** A transport from a table: `METHOD path` (or `path` for any method) → response. */
function table(routes: Record<string, HttpResponse>): (r: HttpRequest) => HttpResponse {
  return (r) => {
    const path = new URL(r.url).origin + new URL(r.url).pathname;
    return routes[`${r.method} ${path}`] ?? routes[path] ?? { status: 404, headers: [] };
  };
}

function run(
  browser: BrowserName,
  init: { method?: string; headers?: HeaderList; credentials?: 'omit' | 'include'; url?: string },
  routes: Record<string, HttpResponse>,
): Promise<Outcome> {
  return simulateCors(
    { pageOrigin: PAGE, url: init.url ?? `${API}/x`, ...init },
    { browser, send: table(routes) },
  );
}

const wire = (o: Outcome) =>
  o.steps.map(
    (s) =>
      `${s.request.method} ${s.request.url} ${s.request.headers.find(([n]) => n === 'Origin')?.[1] ?? '-'}`,
  );
const acao = (v: string): HeaderList => [['Access-Control-Allow-Origin', v]];

describe('Access-Control-Allow-Methods is matched case-sensitively in Chromium too (preflight-methods/patch.*)', () => {
  it.each([
    ['chromium', 'patch', true],
    ['chromium', 'PATCH', false],
    ['firefox', 'patch', true],
    ['firefox', 'PATCH', false],
  ] as const)('%s: patch against %s → allowed %s', async (browser, allowed, ok) => {
    const o = await run(
      browser,
      { method: 'patch' },
      {
        [`OPTIONS ${API}/x`]: {
          status: 204,
          headers: [...acao(PAGE), ['Access-Control-Allow-Methods', allowed]],
        },
        [`${API}/x`]: { status: 200, headers: acao(PAGE) },
      },
    );
    expect(o.allowed).toBe(ok);
  });
});

describe('`Access-Control-Allow-Headers: *` covers Authorization in both browsers (preflight-headers/authorization.acah-star.omit)', () => {
  it.each([
    ['chromium', true],
    ['firefox', true],
    ['spec', false],
  ] as const)('%s → allowed %s', async (browser, ok) => {
    const o = await run(
      browser,
      { headers: [['Authorization', 'Bearer t']] },
      {
        [`OPTIONS ${API}/x`]: { status: 204, headers: [...acao('*'), ['Access-Control-Allow-Headers', '*']] },
        [`${API}/x`]: { status: 200, headers: acao('*') },
      },
    );
    expect(o.allowed).toBe(ok);
  });
});

describe('a non-ASCII Access-Control-Allow-Origin is invalid in Chromium, printed escaped (simple-acao/non-ascii.*)', () => {
  it('escapeNonAscii writes \\uXXXX in uppercase hex', () => {
    expect(escapeNonAscii('http://b\u00fccher.example')).toBe('http://b\\u00FCcher.example');
    expect(escapeNonAscii('plain')).toBe('plain');
  });
  it('chromium: InvalidAllowOriginValue with the escaped value; firefox: does not match', async () => {
    const routes = { [`${API}/x`]: { status: 200, headers: acao('http://b\u00fccher.example') } };
    const c = await run('chromium', {}, routes);
    expect(c.error?.code).toBe('InvalidAllowOriginValue');
    expect(c.error?.messages.chromium).toContain("contains the invalid value 'http://b\\u00FCcher.example'.");
    const f = await run('firefox', {}, routes);
    expect(f.error?.code).toBe('AllowOriginMismatch');
  });
  it('valid UTF-8 bytes of an IDN host still parse as a URL: a plain mismatch', async () => {
    // 'ü' as UTF-8 bytes, one code point per byte as a transport decodes them.
    const c = await run(
      'chromium',
      {},
      { [`${API}/x`]: { status: 200, headers: acao('http://b\u00c3\u00bccher.example') } },
    );
    expect(c.error?.code).toBe('AllowOriginMismatch');
  });
});

describe('Chromium prints the userinfo redirect location empty (redirect-userinfo/*)', () => {
  it('"Redirect location \'\' contains a username and password"', async () => {
    const o = await run(
      'chromium',
      {},
      {
        [`${API}/x`]: { status: 302, headers: [...acao('*'), ['Location', `http://u:p@localhost:2000/y`]] },
      },
    );
    expect(o.error?.code).toBe('RedirectContainsCredentials');
    expect(o.error?.messages.chromium).toContain("Redirect location '' contains a username and password");
  });
});

describe('after a tainting redirect, a hop back to the page origin still carries Origin: null (redirect/*.page.*)', () => {
  it.each(['chromium', 'firefox'] as const)('%s', async (browser) => {
    const o = await run(
      browser,
      {},
      {
        [`${API}/x`]: { status: 302, headers: [...acao(PAGE), ['Location', `${PAGE}/y`]] },
        [`${PAGE}/y`]: { status: 200, headers: acao('null') },
      },
    );
    expect(wire(o)).toEqual([`GET ${API}/x ${PAGE}`, `GET ${PAGE}/y null`]);
    expect(o.allowed).toBe(true);
  });
});

describe('Firefox keeps the page origin on the preflight of a tainted request (redirect/put.*.cross.*)', () => {
  const routes: Record<string, HttpResponse> = {
    [`OPTIONS ${API}/x`]: {
      status: 204,
      headers: [
        ...acao(PAGE),
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Allow-Headers', 'x-a'],
      ],
    },
    [`PUT ${API}/x`]: { status: 307, headers: [...acao(PAGE), ['Location', `${API2}/y`]] },
    [`OPTIONS ${API2}/y`]: {
      status: 204,
      headers: [
        ...acao(PAGE),
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Allow-Headers', 'x-a'],
      ],
    },
    [`PUT ${API2}/y`]: { status: 200, headers: acao(PAGE) },
  };
  it('firefox: preflight with the page origin passes, the actual request says null and fails', async () => {
    const o = await run('firefox', { method: 'PUT', headers: [['X-A', '1']] }, routes);
    expect(wire(o)).toEqual([
      `OPTIONS ${API}/x ${PAGE}`,
      `PUT ${API}/x ${PAGE}`,
      `OPTIONS ${API2}/y ${PAGE}`,
      `PUT ${API2}/y null`,
    ]);
    expect(o.error?.code).toBe('AllowOriginMismatch');
  });
  it('chromium: the preflight already says null and fails', async () => {
    const o = await run('chromium', { method: 'PUT', headers: [['X-A', '1']] }, routes);
    expect(wire(o).at(-1)).toBe(`OPTIONS ${API2}/y null`);
    expect(o.error?.code).toBe('PreflightAllowOriginMismatch');
  });
});

describe('an empty Location (redirect-odd/empty-location.*)', () => {
  const routes: Record<string, HttpResponse> = {
    [`OPTIONS ${API}/x`]: { status: 204, headers: [...acao('*'), ['Access-Control-Allow-Methods', 'PUT']] },
    [`${API}/x`]: { status: 302, headers: [...acao('*'), ['Location', '']] },
  };
  it('chromium hands the 302 to the page', async () => {
    const o = await run('chromium', { method: 'PUT' }, routes);
    expect(o.allowed).toBe(true);
    expect(wire(o)).toEqual([`OPTIONS ${API}/x ${PAGE}`, `PUT ${API}/x ${PAGE}`]);
  });
  it('firefox follows it to the same URL until the limit, reusing the preflight from its cache', async () => {
    const o = await run('firefox', { method: 'PUT' }, routes);
    expect(o.error?.code).toBe('TooManyRedirects');
    expect(wire(o).filter((l) => l.startsWith('OPTIONS'))).toHaveLength(1);
    expect(wire(o).filter((l) => l.startsWith('PUT'))).toHaveLength(21);
  });
});

describe('redirects to other schemes, in Chromium (redirect-odd/*)', () => {
  const redirectTo = (location: string): Record<string, HttpResponse> => ({
    [`OPTIONS ${API}/x`]: { status: 204, headers: [...acao('*'), ['Access-Control-Allow-Methods', 'PUT']] },
    [`${API}/x`]: { status: 302, headers: [...acao('*'), ['Location', location]] },
  });
  it.each(['data:text/plain,hi', 'about:blank', 'file:///etc/hostname', 'blob:http://localhost/x'])(
    '%s is an unsafe redirect: no CORS message',
    async (location) => {
      const o = await run('chromium', {}, redirectTo(location));
      expect(o.error?.messages.chromium).toBe(`GET ${API}/x net::ERR_UNSAFE_REDIRECT`);
    },
  );
  it('an unparsable Location fails before the CORS check of the redirect', async () => {
    const o = await run(
      'chromium',
      {},
      { [`${API}/x`]: { status: 302, headers: [['Location', 'http://[::1']] } },
    );
    expect(o.error?.messages.chromium).toBe(`GET ${API}/x net::ERR_INVALID_REDIRECT`);
  });
  it.each([
    ['ftp://localhost/x', 'GET'],
    ['javascript:1', 'GET'],
    ['ws://localhost/x', 'PUT'],
  ])('%s (%s) is followed, then the CORS scheme check refuses the new URL', async (location, method) => {
    const o = await run('chromium', { method }, redirectTo(location));
    expect(o.error?.code).toBe('CorsDisabledScheme');
    expect(o.error?.messages.chromium).toBe(
      `Access to fetch at '${location}' (redirected from '${API}/x') from origin '${PAGE}' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.`,
    );
  });
  it('ws: after a GET is followed without that check and fails as an unknown scheme', async () => {
    const o = await run('chromium', {}, redirectTo('ws://localhost/x'));
    expect(o.error?.messages.chromium).toBe('GET ws://localhost/x net::ERR_UNKNOWN_URL_SCHEME');
  });
});

describe("Chromium names the unsafe header first in Blink's header-map order (request/custom-order.*, unsafe-order-*)", () => {
  it('reproduces observed orders', () => {
    expect(blinkHeaderMapOrder(['X-C', 'x-b', 'X-A', 'Accept'])[0]).toBe('X-C');
    expect(blinkHeaderMapOrder([...Array.from({ length: 10 }, (_, i) => `X-H${9 - i}`), 'Accept'])[0]).toBe(
      'X-H6',
    );
    expect(blinkHeaderMapOrder(['Content-Type', 'X-Requested-With', 'X-CSRF-Token', 'Accept'])[0]).toBe(
      'X-CSRF-Token',
    );
  });
  it('hashes case-insensitively and keeps the first spelling of a duplicate', () => {
    expect(caseFoldingHash('X-Api-Key')).toBe(caseFoldingHash('x-api-key'));
    expect(blinkHeaderMapOrder(['X-A', 'x-a'])).toEqual(['X-A']);
  });
  it('chromium names x-c, firefox the first sorted name, x-a', async () => {
    const routes: Record<string, HttpResponse> = {
      [`OPTIONS ${API}/x`]: { status: 204, headers: acao(PAGE) },
    };
    const init = {
      headers: [
        ['X-C', '1'],
        ['x-b', '2'],
        ['X-A', '3'],
      ] as HeaderList,
    };
    const c = await run('chromium', init, routes);
    expect(c.error?.messages.chromium).toContain('Request header field x-c is not allowed');
    const f = await run('firefox', init, routes);
    expect(f.error?.messages.firefox).toContain('header ‘x-a’ is not allowed');
  });
});

describe('Firefox lists a header set twice twice in Access-Control-Request-Headers (request/custom-case-dup.*)', () => {
  it.each([
    ['chromium', 'x-a'],
    ['firefox', 'x-a,x-a'],
  ] as const)('%s sends %s', async (browser, acrh) => {
    const o = await run(
      browser,
      {
        headers: [
          ['X-A', '1'],
          ['x-a', '2'],
        ],
      },
      {
        [`OPTIONS ${API}/x`]: {
          status: 204,
          headers: [...acao('*'), ['Access-Control-Allow-Headers', 'x-a']],
        },
        [`${API}/x`]: { status: 200, headers: acao('*') },
      },
    );
    expect(o.steps[0]?.request.headers.find(([n]) => n === 'Access-Control-Request-Headers')?.[1]).toBe(acrh);
  });
});

describe("Firefox's console wording (compared since the suite captures Firefox's lines)", () => {
  const F = 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at';
  it('header bytes that are not UTF-8 print as U+FFFD (simple-acao/non-ascii.*)', async () => {
    expect(decodeUtf8Lossy('http://b\u00fccher.example')).toBe('http://b\ufffdcher.example');
    expect(decodeUtf8Lossy('http://b\u00c3\u00bccher.example')).toBe('http://bücher.example');
    const o = await run(
      'firefox',
      {},
      { [`${API}/x`]: { status: 200, headers: acao('http://b\u00fccher.example') } },
    );
    expect(o.error?.messages.firefox).toBe(
      `${F} ${API}/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://b\ufffdcher.example’).`,
    );
  });
  it.each(['TRACE', 'connect', 'track'])('a forbidden method %s is worded as written', async (method) => {
    const o = await run('firefox', { method }, {});
    expect(o.error?.messages.firefox).toBe(`TypeError: Window.fetch: Invalid request method ${method}.`);
  });
  it('userinfo in Location and too many redirects: "did not succeed", status (null)', async () => {
    const userinfo = await run(
      'firefox',
      {},
      {
        [`${API}/x`]: { status: 302, headers: [...acao('*'), ['Location', 'http://u:p@localhost:2000/y']] },
      },
    );
    expect(userinfo.error?.messages.firefox).toBe(
      `${F} ${API}/x. (Reason: CORS request did not succeed). Status code: (null).`,
    );
    const loop = await run(
      'firefox',
      {},
      { [`${API}/x`]: { status: 302, headers: [...acao('*'), ['Location', '/x']] } },
    );
    expect(loop.error?.code).toBe('TooManyRedirects');
    expect(loop.error?.messages.firefox).toMatch(/did not succeed\)\. Status code: \(null\)\.$/);
  });
  it('an unsafe redirect target fails before the redirect response is CORS-checked (redirect-odd/*.hop-none)', async () => {
    const routes = {
      [`${API}/x`]: { status: 302, headers: [['Location', 'data:text/plain,hi']] as HeaderList },
    };
    const f = await run('firefox', {}, routes);
    expect(f.error?.code).toBe('NetworkError');
    expect(f.error?.messages.firefox).toBe(
      `${F} ${API}/x. (Reason: CORS request did not succeed). Status code: (null).`,
    );
    // Chromium checks the redirect response first.
    expect((await run('chromium', {}, routes)).error?.code).toBe('MissingAllowOriginHeader');
    // about: is not unsafe for Firefox: the CORS check of the 302 speaks first.
    const about = await run(
      'firefox',
      {},
      { [`${API}/x`]: { status: 302, headers: [['Location', 'about:blank']] } },
    );
    expect(about.error?.code).toBe('MissingAllowOriginHeader');
  });
});

describe('the preflight cache per browser (preflight-cache/*)', () => {
  const routes = (methods: string, headers: string, maxAge = '600'): Record<string, HttpResponse> => ({
    [`OPTIONS ${API}/x`]: {
      status: 204,
      headers: [
        ...acao(PAGE),
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', methods],
        ['Access-Control-Allow-Headers', headers],
        ['Access-Control-Max-Age', maxAge],
      ],
    },
    [`${API}/x`]: { status: 200, headers: [...acao(PAGE), ['Access-Control-Allow-Credentials', 'true']] },
  });
  /** Two fetches sharing one cache: was the second one preflighted? */
  async function second(
    browser: BrowserName,
    first: Parameters<typeof run>[1],
    then: Parameters<typeof run>[1],
    r: Record<string, HttpResponse>,
  ): Promise<boolean> {
    const cache = new PreflightCache();
    const send = table(r);
    await simulateCors({ pageOrigin: PAGE, url: `${API}/x`, ...first }, { browser, send, cache });
    return (await simulateCors({ pageOrigin: PAGE, url: `${API}/x`, ...then }, { browser, send, cache }))
      .preflight;
  }
  const put = (credentials: 'omit' | 'include', headers: HeaderList = [['X-A', '1']]) => ({
    method: 'PUT',
    headers,
    credentials,
  });
  it.each([
    ['+10', false, true],
    ['', false, false],
    ['abc', false, true],
  ] as const)('max-age %j: second preflight? chromium %s, firefox %s', async (maxAge, c, f) => {
    expect(await second('chromium', put('omit'), put('omit'), routes('PUT', 'x-a', maxAge))).toBe(c);
    expect(await second('firefox', put('omit'), put('omit'), routes('PUT', 'x-a', maxAge))).toBe(f);
  });
  it('Firefox keys the cache by credentials mode; Chromium lets a credentialed result serve both', async () => {
    expect(await second('chromium', put('include'), put('omit'), routes('PUT', 'x-a'))).toBe(false);
    expect(await second('firefox', put('include'), put('omit'), routes('PUT', 'x-a'))).toBe(true);
  });
  it('Firefox keeps a cached `*` as a literal name', async () => {
    const more = put('omit', [['X-B', '1']]);
    expect(await second('chromium', put('omit'), more, routes('PUT', '*'))).toBe(false);
    expect(await second('firefox', put('omit'), more, routes('PUT', '*'))).toBe(true);
    const patch = { ...put('omit'), method: 'PATCH' };
    expect(await second('chromium', put('omit'), patch, routes('*', 'x-a'))).toBe(false);
    expect(await second('firefox', put('omit'), patch, routes('*', 'x-a'))).toBe(true);
  });
});

describe('XMLHttpRequest messages end without the fetch() hint (family xhr)', () => {
  it.each([
    [
      'fetch',
      ' that is not equal to the supplied origin. Have the server send the header with a valid value.',
    ],
    ['xhr', ' that is not equal to the supplied origin.'],
  ] as const)('%s', async (initiator, tail) => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: `${API}/x`, initiator },
      {
        browser: 'chromium',
        send: table({ [`${API}/x`]: { status: 200, headers: acao('https://example.com') } }),
      },
    );
    expect(o.error?.messages.chromium.endsWith(`'https://example.com'${tail}`)).toBe(true);
    expect(o.error?.messages.chromium).toContain(
      initiator === 'xhr' ? 'Access to XMLHttpRequest at' : 'Access to fetch at',
    );
    // explain reads both forms back.
    expect(explainMessage(o.error!.messages.chromium)?.code).toBe('AllowOriginMismatch');
  });
});
