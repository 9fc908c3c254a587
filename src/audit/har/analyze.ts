import { type BrowserName, PreflightCache } from '../../browser/index.js';
import type { Send } from '../types.js';
import { buildChains } from './chains.js';
import { decideChain } from './decide.js';
import { HarError } from './errors.js';
import type { HarLog } from './model.js';
import { recordingBrowser } from './recorder.js';
import { cookieJar } from './replay.js';
import {
  HAR_REPORT_SCHEMA_VERSION,
  type HarReport,
  type HarRequestReport,
  type HarSummary,
} from './report.js';

/**
 * Options of `analyzeHar`.
 *
 * @example
 * const options: AnalyzeHarOptions = { origin: 'https://app.example.com', browser: 'firefox', probe: createHttpTransport().send };
 */
export interface AnalyzeHarOptions {
  /** The page's origin, when the HAR does not show it (or to override what it shows). */
  readonly origin?: string;
  /** The browser that decides; by default the one that recorded the HAR. */
  readonly browser?: BrowserName;
  /** Re-send the requests the HAR cannot answer, as `corsair check` does (real requests: opt in). */
  readonly probe?: Send;
  /** Called after each request is decided (progress). */
  readonly onRequest?: (done: number, total: number) => void;
}

/**
 * Re-decide every cross-origin request of a recorded page load with the browser engine, for the browser
 * that recorded it: each request paired with its preflight and redirects, the verdict, the code, each
 * browser's console line, cause and fix as `corsair check` gives them, what the HAR lacks, and the
 * `corsair check` command that reproduces the request. Summary first.
 *
 * @example
 * import { createReadStream } from 'node:fs';
 * import { analyzeHar, readHar } from 'corsair-cors/audit';
 * const report = await analyzeHar(await readHar(createReadStream('page.har')));
 * console.log(`${report.summary.blocked} of ${report.summary.crossOrigin} cross-origin requests blocked`);
 */
export async function analyzeHar(log: HarLog, options: AnalyzeHarOptions = {}): Promise<HarReport> {
  const recorder = recordingBrowser(log, options.browser);
  const { chains, notCors, noOrigin } = buildChains(log, options.origin ? { origin: options.origin } : {});
  const crossOrigin = chains.filter((c) => c.pageOrigin !== null);
  if (crossOrigin.length === 0 && noOrigin > 0)
    throw new HarError(
      'HAR_NO_ORIGIN',
      `The HAR does not show the page's origin for any of its ${noOrigin} cross-origin candidate requests (no Origin or Referer header, no page document).`,
      'Pass the page origin: corsair har FILE --origin https://app.example.com.',
    );
  const t0 = log.entries.reduce((m, e) => Math.min(m, e.startedMs), Number.POSITIVE_INFINITY);
  const ctx = {
    browser: recorder.name,
    cache: new PreflightCache(),
    jar: cookieJar(log.entries),
    t0,
    failuresMarked:
      /playwright|webinspector|puppeteer/i.test(log.creator?.name ?? '') ||
      log.entries.some((e) => e.response.failure !== null),
    ...(options.probe ? { probe: options.probe } : {}),
  };
  const requests: HarRequestReport[] = [];
  for (const chain of crossOrigin) {
    requests.push(await decideChain(chain, ctx));
    options.onRequest?.(requests.length, crossOrigin.length);
  }
  return {
    schemaVersion: HAR_REPORT_SCHEMA_VERSION,
    creator: log.creator,
    browser: recorder.name,
    browserFrom: recorder.from,
    notes: recorder.note ? [recorder.note] : [],
    pageOrigins: [...new Set(requests.map((r) => r.pageOrigin))],
    summary: summarize(requests, log.entries.length, notCors, noOrigin + chains.length - crossOrigin.length),
    requests,
  };
}

function summarize(
  requests: readonly HarRequestReport[],
  entries: number,
  notCors: number,
  noOrigin: number,
): HarSummary {
  const causes = new Map<string, { code: string; count: number; cause: string }>();
  const hosts = new Map<string, { host: string; requests: number; blocked: number; unknown: number }>();
  for (const r of requests) {
    const h = hosts.get(r.host) ?? { host: r.host, requests: 0, blocked: 0, unknown: 0 };
    h.requests++;
    if (r.verdict === 'blocked') h.blocked++;
    if (r.verdict === 'unknown') h.unknown++;
    hosts.set(r.host, h);
    if (r.verdict !== 'blocked') continue;
    const code = r.check?.error?.code ?? 'unknown-cause';
    const c = causes.get(code) ?? {
      code,
      count: 0,
      cause: r.check?.error?.cause ?? 'The HAR does not hold the response the browser refused (see missing).',
    };
    c.count++;
    causes.set(code, c);
  }
  const count = (v: HarRequestReport['verdict']) => requests.filter((r) => r.verdict === v).length;
  return {
    entries,
    crossOrigin: requests.length,
    allowed: count('allowed'),
    blocked: count('blocked'),
    unknown: count('unknown'),
    probed: requests.filter((r) => r.decidedBy === 'probe').length,
    notCors,
    noOrigin,
    byCause: [...causes.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    byHost: [...hosts.values()].sort(
      (a, b) => b.blocked - a.blocked || b.requests - a.requests || a.host.localeCompare(b.host),
    ),
  };
}
