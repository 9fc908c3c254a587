// Loopback servers and an in-page script for the real-browser HAR suites: a page origin, an API on a
// second origin and a redirect target on a third, with one path per CORS family, allowed and blocked.
// Expected verdicts come from what the browser did in the page, never from the engine.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Running {
  readonly origin: string;
  readonly close: () => Promise<void>;
}

export function listen(handler: http.RequestListener, host = '127.0.0.1'): Promise<Running> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** One fetch the page makes. `code` is the engine's error code a live check must give when blocked. */
export interface PageCase {
  readonly name: string;
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly credentials: 'omit' | 'same-origin' | 'include';
  readonly body?: string;
  /** Read this response header in the page (exposed-headers family). */
  readonly readHeader?: string;
  readonly xhr?: boolean;
  readonly code: string | null;
}

export const CASES: readonly PageCase[] = [
  // First: the API sets cookies, so later credentialed requests carry them and the HAR proves the mode.
  {
    name: 'sets a cookie',
    path: '/set-cookie',
    method: 'GET',
    headers: {},
    credentials: 'include',
    code: null,
  },
  {
    name: 'simple allowed by *',
    path: '/star',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    code: null,
  },
  {
    name: 'no Allow-Origin',
    path: '/none',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    code: 'MissingAllowOriginHeader',
  },
  {
    name: 'Allow-Origin mismatch',
    path: '/other',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    code: 'AllowOriginMismatch',
  },
  {
    name: 'credentials with *',
    path: '/star',
    method: 'GET',
    headers: {},
    credentials: 'include',
    code: 'WildcardOriginNotAllowed',
  },
  {
    name: 'credentials allowed',
    path: '/cred',
    method: 'GET',
    headers: {},
    credentials: 'include',
    code: null,
  },
  {
    name: 'credentials without Allow-Credentials',
    path: '/reflect',
    method: 'GET',
    headers: {},
    credentials: 'include',
    code: 'InvalidAllowCredentials',
  },
  {
    name: 'preflight allowed',
    path: '/pf',
    method: 'PUT',
    headers: { 'X-Token': 'abc' },
    credentials: 'same-origin',
    body: '{}',
    code: null,
  },
  {
    name: 'preflight method refused',
    path: '/pf',
    method: 'DELETE',
    headers: {},
    credentials: 'same-origin',
    code: 'MethodDisallowedByPreflightResponse',
  },
  {
    name: 'preflight header refused',
    path: '/pf',
    method: 'PUT',
    headers: { 'X-Other': '1' },
    credentials: 'same-origin',
    body: '{}',
    code: 'HeaderDisallowedByPreflightResponse',
  },
  {
    name: 'preflight bad status',
    path: '/pf-500',
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: '{}',
    code: 'PreflightInvalidStatus',
  },
  {
    name: 'preflight without Allow-Origin',
    path: '/reflect-get-only',
    method: 'PATCH',
    headers: {},
    credentials: 'same-origin',
    body: '{}',
    code: 'PreflightMissingAllowOriginHeader',
  },
  {
    name: 'redirect then allowed',
    path: '/to-star',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    code: null,
  },
  {
    name: 'redirect then refused',
    path: '/to-none',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    code: 'MissingAllowOriginHeader',
  },
  {
    name: 'cross-origin redirect, origin null allowed',
    path: '/to-third-star',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    code: null,
  },
  {
    name: 'cross-origin redirect, origin null refused',
    path: '/to-third-reflect',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    code: 'AllowOriginMismatch',
  },
  {
    name: 'exposed header readable',
    path: '/expose',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    readHeader: 'X-Request-Id',
    code: null,
  },
  {
    name: 'unexposed header hidden',
    path: '/star-id',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    readHeader: 'X-Request-Id',
    code: null,
  },
  {
    name: 'XMLHttpRequest refused',
    path: '/none-xhr',
    method: 'GET',
    headers: {},
    credentials: 'same-origin',
    xhr: true,
    code: 'MissingAllowOriginHeader',
  },
];

/** The API on the second origin; `third` is the redirect target's origin. */
export function apiHandler(page: string, third: () => string): http.RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const origin = req.headers.origin ?? '';
    const pre = req.method === 'OPTIONS';
    const set = (n: string, v: string) => res.setHeader(n, v);
    switch (path) {
      case '/star':
      case '/star-id':
        set('Access-Control-Allow-Origin', '*');
        set('X-Request-Id', 'r1');
        break;
      case '/other':
        set('Access-Control-Allow-Origin', 'https://other.example');
        break;
      case '/set-cookie':
        res.setHeader('Set-Cookie', ['a=1; SameSite=None; Secure; Path=/', 'b=1; Path=/']);
        set('Access-Control-Allow-Origin', origin);
        set('Access-Control-Allow-Credentials', 'true');
        set('Vary', 'Origin');
        break;
      case '/cred':
        set('Access-Control-Allow-Origin', origin);
        set('Access-Control-Allow-Credentials', 'true');
        set('Vary', 'Origin');
        break;
      case '/reflect':
      case '/reflect-get-only':
        if (!pre || path === '/reflect') set('Access-Control-Allow-Origin', origin);
        set('Vary', 'Origin');
        break;
      case '/pf':
        set('Access-Control-Allow-Origin', page);
        set('Access-Control-Allow-Methods', 'PUT');
        set('Access-Control-Allow-Headers', 'X-Token');
        set('Access-Control-Max-Age', '0');
        if (pre) res.statusCode = 204;
        break;
      case '/pf-500':
        set('Access-Control-Allow-Origin', page);
        set('Access-Control-Allow-Methods', 'PUT');
        set('Access-Control-Allow-Headers', 'Content-Type');
        res.statusCode = pre ? 500 : 200;
        break;
      case '/to-star':
      case '/to-none':
        set('Access-Control-Allow-Origin', '*');
        res.statusCode = 302;
        set('Location', path === '/to-star' ? '/star' : '/none');
        break;
      case '/to-third-star':
      case '/to-third-reflect':
        set('Access-Control-Allow-Origin', '*');
        res.statusCode = 302;
        set('Location', `${third()}${path === '/to-third-star' ? '/star' : '/page-only'}`);
        break;
      case '/expose':
        set('Access-Control-Allow-Origin', page);
        set('Access-Control-Expose-Headers', 'X-Request-Id');
        set('X-Request-Id', 'r1');
        set('Vary', 'Origin');
        break;
    }
    res.end(pre ? '' : 'body');
  };
}

/** The third origin: `/star` allows every origin, `/page-only` only the page (so `null` is refused). */
export function thirdHandler(page: string): http.RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.setHeader('Access-Control-Allow-Origin', path === '/star' ? '*' : page);
    res.end('body');
  };
}

/** Page script: each case in order; `ok` when the script read the body, and the header it could read. */
export function pageScript(api: string, cases: readonly PageCase[]): string {
  return `(async () => {
  const cases = ${JSON.stringify(cases)};
  const out = [];
  for (const c of cases) {
    const url = ${JSON.stringify(api)} + c.path + '?case=' + out.length;
    try {
      if (c.xhr) {
        const ok = await new Promise((resolve) => {
          const x = new XMLHttpRequest();
          x.open(c.method, url);
          x.onload = () => resolve(true);
          x.onerror = () => resolve(false);
          x.send();
        });
        out.push({ ok, header: null });
        continue;
      }
      const r = await fetch(url, { method: c.method, headers: c.headers, credentials: c.credentials, body: c.body ?? null, cache: 'no-store' });
      await r.text();
      out.push({ ok: true, header: c.readHeader ? r.headers.get(c.readHeader) : null });
    } catch (e) {
      out.push({ ok: false, header: null });
    }
  }
  return out;
})()`;
}
