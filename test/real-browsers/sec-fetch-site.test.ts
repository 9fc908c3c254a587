// Sec-Fetch-Site after a redirect, checked against the real browsers (profile field
// fetchMetadataUrlList): a page on localhost fetches 127.0.0.1 (another site), which redirects to
// localhost (the page's site, another port). A request the browser follows keeps every URL it has been at
// (cross-site); Chromium restarts a redirected request that needed a preflight, so its PUT starts a new
// URL list (same-site), while Firefox keeps it (cross-site). The engine predicts the header the server gets.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserName, simulateCors } from '../../src/browser/index.js';
import { getAll, type HeaderList, type HttpRequest, type HttpResponse } from '../../src/exchange.js';
import { listen, type Running } from '../adapters/servers.js';
import { browserAvailable, launchChromium, launchFirefox } from './launch.js';

/** The API: /a redirects to localhost's /b; every answer allows the request. */
function answer(method: string, path: string, origin: string | undefined, next: string): HttpResponse {
  const headers: HeaderList = [
    ['Access-Control-Allow-Origin', origin ?? '*'],
    ['Access-Control-Allow-Methods', 'PUT'],
  ];
  if (path === '/a' && method !== 'OPTIONS')
    return { status: 307, headers: [...headers, ['Location', next]] };
  return { status: method === 'OPTIONS' ? 204 : 200, headers };
}

let api: Running;
let pageServer: Running;
let apiPort = '';
let pageOrigin = '';
/** `METHOD /path sec-fetch-site` of each request the API got, per test run. */
let seen: string[] = [];

beforeAll(async () => {
  api = await listen(
    http.createServer((req, res) => {
      const path = req.url ?? '/';
      seen.push(`${req.method} ${path} ${req.headers['sec-fetch-site']}`);
      const origin = req.headers.origin;
      const { status, headers } = answer(req.method ?? 'GET', path, origin, `http://localhost:${apiPort}/b`);
      res.writeHead(status, Object.fromEntries(headers));
      req.resume();
      res.end();
    }),
  );
  apiPort = new URL(api.url).port;
  pageServer = await listen(
    http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>page</title>');
    }),
  );
  pageOrigin = `http://localhost:${new URL(pageServer.url).port}`;
});
afterAll(async () => {
  await api?.close();
  await pageServer?.close();
});

/** The Sec-Fetch-Site of the actual request at /b, as the engine predicts it. */
async function predicted(browser: BrowserName, method: string): Promise<string | undefined> {
  let site: string | undefined;
  const next = `http://localhost:${apiPort}/b`;
  await simulateCors(
    { pageOrigin, url: `http://127.0.0.1:${apiPort}/a`, method },
    {
      browser,
      send: (r: HttpRequest) => {
        const path = new URL(r.url).pathname;
        if (path === '/b' && r.method !== 'OPTIONS') site = getAll(r.headers, 'sec-fetch-site')[0];
        return answer(r.method, path, getAll(r.headers, 'origin')[0], next);
      },
    },
  );
  return site;
}

/** The Sec-Fetch-Site the API got on the actual request at /b. */
function observed(): string | undefined {
  return seen.find((l) => l.startsWith('GET /b ') || l.startsWith('PUT /b '))?.split(' ')[2];
}

type PageFetch = (url: string, method: string) => Promise<unknown>;

function cases(browser: BrowserName, expected: Record<'GET' | 'PUT', string>, pageFetch: () => PageFetch) {
  it.each(['GET', 'PUT'] as const)(
    '%s: the server gets the Sec-Fetch-Site the engine predicts',
    async (method) => {
      seen = [];
      await pageFetch()(`http://127.0.0.1:${apiPort}/a`, method);
      expect(observed()).toBe(expected[method]);
      expect(await predicted(browser, method)).toBe(observed());
    },
  );
}

describe.runIf(browserAvailable('chromium'))('Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let fetchFromPage: PageFetch;
  beforeAll(async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${pageOrigin}/`);
    fetchFromPage = (url, method) =>
      page.evaluate(([u, m]) => fetch(u, { method: m }).then((r) => r.status), [url, method] as const);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  cases('chromium', { GET: 'cross-site', PUT: 'same-site' }, () => fetchFromPage);
});

describe.runIf(browserAvailable('firefox'))('Firefox ESR', () => {
  let ff: Awaited<ReturnType<typeof launchFirefox>>;
  let fetchFromPage: PageFetch;
  beforeAll(async () => {
    ff = await launchFirefox();
    const page = await ff.browser.newPage();
    await page.goto(`${pageOrigin}/`);
    fetchFromPage = (url, method) =>
      page.evaluate((u, m) => fetch(u, { method: m }).then((r) => r.status), url, method);
  }, 60_000);
  afterAll(async () => {
    await ff?.close();
  });
  cases('firefox', { GET: 'cross-site', PUT: 'cross-site' }, () => fetchFromPage);
});
