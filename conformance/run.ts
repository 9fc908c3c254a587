// One full conformance run: serve every case, play it in each real browser, predict it with the engine,
// compare. Shared by `npm run conformance` (conformance/main.ts) and the vitest suite.
import { type CaseServer, type RecordedRequest, startCaseServer } from '../test/real-browsers/case-server.js';
import { type PageCase, type PageResult, runCasesInPage } from './browser-runner.js';
import { type ConformanceCase, isPreflight, type Origins, resolveInit, respond } from './case.js';
import { type CaseTiming, loadEngine, predict } from './engine.js';
import { generateCases } from './generate.js';
import { disagreements, type Field, type Observation, observeBrowser } from './observation.js';
import { type BrowserSession, openChromium, openFirefox, openWebKit, type RealBrowser } from './sessions.js';

const OPEN: Readonly<Record<RealBrowser, (pageOrigin: string) => Promise<BrowserSession>>> = {
  chromium: openChromium,
  firefox: openFirefox,
  webkit: openWebKit,
};

/** The verdict for one case in one browser. */
export interface CaseVerdict {
  readonly id: string;
  readonly family: string;
  readonly browser: RealBrowser;
  /** What the real browser did. */
  readonly expected: Observation;
  /** What the engine predicted (`null`: engine not available). */
  readonly predicted: Observation | null;
  /** The engine threw instead of answering. */
  readonly crash: string | null;
  /** Every console line the browser printed for this case (both browsers; for the record). */
  readonly consoleLines: readonly string[];
  /** The engine's error code, when it predicted a failure. */
  readonly predictedCode: string | null;
  readonly disagree: readonly (Field | 'engine-crash')[];
}

/** The result of a run. */
export interface ConformanceRun {
  readonly origins: Origins;
  readonly versions: Partial<Record<RealBrowser, string>>;
  readonly engine: boolean;
  readonly cases: number;
  readonly verdicts: readonly CaseVerdict[];
  readonly seconds: Partial<Record<RealBrowser, number>>;
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  readonly browsers: readonly RealBrowser[];
  /** Keep only cases whose id matches (substring or RegExp). */
  readonly filter?: string | RegExp;
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

/**
 * The cases a filter selects (substring of the id, or a RegExp).
 *
 * @example
 * selectCases('redirect-odd/').length;
 */
export function selectCases(filter?: string | RegExp): ConformanceCase[] {
  const all = generateCases();
  if (filter === undefined) return all;
  return all.filter((c) => (typeof filter === 'string' ? c.id.includes(filter) : filter.test(c.id)));
}

/**
 * The cases in the passes they are played in. Cases that read the preflight cache (`before`) go first,
 * on their own, while the cache is nearly empty: Chromium's holds 1,024 entries, and once full it drops
 * 10 neighbouring entries at a random place on every insert (services/network/cors/preflight_cache.cc,
 * kMaxCacheEntries, kPurgeUnit), so a case played late could lose its entry to another case's insert —
 * a flake no engine can predict. Played first, the cache never fills while they run.
 *
 * @example
 * playingOrder(selectCases())[0].every((c) => c.before !== undefined); // true
 */
export function playingOrder(cases: readonly ConformanceCase[]): ConformanceCase[][] {
  const sequenced = cases.filter((c) => c.before !== undefined);
  const rest = cases.filter((c) => c.before === undefined);
  return [sequenced, rest].filter((pass) => pass.length > 0);
}

async function playBrowser(
  browser: RealBrowser,
  server: CaseServer,
  cases: readonly ConformanceCase[],
  options: ConformanceOptions,
): Promise<{ session: BrowserSession; results: Awaited<ReturnType<typeof runCasesInPage>> }> {
  const session = await OPEN[browser](server.origins.page);
  try {
    const results = new Map<string, PageResult>();
    for (const pass of playingOrder(cases)) {
      const pageCases: PageCase[] = pass.map((c) => ({ id: c.id, ...resolveInit(c, server.origins) }));
      const played = await runCasesInPage(session.page, pageCases, {
        concurrency: options.concurrency ?? 12,
        onProgress: (done, total) => options.log?.(`  ${browser}: ${done}/${total}`),
      });
      for (const [id, r] of played) results.set(id, r);
    }
    // Console events trail the rejected promises (more so on a loaded machine): wait until no new line
    // has arrived for 600 ms, at most 10 s.
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let waited = 0, last = -1; waited < 10_000; waited += 300) {
      const now = session.lineCount();
      if (now === last && waited >= 600) break;
      last = now;
      await sleep(300);
    }
    return { session, results };
  } catch (e) {
    await session.close();
    throw e;
  }
}

/** The real run's clock for a case: when the page started each fetch, when each preflight was answered. */
function timingOf(page: PageResult, received: readonly RecordedRequest[]): CaseTiming {
  return {
    fetchStartedAt: page.startedAt,
    preflightAnsweredAt: received
      .filter((r) => isPreflight({ method: r.method, url: r.path, headers: r.headers }))
      .map((r) => r.at),
  };
}

/**
 * Run the conformance suite.
 *
 * @example
 * const run = await runConformance({ browsers: ['chromium', 'firefox'] });
 * run.verdicts.filter((v) => v.disagree.length > 0);
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceRun> {
  const cases = selectCases(options.filter);
  const byId = new Map(cases.map((c) => [c.id, c]));
  let origins: Origins | undefined;
  const server = await startCaseServer((id, request) => {
    const c = byId.get(id);
    return c && origins ? respond(c, request, origins) : null;
  });
  origins = server.origins;
  const simulate = await loadEngine();
  const verdicts: CaseVerdict[] = [];
  const versions: Partial<Record<RealBrowser, string>> = {};
  const seconds: Partial<Record<RealBrowser, number>> = {};
  try {
    for (const browser of options.browsers) {
      const started = Date.now();
      server.clear();
      options.log?.(`${browser}: ${cases.length} cases`);
      const { session, results } = await playBrowser(browser, server, cases, options);
      versions[browser] = session.version;
      try {
        for (const c of cases) {
          const page = results.get(c.id);
          if (!page) throw new Error(`${browser} returned no result for ${c.id}`);
          const lines = session.consoleLines(c.id);
          const expected = observeBrowser(
            browser,
            page,
            server.requests(c.id),
            lines,
            session.networkErrors(c.id),
          );
          let predicted: Observation | null = null;
          let crash: string | null = null;
          let predictedCode: string | null = null;
          if (simulate) {
            const p = await predict(simulate, c, origins, browser, timingOf(page, server.requests(c.id)));
            if ('crash' in p) crash = p.crash;
            else {
              predicted = p.observation;
              predictedCode = p.outcome.error?.code ?? null;
            }
          }
          const disagree: (Field | 'engine-crash')[] =
            crash !== null ? ['engine-crash'] : predicted ? disagreements(expected, predicted) : [];
          verdicts.push({
            id: c.id,
            family: c.family,
            browser,
            expected,
            predicted,
            crash,
            consoleLines: [...lines, ...session.networkErrors(c.id)],
            predictedCode,
            disagree,
          });
        }
      } finally {
        await session.close();
      }
      seconds[browser] = (Date.now() - started) / 1000;
    }
  } finally {
    await server.close();
  }
  return { origins, versions, engine: simulate !== null, cases: cases.length, verdicts, seconds };
}
