import {
  type BrowserName,
  type CredentialsMode,
  getProfile,
  type Initiator,
  type PreflightCache,
} from '../../browser/index.js';
import { getAll, type HeaderLine } from '../../exchange.js';
import { TransportError } from '../../http/errors.js';
import { type CheckReport, checkEndpoint } from '../check.js';
import type { Send } from '../types.js';
import type { RequestChain } from './chains.js';
import type { HarEntry } from './model.js';
import {
  authorHeaders,
  provenCredentials,
  type RecordedOutcome,
  ReplayCache,
  recordedOutcome,
  replayTransport,
} from './replay.js';
import type { HarRequestReport, HarTimelineItem, HarVerdict } from './report.js';
import { reproduceCommand } from './reproduce.js';

/**
 * What deciding one request needs from the whole page load.
 *
 * @example
 * const ctx: DecideContext = { browser: 'chromium', cache: new PreflightCache(), t0: log.entries[0].startedMs };
 */
export interface DecideContext {
  readonly browser: BrowserName;
  /** The browser's preflight cache as the page load filled it. */
  readonly cache: PreflightCache;
  /** When the recording started (ms since the epoch): timeline offsets count from it. */
  readonly t0: number;
  /** When each host first received cookies in the recording (`cookieJar`). */
  readonly jar: ReadonlyMap<string, number>;
  /** Whether the exporter marks failed requests (Chromium DevTools and Playwright do, Firefox does not). */
  readonly failuresMarked: boolean;
  /** Re-send what the HAR cannot answer, as `corsair check` does. */
  readonly probe?: Send;
}

interface Trial {
  readonly mode: CredentialsMode;
  readonly report: CheckReport;
  readonly missing: string | null;
  readonly used: { inferredPreflight: boolean; recordedPreflight: boolean };
}

/** The request the page made, as `checkEndpoint` takes it. */
function pageRequest(chain: RequestChain, browser: BrowserName) {
  const first = chain.hops[0] as HarEntry;
  const preflight = chain.preflights.get(0);
  const method = chain.preflightOnly
    ? (getAll(first.request.headers, 'access-control-request-method')[0]?.trim() ?? 'GET')
    : first.request.method;
  const { headers, unrecorded } = authorHeaders(first, preflight, getProfile(browser));
  const initiator: Initiator = first.resourceType === 'xhr' ? 'xhr' : 'fetch';
  return { url: first.request.url, method, headers, unrecorded, initiator };
}

async function replay(
  chain: RequestChain,
  init: { url: string; method: string; headers: HeaderLine[]; initiator: Initiator },
  mode: CredentialsMode,
  ctx: DecideContext,
  store: boolean,
): Promise<Trial> {
  const t = replayTransport(chain);
  const report = await checkEndpoint(
    { pageOrigin: chain.pageOrigin as string, ...init, credentials: mode },
    {
      send: t.send,
      browser: ctx.browser,
      cache: new ReplayCache(ctx.cache, { lookup: chain.preflights.size === 0, store }),
      now: t.now,
    },
  );
  return { mode, report, missing: t.used.missing, used: t.used };
}

/**
 * The credentials mode to decide with: proven by cookies; else the one under which the engine's verdict
 * is what the browser recorded (when the two modes disagree); else fetch()'s default.
 */
async function chooseMode(
  chain: RequestChain,
  init: Parameters<typeof replay>[1],
  ctx: DecideContext,
  recorded: RecordedOutcome,
): Promise<{ mode: CredentialsMode; from: HarRequestReport['credentialsFrom']; ambiguous: string | null }> {
  const proven = provenCredentials(chain, ctx.jar);
  if (proven) return { ...proven, ambiguous: null };
  const trials = await Promise.all(
    (['same-origin', 'include'] as const).map((m) => replay(chain, init, m, ctx, false)),
  );
  const [omit, include] = trials as [Trial, Trial];
  if (omit.missing !== null || include.missing !== null || omit.report.allowed === include.report.allowed)
    return { mode: 'same-origin', from: 'default', ambiguous: null };
  if (recorded !== 'answered') {
    const match = trials.find((t) => t.report.allowed === (recorded === 'succeeded')) as Trial;
    return { mode: match.mode, from: 'browser-result', ambiguous: null };
  }
  const code = include.report.error?.code ?? omit.report.error?.code ?? '';
  return {
    mode: include.report.allowed ? 'same-origin' : 'include',
    from: 'default',
    ambiguous: `the credentials mode: the HAR shows no cookie and does not record whether the page could read the response; with credentials: 'include' the browser ${include.report.allowed ? 'allows' : `blocks it (${code})`}, without it ${omit.report.allowed ? 'allows it' : `blocks it (${code})`}`,
  };
}

function timeline(chain: RequestChain, t0: number): HarTimelineItem[] {
  const preflights = new Set(chain.preflights.values());
  const all = [...preflights, ...(chain.preflightOnly ? [] : chain.hops)];
  return all
    .sort((a, b) => a.startedMs - b.startedMs || a.index - b.index)
    .map((e) => ({
      entry: e.index,
      kind: preflights.has(e) ? ('preflight' as const) : ('request' as const),
      method: e.request.method,
      url: e.request.url,
      status: e.response.status,
      failure: e.response.failure,
      offsetMs: Math.max(0, e.startedMs - t0),
      time: e.time,
      timings: e.timings,
    }));
}

interface Decision {
  check: CheckReport | null;
  decidedBy: HarRequestReport['decidedBy'];
  credentials: CredentialsMode;
  probeError: HarRequestReport['probeError'];
  readonly missing: string[];
  readonly notes: string[];
}

/** Step 1: decide from the recording alone, noting what it lacks and what was inferred. */
async function fromRecording(
  chain: RequestChain,
  request: Parameters<typeof replay>[1],
  unrecorded: readonly string[],
  recorded: RecordedOutcome,
  ctx: DecideContext,
) {
  const { mode, from, ambiguous } = await chooseMode(chain, request, ctx, recorded);
  const trial = await replay(chain, request, mode, ctx, true);
  const missing = [
    ...(trial.missing ? [trial.missing] : []),
    ...(ambiguous ? [ambiguous] : []),
    ...unrecorded.map(
      (name) =>
        `the value of ${name} (the preflight names it; a sanitized export removes it): any value is decided the same way`,
    ),
  ];
  const notes: string[] = [];
  if (trial.used.inferredPreflight)
    notes.push(
      'The HAR holds no preflight for this request: the browser sent the request and got its response, so its preflight passed.',
    );
  if (trial.report.outcome.preflightFromCache)
    notes.push(
      'The browser answered the preflight from its preflight cache, filled by an earlier preflight in this HAR.',
    );
  if (from === 'browser-result')
    notes.push(`Credentials mode '${mode}' is the one under which the browser's recorded result follows.`);
  const decision: Decision = {
    check: trial.missing === null && !ambiguous ? trial.report : null,
    decidedBy: trial.missing === null && !ambiguous ? 'har' : null,
    credentials: mode,
    probeError: null,
    missing,
    notes,
  };
  return { decision, trial, from, ambiguous };
}

/** Step 2: what the recording could not decide, re-sent live (`probe`), unless re-sending cannot help. */
async function withProbe(
  d: Decision,
  chain: RequestChain,
  request: Parameters<typeof replay>[1],
  from: HarRequestReport['credentialsFrom'],
  recorded: RecordedOutcome,
  ctx: DecideContext,
): Promise<void> {
  const probed = await probeChain(chain, request, d.credentials, from, recorded, ctx);
  if ('error' in probed) {
    d.probeError = probed.error;
    return;
  }
  d.check = probed.report;
  d.credentials = probed.mode;
  d.decidedBy = 'probe';
  d.notes.push(
    'Decided by re-sending the request to the server now (--probe): the server may answer differently than it did during the recording.',
  );
}

/**
 * Decide one request of the page load with the browser engine from what the HAR recorded; when the HAR
 * lacks something, say what and (with `probe`) re-send the request as `corsair check` does.
 *
 * @example
 * const r = await decideChain(chain, { browser: 'chromium', cache: new PreflightCache(), jar: new Map(), failuresMarked: true, t0 });
 * r.verdict; // 'blocked'
 */
export async function decideChain(chain: RequestChain, ctx: DecideContext): Promise<HarRequestReport> {
  const { unrecorded, ...request } = pageRequest(chain, ctx.browser);
  const first = chain.hops[0] as HarEntry;
  const recorded = chain.preflightOnly
    ? { outcome: 'failed' as const, status: first.response.status, failure: null }
    : recordedOf(chain.hops, ctx.failuresMarked);
  const {
    decision: d,
    trial,
    from,
    ambiguous,
  } = await fromRecording(chain, request, unrecorded, recorded.outcome, ctx);
  const reproduce = reproduceCommand({
    ...request,
    pageOrigin: chain.pageOrigin as string,
    credentials: d.credentials,
    browser: ctx.browser,
  });
  if (!d.check && ctx.probe && !ambiguous) await withProbe(d, chain, request, from, recorded.outcome, ctx);
  const { check } = d;
  const browserBlocked =
    recorded.outcome === 'failed' && /ERR_FAILED|NS_ERROR_DOM_BAD_URI|CORS/i.test(recorded.failure ?? '');
  const verdict: HarVerdict = check
    ? check.allowed
      ? 'allowed'
      : 'blocked'
    : browserBlocked
      ? 'blocked'
      : 'unknown';
  if (!check && browserBlocked)
    d.notes.push(
      `The browser recorded ${recorded.failure}, which is how it records a CORS failure, but the HAR does not hold what it saw.`,
    );
  const items = timeline(chain, ctx.t0);
  return {
    entries: items.map((t) => t.entry),
    method: request.method,
    url: request.url,
    host: new URL(request.url).host,
    pageOrigin: chain.pageOrigin as string,
    originFrom: chain.originFrom ?? 'page',
    startedDateTime: first.startedDateTime,
    timeline: items,
    credentials: d.credentials,
    credentialsFrom: from,
    preflight: preflightState(chain, trial, check),
    recorded,
    verdict,
    decidedBy: d.decidedBy,
    check,
    missing: d.missing,
    notes: d.notes,
    reproduce,
    agreesWithBrowser:
      check && !chain.preflightOnly && recorded.outcome !== 'answered'
        ? check.allowed === (recorded.outcome === 'succeeded')
        : null,
    probeError: d.probeError,
  };
}

function recordedOf(hops: readonly HarEntry[], failuresMarked: boolean) {
  const failed = hops.find((h) => recordedOutcome(h, failuresMarked) === 'failed');
  const last = failed ?? (hops.at(-1) as HarEntry);
  return {
    outcome: failed ? ('failed' as const) : recordedOutcome(last, failuresMarked),
    status: last.response.status,
    failure: last.response.failure,
  };
}

function preflightState(
  chain: RequestChain,
  trial: Trial,
  check: CheckReport | null,
): HarRequestReport['preflight'] {
  if (chain.preflights.size > 0) return 'recorded';
  if (trial.report.outcome.preflightFromCache) return 'cache';
  if (trial.used.inferredPreflight) return 'inferred';
  if (check?.preflight || /preflight/.test(trial.missing ?? '')) return 'missing';
  return 'none';
}

/** Re-send the request live; when the credentials mode is not proven, try the other one if the first disagrees with the browser. */
async function probeChain(
  chain: RequestChain,
  init: Parameters<typeof replay>[1],
  mode: CredentialsMode,
  from: HarRequestReport['credentialsFrom'],
  recorded: RecordedOutcome,
  ctx: DecideContext,
): Promise<
  { report: CheckReport; mode: CredentialsMode } | { error: { code: string; message: string; fix: string } }
> {
  const send = ctx.probe as Send;
  const modes: CredentialsMode[] =
    from === 'cookie' ? [mode] : [mode, mode === 'include' ? 'same-origin' : 'include'];
  let firstReport: { report: CheckReport; mode: CredentialsMode } | null = null;
  for (const m of modes) {
    try {
      const report = await checkEndpoint(
        { pageOrigin: chain.pageOrigin as string, ...init, credentials: m },
        { send, browser: ctx.browser },
      );
      firstReport ??= { report, mode: m };
      if (recorded === 'answered' || report.allowed === (recorded === 'succeeded'))
        return { report, mode: m };
    } catch (e) {
      if (e instanceof TransportError) return { error: { code: e.code, message: e.message, fix: e.fix } };
      throw e;
    }
  }
  return firstReport as { report: CheckReport; mode: CredentialsMode };
}
