import type { BrowserName } from './types.js';

/**
 * Everything in which Chromium, Firefox and the Fetch Standard differ, as data. The algorithms in
 * src/browser read these fields; they never test a browser's name.
 *
 * @example
 * import { profiles } from 'corsair/browser';
 * profiles.chromium.maxAgeCap; // 7200
 */
export interface BrowserProfile {
  readonly name: BrowserName;
  /** Human label with the version the data was taken from. */
  readonly label: string;
  /**
   * Extra request-header names this browser treats as CORS-safelisted (lowercase), e.g. Chromium's
   * client hints. Their values must still be free of CORS-unsafe request-header bytes and ≤ 128 bytes.
   */
  readonly extraSafelistedRequestHeaders: readonly string[];
  /**
   * Value rules for the extra safelisted names (Chromium's `IsCorsSafelistedHeader` in
   * services/network/public/cpp/cors/cors.cc). A name listed above without a rule here accepts any value
   * that passes the common checks.
   */
  readonly extraSafelistedRequestHeaderValues: Readonly<Record<string, SafelistedValueRule>>;
  /**
   * Whether `Range: BYTES=0-` counts as a simple range. The Fetch Standard's "parse a single range
   * header value" wants `bytes` exactly; Chromium lowercases the value before parsing it.
   */
  readonly rangeUnitCaseInsensitive: boolean;
  /** Extra forbidden request-header names (lowercase) the browser drops silently, e.g. `user-agent`. */
  readonly extraForbiddenRequestHeaders: readonly string[];
  /**
   * How several `Access-Control-Allow-Origin` lines are treated: `combine` joins them with `, ` and
   * checks the result (Chromium, spec); `reject` fails with "Multiple … not allowed" (Firefox).
   */
  readonly multipleAllowOriginLines: 'combine' | 'reject';
  /**
   * How a failed Access-Control-Allow-Origin comparison is reported: Chromium tells "multiple values"
   * and "invalid value" apart (`detailed`); Firefox and the spec only know "does not match".
   */
  readonly allowOriginDiagnostics: 'detailed' | 'mismatch';
  /**
   * How the request method is matched against Access-Control-Allow-Methods: Chromium uppercases the
   * request's method first (crbug.com/1228178, `uppercase`); the spec and Firefox compare as is (`exact`).
   */
  readonly preflightMethodMatch: 'uppercase' | 'exact';
  /** Whether the preflight's status is checked before (`status-first`) or after the access check. */
  readonly preflightOrder: 'access-first' | 'status-first';
  /** Access-Control-Max-Age used when the header is absent. */
  readonly maxAgeDefault: number;
  /** Upper bound applied to Access-Control-Max-Age. */
  readonly maxAgeCap: number;
  /** What an unparsable Access-Control-Max-Age does: fall back to the default, or skip caching. */
  readonly invalidMaxAge: 'default' | 'no-cache';
  /** Maximum number of redirects followed. */
  readonly redirectLimit: number;
}

/**
 * How the value of an extra safelisted request header is checked (Chromium's cors.cc):
 * `similar-to-double` is `1*DIGIT ["." 1*DIGIT]` (IsSimilarToDoubleABNF), `similar-to-int` is `1*DIGIT`
 * (IsSimilarToIntABNF), `on` is `on` in any case (Save-Data), `oneOf` lists the exact values accepted.
 *
 * @example
 * const rule: SafelistedValueRule = { oneOf: ['slow-2g', '2g', '3g', '4g'] };
 */
export type SafelistedValueRule =
  | 'any'
  | 'similar-to-double'
  | 'similar-to-int'
  | 'on'
  | { readonly oneOf: readonly string[] };

export const chromium: BrowserProfile = {
  name: 'chromium',
  label: 'Chromium 156',
  extraSafelistedRequestHeaders: [
    'device-memory',
    'dpr',
    'width',
    'viewport-width',
    'save-data',
    'rtt',
    'downlink',
    'ect',
    'intervention',
  ],
  extraSafelistedRequestHeaderValues: {
    'device-memory': 'similar-to-double',
    dpr: 'similar-to-double',
    downlink: 'similar-to-double',
    width: 'similar-to-int',
    'viewport-width': 'similar-to-int',
    rtt: 'similar-to-int',
    'save-data': 'on',
    // kWebEffectiveConnectionTypeMapping, compared case-sensitively.
    ect: { oneOf: ['slow-2g', '2g', '3g', '4g'] },
    intervention: 'any',
  },
  rangeUnitCaseInsensitive: true,
  extraForbiddenRequestHeaders: ['user-agent'],
  multipleAllowOriginLines: 'combine',
  allowOriginDiagnostics: 'detailed',
  preflightMethodMatch: 'uppercase',
  preflightOrder: 'access-first',
  maxAgeDefault: 5,
  maxAgeCap: 7200,
  invalidMaxAge: 'default',
  redirectLimit: 20,
};

export const firefox: BrowserProfile = {
  name: 'firefox',
  label: 'Firefox ESR 153',
  extraSafelistedRequestHeaders: [],
  extraSafelistedRequestHeaderValues: {},
  rangeUnitCaseInsensitive: false,
  extraForbiddenRequestHeaders: [],
  multipleAllowOriginLines: 'reject',
  allowOriginDiagnostics: 'mismatch',
  preflightMethodMatch: 'exact',
  preflightOrder: 'status-first',
  maxAgeDefault: 5,
  maxAgeCap: 86400,
  invalidMaxAge: 'no-cache',
  redirectLimit: 20,
};

export const spec: BrowserProfile = {
  name: 'spec',
  label: 'Fetch Standard',
  extraSafelistedRequestHeaders: [],
  extraSafelistedRequestHeaderValues: {},
  rangeUnitCaseInsensitive: false,
  extraForbiddenRequestHeaders: [],
  multipleAllowOriginLines: 'combine',
  allowOriginDiagnostics: 'mismatch',
  preflightMethodMatch: 'exact',
  preflightOrder: 'access-first',
  maxAgeDefault: 5,
  maxAgeCap: Number.POSITIVE_INFINITY,
  invalidMaxAge: 'default',
  redirectLimit: 20,
};

/** The built-in profiles by name. */
export const profiles: Readonly<Record<BrowserName, BrowserProfile>> = { chromium, firefox, spec };

/**
 * Resolve a profile from its name or pass a custom profile through.
 *
 * @example
 * getProfile('firefox').maxAgeCap; // 86400
 */
export function getProfile(browser: BrowserName | BrowserProfile = 'chromium'): BrowserProfile {
  if (typeof browser !== 'string') return browser;
  const p = profiles[browser];
  if (!p) throw new TypeError(`Unknown browser profile '${String(browser)}': use chromium, firefox or spec.`);
  return p;
}
