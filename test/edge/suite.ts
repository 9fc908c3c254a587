// The one verification suite every edge runtime must pass: `corsair verify` and `verifyDeployment` (policy
// vs live answers), a hand-written table of browser decisions over live HTTP (both browser profiles), raw
// header checks, and real Chromium (allowed page succeeds, near-miss origin fails, preflight answered).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDeployment } from '../../src/audit/verify.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName, CorsErrorCode, CorsRequestInit } from '../../src/browser/types.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { getAll, type HttpResponse } from '../../src/exchange.js';
import { getCombined } from '../../src/fetch/header-list.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/transport.js';
import { browserAvailable, launchChromium, launchFirefox } from '../real-browsers/launch.js';
import { type BrowserPage, openBrowserPage, type PageServer, startPageServer } from './chromium.js';
import { type EdgeOrigins, edgeOrigins } from './policy.js';
import { type RunningRuntime, type RuntimeName, runtimeAvailable, startRuntime } from './runtimes.js';

/** One row of the decision table: what a page asks and what any browser must conclude. */
interface DecisionRow {
  readonly name: string;
  readonly pageOrigin: (o: EdgeOrigins) => string;
  readonly init: Omit<CorsRequestInit, 'pageOrigin' | 'url'>;
  readonly allowed: boolean;
  readonly preflight: boolean;
  /** The failure, when refused (Chromium's CorsError names). */
  readonly code?: CorsErrorCode;
}

// corsair refuses a preflight as a whole (status 403, no CORS headers) whatever the reason. Both browsers
// run the access check before the status check, so they report the missing Allow-Origin (Firefox 153 too:
// conformance cases preflight-status/*.acao-missing).
const REFUSED_PREFLIGHT: CorsErrorCode = 'PreflightMissingAllowOriginHeader';

const JSON_PUT = {
  method: 'PUT',
  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
  credentials: 'include',
} as const;

// Derived from the policy by hand: exact origin and pattern samples pass, near misses and unlisted
// methods or headers fail, simple requests need no preflight.
const DECISIONS: readonly DecisionRow[] = [
  {
    name: 'exact origin, GET with cookies',
    pageOrigin: (o) => o.exact,
    init: { credentials: 'include' },
    allowed: true,
    preflight: false,
  },
  {
    name: 'exact origin, GET without cookies',
    pageOrigin: (o) => o.exact,
    init: { credentials: 'omit' },
    allowed: true,
    preflight: false,
  },
  {
    name: 'exact origin, JSON PUT with Authorization',
    pageOrigin: (o) => o.exact,
    init: JSON_PUT,
    allowed: true,
    preflight: true,
  },
  {
    name: 'pattern one level deep, DELETE',
    pageOrigin: (o) => o.patternSamples[0]!,
    init: { method: 'DELETE', credentials: 'include' },
    allowed: true,
    preflight: true,
  },
  {
    name: 'pattern two levels deep, JSON PUT',
    pageOrigin: (o) => o.patternSamples[1]!,
    init: JSON_PUT,
    allowed: true,
    preflight: true,
  },
  {
    name: 'pattern sample, text/plain POST (simple)',
    pageOrigin: (o) => o.patternSamples[0]!,
    init: { method: 'POST', headers: { 'Content-Type': 'text/plain' }, credentials: 'include' },
    allowed: true,
    preflight: false,
  },
  {
    name: 'exact origin, PATCH (not in methods)',
    pageOrigin: (o) => o.exact,
    init: { method: 'PATCH', credentials: 'include' },
    allowed: false,
    preflight: true,
    // The allowed origin's refusal names the method, as the browser's console then does.
    code: 'MethodDisallowedByPreflightResponse',
  },
  {
    name: 'exact origin, X-Unlisted header',
    pageOrigin: (o) => o.exact,
    init: { method: 'PUT', headers: { 'X-Unlisted': '1' }, credentials: 'include' },
    allowed: false,
    preflight: true,
    code: 'HeaderDisallowedByPreflightResponse',
  },
  {
    name: 'opaque origin (sandboxed page), GET',
    pageOrigin: () => 'null',
    init: { credentials: 'include' },
    allowed: false,
    preflight: false,
    code: 'MissingAllowOriginHeader',
  },
];

function nearMissRows(o: EdgeOrigins): DecisionRow[] {
  return o.nearMisses.flatMap(({ label, origin }) => [
    {
      name: `${label} (${origin}), GET`,
      pageOrigin: () => origin,
      init: { credentials: 'include' as const },
      allowed: false,
      preflight: false,
      code: 'MissingAllowOriginHeader' as const,
    },
    {
      name: `${label} (${origin}), JSON PUT`,
      pageOrigin: () => origin,
      init: JSON_PUT,
      allowed: false,
      preflight: true,
      code: REFUSED_PREFLIGHT,
    },
  ]);
}

function lines(res: HttpResponse): string {
  return res.headers.map(([n, v]) => `${n}: ${v}`).join('\n');
}

/**
 * Define the edge suite for one runtime: boot it with its example, then check it every way.
 *
 * @example
 * defineEdgeSuite('deno'); // in test/edge/deno.test.ts
 */
export function defineEdgeSuite(name: RuntimeName): void {
  describe.skipIf(!runtimeAvailable(name))(`${name} serving its example from examples/`, () => {
    let pages: PageServer;
    let origins: EdgeOrigins;
    let rt: RunningRuntime;
    let http: HttpTransport;

    beforeAll(async () => {
      pages = await startPageServer();
      origins = edgeOrigins(pages.port);
      rt = await startRuntime(name, origins.env);
      http = createHttpTransport({ timeoutMs: 10_000 });
      // Next.js builds first: give a loaded 2-core CI machine room.
    }, 240_000);

    afterAll(async () => {
      await http?.close();
      await rt?.close();
      await pages?.close();
    });

    it('passes corsair verify: the live answers match the policy for every derived case', async () => {
      const result = await verifyDeployment(rt.url, origins.options, { send: http.send });
      const summary = result.drifts.map(
        (d) => `${d.kind}: ${d.message} expected ${d.expected}, got ${d.actual}`,
      );
      expect(summary, rt.output()).toEqual([]);
      expect(result.ok).toBe(true);
      // The pattern samples, near misses, unlisted methods and headers were all exercised.
      expect(result.cases.length).toBeGreaterThan(20);
      const sampleOfPattern = (o: string | null) => o?.endsWith(`.preview.localhost:${pages.port}`) === true;
      expect(result.cases.some((c) => sampleOfPattern(c.case.origin) && c.actualAllowed)).toBe(true);
      expect(result.cases.some((c) => c.case.name.startsWith('near-miss') && !c.actualAllowed)).toBe(true);
    });

    it('passes `corsair verify <url> --policy cors.json`, and reports drift against a stale policy file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'corsair-edge-verify-'));
      const verify = async (options: object) => {
        const file = join(dir, 'cors.json');
        writeFileSync(file, JSON.stringify(options));
        let out = '';
        const io: CliIO = {
          stdout: (t) => {
            out += t;
          },
          stderr: (t) => {
            out += t;
          },
          isTTY: false,
          color: false,
          env: {},
          cwd: dir,
        };
        const code = await runCli(['verify', rt.url, '--policy', file, '--timeout', '10000'], io);
        return { code, out };
      };
      try {
        const same = await verify(origins.options);
        expect(same.code, same.out).toBe(0);
        expect(same.out).toMatch(/^OK: \d+ cases/m);
        // A policy file that has drifted from the deployment (max-age 300, credentials off) must fail.
        const stale = await verify({ ...origins.options, maxAge: 300, credentials: false });
        expect(stale.code, stale.out).toBe(1);
        expect(stale.out).toMatch(/^DRIFT: /m);
        expect(stale.out).toMatch(/max-age/);
        expect(stale.out).toMatch(/credentials/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    for (const browser of ['chromium', 'firefox'] as const satisfies readonly BrowserName[]) {
      it(`decides like ${browser} over live HTTP: allowed origins pass, near misses fail`, async () => {
        const rows = [...DECISIONS, ...nearMissRows(origins)];
        const got = [];
        const want = [];
        for (const row of rows) {
          const outcome = await simulateCors(
            { ...row.init, pageOrigin: row.pageOrigin(origins), url: rt.url },
            { browser, send: http.send },
          );
          got.push({
            name: row.name,
            allowed: outcome.allowed,
            preflight: outcome.preflight,
            code: outcome.error?.code,
          });
          want.push({ name: row.name, allowed: row.allowed, preflight: row.preflight, code: row.code });
          // A page may read the runtime's exposed header whenever it is allowed.
          if (outcome.allowed) expect(outcome.exposedHeaders, row.name).toContain('x-runtime');
        }
        expect(got).toEqual(want);
      });
    }

    it('answers an allowed preflight itself: 204, every CORS header once, the app never runs', async () => {
      const res = await http.send({
        method: 'OPTIONS',
        url: rt.url,
        headers: [
          ['Origin', origins.patternSamples[1]!],
          ['Access-Control-Request-Method', 'PUT'],
          ['Access-Control-Request-Headers', 'authorization,content-type'],
        ],
      });
      const why = lines(res);
      expect(res.status, why).toBe(204);
      expect(getAll(res.headers, 'access-control-allow-origin'), why).toEqual([origins.patternSamples[1]]);
      expect(getAll(res.headers, 'access-control-allow-credentials'), why).toEqual(['true']);
      expect(getCombined(res.headers, 'access-control-allow-methods'), why).toMatch(/\bPUT\b/);
      expect(getCombined(res.headers, 'access-control-allow-headers')?.toLowerCase(), why).toMatch(
        /\bauthorization\b/,
      );
      expect(getAll(res.headers, 'access-control-max-age'), why).toEqual(['600']);
      expect(getCombined(res.headers, 'vary')?.toLowerCase(), why).toMatch(/\borigin\b/);
      expect(getAll(res.headers, 'x-runtime'), why).toEqual([]);
    });

    it('refuses a near-miss preflight without any CORS header and without running the app', async () => {
      const res = await http.send({
        method: 'OPTIONS',
        url: rt.url,
        headers: [
          ['Origin', origins.nearMisses[0]!.origin],
          ['Access-Control-Request-Method', 'PUT'],
        ],
      });
      const why = lines(res);
      expect(getAll(res.headers, 'access-control-allow-origin'), why).toEqual([]);
      expect(getAll(res.headers, 'access-control-allow-credentials'), why).toEqual([]);
      expect(getAll(res.headers, 'x-runtime'), why).toEqual([]);
    });

    it('sends Vary: Origin on every answer of the app, with or without Origin, so caches keep them apart', async () => {
      for (const origin of [null, origins.exact, origins.nearMisses[1]!.origin]) {
        const res = await http.send({
          method: 'GET',
          url: rt.url,
          headers: origin === null ? [['Accept', '*/*']] : [['Origin', origin]],
        });
        const why = `${origin}\n${lines(res)}`;
        expect(res.status, why).toBe(200);
        expect(getAll(res.headers, 'x-runtime'), why).toEqual([name]);
        const vary = (getCombined(res.headers, 'vary') ?? '').toLowerCase().split(/\s*,\s*/);
        expect(vary, why).toContain('origin');
        expect(getAll(res.headers, 'access-control-allow-origin'), why).toEqual(
          origin === origins.exact ? [origin] : [],
        );
      }
    });

    describe.skipIf(!browserAvailable('chromium'))('real Chromium', () => {
      let browser: Browser;
      let page: BrowserPage;

      beforeAll(async () => {
        browser = await launchChromium();
        page = await openBrowserPage(browser);
      });

      afterAll(async () => {
        await page?.close();
        await browser?.close();
      });

      it('lets the exact origin send a credentialed JSON PUT after a preflight the runtime answered', async () => {
        const r = await page.fetchFrom(origins.exact, rt.url, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
          body: '{"n":1}',
          credentials: 'include',
        });
        expect(r.error, r.console.join('\n')).toBeNull();
        expect(r.status).toBe(200);
        expect(r.runtimeHeader).toBe(name);
        expect(JSON.parse(r.body ?? '{}')).toMatchObject({
          runtime: name,
          method: 'PUT',
          received: '{"n":1}',
        });
        expect(r.preflightStatuses).toEqual([204]);
        expect(r.actualMethods).toEqual(['PUT']);
      });

      it('lets a page matching the wildcard pattern read a credentialed GET', async () => {
        const r = await page.fetchFrom(origins.patternSamples[1]!, rt.url, {
          method: 'GET',
          credentials: 'include',
        });
        expect(r.error, r.console.join('\n')).toBeNull();
        expect(r.runtimeHeader).toBe(name);
        expect(r.preflightStatuses).toEqual([]);
      });

      for (const i of [0, 1, 2]) {
        it(`blocks near miss #${i + 1}: the preflight fails and the PUT is never sent`, async () => {
          const miss = origins.nearMisses[i]!;
          const r = await page.fetchFrom(miss.origin, rt.url, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: '{}',
            credentials: 'include',
          });
          expect(r.status, `${miss.label} was allowed`).toBeNull();
          expect(r.error).toMatch(/TypeError/);
          expect(r.preflightStatuses.length).toBe(1);
          expect(r.actualMethods).toEqual([]);
          // corsair's browser engine, given the same request and the runtime's live answers, prints the same line.
          const outcome = await simulateCors(
            {
              pageOrigin: miss.origin,
              url: rt.url,
              method: 'PUT',
              headers: { 'Content-Type': 'application/json' },
              credentials: 'include',
            },
            { browser: 'chromium', send: http.send },
          );
          expect(r.console.filter((l) => l.includes('blocked by CORS policy'))).toEqual([
            outcome.error?.messages.chromium,
          ]);
        });
      }

      it('blocks a near-miss page from reading a credentialed GET', async () => {
        const r = await page.fetchFrom(origins.nearMisses[0]!.origin, rt.url, {
          method: 'GET',
          credentials: 'include',
        });
        expect(r.status).toBeNull();
        expect(r.console.join('\n')).toMatch(/No 'Access-Control-Allow-Origin' header is present/);
        const outcome = await simulateCors(
          { pageOrigin: origins.nearMisses[0]!.origin, url: rt.url, credentials: 'include' },
          { browser: 'chromium', send: http.send },
        );
        expect(r.console.filter((l) => l.includes('blocked by CORS policy'))).toEqual([
          outcome.error?.messages.chromium,
        ]);
      });
    });

    // Firefox too (its CORS console messages do not reach WebDriver BiDi, so only the outcome is checked).
    describe.skipIf(!browserAvailable('firefox'))('real Firefox', () => {
      let firefox: Awaited<ReturnType<typeof launchFirefox>>;

      beforeAll(async () => {
        firefox = await launchFirefox();
      });

      afterAll(async () => {
        await firefox?.close();
      });

      const putFrom = async (pageOrigin: string) => {
        const page = await firefox.browser.newPage();
        try {
          await page.goto(`${pageOrigin}/`);
          return await page.evaluate(async (url: string) => {
            try {
              const res = await fetch(url, {
                method: 'PUT',
                credentials: 'include',
                headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
                body: '{"n":2}',
              });
              return { status: res.status, runtime: res.headers.get('x-runtime'), error: null };
            } catch (e) {
              return { status: null, runtime: null, error: String(e) };
            }
          }, rt.url);
        } finally {
          await page.close();
        }
      };

      it('lets the exact origin and a pattern sample send a credentialed JSON PUT', async () => {
        for (const origin of [origins.exact, origins.patternSamples[0]!]) {
          expect(await putFrom(origin), origin).toEqual({ status: 200, runtime: name, error: null });
        }
      });

      it('blocks near misses', async () => {
        for (const { origin } of origins.nearMisses.slice(0, 3)) {
          const r = await putFrom(origin);
          expect(r.status, origin).toBeNull();
          expect(r.error).toMatch(/NetworkError/);
        }
      });
    });
  });
}
