// Fetch Standard §4.4 "HTTP-redirect fetch" as `simulateCors` runs it: the redirect's target (the
// network layer parses Location before CORS sees it), the checks a redirect must pass, and how the
// request changes for the next hop (method, body headers, Authorization, origin tainting).
import type { HttpRequest, HttpResponse } from '../exchange.js';
import { getAll, hasHeader } from '../exchange.js';
import { isOpaqueOrigin, isSameOrigin, type Origin, originOfUrl } from '../origin/index.js';
import type { FailureDetail } from './failure.js';
import { isRedirect } from './preflight-check.js';
import type { BrowserProfile } from './profile.js';
import { type FailureSite, type FetchState, fail, type Hop, type Run } from './simulation.js';
import type { Check, Outcome } from './types.js';

/** An actual response that redirects, with the checks it passed so far. */
export interface Redirect {
  readonly request: HttpRequest;
  readonly response: HttpResponse;
  readonly checks: readonly Check[];
  readonly next: URL;
}

// Fetch Standard "request-body-header name": removed when a redirect turns the request into a GET.
const REQUEST_BODY_HEADERS = new Set([
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
]);

/** A Location that is not a URL, for a profile that refuses it only after the redirect's CORS check. */
export interface InvalidLocation {
  readonly invalid: string;
}

/**
 * Where a response redirects to: null when it is not a redirect the profile follows; a failed outcome
 * when Location does not parse (`ERR_INVALID_REDIRECT`; WebKit refuses it later, see
 * `refuseInvalidLocation`), or when the profile refuses an unsafe target before the redirect
 * response's own CORS check (Firefox, WebKit's ftp:).
 */
export function redirectTarget(
  run: Run,
  request: HttpRequest,
  response: HttpResponse,
  at: FailureSite,
): URL | InvalidLocation | Outcome | null {
  const { profile } = run;
  if (!isRedirect(response, profile)) return null;
  const location = getAll(response.headers, 'location')[0] ?? '';
  const status = response.status;
  let next: URL;
  try {
    next = new URL(location, at.url);
  } catch {
    if (profile.invalidRedirectLocation === 'disallowed-scheme') return { invalid: location };
    run.steps.push({
      kind: 'actual',
      request,
      response,
      checks: [redirectCheck(false, `invalid Location '${location}'`)],
    });
    return fail(
      run,
      {
        code: 'NetworkError',
        reason: `the redirect Location '${location}' is not a URL`,
        net: 'ERR_INVALID_REDIRECT',
      },
      { ...at, status },
    );
  }
  if (profile.unsafeRedirectBeforeCorsCheck && profile.unsafeRedirectSchemes.includes(next.protocol)) {
    run.steps.push({
      kind: 'actual',
      request,
      response,
      checks: [redirectCheck(false, `unsafe redirect to ${next.href}`)],
    });
    return fail(
      run,
      {
        code: 'NetworkError',
        reason: `the redirect goes to ${next.href}, which the browser never follows`,
        net: 'ERR_UNSAFE_REDIRECT',
      },
      { ...at, status, redirectTo: next.href },
    );
  }
  return next;
}

/**
 * A redirect that passed its CORS check but whose Location is not a URL, refused as a redirect to a
 * scheme CORS does not support (WebKit: "Cross-origin redirection to http://[::1 denied …").
 */
export function refuseInvalidLocation(
  run: Run,
  at: FailureSite,
  step: { request: HttpRequest; response: HttpResponse; checks: readonly Check[] },
  location: string,
): Outcome {
  run.steps.push({
    kind: 'actual',
    ...step,
    checks: [...step.checks, redirectCheck(false, `invalid Location '${location}'`)],
  });
  return fail(
    run,
    { code: 'RedirectDisallowedScheme', location },
    { ...at, status: step.response.status, redirectTo: location },
  );
}

/**
 * Follow a redirect that passed the CORS check: refuse it as the profile's browser does (a failed
 * outcome), or record it and change `state` for the next hop.
 */
export function followRedirect(run: Run, state: FetchState, hop: Hop, redirect: Redirect): Outcome | null {
  const { request, response, checks, next } = redirect;
  const status = response.status;
  const method = hop.request.method;
  const nextMethod = redirectMethod(status, method);
  // Chromium restarts a redirected request that needed a preflight or changes method (a new loader runs
  // the CORS scheme check); otherwise the existing loader follows and fails on an unknown scheme.
  const restarts = hop.request.needsPreflight || nextMethod !== method;
  const problem = redirectProblem(
    next,
    state.corsTainting,
    run.pageOrigin,
    ++state.redirects,
    run.profile,
    restarts,
  );
  if (problem) {
    run.steps.push({
      kind: 'actual',
      request,
      response,
      checks: [...checks, redirectCheck(false, problem.code)],
    });
    // Chromium follows the redirect and then refuses the new URL (its scheme): the failure is the new URL's.
    const atNewUrl =
      problem.code === 'CorsDisabledScheme' ||
      (problem.code === 'NetworkError' && problem.net === 'ERR_UNKNOWN_URL_SCHEME');
    const failedAt = atNewUrl
      ? { url: next.href, method: nextMethod, status: null, origin: hop.origin }
      : {
          ...hop.at,
          status: problem.code === 'NetworkError' && !problem.net ? null : status,
          redirectTo: next.href,
        };
    return fail(run, problem, failedAt);
  }
  run.steps.push({
    kind: 'actual',
    request,
    response,
    checks: [...checks, redirectCheck(true, `${status} → ${next.href}`)],
  });
  nextRequest(run, state, hop, next, nextMethod);
  state.urls =
    restarts && run.profile.fetchMetadataUrlList === 'restart' ? [next.href] : [...state.urls, next.href];
  return null;
}

/** The request of the next hop (Fetch Standard §4.4 steps 12–14). */
function nextRequest(run: Run, state: FetchState, hop: Hop, next: URL, nextMethod: string): void {
  if (nextMethod !== state.method) {
    state.method = 'GET';
    state.headers = state.headers.filter(([n]) => !REQUEST_BODY_HEADERS.has(n.toLowerCase()));
    state.lines = state.lines.filter(([n]) => !REQUEST_BODY_HEADERS.has(n.toLowerCase()));
  }
  const urlOrigin = hop.request.urlOrigin;
  if (!isSameOrigin(urlOrigin, originOfUrl(next.href))) {
    // Authorization is a CORS non-wildcard request-header name: dropped when the redirect changes origin.
    if (hasHeader(state.headers, 'authorization')) {
      state.headers = state.headers.filter(([n]) => n.toLowerCase() !== 'authorization');
      state.lines = state.lines.filter(([n]) => n.toLowerCase() !== 'authorization');
      run.warnings.push({
        code: 'authorization-dropped',
        message: `Authorization was removed when the request was redirected to ${next.origin}.`,
      });
    }
    if (isOpaqueOrigin(run.pageOrigin) || !isSameOrigin(run.pageOrigin, urlOrigin)) state.tainted = true;
  }
  state.url = next.href;
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
