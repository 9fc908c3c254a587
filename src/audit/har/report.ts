import type { BrowserName, CredentialsMode } from '../../browser/index.js';
import type { CheckReport } from '../check.js';
import type { OriginSource } from './chains.js';
import type { HarTimings } from './model.js';
import type { RecordedOutcome } from './replay.js';

/**
 * The version of the `corsair har --json` shape. Raised when a field changes meaning or goes away;
 * new fields may be added without raising it.
 *
 * @example
 * if (report.schemaVersion !== HAR_REPORT_SCHEMA_VERSION) throw new Error('update the reader');
 */
export const HAR_REPORT_SCHEMA_VERSION = 1 as const;

/**
 * One HAR entry on a request's timeline.
 *
 * @example
 * const t: HarTimelineItem = { entry: 4, kind: 'preflight', method: 'OPTIONS', url: 'https://api.example.com/items', status: 204, failure: null, offsetMs: 120, time: 8, timings: null };
 */
export interface HarTimelineItem {
  /** Index in the file's `log.entries`. */
  readonly entry: number;
  readonly kind: 'preflight' | 'request';
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly failure: string | null;
  /** Milliseconds after the first entry of the HAR. */
  readonly offsetMs: number;
  /** Duration in milliseconds, -1 when not recorded. */
  readonly time: number;
  readonly timings: HarTimings | null;
}

/**
 * The verdict on one cross-origin request of the page load.
 *
 * - `allowed` / `blocked`: decided by the browser engine (from the HAR, or by re-sending it with `probe`);
 *   `blocked` also when the browser recorded a CORS failure (`net::ERR_FAILED`) but not why.
 * - `unknown`: the HAR lacks what the decision needs; `missing` says what, `reproduce` how to get it.
 *
 * @example
 * const v: HarVerdict = 'blocked';
 */
export type HarVerdict = 'allowed' | 'blocked' | 'unknown';

/**
 * What corsair found for one request the page made (its preflight and redirect hops included).
 *
 * @example
 * for (const r of report.requests) if (r.verdict === 'blocked') console.log(r.url, r.check?.error?.code);
 */
export interface HarRequestReport {
  /** The HAR entries involved (preflights and redirect hops), in time order. */
  readonly entries: readonly number[];
  readonly method: string;
  readonly url: string;
  readonly host: string;
  readonly pageOrigin: string;
  readonly originFrom: OriginSource;
  readonly startedDateTime: string;
  readonly timeline: readonly HarTimelineItem[];
  readonly credentials: CredentialsMode;
  /** `cookie`: the request carried cookies; `cookie-jar`: it carried none though earlier requests to its host did; `browser-result`: only this mode gives what the browser did; `default`: fetch()'s default (the verdict is the same either way, or unknown). */
  readonly credentialsFrom: 'cookie' | 'cookie-jar' | 'browser-result' | 'default';
  /** How the preflight was known: recorded in the HAR, answered by the browser's preflight cache, inferred as passed, not needed, or absent. */
  readonly preflight: 'recorded' | 'cache' | 'inferred' | 'none' | 'missing';
  /** What the HAR says the browser got. */
  readonly recorded: {
    readonly outcome: RecordedOutcome;
    readonly status: number;
    readonly failure: string | null;
  };
  readonly verdict: HarVerdict;
  /** Where the decision came from: the recording, or re-sending the request (`probe`). */
  readonly decidedBy: 'har' | 'probe' | null;
  /** The decision as `corsair check` reports it (null when unknown). */
  readonly check: CheckReport | null;
  /** What the HAR lacks for the decision, in words. */
  readonly missing: readonly string[];
  readonly notes: readonly string[];
  /** The `corsair check` command that reproduces this request. */
  readonly reproduce: string;
  /** Whether the verdict matches what the browser recorded (null when either is unknown). */
  readonly agreesWithBrowser: boolean | null;
  /** Set when `probe` could not reach the server. */
  readonly probeError: { readonly code: string; readonly message: string; readonly fix: string } | null;
}

/**
 * Counts first: what a reader needs before the details.
 *
 * @example
 * console.log(`${report.summary.blocked} of ${report.summary.crossOrigin} blocked`);
 */
export interface HarSummary {
  /** Entries in the file. */
  readonly entries: number;
  /** Cross-origin requests made in CORS mode (each with its preflight and redirects). */
  readonly crossOrigin: number;
  readonly allowed: number;
  readonly blocked: number;
  readonly unknown: number;
  /** Requests decided by re-sending them (`probe`). */
  readonly probed: number;
  /** Same-origin requests and requests the browser made without CORS (images, scripts, navigations). */
  readonly notCors: number;
  /** Requests whose page origin could not be found (pass `origin`). */
  readonly noOrigin: number;
  /** Blocked requests by error code, most frequent first; `unknown-cause` when the HAR does not say. */
  readonly byCause: readonly { readonly code: string; readonly count: number; readonly cause: string }[];
  readonly byHost: readonly {
    readonly host: string;
    readonly requests: number;
    readonly blocked: number;
    readonly unknown: number;
  }[];
}

/**
 * A HAR re-decided: who recorded it, which browser decided, the summary, and each cross-origin request.
 *
 * @example
 * const report: HarReport = await analyzeHar(log);
 * process.exitCode = report.summary.blocked > 0 ? 1 : 0;
 */
export interface HarReport {
  readonly schemaVersion: typeof HAR_REPORT_SCHEMA_VERSION;
  readonly creator: { readonly name: string; readonly version: string } | null;
  readonly browser: BrowserName;
  /** How the browser was chosen (`--browser`, `log.browser chromium 156…`, …). */
  readonly browserFrom: string;
  readonly notes: readonly string[];
  readonly pageOrigins: readonly string[];
  readonly summary: HarSummary;
  readonly requests: readonly HarRequestReport[];
}
