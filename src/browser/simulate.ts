import { getAll, type HeaderList, type HttpRequest, type HttpResponse, hasHeader } from '../exchange.js';
import { combineHeaderLines, getCombined } from '../fetch/header-list.js';
import { FORBIDDEN_RESPONSE_HEADER_NAMES } from '../fetch/header-names.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { variesOn } from '../fetch/vary.js';
import { isOpaqueOrigin, isSameOrigin, type Origin, originOfUrl, parseOrigin } from '../origin/index.js';
import { advise } from './advice.js';
import { type ClassifiedRequest, classifyRequest } from './classify.js';
import { corsCheck } from './cors-check.js';
import { exposedHeaderNames } from './exposed-headers.js';
import type { FailureDetail } from './failure.js';
import { blinkHeaderMapOrder } from './header-map-order.js';
import { chromiumMessage, firefoxMessage, type MessageContext } from './messages.js';
import { PreflightCache } from './preflight-cache.js';
import { checkPreflightResponse, isRedirect, type PreflightContext } from './preflight-check.js';
import { type BrowserProfile, chromium, firefox, getProfile } from './profile.js';
import { buildActualRequest, buildPreflightRequest } from './request-builders.js';
import { corsUnsafeRequestHeaderNames, isCorsSafelistedRequestHeader } from './request-headers.js';
import type {
  BrowserName,
  Check,
  CorsFailure,
  CorsRequestInit,
  Outcome,
  Step,
  Transport,
  Warning,
} from './types.js';

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

// Fetch Standard "request-body-header name": removed when a redirect turns the request into a GET.
const REQUEST_BODY_HEADERS = new Set([
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
]);

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
  const now = options.now ?? Date.now;
  const c = classifyRequest(init, profile);
  const include = c.credentials === 'include';
  const initiator = init.initiator ?? 'fetch';
  const steps: Step[] = [];
  const warnings: Warning[] = c.dropped.map((d) => ({
    code: 'header-dropped',
    message: `${d.name} is not sent: ${d.reason}`,
  }));
  let preflight = false;
  let preflightFromCache = false;

  const done = (error: CorsFailure | null, exposedHeaders: readonly string[] = []): Outcome => ({
    allowed: error === null,
    preflight,
    preflightFromCache,
    steps,
    error,
    exposedHeaders,
    warnings,
    browser: profile.name,
  });
  const fail = (
    detail: FailureDetail,
    at: { url: string; method: string; status: number | null; origin: string },
    recheck?: (p: BrowserProfile) => FailureDetail | null,
  ): Outcome => {
    const ctx: MessageContext = {
      initiator,
      url: at.url,
      initialUrl: c.url,
      origin: c.origin,
      method: at.method,
      status: at.status,
    };
    // Each browser's message comes from that browser's own reading of the same response.
    const seenBy = (p: BrowserProfile): FailureDetail => (p === profile ? detail : (recheck?.(p) ?? detail));
    const advice = advise(detail, { origin: at.origin, url: at.url, method: at.method, include });
    return done({
      code: detail.code,
      messages: {
        chromium: chromiumMessage(seenBy(chromium), ctx),
        firefox: firefoxMessage(seenBy(firefox), ctx),
      },
      cause: advice.cause,
      fix: advice.fix,
      url: at.url,
      origin: at.origin,
      detail,
    });
  };

  if (c.refusal) {
    // A refused method is worded as the page wrote it (Firefox: "Invalid request method connect.").
    const method = c.refusal.code === 'ForbiddenMethod' ? (init.method ?? c.method) : c.method;
    return fail(c.refusal, { url: c.url, method, status: null, origin: c.origin });
  }

  const pageOrigin: Origin = (c.origin === 'null' ? null : parseOrigin(c.origin)) ?? { opaque: true };
  // Browsers always have a preflight cache: a later hop to a URL already preflighted in this fetch
  // reuses the result (Firefox following an empty Location: conformance redirect-odd/empty-location.*).
  const cache = options.cache ?? new PreflightCache();
  let url = c.url;
  let method = c.method;
  let headers: HeaderList = c.headers;
  // The unjoined lines: the unsafe names are computed from them (Firefox lists `x-a,x-a`).
  let lines: HeaderList = c.lines;
  let tainted = false;
  let corsTainting = false;
  let redirects = 0;

  for (;;) {
    const urlOrigin = originOfUrl(url);
    const crossOrigin = isOpaqueOrigin(pageOrigin) || !isSameOrigin(pageOrigin, urlOrigin);
    // Main fetch: once a response has been CORS-tainted, every later hop uses the CORS protocol too.
    const corsFlag = crossOrigin || corsTainting;
    if (corsFlag) corsTainting = true;
    const origin = tainted ? 'null' : c.origin;
    // Firefox keeps the page's origin on the preflight of a tainted request (profile data).
    const preflightOrigin = tainted && profile.preflightOriginAfterTaint === 'original' ? c.origin : origin;
    const unsafeHeaderNames = corsFlag ? corsUnsafeRequestHeaderNames(lines, profile) : [];
    const needsPreflight = corsFlag && (!isCorsSafelistedMethod(method) || unsafeHeaderNames.length > 0);
    const hop: ClassifiedRequest = {
      ...c,
      url,
      urlOrigin,
      method,
      headers,
      unsafeHeaderNames,
      needsPreflight,
      // Response tainting stays "cors" after a hop back to the page's origin: Origin is still sent.
      sameOrigin: !corsFlag,
    };
    const at = { url, method, status: null as number | null, origin };

    if (needsPreflight) {
      const ctx: PreflightContext = {
        origin: preflightOrigin,
        include,
        method,
        unsafeHeaderNames: unsafeHeaderCheckOrder(headers, unsafeHeaderNames, profile),
        hasAuthorization: hasHeader(headers, 'authorization'),
      };
      if (cache.lookup(preflightOrigin, url, ctx, profile, now())) {
        preflightFromCache = true;
      } else {
        const request = buildPreflightRequest(hop, preflightOrigin);
        const response = await sendOrNull(options.send, request);
        preflight = true;
        if ('error' in response) {
          steps.push(networkStep('preflight', request, response.error));
          return fail({ code: 'NetworkError', reason: response.error }, { ...at, method: 'OPTIONS' });
        }
        const r = checkPreflightResponse(response, ctx, profile);
        steps.push({ kind: 'preflight', request, response, checks: r.checks });
        if (!r.ok) {
          return fail(r.failure, { ...at, status: response.status }, (p) => {
            const other = checkPreflightResponse(response, ctx, p);
            return other.ok ? null : other.failure;
          });
        }
        cache.store(preflightOrigin, url, r.result, now(), profile);
        const m = r.result.maxAge;
        if (m.note === 'capped') {
          warnings.push({
            code: 'max-age-capped',
            message: `Access-Control-Max-Age ${m.raw} is above ${profile.label}'s cap: it keeps the preflight for ${m.seconds} s.`,
          });
        } else if (m.note === 'invalid') {
          warnings.push({
            code: 'max-age-invalid',
            message: `Access-Control-Max-Age '${m.raw}' is not an integer number of seconds: ${m.seconds ? `${profile.label} uses ${m.seconds} s` : `${profile.label} does not cache the preflight`}.`,
          });
        }
      }
    }

    const request = buildActualRequest(hop, origin, url, method);
    const response = await sendOrNull(options.send, request);
    if ('error' in response) {
      steps.push(networkStep('actual', request, response.error));
      return fail({ code: 'NetworkError', reason: response.error }, at);
    }
    const checks: Check[] = [];
    const status = response.status;
    const redirect = isRedirect(response, profile);
    // The network layer parses Location before CORS sees the redirect: an unparsable one fails first.
    let next: URL | null = null;
    if (redirect) {
      const location = getAll(response.headers, 'location')[0] ?? '';
      try {
        next = new URL(location, url);
      } catch {
        steps.push({
          kind: 'actual',
          request,
          response,
          checks: [redirectCheck(false, `invalid Location '${location}'`)],
        });
        return fail(
          {
            code: 'NetworkError',
            reason: `the redirect Location '${location}' is not a URL`,
            net: 'ERR_INVALID_REDIRECT',
          },
          { ...at, status },
        );
      }
    }
    // Firefox refuses an unsafe redirect target before the redirect response's own CORS check.
    if (
      next !== null &&
      profile.unsafeRedirectBeforeCorsCheck &&
      profile.unsafeRedirectSchemes.includes(next.protocol)
    ) {
      steps.push({
        kind: 'actual',
        request,
        response,
        checks: [redirectCheck(false, `unsafe redirect to ${next.href}`)],
      });
      return fail(
        {
          code: 'NetworkError',
          reason: `the redirect goes to ${next.href}, which the browser never follows`,
          net: 'ERR_UNSAFE_REDIRECT',
        },
        { ...at, status },
      );
    }
    if (corsFlag) {
      const access = corsCheck(response.headers, origin, include, profile);
      if (access) {
        checks.push({
          name: 'Access-Control-Allow-Origin',
          ok: false,
          detail: `${access.code}: '${access.value}'`,
        });
        steps.push({ kind: 'actual', request, response, checks });
        return fail(access, { ...at, status }, (p) => corsCheck(response.headers, origin, include, p));
      }
      checks.push({ name: 'Access-Control-Allow-Origin', ok: true, detail: `allows ${origin}` });
    }

    if (next === null) {
      steps.push({ kind: 'actual', request, response, checks });
      if (corsFlag) warnings.push(...responseWarnings(response));
      return done(
        null,
        corsFlag ? exposedHeaderNames(response.headers, include) : readableNames(response.headers),
      );
    }

    // HTTP-redirect fetch (Fetch Standard §4.4).
    // Chromium restarts a redirected request that needed a preflight or changes method (a new loader runs
    // the CORS scheme check); otherwise the existing loader follows and fails on an unknown scheme.
    const restarts = needsPreflight || redirectMethod(status, method) !== method;
    const redirectFailure = redirectProblem(next, corsTainting, pageOrigin, ++redirects, profile, restarts);
    if (redirectFailure) {
      steps.push({
        kind: 'actual',
        request,
        response,
        checks: [...checks, redirectCheck(false, redirectFailure.code)],
      });
      // Chromium follows the redirect and then refuses the new URL (its scheme): the failure is the new URL's.
      const atNewUrl =
        redirectFailure.code === 'CorsDisabledScheme' ||
        (redirectFailure.code === 'NetworkError' && redirectFailure.net === 'ERR_UNKNOWN_URL_SCHEME');
      const failedAt = atNewUrl
        ? { url: next.href, method: redirectMethod(status, method), status: null, origin }
        : { ...at, status: redirectFailure.code === 'NetworkError' && !redirectFailure.net ? null : status };
      return fail(redirectFailure, failedAt);
    }
    steps.push({
      kind: 'actual',
      request,
      response,
      checks: [...checks, redirectCheck(true, `${status} → ${next.href}`)],
    });

    if (redirectMethod(status, method) !== method) {
      method = 'GET';
      headers = headers.filter(([n]) => !REQUEST_BODY_HEADERS.has(n.toLowerCase()));
      lines = lines.filter(([n]) => !REQUEST_BODY_HEADERS.has(n.toLowerCase()));
    }
    const nextOrigin = originOfUrl(next.href);
    if (!isSameOrigin(urlOrigin, nextOrigin)) {
      // Authorization is a CORS non-wildcard request-header name: dropped when the redirect changes origin.
      if (hasHeader(headers, 'authorization')) {
        headers = headers.filter(([n]) => n.toLowerCase() !== 'authorization');
        lines = lines.filter(([n]) => n.toLowerCase() !== 'authorization');
        warnings.push({
          code: 'authorization-dropped',
          message: `Authorization was removed when the request was redirected to ${next.origin}.`,
        });
      }
      if (isOpaqueOrigin(pageOrigin) || !isSameOrigin(pageOrigin, urlOrigin)) tainted = true;
    }
    url = next.href;
  }
}

/**
 * The unsafe names in the order the profile's browser checks them against Access-Control-Allow-Headers.
 * Chromium (cors.cc CorsUnsafeNotForbiddenRequestHeaderNames): names unsafe by themselves first, then,
 * past the 1024-byte total, the safelisted ones, each group in Blink's header-map order (checked on
 * 257 Chromium 156 messages naming a header, conformance families request and preflight-headers).
 */
function unsafeHeaderCheckOrder(
  headers: HeaderList,
  unsafeHeaderNames: readonly string[],
  profile: BrowserProfile,
): readonly string[] {
  if (profile.unsafeHeaderCheckOrder === 'sorted') return unsafeHeaderNames;
  const unsafe = new Set(unsafeHeaderNames);
  const combined = new Map(combineHeaderLines(headers));
  // Blink's fetch adds `Accept: */*` to the same map when the page set none, which moves the others.
  const names = headers.map(([n]) => n);
  if (!combined.has('accept')) names.push('Accept');
  const ordered = blinkHeaderMapOrder(names).map((n) => n.toLowerCase());
  const bySelf = ordered.filter(
    (n) => unsafe.has(n) && !isCorsSafelistedRequestHeader(n, combined.get(n)!, profile),
  );
  const byTotal = ordered.filter((n) => unsafe.has(n) && !bySelf.includes(n));
  return [...bySelf, ...byTotal];
}

/** The method after a redirect (Fetch Standard §4.4 step 12): POST → GET on 301/302, all but HEAD on 303. */
function redirectMethod(status: number, method: string): string {
  return ((status === 301 || status === 302) && method === 'POST') ||
    (status === 303 && method !== 'GET' && method !== 'HEAD')
    ? 'GET'
    : method;
}

function redirectProblem(
  next: URL,
  corsTainting: boolean,
  pageOrigin: Origin,
  count: number,
  profile: BrowserProfile,
  restarts: boolean,
): FailureDetail | null {
  if (profile.unsafeRedirectSchemes.includes(next.protocol)) {
    return {
      code: 'NetworkError',
      reason: `the redirect goes to ${next.protocol} URL ${next.href}, which the browser never follows`,
      net: 'ERR_UNSAFE_REDIRECT',
    };
  }
  if (!restarts && profile.simpleRedirectUnknownSchemes.includes(next.protocol)) {
    return {
      code: 'NetworkError',
      reason: `the redirect goes to ${next.href}, a scheme fetch() cannot load`,
      net: 'ERR_UNKNOWN_URL_SCHEME',
    };
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    if (!corsTainting || profile.nonHttpRedirect === 'NetworkError')
      return { code: 'NetworkError', reason: `the redirect goes to a non-HTTP(S) URL ${next.href}` };
    if (profile.nonHttpRedirect === 'CorsDisabledScheme')
      return {
        code: 'CorsDisabledScheme',
        message: `the redirect goes to ${next.href}, and cross-origin requests only support HTTP(S)`,
        fix: 'Redirect to an http: or https: URL, or have the page request the final URL itself.',
      };
    return { code: 'RedirectDisallowedScheme', location: next.href };
  }
  if (count > profile.redirectLimit) return { code: 'TooManyRedirects', limit: profile.redirectLimit };
  const hasUserinfo = next.username !== '' || next.password !== '';
  if (
    hasUserinfo &&
    (corsTainting || isOpaqueOrigin(pageOrigin) || !isSameOrigin(pageOrigin, originOfUrl(next.href)))
  ) {
    return { code: 'RedirectContainsCredentials', location: next.href };
  }
  return null;
}

function redirectCheck(ok: boolean, detail: string): Check {
  return { name: 'redirect', ok, detail };
}

function networkStep(kind: Step['kind'], request: HttpRequest, error: string): Step {
  return { kind, request, response: null, checks: [{ name: 'network', ok: false, detail: error }] };
}

async function sendOrNull(send: Transport, request: HttpRequest): Promise<HttpResponse | { error: string }> {
  try {
    return await send(request);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
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
  const out: Warning[] = [];
  const acao = (getCombined(response.headers, 'access-control-allow-origin') ?? '').trim();
  if (acao !== '' && acao !== '*') {
    if (!variesOn(response.headers, 'origin')) {
      out.push({
        code: 'missing-vary',
        message: `Access-Control-Allow-Origin names one origin (${acao}) but Vary does not list Origin: a shared cache may serve this response to another origin, which then fails or gets the wrong answer.`,
      });
    }
  }
  return out;
}
