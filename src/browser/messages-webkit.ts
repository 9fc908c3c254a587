// WebKit's console output for a CORS failure, as data. Every template below was observed verbatim in
// WebKitGTK 2.50.6 through its remote inspector (conformance/report.json, `messages.webkit`); the same
// strings are in WebCore (loader/CrossOriginAccessControl.cpp, CrossOriginPreflightResultCache.cpp,
// DocumentThreadableLoader.cpp, fetch/FetchLoader.cpp, xml/XMLHttpRequest.cpp), which Safari shares.
// A failure prints the reason (source "security"), then `<API> cannot load <url> due to access control
// checks.` (source "javascript"), then the reason again as `Failed to load resource: <reason>` (source
// "network"); the first two are the message, the echo is left out.
import type { FailureDetail } from './failure.js';
import { fill, type MessageContext } from './messages.js';
import { webkitHeaderName } from './webkit-header-map.js';

/** The reason line per kind of failure. Placeholders: {origin} {status} {method} {header} {value} {location}. */
export const WEBKIT_REASONS = {
  origin: 'Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}',
  multiple: 'Access-Control-Allow-Origin cannot contain more than one origin.',
  wildcard: 'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.',
  credentials: 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".',
  preflightStatus: 'Preflight response is not successful. Status code: {status}',
  method: 'Method {method} is not allowed by Access-Control-Allow-Methods.',
  header: 'Request header field {header} is not allowed by Access-Control-Allow-Headers.',
  invalidMethods: 'Header Access-Control-Allow-Methods has an invalid value: {value}',
  invalidHeaders: 'Header Access-Control-Allow-Headers has an invalid value: {value}',
  redirectScheme: 'not allowed to follow a cross-origin CORS redirection with non CORS scheme',
  redirectCredentials: 'redirection URL {location} has credentials',
  tooManyRedirects: 'Load cannot follow more than {limit} redirections',
} as const;

/** Redirect targets WebKit's loader refuses before CORS sees the redirect, and what it prints. */
export const WEBKIT_REFUSED_SCHEMES: Readonly<Record<string, string>> = { 'ftp:': 'FTP URLs are disabled' };

export type WebKitReason = keyof typeof WEBKIT_REASONS;

/** Put before the reason when the response that failed was a redirect (DocumentThreadableLoader::redirectReceived). */
export const WEBKIT_REDIRECT_PREFIX =
  'Cross-origin redirection to {location} denied by Cross-Origin Resource Sharing policy: ';

/** The second line: which API could not load which URL. */
export const WEBKIT_CANNOT_LOAD = '{api} cannot load {url} due to access control checks.';

/** What fetch() rejects with when the request never starts (forbidden method), observed in 2.50.6. */
export const WEBKIT_FORBIDDEN_METHOD = 'TypeError: Method is forbidden.';

function reasonKey(d: FailureDetail): WebKitReason | null {
  switch (d.code) {
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      // WebCore compares the joined value with the origin and only then looks for a comma.
      return d.value.includes(',') ? 'multiple' : 'origin';
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return 'wildcard';
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return 'credentials';
    case 'PreflightInvalidStatus':
    case 'PreflightDisallowedRedirect':
      return 'preflightStatus';
    case 'MethodDisallowedByPreflightResponse':
      return 'method';
    case 'HeaderDisallowedByPreflightResponse':
      return 'header';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'invalidMethods';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'invalidHeaders';
    case 'RedirectContainsCredentials':
      return 'redirectCredentials';
    case 'RedirectDisallowedScheme':
    case 'CorsDisabledScheme':
      return 'redirectScheme';
    case 'TooManyRedirects':
      return 'tooManyRedirects';
    default:
      return null;
  }
}

/** A URL without its userinfo, as WebKit names the redirect target (`http://user:pass@h/x` → `http://h/x`). */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}

/**
 * The lines WebKit's console prints for this failure, joined by `\n`: the reason, then `Fetch API
 * cannot load <url> due to access control checks.` (`XMLHttpRequest cannot load …` for XHR). A request
 * refused before the network gives the TypeError the page sees; a network failure prints no CORS line,
 * only the page's `TypeError: Load failed`.
 *
 * @example
 * webkitMessage({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, { ...ctx, status: 200 });
 * // 'Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://api.example/x due to access control checks.'
 */
export function webkitMessage(d: FailureDetail, ctx: MessageContext): string {
  if (d.code === 'ForbiddenMethod') return WEBKIT_FORBIDDEN_METHOD;
  if (d.code === 'InvalidRequest') return `TypeError: ${d.message}`;
  const api = ctx.initiator === 'xhr' ? 'XMLHttpRequest' : 'Fetch API';
  const cannotLoad = fill(WEBKIT_CANNOT_LOAD, { api, url: ctx.url });
  // WebKit refuses these targets before the redirect's CORS check, so whatever another browser's
  // reading of the redirect says, WebKit prints the refusal.
  const refused = ctx.redirectTo ? WEBKIT_REFUSED_SCHEMES[ctx.redirectTo.replace(/:.*$/s, ':')] : undefined;
  if (refused) return `${refused}\n${cannotLoad}`;
  const key = reasonKey(d);
  if (key === null) return 'TypeError: Load failed';
  const values: Record<string, string | number> = {
    origin: ctx.sentOrigin ?? ctx.origin,
    status: ctx.status ?? 0,
    method: 'method' in d ? d.method : ctx.method,
    header: 'header' in d ? webkitHeaderName(d.header, ctx.requestHeaderNames ?? []) : '',
    value: 'value' in d ? d.value : '',
    location: 'location' in d ? d.location : '',
    limit: 'limit' in d ? d.limit : '',
  };
  // The prefix names where the redirect went: the failing response's Location, or the refused target.
  const redirected = d.code === 'RedirectContainsCredentials' || d.code === 'RedirectDisallowedScheme';
  const target =
    key === 'tooManyRedirects' ? null : (ctx.redirectTo ?? (redirected ? values.location : null));
  const prefix =
    target === null ? '' : fill(WEBKIT_REDIRECT_PREFIX, { location: withoutCredentials(String(target)) });
  return `${prefix}${fill(WEBKIT_REASONS[key], values)}\n${cannotLoad}`;
}
