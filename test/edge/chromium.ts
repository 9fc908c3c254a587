// Real Chromium against a runtime: pages on *.localhost origins (Chromium maps *.localhost to loopback)
// served by one page server, each calling fetch() on the runtime; DevTools' Network domain shows whether a
// preflight went on the wire and what status the runtime gave it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, CDPSession, Page } from 'playwright-core';

/**
 * A loopback page server answering a blank page for any Host.
 *
 * @example
 * const pages: PageServer = await startPageServer(); await pages.close();
 */
export interface PageServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Start the page server on 127.0.0.1 (ephemeral port).
 *
 * @example
 * const pages = await startPageServer(); // pages on http://app.localhost:<pages.port>/
 */
export async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>corsair edge</title>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a page's fetch() gave, and what went over the wire for it.
 *
 * @example
 * const { status, preflightStatuses } = await page.fetchFrom(origin, url, { method: 'PUT', credentials: 'include' });
 */
export interface BrowserFetchResult {
  /** `null` when fetch() rejected (a CORS failure is a TypeError to the page). */
  readonly status: number | null;
  /** The page's error text when fetch() rejected. */
  readonly error: string | null;
  /** `X-Runtime` as the page could read it (exposed headers only). */
  readonly runtimeHeader: string | null;
  readonly body: string | null;
  /** Statuses of the preflights (OPTIONS requests in DevTools) the API answered. */
  readonly preflightStatuses: readonly number[];
  /** Methods of the non-preflight requests that reached the API. */
  readonly actualMethods: readonly string[];
  /** Console errors the page printed (Chromium's CORS messages). */
  readonly console: readonly string[];
}

/**
 * One page in one context, with DevTools' network log.
 *
 * @example
 * const page: BrowserPage = await openBrowserPage(browser); await page.close();
 */
export interface BrowserPage {
  fetchFrom(pageOrigin: string, url: string, init: BrowserFetchInit): Promise<BrowserFetchResult>;
  close(): Promise<void>;
}

/**
 * The fetch() arguments a test page uses.
 *
 * @example
 * const init: BrowserFetchInit = { method: 'GET', credentials: 'include' };
 */
export interface BrowserFetchInit {
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly credentials: 'omit' | 'include';
}

interface WireEvent {
  readonly url: string;
  readonly method: string;
  status: number | null;
  /** DevTools reported the request failed (a CORS block, for instance). */
  failed: boolean;
}

/**
 * Open a page with a DevTools session on it.
 *
 * @example
 * const page = await openBrowserPage(browser);
 * const r = await page.fetchFrom('http://app.localhost:5173', apiUrl, { method: 'PUT', credentials: 'include' });
 */
export async function openBrowserPage(browser: Browser): Promise<BrowserPage> {
  const context = await browser.newContext();
  const page: Page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const wire = new Map<string, WireEvent>();
  const consoleLines: string[] = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    wire.set(e.requestId, { url: e.request.url, method: e.request.method, status: null, failed: false });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const w = wire.get(e.requestId);
    if (w !== undefined) w.failed = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    // A preflight is its own request in DevTools (method OPTIONS, response type `Preflight`).
    const w = wire.get(e.requestId);
    if (w !== undefined) w.status = e.response.status;
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleLines.push(m.text());
  });

  return {
    async fetchFrom(pageOrigin, url, init) {
      await page.goto(`${pageOrigin}/`);
      wire.clear();
      consoleLines.length = 0;
      const r = await page.evaluate(
        async ({ url, init }) => {
          try {
            const res = await fetch(url, { ...init, mode: 'cors', cache: 'no-store' });
            return {
              status: res.status,
              error: null,
              runtimeHeader: res.headers.get('x-runtime'),
              body: await res.text(),
            };
          } catch (e) {
            return { status: null, error: String(e), runtimeHeader: null, body: null };
          }
        },
        { url, init },
      );
      // DevTools and console events arrive asynchronously: wait until every request to the API has an
      // answer or a failure and, when fetch() failed, Chromium has printed its CORS message (at most 5 s).
      const settled = () => {
        const events = [...wire.values()].filter((w) => w.url === url);
        const answered = events.length > 0 && events.every((w) => w.status !== null || w.failed);
        return (
          answered && (r.error === null || consoleLines.some((l) => l.includes('blocked by CORS policy')))
        );
      };
      for (let waited = 0; !settled() && waited < 5000; waited += 25) await page.waitForTimeout(25);
      await page.waitForTimeout(50);
      const apiEvents = [...wire.values()].filter((w) => w.url === url);
      return {
        ...r,
        preflightStatuses: apiEvents
          .filter((w) => w.method === 'OPTIONS' && w.status !== null)
          .map((w) => w.status as number),
        actualMethods: apiEvents
          .filter((w) => w.method !== 'OPTIONS' && w.status !== null)
          .map((w) => w.method),
        console: [...consoleLines],
      };
    },
    close: () => context.close(),
  };
}
