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
  const fail = (name: string, detail: string, failure: FailureDetail): PreflightCheckResult => {
    checks.push({ name, ok: false, detail });
    return { ok: false, failure, checks };
  };

  const redirectCheck = (): PreflightCheckResult | null => {
    if (!isRedirect(response, profile)) return null;
    const location = getAll(response.headers, 'location')[0] ?? '';
    return fail('no redirect', `the preflight got a ${response.status} redirect to ${location}`, {
      code: 'PreflightDisallowedRedirect',
      status: response.status,
      location,
    });
  };

  const okStatus = response.status >= 200 && response.status <= 299;
  const statusCheck = (): PreflightCheckResult | null => {
    if (!okStatus) {
      return fail('ok status', `status ${response.status} is not in 200–299`, {
        code: 'PreflightInvalidStatus',
        status: response.status,
      });
    }
    checks.push({ name: 'ok status', ok: true, detail: `status ${response.status}` });
    return null;
  };
  const accessCheck = (): PreflightCheckResult | null => {
    const access = corsCheck(response.headers, ctx.origin, ctx.include, profile);
    if (access) {
      return fail(
        'Access-Control-Allow-Origin',
        describeAccess(access.code, access.value),
        asPreflightFailure(access),
      );
    }
    checks.push({ name: 'Access-Control-Allow-Origin', ok: true, detail: `matches ${ctx.origin}` });
    return null;
  };

  // The order is profile data: Chromium refuses a redirect first, Firefox after the access check.
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

  const methodsRaw = getCombined(response.headers, 'access-control-allow-methods');
  const headersRaw = getCombined(response.headers, 'access-control-allow-headers');
  const methods = parseTokenList(methodsRaw);
  if (!methods.ok) {
    return fail('Access-Control-Allow-Methods', `'${methods.invalid}' is not a method token`, {
      code: 'InvalidAllowMethodsPreflightResponse',
      value: methodsRaw ?? '',
      token: methods.invalid,
    });
  }
  const headers = parseTokenList(headersRaw);
  if (!headers.ok) {
    return fail('Access-Control-Allow-Headers', `'${headers.invalid}' is not a header-name token`, {
      code: 'InvalidAllowHeadersPreflightResponse',
      value: headersRaw ?? '',
      token: headers.invalid,
    });
  }
  const result: PreflightResult = {
    methods: new Set(methods.items),
    headers: new Set(headers.items.map((h) => h.toLowerCase())),
    credentials: ctx.include,
    maxAge: parseMaxAge(response.headers, profile),
  };

  const methodFailure = methodDisallowed(result, ctx.method, ctx.include, profile);
  if (methodFailure) {
    return fail(
      'Access-Control-Allow-Methods',
      `${ctx.method} is not in '${methodsRaw ?? ''}'`,
      methodFailure,
    );
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
    const why = headerFailure.wildcardAuthorization
      ? `'*' never covers authorization`
      : `${headerFailure.header} is not in '${headersRaw ?? ''}'`;
    return fail('Access-Control-Allow-Headers', why, headerFailure);
  }
  checks.push({
    name: 'Access-Control-Allow-Headers',
    ok: true,
    detail: ctx.unsafeHeaderNames.length
      ? `${ctx.unsafeHeaderNames.join(', ')} allowed`
      : 'no unsafe headers',
  });
  checks.push({ name: 'Access-Control-Max-Age', ok: true, detail: describeMaxAge(result.maxAge, profile) });
  return { ok: true, result, checks };
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
