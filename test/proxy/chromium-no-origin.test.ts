// Issue 13, item 7, in real Chromium: requests that carry no Origin (<img>, <script>, <iframe>, a link, a
// GET form) still carry the user's cookies, which `--cookies rewrite` makes SameSite=None. A page the
// policy does not allow must not get the proxy to act with them; the allowed page, the user's own
// navigation and curl keep working.
import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../real-browsers/launch.js';
import { type RunningProxy, rawHeader, startProxy, startUpstream, type Upstream } from './helpers.js';

describe.skipIf(!browserAvailable('chromium'))('requests without Origin in real Chromium', () => {
  let upstream: Upstream;
  let proxy: RunningProxy;
  let pages: Server;
  let pagePort = 0;
  let sibling: Server;
  let siblingPort = 0;
  let browser: Browser;
  let context: BrowserContext;
  const allowedPage = () => `http://127.0.0.1:${pagePort}`;
  // localhost and 127.0.0.1 are different sites: this page is cross-site to the proxy.
  const foreignPage = () => `http://localhost:${pagePort}`;
  // Another local dev server: same site as the proxy (ports do not count), so even Lax cookies go along.
  const siblingPage = () => `http://127.0.0.1:${siblingPort}`;

  /** What the upstream saw for a path: undefined if nothing, else the Cookie it got (or null). */
  function seen(path: string): (string | null)[] {
    return upstream.seen
      .filter((s) => s.url.split('?')[0] === path)
      .map((s) => rawHeader(s.headers, 'cookie')[0] ?? null);
  }

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/api/login') {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Set-Cookie': 'sid=s3cret; Path=/; SameSite=Lax; HttpOnly',
        });
        res.end('{"loggedIn":true}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(`done ${path}`);
    });
    const serve = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const p = url.searchParams.get('proxy') ?? '';
      const tag = url.searchParams.get('tag') ?? 'x';
      const policy = url.searchParams.get('referrer');
      res.writeHead(200, {
        'Content-Type': 'text/html',
        ...(policy ? { 'Referrer-Policy': policy } : {}),
      });
      // Every way a page makes a browser send a GET without Origin, all at once.
      res.end(`<!doctype html><title>${tag}</title>
<img src="${p}/api/${tag}-img">
<script src="${p}/api/${tag}-script"></script>
<iframe src="${p}/api/${tag}-frame"></iframe>
<link rel="stylesheet" href="${p}/api/${tag}-css">
<form id="f" method="GET" action="${p}/api/${tag}-form"><input name="a" value="1"></form>
<a id="link" href="${p}/api/${tag}-link">go</a>`);
    };
    pages = createServer(serve);
    sibling = createServer(serve);
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => sibling.listen(0, '127.0.0.1', resolve));
    const a = pages.address();
    pagePort = typeof a === 'object' && a ? a.port : 0;
    const b = sibling.address();
    siblingPort = typeof b === 'object' && b ? b.port : 0;
    proxy = await startProxy({
      targets: [upstream.url],
      cors: { origins: [allowedPage()], methods: '*', allowedHeaders: '*', credentials: true },
      allowPrivate: true,
      cookies: 'rewrite',
    });
    browser = await launchChromium();
    context = await browser.newContext();
    // Log in from the allowed page: the proxy rewrites the cookie to SameSite=None; Secure.
    const page = await context.newPage();
    await page.goto(`${allowedPage()}/?tag=login`);
    const login = await page.evaluate(
      async (base) => (await fetch(`${base}/api/login`, { method: 'POST', credentials: 'include' })).json(),
      proxy.url,
    );
    expect(login).toEqual({ loggedIn: true });
    await page.close();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await proxy?.close();
    await upstream?.close();
    await new Promise<void>((resolve) => (pages ? pages.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (sibling ? sibling.close(() => resolve()) : resolve()));
  });

  async function visit(origin: string, tag: string, extra = ''): Promise<void> {
    const page = await context.newPage();
    try {
      await page.goto(`${origin}/?tag=${tag}&proxy=${encodeURIComponent(proxy.url)}${extra}`, {
        waitUntil: 'load',
      });
      await Promise.all([page.waitForEvent('framenavigated'), page.click('#link')]);
      await page.goBack({ waitUntil: 'load' });
      await Promise.all([
        page.waitForEvent('framenavigated'),
        page.evaluate(() => {
          (document.getElementById('f') as HTMLFormElement).submit();
        }),
      ]);
      await page.waitForLoadState('load');
    } finally {
      await page.close();
    }
  }

  const KINDS = ['img', 'script', 'frame', 'css', 'form', 'link'];

  it('a foreign page cannot make the proxy act: img, script, iframe, stylesheet, form and link never reach the API', async () => {
    // A same-site page on another port, which the browser sends the cookie from.
    await visit(siblingPage(), 'sibling');
    for (const kind of KINDS) expect(seen(`/api/sibling-${kind}`), kind).toEqual([]);
    // A cross-site page.
    await visit(foreignPage(), 'foreign');
    for (const kind of KINDS) expect(seen(`/api/foreign-${kind}`), kind).toEqual([]);
    // …nor when it hides itself with Referrer-Policy: no-referrer.
    await visit(foreignPage(), 'hidden', '&referrer=no-referrer');
    for (const kind of KINDS) expect(seen(`/api/hidden-${kind}`), kind).toEqual([]);
    expect(proxy.logs.some((l) => l.error === 'PROXY_CROSS_SITE_REFUSED')).toBe(true);
  }, 60_000);

  it('the allowed page still embeds and links through the proxy, with the cookie', async () => {
    await visit(allowedPage(), 'own');
    for (const kind of KINDS) expect(seen(`/api/own-${kind}`), kind).toContain('sid=s3cret');
  }, 60_000);

  it('the user opening the URL (Sec-Fetch-Site: none) and curl (no browser metadata) keep working', async () => {
    const page = await context.newPage();
    try {
      const r = await page.goto(`${proxy.url}/api/typed`);
      expect(r?.status()).toBe(200);
    } finally {
      await page.close();
    }
    expect(seen('/api/typed')).toEqual(['sid=s3cret']);
    const curl = await fetch(`${proxy.url}/api/curl`, { headers: { Cookie: 'sid=from-curl' } });
    expect(await curl.text()).toBe('done /api/curl');
    expect(seen('/api/curl')).toEqual(['sid=from-curl']);
  }, 60_000);
});
