import type { HeaderList, HttpRequest, HttpResponse } from '../exchange.js';
import { hasHeader } from '../exchange.js';
import { combineHeaderLines, getCombined } from '../fetch/header-list.js';
import { FORBIDDEN_RESPONSE_HEADER_NAMES } from '../fetch/header-names.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { badPortOf } from '../fetch/ports.js';
import { variesOn } from '../fetch/vary.js';
import { isLoopbackHost, isOpaqueOrigin, isSameOrigin, originOfUrl } from '../origin/index.js';
import { classifyRequest } from './classify.js';
import { corsCheck } from './cors-check.js';
import { exposedHeaderNames } from './exposed-headers.js';
import { blinkRequestHeaderOrder } from './header-map-order.js';
import type { MaxAge } from './max-age.js';
import type { PreflightCache } from './preflight-cache.js';
import { checkPreflightResponse, isRedirect, type PreflightContext } from './preflight-check.js';
import { type BrowserProfile, getProfile } from './profile.js';
import { followRedirect, type Redirect, redirectTarget, refuseInvalidLocation } from './redirect.js';
import { buildActualRequest, buildPreflightRequest } from './request-builders.js';
import {
  corsUnsafeRequestHeaderNames,
  isCorsSafelistedRequestHeader,
  withDefaultAccept,
} from './request-headers.js';
import {
  done,
  type FetchState,
  fail,
  type Hop,
  networkStep,
  type Run,
  sendOrError,
  startFetch,
  startRun,
} from './simulation.js';
import type { BrowserName, Check, CorsRequestInit, Outcome, Transport, Warning } from './types.js';
import { webkitHeaderMapOrder } from './webkit-header-map.js';

/**
 * How to run a simulation.
 *
 * @example
 * const options: SimulateOptions = { browser: 'firefox', send: async (req) => ({ status: 204, headers: [] }) };
 */
export interface SimulateOptions {
  /** Which browser decides. Defaults to `chromium`. */
  readonly browser?: BrowserName | BrowserProfile;
  /** The only way the engine meets the network: gets each request, returns the response. */
  readonly send: Transport;
  /** A preflight cache kept across calls; without one every request that needs a preflight sends it. */
  readonly cache?: PreflightCache;
  /** Milliseconds clock for the cache. Defaults to `Date.now`. */
  readonly now?: () => number;
}

/**
 * Decide a cross-origin request exactly as the chosen browser does (Fetch Standard §4 "Fetching":
 * main fetch, HTTP fetch, CORS-preflight fetch, HTTP-redirect fetch), asking `send` for every
 * response. Returns the verdict, each request and response with the checks run on it, the failure
 * with each browser's console message, its cause and fix, and the headers a script could read.
 *
 * @example
 * const outcome = await simulateCors(
 *   { pageOrigin: 'https://app.example.com', url: 'https://api.example.com/items', method: 'PUT',
 *     headers: [['Content-Type', 'application/json']], credentials: 'include' },
 *   { browser: 'chromium', send: async () => ({ status: 204, headers: [['Access-Control-Allow-Origin', '*']] }) },
 * );
 * outcome.allowed;      // false
 * outcome.error?.code;  // 'PreflightWildcardOriginNotAllowed'
 */
export async function simulateCors(init: CorsRequestInit, options: SimulateOptions): Promise<Outcome> {
  const profile = getProfile(options.browser);
  const c = classifyRequest(init, profile);
  const run = startRun(c, profile, init, options);
  if (c.refusal) {
    // A refused method is not normalized: it is worded as the page wrote it (Firefox: "Invalid request
    // method connect.").
    return fail(run, c.refusal, { url: c.url, method: c.method, status: null, origin: c.origin });
  }
  const state = startFetch(c);
  for (;;) {
    const hop = nextHop(run, state);
    const blocked = badPortStep(run, hop);
    if (blocked) return blocked;
    const refused = hop.request.needsPreflight ? await preflightStep(run, hop) : null;
    if (refused) return refused;
    const actual = await actualStep(run, hop);
    if (!('next' in actual)) return actual;
    const failed = followRedirect(run, state, hop, actual);
    if (failed) return failed;
  }
}

/** Main fetch for the current URL: the CORS flag, the origins sent, whether a preflight is needed. */
function nextHop(run: Run, state: FetchState): Hop {
  const { c, profile } = run;
  const urlOrigin = originOfUrl(state.url);
  const crossOrigin = isOpaqueOrigin(run.pageOrigin) || !isSameOrigin(run.pageOrigin, urlOrigin);
  // Main fetch: once a response has been CORS-tainted, every later hop uses the CORS protocol too.
  const corsFlag = crossOrigin || state.corsTainting;
  if (corsFlag) state.corsTainting = true;
  const origin = state.tainted ? 'null' : c.origin;
  // Firefox keeps the page's origin on the preflight of a tainted request (profile data).
  const preflightOrigin =
    state.tainted && profile.preflightOriginAfterTaint === 'original' ? c.origin : origin;
  const unsafeHeaderNames = corsUnsafeRequestHeaderNames(withDefaultAccept(state.lines), profile);
  const needsPreflight = corsFlag && (!isCorsSafelistedMethod(state.method) || unsafeHeaderNames.length > 0);
  const request = {
    ...c,
    url: state.url,
    urlOrigin,
    method: state.method,
    headers: state.headers,
    unsafeHeaderNames,
    needsPreflight,
    // Response tainting stays "cors" after a hop back to the page's origin: Origin is still sent.
    sameOrigin: !corsFlag,
  };
  return {
    request,
    corsFlag,
    origin,
    preflightOrigin,
    urls: state.urls,
    at: { url: state.url, method: state.method, status: null, origin },
  };
}

/**
 * Main fetch step 7 ("should request be blocked due to a bad port"): a network error before anything is
 * sent, the preflight included; the browser's own list comes from its profile.
 */
function badPortStep(run: Run, hop: Hop): Outcome | null {
  const port = badPortOf(hop.request.url, run.profile.badPorts);
  if (port === null) return null;
  const reason = `port ${port} is a bad port, so ${run.profile.label} refuses to connect`;
  return fail(run, { code: 'NetworkError', reason, net: 'ERR_UNSAFE_PORT', badPort: port }, hop.at);
}

/** CORS-preflight fetch (Fetch Standard §4.8), or the preflight cache's answer: a failed outcome or null. */
async function preflightStep(run: Run, hop: Hop): Promise<Outcome | null> {
  const { profile } = run;
  const { request: r, preflightOrigin } = hop;
  const ctx: PreflightContext = {
    origin: preflightOrigin,
    include: run.include,
    method: r.method,
    unsafeHeaderNames: unsafeHeaderCheckOrder(run, r.headers, r.unsafeHeaderNames),
    hasAuthorization: hasHeader(r.headers, 'authorization'),
  };
  if (run.cache.lookup(preflightOrigin, r.url, ctx, profile, run.now())) {
    run.preflightFromCache = true;
    return null;
  }
  const request = buildPreflightRequest(r, preflightOrigin);
  const response = await sendOrError(run.send, request);
  run.preflight = true;
  if ('error' in response) {
    run.steps.push(networkStep('preflight', request, response.error));
    return fail(run, { code: 'NetworkError', reason: response.error }, { ...hop.at, method: 'OPTIONS' });
  }
  const checked = checkPreflightResponse(response, ctx, profile);
  run.steps.push({ kind: 'preflight', request, response, checks: checked.checks });
  if (!checked.ok) {
    return fail(run, checked.failure, { ...hop.at, status: response.status }, (p) => {
      const other = checkPreflightResponse(response, ctx, p);
      return other.ok ? null : other.failure;
    });
  }
  run.cache.store(preflightOrigin, r.url, checked.result, run.now(), profile);
  run.warnings.push(...maxAgeWarnings(checked.result.maxAge, profile));
  return null;
}

function maxAgeWarnings(m: MaxAge, profile: BrowserProfile): Warning[] {
  if (m.note === 'capped') {
    return [
      {
        code: 'max-age-capped',
        message: `Access-Control-Max-Age ${m.raw} is above ${profile.label}'s cap: it keeps the preflight for ${m.seconds} s.`,
      },
    ];
  }
  if (m.note === 'invalid') {
    return [
      {
        code: 'max-age-invalid',
        message: `Access-Control-Max-Age '${m.raw}' is not an integer number of seconds: ${m.seconds ? `${profile.label} uses ${m.seconds} s` : `${profile.label} does not cache the preflight`}.`,
      },
    ];
  }
  return [];
}

/**
 * The actual request (HTTP fetch), then the redirect's target and the CORS check (Fetch Standard §4.9):
 * the final outcome, or the redirect to follow.
 */
async function actualStep(run: Run, hop: Hop): Promise<Outcome | Redirect> {
  const { request: r, origin, at } = hop;
  const request = buildActualRequest(r, origin, r.url, r.method, hop.urls);
  const response = await sendOrError(run.send, request);
  if ('error' in response) {
    run.steps.push(networkStep('actual', request, response.error));
    return fail(run, { code: 'NetworkError', reason: response.error }, at);
  }
  // The network layer parses Location before CORS sees the redirect: an unparsable one fails first.
  const next = redirectTarget(run, request, response, at);
  if (next !== null && !(next instanceof URL) && !('invalid' in next)) return next;
  const checks: Check[] = [];
  if (hop.corsFlag) {
    const access = corsCheck(response.headers, origin, run.include, run.profile);
    if (access) {
      checks.push({
        name: 'Access-Control-Allow-Origin',
        ok: false,
        detail: `${access.code}: '${access.value}'`,
      });
      run.steps.push({ kind: 'actual', request, response, checks });
      const redirectTo = next === null ? {} : { redirectTo: next instanceof URL ? next.href : next.invalid };
      return fail(run, access, { ...at, status: response.status, ...redirectTo }, (p) =>
        corsCheck(response.headers, origin, run.include, p),
      );
    }
    checks.push({ name: 'Access-Control-Allow-Origin', ok: true, detail: `allows ${origin}` });
  }
  if (next !== null && 'invalid' in next)
    return refuseInvalidLocation(run, at, { request, response, checks }, next.invalid);
  if (next !== null) return { request, response, checks, next };
  if (run.profile.unfollowedRedirectFails && isRedirect(response)) {
    run.steps.push({ kind: 'actual', request, response, checks });
    const reason = `the ${response.status} redirect has no Location the browser can follow`;
    return fail(run, { code: 'NetworkError', reason }, { ...at, status: response.status });
  }
  return outcome(run, hop, { request, response, checks });
}

/** The final response passed: what a script may read of it, and what is fragile about it. */
function outcome(
  run: Run,
  hop: Hop,
  step: { request: HttpRequest; response: HttpResponse; checks: Check[] },
): Outcome {
  run.steps.push({ kind: 'actual', ...step });
  const headers = step.response.headers;
  if (!hop.corsFlag) return done(run, null, readableNames(headers));
  run.warnings.push(...responseWarnings(step.response));
  return done(run, null, exposedHeaderNames(headers, run.include));
}

/**
 * The unsafe names in the order the profile's browser checks them against Access-Control-Allow-Headers.
 * Chromium (cors.cc CorsUnsafeNotForbiddenRequestHeaderNames): names unsafe by themselves first, then,
 * past the 1024-byte total, the safelisted ones, each group in the order of the request's header vector
 * (header-map-order.ts); `Accept: *\/*`, when the page set none, is appended to that vector last
 * (request_conversion.cc PopulateResourceRequest, network_utils::SetAcceptHeader). The vector is built
 * for the URL the page asked for: redirects keep it.
 */
function unsafeHeaderCheckOrder(
  run: Run,
  headers: HeaderList,
  unsafeHeaderNames: readonly string[],
): readonly string[] {
  const { profile } = run;
  const order = profile.unsafeHeaderCheckOrder;
  if (order === 'sorted') return unsafeHeaderNames;
  const unsafe = new Set(unsafeHeaderNames);
  if (order === 'webkit-header-map')
    return webkitHeaderMapOrder(headers.map(([n]) => n))
      .map((n) => n.toLowerCase())
      .filter((n) => unsafe.has(n));
  const combined = new Map(combineHeaderLines(headers));
  const added = isPotentiallyTrustworthyUrl(run.c.url)
    ? [...order.blinkHeaderMap.always, ...order.blinkHeaderMap.trustworthyUrl]
    : order.blinkHeaderMap.always;
  const vector = blinkRequestHeaderOrder([...combined.keys()], run.initiator, added);
  if (!combined.has('accept')) {
    vector.push('accept');
    combined.set('accept', '*/*');
  }
  const ordered = vector.map((n) => n.toLowerCase());
  const bySelf = ordered.filter(
    (n) => unsafe.has(n) && !isCorsSafelistedRequestHeader(n, combined.get(n)!, profile),
  );
  const byTotal = ordered.filter((n) => unsafe.has(n) && !bySelf.includes(n));
  return [...bySelf, ...byTotal];
}

/**
 * Secure Contexts §3.2 for a request URL: https:, or http: to a loopback host (Chromium's client-hint
 * rule). A request that reaches a preflight has a parsed http: or https: URL.
 */
function isPotentiallyTrustworthyUrl(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || isLoopbackHost(u.hostname);
}

/** A same-origin (basic) response: every header but Set-Cookie is readable. */
function readableNames(headers: HeaderList): string[] {
  const names = new Set<string>();
  for (const [n] of headers) {
    const lower = n.toLowerCase();
    if (!FORBIDDEN_RESPONSE_HEADER_NAMES.has(lower)) names.add(lower);
  }
  return [...names].sort();
}

/** Things that pass today but break behind a shared cache or in another browser. */
function responseWarnings(response: HttpResponse): Warning[] {
  // The CORS check passed, so Access-Control-Allow-Origin is there: `*` or the request's origin.
  const acao = getCombined(response.headers, 'access-control-allow-origin')!.trim();
  if (acao === '*' || variesOn(response.headers, 'origin')) return [];
  return [
    {
      code: 'missing-vary',
      message: `Access-Control-Allow-Origin names one origin (${acao}) but Vary does not list Origin: a shared cache may serve this response to another origin, which then fails or gets the wrong answer.`,
    },
  ];
}
