// Issue 15's three-route policy (public `*`, private credentialed allowlist, `cors: false` webhook) on real
// corsair servers (the node, Express and Hono adapters), fetched cross-origin from real Chromium and
// Firefox pages: for each route an actual request, a preflighted one and both with credentials, from an
// allowlisted page and from another one, plus the path tricks a browser can actually send. Every verdict
// must equal the engine's prediction: `simulateCors` for that browser, answered in-process by the same
// policy (`respondTo`), for the URL the page's own URL parser produced (what goes on the wire). Nothing
// is hard-coded where the engine can predict; a few sanity floors make sure both verdicts occur.
// Skips loudly without the browsers; fails without them under CORSAIR_REQUIRE_BROWSERS=1.
import type { Browser as PwBrowser } from 'playwright-core';
import type { Browser as PpBrowser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName, CredentialsMode } from '../../src/browser/types.js';
import { type CorsOptions, createCors, respondTo } from '../../src/policy/index.js';
import { START_APP } from '../adapters/app-servers.js';
import { startPages } from '../adapters/browser-matrix.js';
import type { AdapterName, Running } from '../adapters/servers.js';
import { browserAvailable, launchChromium, launchFirefox } from './launch.js';

const ADAPTERS: readonly AdapterName[] = ['node', 'express', 'hono'];

/** THREE_ROUTES (test/policy/three-routes.ts) with a real page origin as the private route's one origin. */
function threeRoutes(allowed: string): CorsOptions {
  return {
    routes: [
      { path: '/public/*', origins: '*' },
      { path: '/private/*', origins: [allowed], credentials: true, methods: ['GET', 'DELETE'] },
      { path: '/webhooks/*', cors: false },
    ],
  };
}

// Each route, an unrouted path, and the spellings a page can put in fetch(): the browser's URL parser
// resolves `..`, `%2e%2e` and `\` before sending; it keeps `%2f`, `;params`, `//` and letter case.
const PATHS: readonly string[] = [
  '/public/items',
  '/private/items',
  '/webhooks/stripe',
  '/other',
  '/PUBLIC/items',
  '/Private/Items/',
  '/public/../private/items',
  '/public/%2e%2e/private/items',
  '/public\\..\\private\\items',
  '/public/..%2fprivate/items',
  '/webhooks/..%2fpublic/x',
  '//private/items',
  '/public;x=1/items',
  '/private/items;jsessionid=1',
  '/public/..%252fprivate',
];

/** The request shapes: an actual request, a preflighted one, each without and with credentials. */
const SHAPES: readonly { method: string; credentials: CredentialsMode }[] = [
  { method: 'GET', credentials: 'omit' },
  { method: 'DELETE', credentials: 'omit' },
  { method: 'GET', credentials: 'include' },
  { method: 'DELETE', credentials: 'include' },
];

interface PageFetch {
  readonly target: string;
  readonly method: string;
  readonly credentials: CredentialsMode;
}

interface PageResult {
  /** The URL as the page's URL parser read it: the request the browser puts on the wire. */
  readonly sent: string;
  readonly ok: boolean;
  readonly status: number;
  readonly body: string;
}

/** Runs in the page: each fetch in turn, its verdict, and the URL the browser really requested. */
async function fetchAll(list: readonly PageFetch[]): Promise<PageResult[]> {
  const out: PageResult[] = [];
  for (const f of list) {
    const sent = new URL(f.target).href;
    try {
      const res = await fetch(f.target, { method: f.method, credentials: f.credentials, cache: 'no-store' });
      out.push({ sent, ok: true, status: res.status, body: await res.text() });
    } catch {
      out.push({ sent, ok: false, status: 0, body: '' });
    }
  }
  return out;
}

interface OpenPage {
  evaluate(fn: typeof fetchAll, arg: readonly PageFetch[]): Promise<PageResult[]>;
  /** The page's CORS console lines so far (Chromium), or null where they are not collected (Firefox). */
  corsConsole(): Promise<readonly string[] | null>;
  close(): Promise<void>;
}

type Opener = (url: string) => Promise<OpenPage>;

/** The fetches for one (server, path): every shape, each on its own query so no preflight is cached. */
function fetchesFor(base: string, path: string, seq: { n: number }): PageFetch[] {
  return SHAPES.map((s) => ({ ...s, target: `${base}${path}?n=${seq.n++}` }));
}

/** Compare each real verdict with the engine's; returns one line per disagreement. */
async function disagreements(
  browser: BrowserName,
  pageOrigin: string,
  policy: CorsOptions,
  fetches: readonly PageFetch[],
  results: readonly PageResult[],
  consoleLines: readonly string[] | null,
): Promise<{ lines: string[]; allowed: number }> {
  const compiled = createCors(policy);
  const lines: string[] = [];
  let allowed = 0;
  for (const [i, f] of fetches.entries()) {
    const real = results[i]!;
    const predicted = await simulateCors(
      { pageOrigin, url: real.sent, method: f.method, credentials: f.credentials },
      { browser, send: (req) => respondTo(compiled, req) },
    );
    if (real.ok) allowed++;
    const what = `${f.method} ${real.sent} credentials=${f.credentials} from ${pageOrigin}`;
    if (real.ok !== predicted.allowed)
      lines.push(
        `${what}: ${browser} ${real.ok ? 'allowed' : 'blocked'} it, the engine predicted ${predicted.allowed ? 'allowed' : `blocked (${predicted.error?.code})`}`,
      );
    // An allowed request reached the application with the path the browser sent.
    else if (real.ok && !real.body.startsWith(`${f.method} `))
      lines.push(`${what}: the application answered ${real.status} '${real.body}'`);
    // Chromium's console names the failure: it must be the predicted one, word for word.
    else if (!real.ok && consoleLines !== null) {
      const said = consoleLines.find((l) => l.includes(`'${real.sent}'`));
      if (said !== predicted.error?.messages.chromium)
        lines.push(
          `${what}: Chromium said\n  ${said}\nthe engine predicted\n  ${predicted.error?.messages.chromium}`,
        );
    }
  }
  return { lines, allowed };
}

function suite(
  browser: 'chromium' | 'firefox',
  launch: () => Promise<{ open: Opener; close: () => Promise<void> }>,
) {
  describe.skipIf(!browserAvailable(browser))(`the three-route policy in real ${browser}`, () => {
    let pages: Awaited<ReturnType<typeof startPages>>;
    let launched: { open: Opener; close: () => Promise<void> };
    const servers = new Map<AdapterName, Running>();
    let policy: CorsOptions;
    beforeAll(async () => {
      [pages, launched] = await Promise.all([startPages(), launch()]);
      policy = threeRoutes(pages.origins[1]!);
      for (const a of ADAPTERS) servers.set(a, await START_APP[a]({ policy }));
    }, 60_000);
    afterAll(async () => {
      await Promise.all([...servers.values()].map((s) => s.close()));
      await launched?.close();
      await pages?.close();
    });

    it.each(ADAPTERS)(
      '%s: every route, shape and path trick as the engine predicts',
      async (adapter) => {
        const seq = { n: 0 };
        const base = servers.get(adapter)!.url;
        const problems: string[] = [];
        const verdicts = { allowed: 0, total: 0 };
        // The allowlisted page (localhost) and a page the private route does not list (127.0.0.1).
        for (const origin of [pages.origins[1]!, pages.origins[0]!]) {
          const page = await launched.open(`${origin}/`);
          try {
            const fetches = PATHS.flatMap((p) => fetchesFor(base, p, seq));
            const results = await page.evaluate(fetchAll, fetches);
            const d = await disagreements(
              browser,
              origin,
              policy,
              fetches,
              results,
              await page.corsConsole(),
            );
            problems.push(...d.lines);
            verdicts.allowed += d.allowed;
            verdicts.total += fetches.length;
          } finally {
            await page.close();
          }
        }
        expect(problems).toEqual([]);
        // Both verdicts occur, or the comparison proves little.
        expect(verdicts.allowed).toBeGreaterThan(verdicts.total / 6);
        expect(verdicts.total - verdicts.allowed).toBeGreaterThan(verdicts.total / 3);
      },
      120_000,
    );

    it('sends the tricks the browser keeps, and resolves the ones it does not', async () => {
      const page = await launched.open(`${pages.origins[0]!}/`);
      try {
        const base = servers.get('node')!.url;
        const sent = (
          await page.evaluate(
            fetchAll,
            PATHS.map((p) => ({ target: base + p, method: 'HEAD', credentials: 'omit' })),
          )
        ).map((r) => r.sent.slice(base.length));
        expect(Object.fromEntries(PATHS.map((p, i) => [p, sent[i]]))).toMatchObject({
          '/public/../private/items': '/private/items',
          '/public/%2e%2e/private/items': '/private/items',
          '/public\\..\\private\\items': '/private/items',
          '/public/..%2fprivate/items': '/public/..%2fprivate/items',
          '//private/items': '//private/items',
          '/public;x=1/items': '/public;x=1/items',
        });
      } finally {
        await page.close();
      }
    });
  });
}

suite('chromium', async () => {
  const browser: PwBrowser = await launchChromium();
  return {
    open: async (url) => {
      const page = await browser.newPage();
      const lines: string[] = [];
      page.on('console', (m) => {
        if (m.text().includes('CORS policy')) lines.push(m.text());
      });
      await page.goto(url);
      return {
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        // Chromium logs a CORS line just after the fetch rejects: let the last one arrive.
        corsConsole: async () => {
          await page.waitForTimeout(200);
          return lines;
        },
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
});

suite('firefox', async () => {
  const launched = await launchFirefox();
  const browser: PpBrowser = launched.browser;
  return {
    open: async (url) => {
      const page = await browser.newPage();
      await page.goto(url);
      return {
        evaluate: (fn, arg) => page.evaluate(fn, arg),
        corsConsole: async () => null,
        close: () => page.close(),
      };
    },
    close: launched.close,
  };
});
