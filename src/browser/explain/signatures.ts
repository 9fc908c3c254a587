// Every wording corsair recognises, as data: the current Chromium, Firefox and WebKit templates come
// from messages.ts and messages-webkit.ts (one source of truth), older Chromium wordings (cors_error_string.cc and Blink's
// DocumentThreadableLoader before it), and WebKit/Safari's console lines.
import {
  CHROMIUM_DETAILS,
  CHROMIUM_PREFLIGHT_PREFIX,
  CHROMIUM_PREFLIGHT_PREFIXED,
  FIREFOX_REASONS,
} from '../messages.js';
import { WEBKIT_REASONS, type WebKitReason } from '../messages-webkit.js';
import type { CorsErrorCode } from '../types.js';

/** Who printed a wording. `chromium-old` wordings name Chromium as the browser too. */
export type Family = 'chromium' | 'chromium-old' | 'firefox' | 'webkit';

/**
 * One wording of one or more failures. `codes` lists what the wording can mean, likeliest first:
 * WebKit prints the same line for a missing and a mismatching Access-Control-Allow-Origin.
 */
export interface Signature {
  readonly family: Family;
  readonly codes: readonly CorsErrorCode[];
  readonly template: string;
  /** Why more than one code: said to the user when the candidates are shown. */
  readonly ambiguity?: string;
}

/** Firefox's reason keys (messages.ts) and the code each reports. */
export const FIREFOX_CODES: Readonly<Record<string, CorsErrorCode>> = {
  missing: 'MissingAllowOriginHeader',
  mismatch: 'AllowOriginMismatch',
  multiple: 'MultipleAllowOriginValues',
  wildcard: 'WildcardOriginNotAllowed',
  credentials: 'InvalidAllowCredentials',
  preflightStatus: 'PreflightInvalidStatus',
  method: 'MethodDisallowedByPreflightResponse',
  header: 'HeaderDisallowedByPreflightResponse',
  invalidMethod: 'InvalidAllowMethodsPreflightResponse',
  invalidHeader: 'InvalidAllowHeadersPreflightResponse',
  redirect: 'PreflightDisallowedRedirect',
  notHttp: 'CorsDisabledScheme',
  didNotSucceed: 'NetworkError',
};

const ORIGIN_CHECKS =
  'WebKit prints this one line whether the header is missing, names another origin or is invalid';

// Wordings Chromium printed before today's cors_error_string.cc (Chromium 60-90), and WebKit's
// (Source/WebCore/loader/CrossOriginAccessControl.cpp, CrossOriginPreflightChecker.cpp).
const EXTRA: readonly Signature[] = [
  {
    family: 'chromium',
    codes: [
      'PreflightMissingAllowOriginHeader',
      'PreflightInvalidStatus',
      'PreflightAllowOriginMismatch',
      'PreflightWildcardOriginNotAllowed',
    ],
    template: CHROMIUM_PREFLIGHT_PREFIX,
    ambiguity:
      'the line stops before the reason; these are the reasons Chromium prints after it, commonest first',
  },
  {
    family: 'chromium-old',
    codes: ['PreflightInvalidStatus'],
    template: 'Response for preflight has invalid HTTP status code {status}.',
  },
  {
    family: 'chromium-old',
    codes: ['PreflightInvalidStatus'],
    template: 'Response for preflight does not have HTTP ok status.',
  },
  {
    family: 'chromium-old',
    codes: ['PreflightDisallowedRedirect'],
    template: 'Response for preflight is invalid (redirect)',
  },
  {
    family: 'chromium-old',
    codes: ['PreflightDisallowedRedirect'],
    template:
      "The request was redirected to '{location}', which is disallowed for cross-origin requests that require preflight.",
  },
  {
    family: 'chromium-old',
    codes: ['WildcardOriginNotAllowed'],
    template:
      "A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true.",
  },
  {
    family: 'chromium-old',
    codes: ['InvalidAllowCredentials'],
    template:
      "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is '{value}'. It must be 'true' to allow credentials.",
  },
  {
    family: 'chromium-old',
    codes: ['CorsDisabledScheme'],
    template: 'Cross origin requests are only supported for HTTP.',
  },
  {
    family: 'chromium-old',
    codes: ['CorsDisabledScheme'],
    template:
      'Cross origin requests are only supported for protocol schemes: http, data, chrome, chrome-extension, https.',
  },
  // Safari before the status was appended (still pasted everywhere).
  {
    family: 'webkit',
    codes: ['MissingAllowOriginHeader', 'AllowOriginMismatch', 'InvalidAllowOriginValue'],
    template: 'Origin {origin} is not allowed by Access-Control-Allow-Origin.',
    ambiguity: ORIGIN_CHECKS,
  },
  { family: 'webkit', codes: ['PreflightInvalidStatus'], template: 'Preflight response is not successful.' },
];

function chromiumSignatures(): Signature[] {
  const out: Signature[] = [];
  for (const [code, template] of Object.entries(CHROMIUM_DETAILS) as [CorsErrorCode, string][]) {
    // The RedirectContainsCredentials template holds the location Chromium 156 prints (empty).
    const t = template.replace("location ''", "location '{location}'");
    out.push({ family: 'chromium', codes: [code], template: t });
    const pre = `Preflight${code}` as CorsErrorCode;
    if (CHROMIUM_PREFLIGHT_PREFIXED.has(pre))
      out.push({ family: 'chromium', codes: [pre], template: CHROMIUM_PREFLIGHT_PREFIX + t });
    if (code === 'PreflightInvalidStatus' || code === 'PreflightDisallowedRedirect')
      out.push({ family: 'chromium', codes: [code], template: CHROMIUM_PREFLIGHT_PREFIX + t });
  }
  return out;
}

/** What each of WebKit's reasons (messages-webkit.ts) can mean, likeliest first. */
const WEBKIT_CODES: Readonly<Record<WebKitReason, readonly CorsErrorCode[]>> = {
  origin: ['MissingAllowOriginHeader', 'AllowOriginMismatch', 'InvalidAllowOriginValue'],
  multiple: ['MultipleAllowOriginValues'],
  wildcard: ['WildcardOriginNotAllowed'],
  credentials: ['InvalidAllowCredentials'],
  // A redirected preflight gets the same words (observed in WebKitGTK 2.50.6, preflight-status/30x.*).
  preflightStatus: ['PreflightInvalidStatus', 'PreflightDisallowedRedirect'],
  method: ['MethodDisallowedByPreflightResponse'],
  header: ['HeaderDisallowedByPreflightResponse'],
  invalidMethods: ['InvalidAllowMethodsPreflightResponse'],
  invalidHeaders: ['InvalidAllowHeadersPreflightResponse'],
  redirectScheme: ['RedirectDisallowedScheme'],
  redirectCredentials: ['RedirectContainsCredentials'],
  tooManyRedirects: ['TooManyRedirects'],
};

function webkitSignatures(): Signature[] {
  return (Object.entries(WEBKIT_REASONS) as [WebKitReason, string][]).map(([key, template]) => ({
    family: 'webkit' as const,
    codes: WEBKIT_CODES[key],
    template,
    ...(key === 'origin'
      ? { ambiguity: ORIGIN_CHECKS }
      : key === 'preflightStatus'
        ? { ambiguity: 'WebKit words a redirected preflight the same way' }
        : {}),
  }));
}

function firefoxSignatures(): Signature[] {
  return Object.entries(FIREFOX_REASONS).map(([key, template]) => ({
    family: 'firefox' as const,
    codes: [FIREFOX_CODES[key] as CorsErrorCode],
    template,
  }));
}

/** Every wording, built once. */
export const SIGNATURES: readonly Signature[] = [
  ...chromiumSignatures(),
  ...firefoxSignatures(),
  ...webkitSignatures(),
  ...EXTRA,
];
