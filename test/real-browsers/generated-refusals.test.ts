// The generated nginx, Apache and Caddy configs in real Chromium (issue 14): a preflight from an allowed
// page for a method or header the policy does not list is answered as corsair answers it, so Chromium's
// own console line names the method or header, not a missing Access-Control-Allow-Origin; what the
// policy lists still passes, and a page the policy does not allow still gets no CORS headers.
// Skips loudly without Chromium or a server; fails under CORSAIR_REQUIRE_BROWSERS=1 / _SERVERS=1.
import http from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import { listen } from '../adapters/servers.js';
import {
  type Running,
  SERVER_PROOF_TIMEOUT_MS,
  startApache,
  startCaddy,
  startNginx,
  webServerAvailable,
} from '../generate/servers.js';
import { browserAvailable, launchChromium } from './launch.js';

const hasChromium = browserAvailable('chromium');

const SERVERS = [
  ['nginx', startNginx, () => webServerAvailable('nginx')],
  ['apache', startApache, () => webServerAvailable('apache2')],
  ['caddy', startCaddy, () => webServerAvailable('caddy')],
] as const;

/** A blank page on its own loopback port: the page origin. */
function startPage() {
  return listen(
    http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>page</title>');
    }),
  );
}

/** fetch() from the page; whether it resolved, and Chromium's CORS console lines. */
async function fetchFrom(
  browser: Browser,
  pageUrl: string,
  target: string,
  init: { method: string; headers?: Record<string, string>; credentials: 'include' },
): Promise<{ ok: boolean; console: string[] }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const lines: string[] = [];
    page.on('console', (m) => lines.push(m.text()));
    await page.goto(pageUrl);
    const ok = await page.evaluate(
      async ([u, i]) => {
        try {
          await (await fetch(u, i)).text();
          return true;
        } catch {
          return false;
        }
      },
      [target, init] as const,
    );
    // Chromium logs the CORS line just after the promise rejects: wait for it (not a timed assertion).
    if (!ok)
      for (let i = 0; i < 80 && !lines.some((l) => l.includes('CORS')); i++) await page.waitForTimeout(25);
    return { ok, console: lines.filter((l) => l.includes('CORS policy')) };
  } finally {
    await context.close();
  }
}

describe.skipIf(!hasChromium)(
  'generated server configs refuse unlisted preflights so Chromium names them',
  () => {
    let browser: Browser;
    let page: { url: string; close: () => Promise<void> };
    let other: { url: string; close: () => Promise<void> };
    beforeAll(async () => {
      browser = await launchChromium();
      page = await startPage();
      other = await startPage();
    });
    afterAll(async () => {
      await browser?.close();
      await page?.close();
      await other?.close();
    });

    describe.each(SERVERS)('%s', (target, start, available) => {
      let server: Running | undefined;
      const skip = !available();
      afterAll(async () => {
        await server?.close();
      });
      const base = async () => {
        server ??= await start(
          generateConfig(target, {
            origins: [new URL(page.url).origin],
            methods: ['GET', 'POST', 'DELETE'],
            allowedHeaders: ['X-Api-Key'],
            credentials: true,
            maxAge: 600,
          }).files,
        );
        return `${new URL(server.url).origin}/items`;
      };

      it.skipIf(skip)(
        'an unlisted method: "Method PUT is not allowed by Access-Control-Allow-Methods"',
        async () => {
          const r = await fetchFrom(browser, page.url, await base(), {
            method: 'PUT',
            credentials: 'include',
          });
          expect(r.ok).toBe(false);
          expect(r.console.join('\n')).toContain(
            'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.',
          );
        },
        SERVER_PROOF_TIMEOUT_MS,
      );

      it.skipIf(skip)(
        'an unlisted header: "Request header field x-unlisted is not allowed by Access-Control-Allow-Headers"',
        async () => {
          const r = await fetchFrom(browser, page.url, await base(), {
            method: 'DELETE',
            headers: { 'X-Api-Key': '1', 'X-Unlisted': '1' },
            credentials: 'include',
          });
          expect(r.ok).toBe(false);
          expect(r.console.join('\n')).toContain(
            'Request header field x-unlisted is not allowed by Access-Control-Allow-Headers in preflight response.',
          );
        },
        SERVER_PROOF_TIMEOUT_MS,
      );

      it.skipIf(skip)(
        'what the policy lists passes; a page it does not allow gets no Access-Control-Allow-Origin',
        async () => {
          const url = await base();
          const listed = await fetchFrom(browser, page.url, url, {
            method: 'DELETE',
            headers: { 'X-Api-Key': '1' },
            credentials: 'include',
          });
          expect(listed.ok, listed.console.join('\n')).toBe(true);
          const refused = await fetchFrom(browser, other.url, url, { method: 'PUT', credentials: 'include' });
          expect(refused.ok).toBe(false);
          expect(refused.console.join('\n')).toContain("No 'Access-Control-Allow-Origin' header is present");
        },
        SERVER_PROOF_TIMEOUT_MS,
      );
    });
  },
);
