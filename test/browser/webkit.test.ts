// The webkit profile and WebKit's console messages: one test per difference the conformance suite found
// in WebKitGTK 2.50.6 (conformance cases named in each test). Every expected line is one WebKit printed.
import { describe, expect, it } from 'vitest';
import { webkitMessage } from '../../src/browser/messages-webkit.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName, Outcome } from '../../src/browser/types.js';
import { webkitHeaderMapOrder, webkitHeaderName } from '../../src/browser/webkit-header-map.js';
import type { HeaderList, HttpRequest, HttpResponse } from '../../src/exchange.js';

const PAGE = 'http://127.0.0.1:1000';
const API = 'http://localhost:2000';

function table(routes: Record<string, HttpResponse>): (r: HttpRequest) => HttpResponse {
  return (r) => {
    const u = new URL(r.url);
    return (
      routes[`${r.method} ${u.origin}${u.pathname}`] ??
      routes[`${u.origin}${u.pathname}`] ?? { status: 404, headers: [] }
    );
  };
}

function run(
  init: {
    method?: string;
    headers?: HeaderList;
    credentials?: 'omit' | 'include';
    initiator?: 'fetch' | 'xhr';
  },
  routes: Record<string, HttpResponse>,
  browser: BrowserName = 'webkit',
): Promise<Outcome> {
  return simulateCors({ pageOrigin: PAGE, url: `${API}/x`, ...init }, { browser, send: table(routes) });
}

const acao = (v: string): HeaderList => [['Access-Control-Allow-Origin', v]];
const cannotLoad = (url = `${API}/x`, api = 'Fetch API') =>
  `${api} cannot load ${url} due to access control checks.`;

describe('WebKit console messages (observed in WebKitGTK 2.50.6)', () => {
  it('a missing or different Access-Control-Allow-Origin names the origin and the status (simple-acao/*)', async () => {
    for (const headers of [[], acao('http://other.example'), acao('HTTP://127.0.0.1:1000')] as HeaderList[]) {
      const o = await run({}, { [`${API}/x`]: { status: 200, headers } });
      expect(o.error?.messages.webkit).toBe(
        `Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 200\n${cannotLoad()}`,
      );
    }
  });

  it('a comma in the joined value is "more than one origin"; a space alone is not (simple-acao/*)', async () => {
    const two = await run({}, { [`${API}/x`]: { status: 200, headers: [...acao(PAGE), ...acao(PAGE)] } });
    expect(two.error?.messages.webkit.split('\n')[0]).toBe(
      'Access-Control-Allow-Origin cannot contain more than one origin.',
    );
    const spaced = await run({}, { [`${API}/x`]: { status: 200, headers: acao(`${PAGE} ${PAGE}`) } });
    expect(spaced.error?.messages.webkit.split('\n')[0]).toMatch(/^Origin .* is not allowed/);
  });

  it('XMLHttpRequest names itself on the second line (xhr/*)', async () => {
    const o = await run(
      { initiator: 'xhr', credentials: 'include' },
      { [`${API}/x`]: { status: 200, headers: acao('*') } },
    );
    expect(o.error?.messages.webkit).toBe(
      `Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\n${cannotLoad(undefined, 'XMLHttpRequest')}`,
    );
  });

  it('a failing redirect names its target, without userinfo (redirect/*, redirect-userinfo/*)', async () => {
    const o = await run({}, { [`${API}/x`]: { status: 302, headers: [['Location', `${API}/y`]] } });
    expect(o.error?.messages.webkit).toBe(
      `Cross-origin redirection to ${API}/y denied by Cross-Origin Resource Sharing policy: Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 302\n${cannotLoad()}`,
    );
    const creds = await run(
      {},
      {
        [`${API}/x`]: { status: 302, headers: [...acao(PAGE), ['Location', 'http://u:p@localhost:2000/y']] },
      },
    );
    expect(creds.error?.messages.webkit.split('\n')[0]).toBe(
      `Cross-origin redirection to ${API}/y denied by Cross-Origin Resource Sharing policy: redirection URL http://u:p@localhost:2000/y has credentials`,
    );
  });

  it('forbidden methods and network failures read as the page sees them (request/method-*)', async () => {
    expect((await run({ method: 'TRACE' }, {})).error?.messages.webkit).toBe(
      'TypeError: Method is forbidden.',
    );
    expect(webkitMessage({ code: 'NetworkError', reason: 'refused' }, ctxOf())).toBe(
      'TypeError: Load failed',
    );
  });

  it('names a disallowed header in WebCore spelling when it knows it, else as the page wrote it', async () => {
    const routes = { [`OPTIONS ${API}/x`]: { status: 204, headers: acao(PAGE) } };
    const known = await run(
      {
        headers: [
          ['x-api-key', 'k'],
          ['authorization', 'a'],
        ],
      },
      routes,
    );
    expect(known.error?.messages.webkit.split('\n')[0]).toBe(
      'Request header field Authorization is not allowed by Access-Control-Allow-Headers.',
    );
    const custom = await run(
      {
        headers: [
          ['x-b', '1'],
          ['X-A', '2'],
        ],
      },
      routes,
    );
    expect(custom.error?.messages.webkit.split('\n')[0]).toBe(
      'Request header field x-b is not allowed by Access-Control-Allow-Headers.',
    );
  });

  it('names the custom header the page wrote after a safelisted Accept, in its spelling', async () => {
    const routes = { [`OPTIONS ${API}/x`]: { status: 204, headers: acao(PAGE) } };
    const o = await run(
      {
        headers: [
          ['Accept', 'application/json'],
          ['X-Trace', '1'],
        ],
      },
      routes,
    );
    expect(o.error?.messages.webkit.split('\n')[0]).toBe(
      'Request header field X-Trace is not allowed by Access-Control-Allow-Headers.',
    );
  });

  it('names a custom header in the case the page wrote it, from a header list or a record (request/unsafe-order-dcba.*)', async () => {
    const routes = { [`OPTIONS ${API}/x`]: { status: 204, headers: acao(PAGE) } };
    const dcba: HeaderList = ['X-D', 'X-C', 'X-B', 'X-A'].map((n) => [n, '1']);
    for (const headers of [dcba, Object.fromEntries(dcba)]) {
      const o = await simulateCors(
        { pageOrigin: PAGE, url: `${API}/x`, headers },
        { browser: 'webkit', send: table(routes) },
      );
      expect(o.error?.messages.webkit.split('\n')[0]).toBe(
        'Request header field X-D is not allowed by Access-Control-Allow-Headers.',
      );
    }
  });
});

describe('WebKit behaviour that differs from the other profiles', () => {
  it("checks a preflight's status before its Access-Control-Allow-Origin (preflight-status/*.acao-missing)", async () => {
    const o = await run({ method: 'PUT' }, { [`OPTIONS ${API}/x`]: { status: 404, headers: [] } });
    expect(o.error?.code).toBe('PreflightInvalidStatus');
    expect(o.error?.messages.webkit).toBe(
      `Preflight response is not successful. Status code: 404\n${cannotLoad()}`,
    );
    const chromium = await run(
      { method: 'PUT' },
      { [`OPTIONS ${API}/x`]: { status: 404, headers: [] } },
      'chromium',
    );
    expect(chromium.error?.code).toBe('PreflightMissingAllowOriginHeader');
    // Each browser's message comes from its own reading of the same preflight.
    expect(chromium.error?.messages.webkit).toBe(o.error?.messages.webkit);
    expect(o.error?.messages.chromium).toBe(chromium.error?.messages.chromium);
    expect(o.error?.messages.chromium).toContain("No 'Access-Control-Allow-Origin' header is present");
  });

  it('safelists Range with an upper-case unit (request/range-upper.*)', async () => {
    const routes = { [`${API}/x`]: { status: 206, headers: acao('*') } };
    expect((await run({ headers: [['Range', 'BYTES=0-1']] }, routes)).preflight).toBe(false);
    expect((await run({ headers: [['Range', 'BYTES=0-1']] }, routes, 'chromium')).preflight).toBe(true);
  });

  it('refuses a Location that is not a URL after the redirect passed its CORS check (redirect-odd/invalid-url.*)', async () => {
    const o = await run(
      {},
      { [`${API}/x`]: { status: 302, headers: [...acao('*'), ['Location', 'http://[::1']] } },
    );
    expect(o.error?.messages.webkit.split('\n')[0]).toBe(
      'Cross-origin redirection to http://[::1 denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme',
    );
  });

  it('fails an empty-Location redirect once it passed CORS, silently (redirect-odd/empty-location.*)', async () => {
    const o = await run({}, { [`${API}/x`]: { status: 302, headers: [...acao('*'), ['Location', '']] } });
    expect(o.allowed).toBe(false);
    expect(o.steps).toHaveLength(1);
    expect(o.error?.messages.webkit).toBe('TypeError: Load failed');
    expect(o.steps[0]).toMatchObject({ kind: 'actual', response: { status: 302 } });
    expect(o.error).toMatchObject({ code: 'NetworkError', url: `${API}/x` });
    expect(o.error?.cause).toContain('302 redirect has no Location');
  });

  it('refuses ftp: before the redirect is checked (redirect-odd/ftp-scheme.*.hop-none)', async () => {
    const o = await run({}, { [`${API}/x`]: { status: 302, headers: [['Location', 'ftp://localhost/x']] } });
    expect(o.error?.messages.webkit).toBe(`FTP URLs are disabled\n${cannotLoad()}`);
  });

  it('stops after 20 redirects and names the last URL it loaded (redirect-limit/21.*)', async () => {
    const routes: Record<string, HttpResponse> = {};
    for (let i = 0; i <= 21; i++)
      routes[`${API}/${i}`] = { status: 302, headers: [...acao('*'), ['Location', `${API}/${i + 1}`]] };
    const o = await simulateCors(
      { pageOrigin: PAGE, url: `${API}/0` },
      { browser: 'webkit', send: table(routes) },
    );
    expect(o.error?.messages.webkit).toBe(
      `Load cannot follow more than 20 redirections\n${cannotLoad(`${API}/20`)}`,
    );
  });
});

describe("WebKit's header map", () => {
  it('puts the names WebCore knows first, then the rest, each in the order set', () => {
    expect(
      webkitHeaderMapOrder(['x-b', 'X-A', 'authorization', 'x-B', 'Content-Type', 'AUTHORIZATION']),
    ).toEqual(['Authorization', 'Content-Type', 'x-b', 'X-A']);
  });

  it('knows the names WebKitGTK 2.50.6 knows: Content-Location first and spelled its way, Purpose as written (request/unsafe-order-webkit-*)', async () => {
    const bare = { [`OPTIONS ${API}/x`]: { status: 204, headers: acao(PAGE) } };
    const named = async (headers: HeaderList) =>
      (await run({ headers }, bare)).error?.messages.webkit.split('\n')[0];
    expect(
      await named([
        ['X-A', '1'],
        ['content-location', '/x'],
        ['report-to', 'g'],
      ]),
    ).toBe('Request header field Content-Location is not allowed by Access-Control-Allow-Headers.');
    expect(
      await named([
        ['X-A', '1'],
        ['purpose', 'prefetch'],
        ['x-dns-prefetch-control', 'on'],
      ]),
    ).toBe('Request header field X-A is not allowed by Access-Control-Allow-Headers.');
    expect(await named([['x-webkit-csp', 'a']])).toBe(
      'Request header field x-webkit-csp is not allowed by Access-Control-Allow-Headers.',
    );
  });

  // Every name in WebKitGTK 2.50.6's HTTPHeaderNames.in that a page can set, as WebKit prints it.
  it.each([
    'Accept',
    'Accept-Language',
    'Accept-Ranges',
    'Access-Control-Allow-Credentials',
    'Access-Control-Allow-Headers',
    'Access-Control-Allow-Methods',
    'Access-Control-Allow-Origin',
    'Access-Control-Expose-Headers',
    'Access-Control-Max-Age',
    'Age',
    'Authorization',
    'Cache-Control',
    'Clear-Site-Data',
    'Content-Disposition',
    'Content-Encoding',
    'Content-Language',
    'Content-Location',
    'Content-Security-Policy',
    'Content-Security-Policy-Report-Only',
    'Content-Type',
    'Content-Range',
    'Cross-Origin-Embedder-Policy',
    'Cross-Origin-Embedder-Policy-Report-Only',
    'Cross-Origin-Opener-Policy',
    'Cross-Origin-Opener-Policy-Report-Only',
    'Cross-Origin-Resource-Policy',
    'Default-Style',
    'ETag',
    'Expires',
    'If-Match',
    'If-Modified-Since',
    'If-None-Match',
    'If-Range',
    'If-Unmodified-Since',
    'Integrity-Policy',
    'Integrity-Policy-Report-Only',
    'Last-Event-ID',
    'Last-Modified',
    'Link',
    'Location',
    'Ping-From',
    'Ping-To',
    'Pragma',
    'Range',
    'Referrer-Policy',
    'Refresh',
    'Report-To',
    'Reporting-Endpoints',
    'Server-Timing',
    'Service-Worker',
    'Service-Worker-Allowed',
    'Service-Worker-Navigation-Preload',
    'Set-Cookie2',
    'SourceMap',
    'Timing-Allow-Origin',
    'Upgrade-Insecure-Requests',
    'User-Agent',
    'Vary',
    'X-Content-Type-Options',
    'X-Frame-Options',
    'X-SourceMap',
    'X-XSS-Protection',
    'X-Temp-Tablet',
    'Icy-MetaInt',
    'Icy-Metadata',
  ])('%s is a name WebCore knows: spelled its way, ahead of the custom names', (spelled) => {
    const lower = spelled.toLowerCase();
    expect(webkitHeaderMapOrder(['x-custom', lower])).toEqual([spelled, 'x-custom']);
    expect(webkitHeaderName(lower, [lower.toUpperCase()])).toBe(spelled);
  });

  it('spells a known name the WebCore way and any other name as the page first did', () => {
    expect(webkitHeaderName('content-type', ['content-type'])).toBe('Content-Type');
    expect(webkitHeaderName('x-a', ['X-A', 'x-a'])).toBe('X-A');
    expect(webkitHeaderName('x-z', [])).toBe('x-z');
    expect(webkitHeaderName('x-b', ['X-A', 'X-B'])).toBe('X-B');
  });
});

function ctxOf() {
  return {
    initiator: 'fetch' as const,
    url: `${API}/x`,
    initialUrl: `${API}/x`,
    origin: PAGE,
    method: 'GET',
    status: null,
  };
}
