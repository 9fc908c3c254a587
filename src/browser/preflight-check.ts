import { getAll, type HttpResponse } from '../exchange.js';
import { getCombined, parseTokenList } from '../fetch/header-list.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { corsCheck } from './cors-check.js';
import { asPreflightFailure, type FailureDetail } from './failure.js';
import { type MaxAge, parseMaxAge } from './max-age.js';
import type { BrowserProfile } from './profile.js';
import type { Check } from './types.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What the browser keeps from a successful preflight (Chromium PreflightResult). */
export interface PreflightResult {
  /** Allowed methods, case preserved (method matching is case-sensitive). */
  readonly methods: ReadonlySet<string>;
  /** Allowed request-header names, lowercased. */
  readonly headers: ReadonlySet<string>;
  /** Whether the preflight was made for a request with credentials mode `include`. */
  readonly credentials: boolean;
  readonly maxAge: MaxAge;
}

/** The request facts a preflight response is judged against. */
export interface PreflightContext {
  /** The serialized origin the preflight carried. */
  readonly origin: string;
  readonly include: boolean;
  /** The actual request's method, as fetch() normalised it. */
  readonly method: string;
  /** The actual request's CORS-unsafe request-header names, lowercased, in the order the profile checks them. */
  readonly unsafeHeaderNames: readonly string[];
  /** Whether the actual request carries an Authorization header. */
  readonly hasAuthorization: boolean;
}

export type PreflightCheckResult =
  | { readonly ok: true; readonly result: PreflightResult; readonly checks: readonly Check[] }
  | { readonly ok: false; readonly failure: FailureDetail; readonly checks: readonly Check[] };

/**
 * Whether a response is a redirect the browser would follow: a redirect status with a Location line,
 * which must be non-empty for a profile that hands `Location:` (empty) back as the final response.
 *
 * @example
 * isRedirect({ status: 302, headers: [['Location', '']] }, chromium); // false
 * isRedirect({ status: 302, headers: [['Location', '']] }, firefox);  // true
 */
export function isRedirect(response: HttpResponse, profile?: BrowserProfile): boolean {
  if (!REDIRECT_STATUSES.has(response.status)) return false;
  const location = getAll(response.headers, 'location');
  if (location.length === 0) return false;
  return profile === undefined || profile.followEmptyLocation || location[0]!.trim() !== '';
}

/**
 * The CORS-preflight fetch's checks (Fetch Standard §4.8 steps 7.1–7.9) in the order the profile's
 * browser runs them. Chromium (preflight_controller.cc, preflight_result.cc): redirect, access check,
 * ok status, parse Allow-Methods then Allow-Headers, then the method, then each unsafe header name.
 * Firefox (nsCORSListenerProxy.cpp) checks the status before the access check.
 *
 * @example
 * checkPreflightResponse({ status: 204, headers: [['Access-Control-Allow-Origin', '*']] },
 *   { origin: 'https://a.example', include: false, method: 'PUT', unsafeHeaderNames: [], hasAuthorization: false }, chromium);
 * // { ok: false, failure: { code: 'MethodDisallowedByPreflightResponse', method: 'PUT', … }, checks: […] }
 */
export function checkPreflightResponse(
  response: HttpResponse,
  ctx: PreflightContext,
  profile: BrowserProfile,
): PreflightCheckResult {
  const checks: Check[] = [];
  const refused = (f: Failed): PreflightCheckResult => {
    checks.push({ name: f.name, ok: false, detail: f.detail });
    return { ok: false, failure: f.failure, checks };
  };
  const gate = gateChecks(response, ctx, profile, checks);
  if (gate) return refused(gate);
  const lists = parseAllowLists(response);
  if ('failed' in lists) return refused(lists.failed);
  const result: PreflightResult = {
    methods: new Set(lists.methods),
    headers: new Set(lists.headers.map((h) => h.toLowerCase())),
    credentials: ctx.include,
    maxAge: parseMaxAge(response.headers, profile),
  };
  const disallowed = allowListChecks(result, lists, ctx, profile, checks);
  if (disallowed) return refused(disallowed);
  checks.push({ name: 'Access-Control-Max-Age', ok: true, detail: describeMaxAge(result.maxAge, profile) });
  return { ok: true, result, checks };
}

/** A failed check: its name and detail for the step's check list, and the failure's facts. */
interface Failed {
  readonly name: string;
  readonly detail: string;
  readonly failure: FailureDetail;
}

/**
 * The checks before the allow lists, in the profile's order: no redirect, the access check, an ok
 * status (Chromium refuses a redirect first, Firefox after the access check). Passing ones go to `checks`.
 */
function gateChecks(
  response: HttpResponse,
  ctx: PreflightContext,
  profile: BrowserProfile,
  checks: Check[],
): Failed | null {
  const redirectCheck = (): Failed | null => {
    if (!isRedirect(response, profile)) return null;
    const location = getAll(response.headers, 'location')[0] ?? '';
    const detail = `the preflight got a ${response.status} redirect to ${location}`;
    return {
      name: 'no redirect',
      detail,
      failure: { code: 'PreflightDisallowedRedirect', status: response.status, location },
    };
  };
  const statusCheck = (): Failed | null => {
    if (response.status < 200 || response.status > 299) {
      const detail = `status ${response.status} is not in 200–299`;
      return {
        name: 'ok status',
        detail,
        failure: { code: 'PreflightInvalidStatus', status: response.status },
      };
    }
    checks.push({ name: 'ok status', ok: true, detail: `status ${response.status}` });
    return null;
  };
  const accessCheck = (): Failed | null => {
    const access = corsCheck(response.headers, ctx.origin, ctx.include, profile);
    if (access) {
      const detail = describeAccess(access.code, access.value);
      return { name: 'Access-Control-Allow-Origin', detail, failure: asPreflightFailure(access) };
    }
    checks.push({ name: 'Access-Control-Allow-Origin', ok: true, detail: `matches ${ctx.origin}` });
    return null;
  };
  const order =
    profile.preflightOrder === 'status-first' ? [statusCheck, accessCheck] : [accessCheck, statusCheck];
  order.splice(
    profile.preflightRedirectCheck === 'first' ? 0 : order.indexOf(accessCheck) + 1,
    0,
    redirectCheck,
  );
  for (const check of order) {
    const failed = check();
    if (failed) return failed;
  }
  return null;
}

/** Access-Control-Allow-Methods then -Headers, each parsed as a list of tokens (raw values kept). */
interface AllowLists {
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  readonly methodsRaw: string | null;
  readonly headersRaw: string | null;
}

function parseAllowLists(response: HttpResponse): AllowLists | { readonly failed: Failed } {
  const methodsRaw = getCombined(response.headers, 'access-control-allow-methods');
  const headersRaw = getCombined(response.headers, 'access-control-allow-headers');
  const methods = parseTokenList(methodsRaw);
  if (!methods.ok) {
    const failure = {
      code: 'InvalidAllowMethodsPreflightResponse',
      value: methodsRaw ?? '',
      token: methods.invalid,
    } as const;
    return {
      failed: {
        name: 'Access-Control-Allow-Methods',
        detail: `'${methods.invalid}' is not a method token`,
        failure,
      },
    };
  }
  const headers = parseTokenList(headersRaw);
  if (!headers.ok) {
    const failure = {
      code: 'InvalidAllowHeadersPreflightResponse',
      value: headersRaw ?? '',
      token: headers.invalid,
    } as const;
    return {
      failed: {
        name: 'Access-Control-Allow-Headers',
        detail: `'${headers.invalid}' is not a header-name token`,
        failure,
      },
    };
  }
  return { methods: methods.items, headers: headers.items, methodsRaw, headersRaw };
}

/** The method, then each CORS-unsafe header name, against the parsed lists. Passing ones go to `checks`. */
function allowListChecks(
  result: PreflightResult,
  lists: AllowLists,
  ctx: PreflightContext,
  profile: BrowserProfile,
  checks: Check[],
): Failed | null {
  const methodFailure = methodDisallowed(result, ctx.method, ctx.include, profile);
  if (methodFailure) {
    const detail = `${ctx.method} is not in '${lists.methodsRaw ?? ''}'`;
    return { name: 'Access-Control-Allow-Methods', detail, failure: methodFailure };
  }
  checks.push({ name: 'Access-Control-Allow-Methods', ok: true, detail: `${ctx.method} is allowed` });
  const headerFailure = headerDisallowed(
    result,
    ctx.unsafeHeaderNames,
    ctx.hasAuthorization,
    ctx.include,
    profile,
  );
  if (headerFailure) {
    const detail = headerFailure.wildcardAuthorization
      ? `'*' never covers authorization`
      : `${headerFailure.header} is not in '${lists.headersRaw ?? ''}'`;
    return { name: 'Access-Control-Allow-Headers', detail, failure: headerFailure };
  }
  const names = ctx.unsafeHeaderNames;
  const detail = names.length ? `${names.join(', ')} allowed` : 'no unsafe headers';
  checks.push({ name: 'Access-Control-Allow-Headers', ok: true, detail });
  return null;
}

/**
 * Whether a cached or fresh preflight result allows the method (Chromium
 * PreflightResult::EnsureAllowedCrossOriginMethod; the profile says whether the request method is
 * uppercased first).
 */
export function methodDisallowed(
  result: PreflightResult,
  method: string,
  include: boolean,
  profile: BrowserProfile,
): FailureDetail | null {
  const m = profile.preflightMethodMatch === 'uppercase' ? method.toUpperCase() : method;
  if (result.methods.has(m) || isCorsSafelistedMethod(m)) return null;
  if (!include && result.methods.has('*')) return null;
  return { code: 'MethodDisallowedByPreflightResponse', method, allowed: [...result.methods] };
}

/**
 * Whether a preflight result allows every CORS-unsafe request-header name (Chromium
 * PreflightResult::EnsureAllowedCrossOriginHeaders): `*` covers every name when credentials are not
 * included (Authorization too where the profile says so; the spec excludes it); otherwise each name
 * must be listed (case-insensitively).
 */
export function headerDisallowed(
  result: PreflightResult,
  unsafeHeaderNames: readonly string[],
  hasAuthorization: boolean,
  include: boolean,
  profile: BrowserProfile,
): (FailureDetail & { code: 'HeaderDisallowedByPreflightResponse' }) | null {
  const allowed = [...result.headers];
  if (!include && result.headers.has('*')) {
    if (hasAuthorization && !profile.wildcardCoversAuthorization && !result.headers.has('authorization')) {
      return {
        code: 'HeaderDisallowedByPreflightResponse',
        header: 'authorization',
        allowed,
        wildcardAuthorization: true,
      };
    }
    return null;
  }
  for (const name of unsafeHeaderNames) {
    if (!result.headers.has(name)) {
      return {
        code: 'HeaderDisallowedByPreflightResponse',
        header: name,
        allowed,
        wildcardAuthorization: false,
      };
    }
  }
  return null;
}

function describeAccess(code: string, value: string): string {
  switch (code) {
    case 'MissingAllowOriginHeader':
      return 'missing';
    case 'WildcardOriginNotAllowed':
      return `'*' cannot be used with credentials`;
    case 'InvalidAllowCredentials':
      return `Access-Control-Allow-Credentials is '${value}', not 'true'`;
    default:
      return `'${value}' does not match`;
  }
}

function describeMaxAge(m: MaxAge, profile: BrowserProfile): string {
  switch (m.note) {
    case 'default':
      return `absent: cached ${m.seconds} s`;
    case 'capped':
      return `${m.raw} capped to ${m.seconds} s by ${profile.label}`;
    case 'invalid':
      return `'${m.raw}' is not an integer: ${m.seconds ? `cached ${m.seconds} s` : 'not cached'}`;
    case 'negative':
      return `${m.raw}: not cached`;
    default:
      return `cached ${m.seconds} s`;
  }
}
