import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PreflightCache } from '../../src/browser/preflight-cache.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { CorsRequestInit } from '../../src/browser/types.js';
import { getAll, type HeaderList, type HttpRequest, type HttpResponse } from '../../src/exchange.js';

const PAGE = 'https://app.example.com';
const API = 'https://api.example.com/items';

/** A server that allows exactly what it is asked for, for the page's origin. */
function permissive(extra: HeaderList = []) {
  const seen: HttpRequest[] = [];
  const send = (req: HttpRequest): HttpResponse => {
    seen.push(req);
    const origin = getAll(req.headers, 'origin')[0] ?? '';
    const h: [string, string][] = [
      ['Access-Control-Allow-Origin', origin],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Vary', 'Origin'],
    ];
    if (req.method === 'OPTIONS') {
      // Both spellings: Chromium matches the uppercased request method, Firefox the method as sent.
      const m = getAll(req.headers, 'access-control-request-method')[0] ?? '';
      h.push(['Access-Control-Allow-Methods', `${m}, ${m.toUpperCase()}`]);
      const acrh = getAll(req.headers, 'access-control-request-headers')[0];
      if (acrh) h.push(['Access-Control-Allow-Headers', acrh]);
      return { status: 204, headers: h };
    }
    return { status: 200, headers: [...h, ...extra] };
  };
  return { seen, send };
}

describe('simulateCors: requests on the wire', () => {
  it('a simple GET sends no preflight and carries Origin', async () => {
    const s = permissive();
    const o = await simulateCors({ pageOrigin: PAGE, url: API }, { send: s.send });
    expect(o).toMatchObject({ allowed: true, preflight: false, error: null, browser: 'chromium' });
    expect(s.seen).toHaveLength(1);
    expect(getAll(s.seen[0]?.headers ?? [], 'origin')).toEqual([PAGE]);
  });

  it('a PUT with JSON sends the exact preflight first', async () => {
    const s = permissive();
    const o = await simulateCors(
      {
        pageOrigin: PAGE,
        url: API,
        method: 'PUT',
        headers: [
          ['Content-Type', 'application/json'],
          ['X-Trace', '1'],
        ],
        credentials: 'include',
      },
      { send: s.send },
    );
    expect(o.allowed).toBe(true);
    expect(o.preflight).toBe(true);
    expect(s.seen.map((r) => r.method)).toEqual(['OPTIONS', 'PUT']);
    const pf = s.seen[0] as HttpRequest;
    expect(getAll(pf.headers, 'access-control-request-method')).toEqual(['PUT']);
    expect(getAll(pf.headers, 'access-control-request-headers')).toEqual(['content-type,x-trace']);
    expect(getAll(pf.headers, 'accept')).toEqual(['*/*']);
    expect(getAll(pf.headers, 'cookie')).toEqual([]);
    expect(o.steps.map((s) => s.kind)).toEqual(['preflight', 'actual']);
  });

  it('forbidden headers are dropped with a warning, not sent', async () => {
    const s = permissive();
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API, headers: { Cookie: 'a=b', 'X-A': '1' } },
      { send: s.send },
    );
    expect(o.warnings.some((w) => w.code === 'header-dropped' && /cookie/i.test(w.message))).toBe(true);
    for (const r of s.seen) expect(getAll(r.headers, 'cookie')).toEqual([]);
  });

  it('same-origin requests skip CORS and expose all headers but Set-Cookie', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: `${PAGE}/x`, method: 'DELETE', headers: { 'X-A': '1' } },
      {
        send: () => ({
          status: 200,
          headers: [
            ['X-Secret', '1'],
            ['Set-Cookie', 'a=b'],
          ],
        }),
      },
    );
    expect(o).toMatchObject({ allowed: true, preflight: false, exposedHeaders: ['x-secret'] });
  });

  it('a network error is reported as such', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:9');
        },
      },
    );
    expect(o.allowed).toBe(false);
    expect(o.error?.code).toBe('NetworkError');
    expect(o.error?.cause).toContain('ECONNREFUSED');
    expect(o.steps[0]?.response).toBeNull();
    expect(o.steps[0]?.checks).toEqual([
      { name: 'network', ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:9' },
    ]);
    expect(o.exposedHeaders).toEqual([]);
  });

  it('refusals never reach the network', async () => {
    const s = permissive();
    for (const init of [
      { pageOrigin: PAGE, url: API, method: 'TRACE' },
      { pageOrigin: PAGE, url: 'https://exa mple.com/' },
      { pageOrigin: PAGE, url: 'https://user:pw@api.example.com/' },
      { pageOrigin: 'not an origin', url: API },
    ] satisfies CorsRequestInit[]) {
      const o = await simulateCors(init, { send: s.send });
      expect(o.allowed).toBe(false);
      expect(['ForbiddenMethod', 'InvalidRequest']).toContain(o.error?.code);
    }
    expect(s.seen).toHaveLength(0);
  });
});

describe('simulateCors: redirects (Fetch Standard §4.4)', () => {
  const chain =
    (hops: Record<string, HttpResponse>, seen: HttpRequest[] = []) =>
    (req: HttpRequest): HttpResponse => {
      seen.push(req);
      return hops[req.url] ?? { status: 404, headers: [] };
    };
  const ok = (origin: string): HttpResponse => ({
    status: 200,
    headers: [['Access-Control-Allow-Origin', origin]],
  });

  it('runs the CORS check on the redirect response itself', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: chain({
          [API]: { status: 302, headers: [['Location', '/next']] },
          'https://api.example.com/next': ok(PAGE),
        }),
      },
    );
    expect(o.error?.code).toBe('MissingAllowOriginHeader');
    expect(o.error?.url).toBe(API);
  });

  it('a same-origin hop keeps the origin; a cross-origin hop taints it to null', async () => {
    const seen: HttpRequest[] = [];
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: chain(
          {
            [API]: {
              status: 307,
              headers: [
                ['Location', 'https://api.example.com/v2'],
                ['Access-Control-Allow-Origin', PAGE],
              ],
            },
            'https://api.example.com/v2': {
              status: 302,
              headers: [
                ['Location', 'https://cdn.other.net/x'],
                ['Access-Control-Allow-Origin', PAGE],
              ],
            },
            'https://cdn.other.net/x': ok('null'),
          },
          seen,
        ),
      },
    );
    expect(seen.map((r) => getAll(r.headers, 'origin')[0])).toEqual([PAGE, PAGE, 'null']);
    expect(o.allowed).toBe(true);
  });

  it('after tainting, the page origin no longer matches', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: chain({
          [API]: {
            status: 302,
            headers: [
              ['Location', 'https://cdn.other.net/x'],
              ['Access-Control-Allow-Origin', PAGE],
            ],
          },
          'https://cdn.other.net/x': ok(PAGE),
        }),
      },
    );
    expect(o.error).toMatchObject({
      code: 'AllowOriginMismatch',
      origin: 'null',
      url: 'https://cdn.other.net/x',
    });
    expect(o.error?.messages.chromium).toContain("(redirected from 'https://api.example.com/items')");
  });

  it('userinfo in Location is refused for cross-origin requests', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: chain({
          [API]: {
            status: 302,
            headers: [
              ['Location', 'https://u:p@api.example.com/x'],
              ['Access-Control-Allow-Origin', PAGE],
            ],
          },
        }),
      },
    );
    expect(o.error?.code).toBe('RedirectContainsCredentials');
  });

  it('stops after 20 redirects', async () => {
    let n = 0;
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: () => ({
          status: 302,
          headers: [
            ['Location', `${API}?n=${++n}`],
            ['Access-Control-Allow-Origin', PAGE],
          ],
        }),
      },
    );
    expect(o.error?.code).toBe('TooManyRedirects');
    expect(n).toBe(21);
  });

  it('303 turns a POST into a GET and drops body headers; 307 keeps it', async () => {
    for (const [status, method, contentType] of [
      [303, 'GET', undefined],
      [307, 'POST', 'text/plain'],
      [302, 'GET', undefined],
    ] as const) {
      const seen: HttpRequest[] = [];
      await simulateCors(
        { pageOrigin: PAGE, url: API, method: 'POST', headers: { 'Content-Type': 'text/plain' } },
        {
          send: chain(
            {
              [API]: {
                status,
                headers: [
                  ['Location', '/b'],
                  ['Access-Control-Allow-Origin', PAGE],
                ],
              },
              'https://api.example.com/b': ok(PAGE),
            },
            seen,
          ),
        },
      );
      expect(seen[1]?.method, String(status)).toBe(method);
      expect(getAll(seen[1]?.headers ?? [], 'content-type')[0], String(status)).toBe(contentType);
    }
  });

  it('Authorization is removed on a cross-origin hop', async () => {
    const seen: HttpRequest[] = [];
    const s = permissive();
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API, headers: { Authorization: 'Bearer t' } },
      {
        send: (req) => {
          seen.push(req);
          if (req.url === API && req.method !== 'OPTIONS') {
            return {
              status: 302,
              headers: [
                ['Location', 'https://other.example/x'],
                ['Access-Control-Allow-Origin', PAGE],
              ],
            };
          }
          return s.send(req);
        },
      },
    );
    const last = seen.at(-1) as HttpRequest;
    expect(last.url).toBe('https://other.example/x');
    expect(getAll(last.headers, 'authorization')).toEqual([]);
    expect(o.warnings.some((w) => w.code === 'authorization-dropped')).toBe(true);
  });

  it('a preflight is never redirected', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API, method: 'PUT' },
      {
        send: chain({
          [API]: {
            status: 301,
            headers: [
              ['Location', `${API}/`],
              ['Access-Control-Allow-Origin', '*'],
            ],
          },
        }),
      },
    );
    expect(o.error?.code).toBe('PreflightDisallowedRedirect');
    expect(o.error?.messages.chromium).toContain('Redirect is not allowed for a preflight request.');
  });
});

describe('simulateCors: preflight cache', () => {
  it('serves a second identical request from the cache within max-age, then expires', async () => {
    let t = 0;
    const cache = new PreflightCache();
    const s = permissive();
    const init: CorsRequestInit = { pageOrigin: PAGE, url: API, method: 'PUT' };
    const a = await simulateCors(init, { send: s.send, cache, now: () => t });
    t += 4000;
    const b = await simulateCors(init, { send: s.send, cache, now: () => t });
    t += 2000;
    const c = await simulateCors(init, { send: s.send, cache, now: () => t });
    expect([a.preflight, b.preflight, c.preflight]).toEqual([true, false, true]);
    expect(b.preflightFromCache).toBe(true);
  });

  it('a result without credentials does not serve a credentialed request', async () => {
    const cache = new PreflightCache();
    const send = (req: HttpRequest): HttpResponse => ({
      status: 204,
      headers: [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Max-Age', '600'],
        ...(req.method === 'OPTIONS' ? [] : ([['Access-Control-Allow-Credentials', 'true']] as const)),
      ],
    });
    await simulateCors({ pageOrigin: PAGE, url: API, method: 'PUT' }, { send, cache });
    const b = await simulateCors(
      { pageOrigin: PAGE, url: API, method: 'PUT', credentials: 'include' },
      { send, cache },
    );
    expect(b.preflight).toBe(true);
  });

  it('a cached entry only covers the methods and headers it allowed', async () => {
    const cache = new PreflightCache();
    const s = permissive();
    await simulateCors({ pageOrigin: PAGE, url: API, method: 'PUT' }, { send: s.send, cache });
    const del = await simulateCors({ pageOrigin: PAGE, url: API, method: 'DELETE' }, { send: s.send, cache });
    const hdr = await simulateCors(
      { pageOrigin: PAGE, url: API, method: 'PUT', headers: { 'X-A': '1' } },
      { send: s.send, cache },
    );
    expect(del.preflight).toBe(true);
    expect(hdr.preflight).toBe(true);
  });
});

describe('simulateCors: outcome details', () => {
  it('exposes safelisted and listed headers; warns about a missing Vary', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: () => ({
          status: 200,
          headers: [
            ['Access-Control-Allow-Origin', PAGE],
            ['Access-Control-Expose-Headers', 'X-Request-Id'],
            ['X-Request-Id', '7'],
            ['X-Hidden', '1'],
            ['Content-Type', 'application/json'],
          ],
        }),
      },
    );
    expect(o.exposedHeaders).toEqual(['content-type', 'x-request-id']);
    expect(o.warnings.map((w) => w.code)).toContain('missing-vary');
  });

  it('gives both browsers their own message for the same response', async () => {
    const send = (): HttpResponse => ({
      status: 200,
      headers: [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Origin', PAGE],
      ],
    });
    const c = await simulateCors({ pageOrigin: PAGE, url: API }, { send, browser: 'chromium' });
    const f = await simulateCors({ pageOrigin: PAGE, url: API }, { send, browser: 'firefox' });
    expect(c.error?.code).toBe('MultipleAllowOriginValues');
    expect(c.error?.messages.firefox).toContain('Multiple CORS header');
    expect(f.error?.messages).toEqual(c.error?.messages);
  });

  it("words each browser's message from that browser's own reading of the response", async () => {
    // One line `a, b`: Chromium sees multiple values, Firefox a value that does not match (facts file).
    const send = (): HttpResponse => ({
      status: 200,
      headers: [['Access-Control-Allow-Origin', `${PAGE}, https://other.example`]],
    });
    for (const browser of ['chromium', 'firefox'] as const) {
      const o = await simulateCors({ pageOrigin: PAGE, url: API }, { send, browser });
      expect(o.error?.messages.chromium, browser).toContain(
        `The 'Access-Control-Allow-Origin' header contains multiple values '${PAGE}, https://other.example', but only one is allowed.`,
      );
      expect(o.error?.messages.firefox, browser).toContain(
        `(Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘${PAGE}, https://other.example’).`,
      );
      expect(o.exposedHeaders).toEqual([]);
    }
  });

  it("the cause and fix name the page's origin and the server that must change", async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API, credentials: 'include' },
      { send: () => ({ status: 200, headers: [] }) },
    );
    expect(o.error?.cause).toContain(API);
    expect(o.error?.cause).toContain(PAGE);
    expect(o.error?.fix).toContain(`Access-Control-Allow-Origin: ${PAGE}`);
    expect(o.error?.fix).toContain('Access-Control-Allow-Credentials: true');
    expect(o.error?.fix).toContain('https://api.example.com');
  });

  it('a server allowing exactly what is asked always passes (property)', async () => {
    const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'patch', 'OPTIONS', 'Custom'),
        fc.array(
          fc.tuple(
            token.map((t) => `X-${t}`),
            fc.string({ maxLength: 40 }).map((v) => v.replace(/[\0\r\n]/g, '')),
          ),
          { maxLength: 4 },
        ),
        fc.constantFrom('omit', 'same-origin', 'include'),
        fc.constantFrom('chromium', 'firefox', 'spec'),
        async (method, headers, credentials, browser) => {
          const s = permissive();
          const o = await simulateCors(
            { pageOrigin: PAGE, url: API, method, headers, credentials },
            { send: s.send, browser },
          );
          expect(o.error).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('simulateCors: what each step records', () => {
  it('a preflight that gets no response fails there: nothing else is sent, DevTools names the OPTIONS', async () => {
    const seen: string[] = [];
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API, method: 'PUT' },
      {
        send: (req) => {
          seen.push(req.method);
          if (req.method === 'OPTIONS') throw new Error('connect ECONNREFUSED 127.0.0.1:443');
          return { status: 200, headers: [['Access-Control-Allow-Origin', PAGE]] };
        },
      },
    );
    expect(seen).toEqual(['OPTIONS']);
    expect(o).toMatchObject({ allowed: false, preflight: true, exposedHeaders: [] });
    expect(o.error?.code).toBe('NetworkError');
    expect(o.error?.messages.chromium).toBe(`OPTIONS ${API} net::ERR_FAILED`);
    expect(o.steps).toEqual([
      {
        kind: 'preflight',
        request: expect.objectContaining({ method: 'OPTIONS', url: API }),
        response: null,
        checks: [{ name: 'network', ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:443' }],
      },
    ]);
  });

  it('a bad port fails before anything is sent, the detail saying which port and browser', async () => {
    const s = permissive();
    const o = await simulateCors(
      { pageOrigin: PAGE, url: 'https://api.example.com:6000/x', method: 'PUT' },
      { browser: 'firefox', send: s.send },
    );
    expect(s.seen).toEqual([]);
    expect(o.error?.detail).toMatchObject({ code: 'NetworkError', net: 'ERR_UNSAFE_PORT', badPort: 6000 });
    const reason = o.error?.detail && 'reason' in o.error.detail ? o.error.detail.reason : '';
    expect(reason).toContain('port 6000');
    expect(reason).toContain('Firefox ESR 153');
  });

  it('the actual request that gets no response is recorded as such', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: API },
      {
        send: () => {
          throw new Error('socket hang up');
        },
      },
    );
    expect(o.steps.map((s) => [s.kind, s.request.method, s.response])).toEqual([['actual', 'GET', null]]);
    expect(o.error?.messages.chromium).toBe(`GET ${API} net::ERR_FAILED`);
  });

  it('records the Access-Control-Allow-Origin check on the response, failed or passed', async () => {
    const failed = await simulateCors(
      { pageOrigin: PAGE, url: API },
      { send: () => ({ status: 200, headers: [['Access-Control-Allow-Origin', 'https://other.example']] }) },
    );
    expect(failed.steps).toHaveLength(1);
    expect(failed.steps[0]).toMatchObject({ kind: 'actual', response: { status: 200 } });
    expect(failed.steps[0]?.checks).toEqual([
      {
        name: 'Access-Control-Allow-Origin',
        ok: false,
        detail: "AllowOriginMismatch: 'https://other.example'",
      },
    ]);
    const passed = await simulateCors({ pageOrigin: PAGE, url: API }, { send: permissive().send });
    expect(passed.steps[0]?.checks).toEqual([
      { name: 'Access-Control-Allow-Origin', ok: true, detail: `allows ${PAGE}` },
    ]);
  });

  it('a same-origin response exposes every header but Set-Cookie, sorted', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: `${PAGE}/x` },
      {
        send: () => ({
          status: 200,
          headers: [
            ['X-Secret', '1'],
            ['Content-Type', 'text/plain'],
            ['Set-Cookie2', 'a=b'],
            ['ETag', '"1"'],
          ],
        }),
      },
    );
    expect(o.exposedHeaders).toEqual(['content-type', 'etag', 'x-secret']);
    expect(o.steps[0]?.checks).toEqual([]);
  });
});

describe('simulateCors: warnings', () => {
  const preflightWith =
    (maxAge: string) =>
    (req: HttpRequest): HttpResponse => ({
      status: req.method === 'OPTIONS' ? 204 : 200,
      headers: [
        ['Access-Control-Allow-Origin', PAGE],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Access-Control-Max-Age', maxAge],
        ['Vary', 'Origin'],
      ],
    });
  const warnings = async (browser: 'chromium' | 'firefox', maxAge: string) =>
    (
      await simulateCors(
        { pageOrigin: PAGE, url: API, method: 'PUT' },
        { browser, send: preflightWith(maxAge) },
      )
    ).warnings;

  it('none when the answer is cacheable as sent and varies on Origin', async () => {
    expect(await warnings('chromium', '600')).toEqual([]);
    expect(await warnings('firefox', '86400')).toEqual([]);
  });

  it("a Max-Age above the browser's cap says how long it really keeps the preflight", async () => {
    const [w, ...rest] = await warnings('chromium', '86400');
    expect(rest).toEqual([]);
    expect(w?.code).toBe('max-age-capped');
    expect(w?.message).toContain('86400');
    expect(w?.message).toContain('Chromium 156');
    expect(w?.message).toContain('7200 s');
  });

  it('a Max-Age that is not an integer: Chromium keeps its default, Firefox does not cache', async () => {
    const [c, ...rest] = await warnings('chromium', '1.5');
    expect(rest).toEqual([]);
    expect(c?.code).toBe('max-age-invalid');
    expect(c?.message).toContain("'1.5'");
    expect(c?.message).toContain('Chromium 156 uses 5 s');
    const [f] = await warnings('firefox', '1.5');
    expect(f?.code).toBe('max-age-invalid');
    expect(f?.message).toContain('Firefox ESR 153 does not cache the preflight');
  });

  it('missing Vary: only when Access-Control-Allow-Origin names an origin and Vary does not list Origin', async () => {
    const codes = async (headers: HeaderList) =>
      (
        await simulateCors({ pageOrigin: PAGE, url: API }, { send: () => ({ status: 200, headers }) })
      ).warnings.map((w) => w.code);
    const acao = (v: string): HeaderList => [['Access-Control-Allow-Origin', v]];
    expect(await codes(acao(PAGE))).toEqual(['missing-vary']);
    expect(await codes([...acao(PAGE), ['Vary', 'Accept-Encoding, Origin']])).toEqual([]);
    expect(await codes([...acao(PAGE), ['Vary', 'Accept-Encoding']])).toEqual(['missing-vary']);
    expect(await codes(acao('*'))).toEqual([]);
    // A transport that keeps the whitespace around the value: `*` still.
    expect(await codes(acao(' * '))).toEqual([]);
    const [w] = (
      await simulateCors(
        { pageOrigin: PAGE, url: API },
        { send: () => ({ status: 200, headers: acao(PAGE) }) },
      )
    ).warnings;
    expect(w?.message).toContain(`(${PAGE})`);
  });
});

describe('simulateCors: Sec-Fetch-Site after a redirect (observed in Chromium 156 and Firefox ESR 153)', () => {
  // The page asks a cross-site host, which redirects to a host same-site with the page.
  const FIRST = 'https://evil.test/a';
  const NEXT = 'https://api.example.com/b';
  async function sites(browser: 'chromium' | 'firefox', method: string): Promise<string[]> {
    const seen: string[] = [];
    await simulateCors(
      { pageOrigin: PAGE, url: FIRST, method },
      {
        browser,
        send: (req) => {
          seen.push(`${req.method} ${req.url} ${getAll(req.headers, 'sec-fetch-site')[0]}`);
          const allow: HeaderList = [
            ['Access-Control-Allow-Origin', getAll(req.headers, 'origin')[0] ?? '*'],
            ['Access-Control-Allow-Methods', 'PUT'],
          ];
          if (req.url === FIRST && req.method !== 'OPTIONS')
            return { status: 307, headers: [...allow, ['Location', NEXT]] };
          return { status: req.method === 'OPTIONS' ? 204 : 200, headers: allow };
        },
      },
    );
    return seen;
  }

  it('a request the browser follows keeps every URL it has been at: cross-site', async () => {
    for (const browser of ['chromium', 'firefox'] as const)
      expect(await sites(browser, 'GET'), browser).toEqual([
        `GET ${FIRST} cross-site`,
        `GET ${NEXT} cross-site`,
      ]);
  });

  it('a preflighted request: Chromium restarts it (same-site), Firefox keeps its URL list (cross-site)', async () => {
    const before = [`OPTIONS ${FIRST} cross-site`, `PUT ${FIRST} cross-site`, `OPTIONS ${NEXT} same-site`];
    expect(await sites('chromium', 'PUT')).toEqual([...before, `PUT ${NEXT} same-site`]);
    expect(await sites('firefox', 'PUT')).toEqual([...before, `PUT ${NEXT} cross-site`]);
  });
});
