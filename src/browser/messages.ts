// Console messages, verbatim, as data: one template per failure and browser. Rendering fills the
// placeholders; explain.ts turns the same templates into parsers, so the two can never drift apart.
// Sources: Chromium third_party/blink/renderer/platform/loader/cors/cors_error_string.cc and
// services/network/public/cpp/cors/cors_error_status; Firefox dom/locales/en-US/chrome/security/
// security.properties. Placeholders: {value} {method} {header} {token} {location} {status}.
import type { FailureDetail } from './failure.js';
import type { CorsErrorCode, Initiator } from './types.js';

/**
 * Appended by Chromium to the Access-Control-Allow-Origin value errors of fetch() only: XMLHttpRequest
 * messages end at "…supplied origin." (conformance family xhr).
 */
export const CHROMIUM_FETCH_VALUE_HINT = ' Have the server send the header with a valid value.';

const VALUE_HINT_CODES = new Set<CorsErrorCode>([
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
]);

/** Chromium's detail text per code (the part after "has been blocked by CORS policy: "). */
export const CHROMIUM_DETAILS: Readonly<Partial<Record<CorsErrorCode, string>>> = {
  MissingAllowOriginHeader: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  MultipleAllowOriginValues: `The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.`,
  InvalidAllowOriginValue: `The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.`,
  AllowOriginMismatch: `The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.`,
  WildcardOriginNotAllowed:
    "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  InvalidAllowCredentials:
    "The value of the 'Access-Control-Allow-Credentials' header in the response is '{value}' which must be 'true' when the request's credentials mode is 'include'.",
  PreflightInvalidStatus: 'It does not have HTTP ok status.',
  PreflightDisallowedRedirect: 'Redirect is not allowed for a preflight request.',
  InvalidAllowMethodsPreflightResponse:
    'Cannot parse Access-Control-Allow-Methods response header field in preflight response.',
  InvalidAllowHeadersPreflightResponse:
    'Cannot parse Access-Control-Allow-Headers response header field in preflight response.',
  MethodDisallowedByPreflightResponse:
    'Method {method} is not allowed by Access-Control-Allow-Methods in preflight response.',
  HeaderDisallowedByPreflightResponse:
    'Request header field {header} is not allowed by Access-Control-Allow-Headers in preflight response.',
  // Chromium 156 prints the location empty (conformance cases redirect-userinfo/*).
  RedirectContainsCredentials:
    "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.",
  RedirectDisallowedScheme:
    "Redirect location '{location}' has a disallowed scheme for cross-origin requests.",
  CorsDisabledScheme:
    // Observed in Chromium 156 (conformance redirect-odd/ftp-scheme.*).
    'Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.',
};

/** Codes whose Chromium detail follows "Response to preflight request doesn't pass access control check: ". */
export const CHROMIUM_PREFLIGHT_PREFIXED: ReadonlySet<CorsErrorCode> = new Set<CorsErrorCode>([
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightWildcardOriginNotAllowed',
  'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
]);

export const CHROMIUM_PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";

/** Appended by Chromium to credential-related details when XMLHttpRequest made the request. */
export const CHROMIUM_XHR_CREDENTIALS_NOTE =
  ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';

const XHR_NOTE_CODES = new Set<CorsErrorCode>([
  'WildcardOriginNotAllowed',
  'InvalidAllowCredentials',
  'PreflightWildcardOriginNotAllowed',
  'PreflightInvalidAllowCredentials',
]);

/** Firefox's "(Reason: …)" texts per code; `{status}` codes add ". Status code: N" after the reason. */
export const FIREFOX_REASONS: Readonly<Record<string, string>> = {
  missing: 'CORS header ‘Access-Control-Allow-Origin’ missing',
  mismatch: 'CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’',
  multiple: 'Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed',
  wildcard: 'Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’',
  credentials: 'expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’',
  preflightStatus: 'CORS preflight response did not succeed',
  method: 'Did not find method in CORS header ‘Access-Control-Allow-Methods’',
  header:
    'header ‘{header}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response',
  invalidMethod: 'invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Methods’',
  invalidHeader: 'invalid token ‘{token}’ in CORS header ‘Access-Control-Allow-Headers’',
  redirect: 'CORS request external redirect not allowed',
  notHttp: 'CORS request not http',
  didNotSucceed: 'CORS request did not succeed',
};

/** Firefox reasons followed by ". Status code: N". */
const FIREFOX_WITH_STATUS = new Set(['missing', 'preflightStatus', 'didNotSucceed']);

/** What a message needs besides the failure's facts. */
export interface MessageContext {
  readonly initiator: Initiator;
  /** The URL whose response failed. */
  readonly url: string;
  /** The URL the page asked for (differs from `url` after redirects). */
  readonly initialUrl: string;
  /** The page's origin. */
  readonly origin: string;
  readonly method: string;
  /** Status of the response that failed, when there was one. */
  readonly status: number | null;
  /** The Origin the failing request carried (`null` after a tainting redirect); defaults to `origin`. */
  readonly sentOrigin?: string;
  /** Where the response that failed redirected to, when it was a redirect (WebKit names it). */
  readonly redirectTo?: string | null;
  /** The request's header names as the page wrote them (WebKit prints a header's name in that spelling). */
  readonly requestHeaderNames?: readonly string[];
}

/** Fill `{name}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

function valuesOf(d: FailureDetail, ctx: MessageContext): Record<string, string | number> {
  const v: Record<string, string | number> = { status: ctx.status ?? '(null)' };
  if ('value' in d) v.value = d.value;
  if ('method' in d) v.method = d.method;
  if ('header' in d) v.header = d.header;
  if ('token' in d) v.token = d.token;
  if ('location' in d) v.location = d.location;
  return v;
}

/**
 * The line Chromium prints in the console for this failure.
 *
 * @example
 * chromiumMessage({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, ctx);
 * // "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
 */
export function chromiumMessage(d: FailureDetail, ctx: MessageContext): string {
  const kind = ctx.initiator === 'xhr' ? 'XMLHttpRequest' : 'fetch';
  if (d.code === 'ForbiddenMethod' || d.code === 'InvalidRequest') return `TypeError: ${d.message}`;
  if (d.code === 'TooManyRedirects') return `${ctx.method} ${ctx.url} net::ERR_TOO_MANY_REDIRECTS`;
  if (d.code === 'NetworkError') return `${ctx.method} ${ctx.url} net::${d.net ?? 'ERR_FAILED'}`;
  const redirected = ctx.url !== ctx.initialUrl ? `(redirected from '${ctx.initialUrl}') ` : '';
  const head = `Access to ${kind} at '${ctx.url}' ${redirected}from origin '${ctx.origin}' has been blocked by CORS policy: `;
  const prefixed = CHROMIUM_PREFLIGHT_PREFIXED.has(d.code);
  // Preflight access-check codes reuse the actual-request wording after the preflight prefix.
  const template =
    CHROMIUM_DETAILS[d.code] ?? CHROMIUM_DETAILS[d.code.replace(/^Preflight/, '') as CorsErrorCode] ?? '';
  const note =
    ctx.initiator === 'xhr'
      ? XHR_NOTE_CODES.has(d.code)
        ? CHROMIUM_XHR_CREDENTIALS_NOTE
        : ''
      : VALUE_HINT_CODES.has(d.code)
        ? CHROMIUM_FETCH_VALUE_HINT
        : '';
  const values = valuesOf(d, ctx);
  if (typeof values.value === 'string') values.value = escapeNonAscii(values.value);
  return head + (prefixed ? CHROMIUM_PREFLIGHT_PREFIX : '') + fill(template, values) + note;
}

/**
 * Chromium prints header values with every non-ASCII code point as `\uXXXX` (uppercase hex):
 * `'http://b\u00FCcher.example'` (conformance case simple-acao/non-ascii.*).
 *
 * @example
 * escapeNonAscii('http://bücher.example'); // 'http://b\\u00FCcher.example'
 */
export function escapeNonAscii(value: string): string {
  return value.replace(
    /[^\x00-\x7f]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/**
 * Firefox prints header values decoded as UTF-8, bytes that are not UTF-8 as U+FFFD: a latin1 `ü`
 * shows as `�` (conformance case simple-acao/non-ascii.*). Values are byte strings (one code point per byte).
 *
 * @example
 * decodeUtf8Lossy('http://b\u00fccher.example'); // 'http://b\uFFFDcher.example'
 */
export function decodeUtf8Lossy(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  return new TextDecoder('utf-8').decode(Uint8Array.from(value, (ch) => ch.charCodeAt(0)));
}

/** Which Firefox reason a failure maps to. */
function firefoxReasonKey(d: FailureDetail): string {
  switch (d.code) {
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return 'missing';
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return 'lines' in d && d.lines > 1 ? 'multiple' : 'mismatch';
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return 'mismatch';
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return 'wildcard';
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return 'credentials';
    case 'PreflightInvalidStatus':
      return 'preflightStatus';
    case 'MethodDisallowedByPreflightResponse':
      return 'method';
    case 'HeaderDisallowedByPreflightResponse':
      return 'header';
    case 'InvalidAllowMethodsPreflightResponse':
      return 'invalidMethod';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'invalidHeader';
    case 'PreflightDisallowedRedirect':
    case 'RedirectDisallowedScheme':
      return 'redirect';
    // Firefox 153 fails the fetch without naming the userinfo (conformance redirect-userinfo/*).
    case 'CorsDisabledScheme':
      return 'notHttp';
    default:
      return 'didNotSucceed';
  }
}

/**
 * The line Firefox prints in the console for this failure.
 *
 * @example
 * firefoxMessage({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, { ...ctx, status: 200 });
 * // 'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.'
 */
export function firefoxMessage(d: FailureDetail, ctx: MessageContext): string {
  // Observed in Firefox 153 (conformance request/method-trace.*, method-connect-lower.*).
  if (d.code === 'ForbiddenMethod') return `TypeError: Window.fetch: Invalid request method ${ctx.method}.`;
  if (d.code === 'InvalidRequest') return `TypeError: ${d.message}`;
  // A bad port fails before the channel opens: no CORS console line, only the fetch rejection
  // (observed in Firefox ESR 153, test/real-browsers/bad-ports.test.ts).
  if (d.code === 'NetworkError' && d.badPort !== undefined)
    return 'TypeError: NetworkError when attempting to fetch resource.';
  const key = firefoxReasonKey(d);
  const values = valuesOf(d, ctx);
  if (typeof values.value === 'string') values.value = decodeUtf8Lossy(values.value);
  // A failure without a final response ("did not succeed") always shows "Status code: (null)".
  if (key === 'didNotSucceed') values.status = '(null)';
  const reason = fill(FIREFOX_REASONS[key] ?? '', values);
  // Firefox quotes the URL in this one message only (security.properties CORSNotSupportingCredentials).
  const url = key === 'wildcard' ? `‘${ctx.url}’` : ctx.url;
  const status = FIREFOX_WITH_STATUS.has(key) ? ` Status code: ${values.status}.` : '';
  return `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${url}. (Reason: ${reason}).${status}`;
}
