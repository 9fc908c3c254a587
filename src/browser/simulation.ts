// One run of `simulateCors`: what its steps share (the classified request, the profile, the network,
// the preflight cache), the record they leave (steps, warnings), the state main fetch carries from one
// redirect hop to the next, and how a run ends (an outcome, or a failure worded by each browser).
import type { HeaderList, HttpRequest, HttpResponse } from '../exchange.js';
import type { Origin } from '../origin/index.js';
import { advise } from './advice.js';
import type { ClassifiedRequest } from './classify.js';
import { consoleMessages } from './console.js';
import type { FailureDetail } from './failure.js';
import type { MessageContext } from './messages.js';
import { PreflightCache } from './preflight-cache.js';
import { type BrowserProfile, profiles } from './profile.js';
import { pageOriginOf } from './request-builders.js';
import type { CorsFailure, CorsRequestInit, Initiator, Outcome, Step, Transport, Warning } from './types.js';

/** What every step of one simulation reads, and the record the steps leave. */
export interface Run {
  readonly c: ClassifiedRequest;
  readonly profile: BrowserProfile;
  readonly send: Transport;
  readonly cache: PreflightCache;
  readonly now: () => number;
  readonly include: boolean;
  readonly initiator: Initiator;
  readonly pageOrigin: Origin;
  readonly steps: Step[];
  readonly warnings: Warning[];
  /** The request's header names as the page spelled them (WebKit's messages keep that spelling). */
  readonly spelledHeaderNames: readonly string[];
  /** Whether a preflight went on the wire. */
  preflight: boolean;
  /** Whether a needed preflight was answered by the cache. */
  preflightFromCache: boolean;
}

/**
 * The request as main fetch changes it across redirects (Fetch Standard §4.4 steps 11–14): URL,
 * method and headers, and the origin and response tainting it has picked up.
 */
export interface FetchState {
  url: string;
  method: string;
  /** The headers as sent (same names combined). */
  headers: HeaderList;
  /** The unjoined lines: the unsafe names are computed from them (Firefox lists `x-a,x-a`). */
  lines: HeaderList;
  /** A cross-origin redirect made the request's origin opaque (`Origin: null`). */
  tainted: boolean;
  /** Response tainting is "cors": every later hop uses the CORS protocol too. */
  corsTainting: boolean;
  /** The URLs Sec-Fetch-Site is computed over (the request's URL list; profile `fetchMetadataUrlList`). */
  urls: readonly string[];
  redirects: number;
}

/** One hop of the fetch: its request as the browser makes it, and the origins it carries. */
export interface Hop {
  readonly request: ClassifiedRequest;
  /** The CORS flag: the hop is judged by the CORS protocol. */
  readonly corsFlag: boolean;
  /** The Origin the actual request carries. */
  readonly origin: string;
  /** The Origin the preflight carries (Firefox keeps the page's after a tainting redirect). */
  readonly preflightOrigin: string;
  /** The URLs the actual request's Sec-Fetch-Site is computed over. */
  readonly urls: readonly string[];
  /** Where a failure on this hop is reported. */
  readonly at: FailureSite;
}

/** Where a failure happened, for its messages and advice. */
export interface FailureSite {
  readonly url: string;
  readonly method: string;
  readonly status: number | null;
  readonly origin: string;
  /** Where the failing response redirected to, when the failure is that redirect's (WebKit names it). */
  readonly redirectTo?: string;
}

/** The options a run needs (see `SimulateOptions`). */
export interface RunOptions {
  readonly send: Transport;
  readonly cache?: PreflightCache;
  readonly now?: () => number;
}

export function startRun(
  c: ClassifiedRequest,
  profile: BrowserProfile,
  init: CorsRequestInit,
  options: RunOptions,
): Run {
  return {
    c,
    profile,
    send: options.send,
    // Browsers always have a preflight cache: a later hop to a URL already preflighted in this fetch
    // reuses the result (Firefox following an empty Location: conformance redirect-odd/empty-location.*).
    cache: options.cache ?? new PreflightCache(),
    now: options.now ?? Date.now,
    include: c.credentials === 'include',
    initiator: init.initiator ?? 'fetch',
    pageOrigin: pageOriginOf(c.origin),
    steps: [],
    spelledHeaderNames: spelledNames(init.headers),
    warnings: c.dropped.map((d) => ({
      code: 'header-dropped',
      message: `${d.name} is not sent: ${d.reason}`,
    })),
    preflight: false,
    preflightFromCache: false,
  };
}

function spelledNames(headers: CorsRequestInit['headers'] = {}): string[] {
  return Array.isArray(headers) ? headers.map(([n]) => n) : Object.keys(headers);
}

export function startFetch(c: ClassifiedRequest): FetchState {
  return {
    url: c.url,
    method: c.method,
    headers: c.headers,
    lines: c.lines,
    tainted: false,
    corsTainting: false,
    urls: [c.url],
    redirects: 0,
  };
}

/** The run's verdict. */
export function done(run: Run, error: CorsFailure | null, exposedHeaders: readonly string[] = []): Outcome {
  return {
    allowed: error === null,
    preflight: run.preflight,
    preflightFromCache: run.preflightFromCache,
    steps: run.steps,
    error,
    exposedHeaders,
    warnings: run.warnings,
    browser: run.profile.name,
  };
}

/**
 * The run fails with `detail` at `at`: each browser's console message (from that browser's own reading
 * of the same response when `recheck` gives it), the cause and the fix.
 */
export function fail(
  run: Run,
  detail: FailureDetail,
  at: FailureSite,
  recheck?: (p: BrowserProfile) => FailureDetail | null,
): Outcome {
  const ctx: MessageContext = {
    initiator: run.initiator,
    url: at.url,
    initialUrl: run.c.url,
    origin: run.c.origin,
    method: at.method,
    status: at.status,
    sentOrigin: at.origin,
    redirectTo: at.redirectTo ?? null,
    requestHeaderNames: run.spelledHeaderNames,
  };
  const seenBy = (p: BrowserProfile): FailureDetail =>
    p === run.profile ? detail : (recheck?.(p) ?? detail);
  const advice = advise(detail, { origin: at.origin, url: at.url, method: at.method, include: run.include });
  return done(run, {
    code: detail.code,
    messages: consoleMessages((b) => seenBy(profiles[b]), ctx),
    cause: advice.cause,
    fix: advice.fix,
    url: at.url,
    origin: at.origin,
    detail,
  });
}

/** Send through the transport; a thrown error is a network error, not an exception. */
export async function sendOrError(
  send: Transport,
  request: HttpRequest,
): Promise<HttpResponse | { error: string }> {
  try {
    return await send(request);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export function networkStep(kind: Step['kind'], request: HttpRequest, error: string): Step {
  return { kind, request, response: null, checks: [{ name: 'network', ok: false, detail: error }] };
}
