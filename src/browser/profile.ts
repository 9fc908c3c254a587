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
  /** Extra forbidden request-header names (lowercase) the browser drops silently, e.g. `user-agent`. */
  readonly extraForbiddenRequestHeaders: readonly string[];
  /**
   * How several `Access-Control-Allow-Origin` lines are treated: `combine` joins them with `, ` and
   * checks the result (Chromium, spec); `reject` fails with "Multiple … not allowed" (Firefox).
   */
  readonly multipleAllowOriginLines: 'combine' | 'reject';
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
  ],
  extraForbiddenRequestHeaders: ['user-agent'],
  multipleAllowOriginLines: 'combine',
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
  extraForbiddenRequestHeaders: [],
  multipleAllowOriginLines: 'reject',
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
  extraForbiddenRequestHeaders: [],
  multipleAllowOriginLines: 'combine',
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
