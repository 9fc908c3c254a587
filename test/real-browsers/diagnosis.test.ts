// Issue 14's diagnosis cases against real servers, each decided by `corsair check` and by real Chromium:
// Starlette's cookie-dependent reflection (check must send the cookie where the browser does),
// corsair's own refusal of an unlisted method (the browser's console must name the method, and check
// must show the server's stated reason), and check's generated fixes applied to nginx (add_header in
// if) and Express 5 (cors() per route): Chromium fails before, passes after, and what passed still
// passes. Skips loudly without Chromium, nginx or Starlette; fails under CORSAIR_REQUIRE_BROWSERS=1 /
// CORSAIR_REQUIRE_SERVERS=1.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { basename, join } from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cors } from '../../src/adapters/node.js';
import { listen } from '../adapters/servers.js';
import { expressPerRoute, type FixCase, nginxIf, type PageRequest } from '../audit/fix-servers.js';
import { run } from '../cli/run.js';
import {
  freePort,
  PYTHON,
  pythonHas,
  type Running,
  serverAvailable,
  spawnServer,
  workDir,
} from '../generate/servers.js';
import { browserAvailable, launchChromium } from './launch.js';

const hasChromium = browserAvailable('chromium');
const hasStarlette = serverAvailable(
  'Starlette with uvicorn',
  () => pythonHas('starlette, uvicorn'),
  'apt-get install -y python3-starlette python3-uvicorn',
);

/** A blank page on its own loopback port: the page origin. */
async function startPage() {
  return listen(
    http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>page</title>');
    }),
  );
}

/** Starlette's CORSMiddleware as its guides write it: every origin, with credentials. */
async function startStarlette(): Promise<Running> {
  const dir = workDir('starlette');
  const port = await freePort();
  writeFileSync(
    join(dir, 'app.py'),
    `from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def index(request):
    return PlainTextResponse("ok ${basename(dir)}\\n")


app = Starlette(
    routes=[Route("/", index, methods=["GET", "POST"])],
    middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)],
)
`,
  );
  return spawnServer(
    PYTHON,
    ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    port,
    { identity: basename(dir), cwd: dir, cleanup: dir },
  );
}

/** Fetch from the page in Chromium; the body when readable, else the CORS console line. */
async function chromiumFetch(
  browser: Browser,
  pageUrl: string,
  target: string,
  init: {
    method?: string;
    credentials?: 'include' | 'omit' | 'same-origin';
    headers?: [string, string][];
  },
  cookie?: { name: string; value: string },
): Promise<{ ok: boolean; body: string | null; console: string[] }> {
  const context = await browser.newContext();
  try {
    if (cookie) await context.addCookies([{ ...cookie, url: target }]);
    const page = await context.newPage();
    const lines: string[] = [];
    page.on('console', (m) => lines.push(m.text()));
    await page.goto(pageUrl);
    const r = await page.evaluate(
      async ([u, i]) => {
        try {
          const res = await fetch(u, i);
          return { ok: true, body: await res.text() };
        } catch {
          return { ok: false, body: null };
        }
      },
      [target, init] as const,
    );
    // Chromium logs the CORS line just after the promise rejects.
    if (!r.ok)
      for (let i = 0; i < 40 && !lines.some((l) => l.includes('CORS')); i++) await page.waitForTimeout(25);
    return { ...r, console: lines.filter((l) => l.includes('CORS policy')) };
  } finally {
    await context.close();
  }
}

describe.skipIf(!hasChromium)('diagnosis cases in real Chromium', () => {
  let browser: Browser;
  let page: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    browser = await launchChromium();
    page = await startPage();
  }, 60_000);
  afterAll(async () => {
    await page?.close();
    await browser?.close();
  });

  describe.skipIf(!hasStarlette)(
    "Starlette allow_origins=['*'] + allow_credentials: the verdict hangs on the cookie",
    () => {
      let api: Running;
      beforeAll(async () => {
        api = await startStarlette();
      }, 60_000);
      afterAll(async () => {
        await api?.close();
      });

      it('check without a cookie says BLOCKED, as Chromium without a cookie does', async () => {
        const r = await run(['check', api.url, '--origin', page.url, '--credentials', 'include']);
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(r.stdout).toContain('BLOCKED (WildcardOriginNotAllowed)');
        const real = await chromiumFetch(browser, page.url, api.url, { credentials: 'include' });
        expect(real.ok).toBe(false);
      });

      it.each([
        ['--cookie', ['--cookie', 'session=abc']],
        ['-H Cookie', ['-H', 'Cookie: session=abc']],
      ])(
        'check %s sends it with credentials include: ALLOWED, as logged-in Chromium; says the verdict depends on it',
        async (_n, args) => {
          const r = await run(['check', api.url, '--origin', page.url, '--credentials', 'include', ...args]);
          expect(r.code, r.stdout + r.stderr).toBe(0);
          expect(r.stdout).toContain('Cookie: session=abc');
          expect(r.stdout).toContain('verdict-depends-on-cookie');
          expect(r.stdout).toContain('Without the cookie this request is BLOCKED (WildcardOriginNotAllowed)');
          const real = await chromiumFetch(
            browser,
            page.url,
            api.url,
            { credentials: 'include' },
            { name: 'session', value: 'abc' },
          );
          expect(real.ok, real.console.join('\n')).toBe(true);
          expect(real.body).toContain('ok ');
        },
      );

      it('a cross-origin request with credentials same-origin carries no cookie, in check as in Chromium', async () => {
        const r = await run(['check', api.url, '--origin', page.url, '--cookie', 'session=abc']);
        expect(r.stdout).not.toContain('Cookie: session=abc');
        expect(r.stdout).toContain('cookie-not-sent');
        // Without credentials, ACAO '*' passes: allowed either way.
        expect(r.code).toBe(0);
        const real = await chromiumFetch(browser, page.url, api.url, {}, { name: 'session', value: 'abc' });
        expect(real.ok).toBe(true);
      });
    },
  );

  describe("corsair's own refusal of an unlisted method (Express + corsair-cors/node, debug on)", () => {
    let api: { url: string; close: () => Promise<void> };
    beforeAll(async () => {
      const app = express();
      app.use(
        cors({
          origins: [page.url],
          methods: ['GET', 'POST', 'PUT', 'DELETE'],
          credentials: true,
          debug: () => {},
        }),
      );
      app.all('/items', (_req, res) => {
        res.send('items');
      });
      api = await listen(http.createServer(app));
    });
    afterAll(async () => {
      await api?.close();
    });

    it("Chromium's console names the method, check predicts that very line and shows the server's reason", async () => {
      const url = `${api.url}/items`;
      const real = await chromiumFetch(browser, page.url, url, { method: 'PATCH', credentials: 'include' });
      expect(real.ok).toBe(false);
      expect(real.console.join('\n')).toContain(
        'Method PATCH is not allowed by Access-Control-Allow-Methods',
      );
      const r = await run([
        'check',
        url,
        '--origin',
        page.url,
        '--method',
        'PATCH',
        '--credentials',
        'include',
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('BLOCKED (MethodDisallowedByPreflightResponse)');
      const predicted = /Chromium console: (.*)/.exec(r.stdout)?.[1];
      expect(real.console).toContain(predicted);
      expect(r.stdout).toContain("Server says: the method 'PATCH' is not in methods (Corsair-Reason)");
    });

    it('the listed methods still pass in Chromium', async () => {
      const real = await chromiumFetch(browser, page.url, `${api.url}/items`, {
        method: 'PUT',
        credentials: 'include',
      });
      expect(real.ok, real.console.join('\n')).toBe(true);
    });
  });

  /** A fix case in Chromium: fails before with the console line check predicts; check's fix makes it pass. */
  describe.each([nginxIf, expressPerRoute].map((c) => [c.name, c] as const))(
    'check --server fix, in Chromium: %s',
    (_n, c: FixCase) => {
      const fetchInit = (r: PageRequest) => ({
        method: r.method,
        credentials: r.include ? ('include' as const) : ('same-origin' as const),
        headers: r.headers.map(([n, v]) => [n, v] as [string, string]),
      });
      const target = (base: string, r: PageRequest) => new URL(r.path.slice(1), base).href;

      it.skipIf(!c.available)(
        'fails before as check predicts; the generated fix passes it and keeps what passed',
        async () => {
          const before = await c.before(page.url);
          let files: { path: string; content: string }[] = [];
          try {
            for (const r of c.passing) {
              const real = await chromiumFetch(browser, page.url, target(before.url, r), fetchInit(r));
              expect(real.ok, `before: ${r.method} ${r.path} ${real.console.join('\n')}`).toBe(true);
            }
            const real = await chromiumFetch(
              browser,
              page.url,
              target(before.url, c.failing),
              fetchInit(c.failing),
            );
            expect(real.ok).toBe(false);
            const f = c.failing;
            const r = await run([
              'check',
              target(before.url, f),
              '--origin',
              page.url,
              '--method',
              f.method,
              ...f.headers.flatMap(([n, v]) => ['-H', `${n}: ${v}`]),
              '--credentials',
              f.include ? 'include' : 'same-origin',
              '--server',
              c.target,
              '--json',
            ]);
            const j = JSON.parse(r.stdout);
            expect(real.console).toContain(j.error.messages.chromium);
            expect(j.diagnosis.rootCauses.map((x: { code: string }) => x.code)).toContain(c.rootCause);
            files = j.diagnosis.fix.files;
          } finally {
            await before.close();
          }
          const after = await c.after(page.url, files);
          try {
            for (const r of [c.failing, ...c.passing, ...(c.alsoFixed ?? [])]) {
              const real = await chromiumFetch(browser, page.url, target(after.url, r), fetchInit(r));
              expect(real.ok, `after: ${r.method} ${r.path} ${real.console.join('\n')}`).toBe(true);
            }
          } finally {
            await after.close();
          }
        },
        90_000,
      );
    },
  );
});
