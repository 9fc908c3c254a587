// Real Chromium: a page on an allowed origin calls an API through the proxy (with and without
// credentials, simple and preflighted); a page on another origin cannot, and nothing reaches the API.
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../real-browsers/launch.js';
import { type RunningProxy, rawHeader, startProxy, startUpstream, type Upstream } from './helpers.js';

describe.skipIf(!browserAvailable('chromium'))('corsair proxy in real Chromium', () => {
  let upstream: Upstream;
  let proxy: RunningProxy;
  let pages: Server;
  let pagePort = 0;
  let browser: Browser;

  beforeAll(async () => {
    // An API that knows nothing about CORS and sets a cookie for its own host.
    upstream = await startUpstream((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/api/moved') {
        res.writeHead(307, { Location: `${upstream.url}/api/items/9` });
        res.end();
        return;
      }
      if (path === '/api/login') {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Set-Cookie': 'sid=s3cret; Domain=127.0.0.1; Path=/; SameSite=Lax; HttpOnly',
        });
        res.end('{"loggedIn":true}');
        return;
      }
      let body = '';
      req.on('data', (d) => {
        body += d.toString();
      });
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            method: req.method,
            path,
            body,
            cookie: rawHeader(req.rawHeaders, 'cookie')[0] ?? null,
          }),
        );
      });
    });
    pages = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>page</title>');
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    const a = pages.address();
    pagePort = typeof a === 'object' && a ? a.port : 0;
    proxy = await startProxy({
      targets: [upstream.url],
      cors: {
        origins: [`http://127.0.0.1:${pagePort}`],
        methods: '*',
        allowedHeaders: '*',
        credentials: true,
      },
      allowPrivate: true,
      cookies: 'rewrite',
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await upstream?.close();
    await new Promise<void>((resolve) => (pages ? pages.close(() => resolve()) : resolve()));
  });

  async function onPage<T>(
    pageOrigin: string,
    script: (proxyUrl: string) => Promise<T>,
    base = proxy.url,
  ): Promise<T> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${pageOrigin}/`);
      return await page.evaluate(script, base);
    } finally {
      await context.close();
    }
  }

  it('an allowed page reads the API without credentials, simple and preflighted', async () => {
    const result = await onPage(`http://127.0.0.1:${pagePort}`, async (base) => {
      const simple = await (await fetch(`${base}/api/items?page=2`)).json();
      const put = await fetch(`${base}/api/items/7`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-Token': 't' },
        body: JSON.stringify({ name: 'x' }),
      });
      return { simple, put: await put.json() };
    });
    expect(result.simple).toEqual({ method: 'GET', path: '/api/items', body: '', cookie: null });
    expect(result.put).toEqual({ method: 'PUT', path: '/api/items/7', body: '{"name":"x"}', cookie: null });
    // The preflight was answered by the proxy; the API saw only the actual requests.
    expect(upstream.seen.map((s) => s.method)).not.toContain('OPTIONS');
  });

  it('an allowed page logs in and sends the (rewritten) cookie back with credentials: include', async () => {
    const result = await onPage(`http://127.0.0.1:${pagePort}`, async (base) => {
      const login = await (
        await fetch(`${base}/api/login`, { method: 'POST', credentials: 'include' })
      ).json();
      const me = await (await fetch(`${base}/api/me`, { credentials: 'include' })).json();
      const anonymous = await (await fetch(`${base}/api/me`, { credentials: 'omit' })).json();
      return { login, me, anonymous };
    });
    expect(result.login).toEqual({ loggedIn: true });
    expect(result.me.cookie).toBe('sid=s3cret');
    expect(result.anonymous.cookie).toBeNull();
  });

  it('Chromium follows a 307 rewritten through the proxy, keeping method and body', async () => {
    const result = await onPage(`http://127.0.0.1:${pagePort}`, async (base) => {
      const r = await fetch(`${base}/api/moved`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: '{"v":1}',
      });
      return { url: r.url, redirected: r.redirected, body: await r.json() };
    });
    expect(result.redirected).toBe(true);
    expect(result.url).toBe(`${proxy.url}/api/items/9`);
    expect(result.body).toEqual({ method: 'PUT', path: '/api/items/9', body: '{"v":1}', cookie: null });
  });

  it('the page can read a 502 from the proxy when the API is down (not a CORS error)', async () => {
    const gone = await startUpstream(() => {});
    await gone.close();
    const down = await startProxy({
      targets: [gone.url],
      cors: { origins: [`http://127.0.0.1:${pagePort}`] },
      allowPrivate: true,
    });
    try {
      const result = await onPage(
        `http://127.0.0.1:${pagePort}`,
        async (base) => {
          const r = await fetch(`${base}/api/items`);
          return { status: r.status, body: await r.json() };
        },
        down.url,
      );
      expect(result.status).toBe(502);
      expect(result.body.error.code).toBe('PROXY_UPSTREAM_UNREACHABLE');
    } finally {
      await down.close();
    }
  });

  it('a page on another origin cannot read the API, and its requests never reach it', async () => {
    upstream.seen.length = 0;
    const result = await onPage(`http://localhost:${pagePort}`, async (base) => {
      const attempt = async (init?: RequestInit) => {
        try {
          await fetch(`${base}/api/secret`, init);
          return 'read';
        } catch (e) {
          return (e as Error).name;
        }
      };
      return {
        get: await attempt(),
        post: await attempt({
          method: 'POST',
          body: 'x=1',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
        withCredentials: await attempt({ credentials: 'include' }),
        put: await attempt({ method: 'PUT', body: '{}', headers: { 'Content-Type': 'application/json' } }),
      };
    });
    expect(result).toEqual({
      get: 'TypeError',
      post: 'TypeError',
      withCredentials: 'TypeError',
      put: 'TypeError',
    });
    expect(upstream.seen).toEqual([]);
  });
});
