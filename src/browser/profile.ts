import { CorsairError } from '../errors.js';
import { FETCH_BAD_PORTS } from '../fetch/ports.js';
import type { HeaderMapAdditions } from './header-map-order.js';
import type { BrowserName } from './types.js';

/**
 * Everything in which Chromium, Firefox, WebKit and the Fetch Standard differ, as data. The algorithms in
 * src/browser read these fields; they never test a browser's name.
 *
 * @example
 * import { profiles } from 'corsair-cors/browser';
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
   * What the safelist checks when a page sets the same header twice: `combined` judges the joined value
   * (`a, b`), as Chromium does (Blink joins same-name headers before the network service checks them);
   * `each-line` judges each value alone, as the Fetch Standard and Firefox do.
   */
  readonly safelistCheckedOn: 'combined' | 'each-line';
  /**
   * Once the safelisted values total more than this many bytes, they all count as CORS-unsafe
   * (Fetch Standard: 1024). Firefox ESR 153 has no such limit (observed: 10 × 128-byte Accept lines
   * sent without a preflight), hence `Infinity`.
   */
  readonly safelistedValueTotalLimit: number;
  /**
   * Whether bytes 0x80–0xFF are CORS-unsafe request-header bytes too. Firefox preflights `Accept: é`
   * and `Content-Type: text/plain;a=é` (observed in ESR 153); Chromium and the spec do not.
   */
  readonly highBytesAreCorsUnsafe: boolean;
  /**
   * Whether the CORS-unsafe request-header names are de-duplicated, as the spec says. Firefox sorts
   * them but keeps one entry per header line: two `X-A` lines make `Access-Control-Request-Headers:
   * x-a,x-a` (observed in ESR 153).
   */
  readonly dedupeUnsafeHeaderNames: boolean;
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
   * How the request method is matched against Access-Control-Allow-Methods: `exact` (case-sensitive,
   * the spec; Chromium 156 and Firefox 153 alike: `patch` passes `Access-Control-Allow-Methods: patch`
   * and fails `PATCH`, conformance cases preflight-methods/patch.*), or `uppercase` (the request's
   * method uppercased first, as older Chromium did for crbug.com/1228178).
   */
  readonly preflightMethodMatch: 'uppercase' | 'exact';
  /**
   * Whether `Access-Control-Allow-Headers: *` (without credentials) also covers `Authorization`.
   * The Fetch Standard says never; Chromium 156 and Firefox 153 both let it through (conformance cases
   * preflight-headers/authorization.acah-star.omit, …/x-a-authorization.acah-star.omit).
   */
  readonly wildcardCoversAuthorization: boolean;
  /**
   * In which order the request's CORS-unsafe header names are checked against Access-Control-Allow-Headers,
   * which decides the one a failure names: `sorted` (lowercased, as the spec lists them), or Chromium's
   * `blinkHeaderMap`: the iteration order of Blink's HTTPHeaderMap holding the page's headers plus the
   * ones Blink adds itself (see header-map-order.ts; conformance cases request/custom-order.*,
   * custom-many.*, total-over-1024.*, header-order/*), or `webkit-header-map` (WebKit's HTTPHeaderMap:
   * the names WebCore knows first, then the others, each in the order the page set them; see
   * webkit-header-map.ts, conformance cases request/unsafe-order-*).
   */
  readonly unsafeHeaderCheckOrder:
    | 'sorted'
    | 'webkit-header-map'
    | { readonly blinkHeaderMap: HeaderMapAdditions };
  /**
   * Whether `Range: BYTES=0-1` is safelisted: WebKit compares the unit case-insensitively (observed in
   * WebKitGTK 2.50.6, conformance case request/range-upper.*); the spec, Chromium and Firefox do not.
   */
  readonly rangeUnitCaseInsensitive: boolean;
  /**
   * What `fetch(url, { headers: new Headers(…) })` puts in the request: the Headers object's own header
   * list, in the order the page appended (`header-list`: Chromium and Firefox copy it), or what iterating
   * it gives, as WebIDL converts any iterable (`iterated`: names lowercased, sorted, same names combined;
   * WebKit, conformance cases header-order/*.fetch-headers.*). `headersObjectInit()` applies it.
   */
  readonly headersObjectInit: 'header-list' | 'iterated';
  /**
   * The Origin a preflight carries after a cross-origin redirect tainted the request's origin:
   * `tainted` sends (and checks against) `null`, as the spec and Chromium do; `original` keeps the
   * page's origin on the preflight while the actual request says `null` (Firefox 153, conformance cases
   * redirect/put.*.cross.*).
   */
  readonly preflightOriginAfterTaint: 'tainted' | 'original';
  /**
   * The URLs the actual request's `Sec-Fetch-Site` is computed over after a redirect: `url-list` keeps
   * every URL the request has been at (Fetch Metadata §2.4; Firefox ESR 153); `restart` starts over
   * when the browser restarts the redirected request, as Chromium does when the request that got the
   * redirect needed a preflight or changes method (a new loader). Observed: a PUT redirected from a
   * cross-site host to a host same-site with the page says `cross-site` in Firefox, `same-site` in
   * Chromium 156; a GET says `cross-site` in both. Not modelled: WebKitGTK 2.50.6 sends no
   * Sec-Fetch-Site on a redirected actual request, and computes its preflight's over the URL list.
   */
  readonly fetchMetadataUrlList: 'url-list' | 'restart';
  /**
   * What a redirect whose Location does not parse as a URL does: fail the fetch before CORS looks at it
   * (`network-error`: Chromium `ERR_INVALID_REDIRECT`, Firefox), or pass the redirect's CORS check and then
   * fail as a redirect to a scheme CORS does not support (`disallowed-scheme`: WebKit names the raw
   * Location, conformance cases redirect-odd/invalid-url.*).
   */
  readonly invalidRedirectLocation: 'network-error' | 'disallowed-scheme';
  /**
   * Whether a redirect status with an empty `Location:` line is followed (to the same URL, as the spec
   * and Firefox do) or handed to the page as the final response (Chromium; conformance cases
   * redirect-odd/empty-location.*).
   */
  readonly followEmptyLocation: boolean;
  /**
   * Whether such an unfollowed redirect (empty `Location:`) then fails the fetch once it passed its CORS
   * check, instead of reaching the page as the response: WebKit rejects with `TypeError: Load failed` and
   * prints no CORS line (conformance cases redirect-odd/empty-location.*.hop-star).
   */
  readonly unfollowedRedirectFails: boolean;
  /**
   * Redirect targets the browser refuses before CORS looks at them: Chromium fails with
   * `net::ERR_UNSAFE_REDIRECT` and prints no CORS message (services/network URLLoader
   * IsSafeRedirectTarget; observed for about:, blob:, data:, file:, conformance cases redirect-odd/*).
   */
  readonly unsafeRedirectSchemes: readonly string[];
  /**
   * Schemes a redirect is followed to without the CORS scheme check when the request is neither
   * preflighted nor changes method, failing at the new URL as an unknown scheme
   * (`GET ws://… net::ERR_UNKNOWN_URL_SCHEME`; Chromium, ws:/wss:, conformance cases
   * redirect-odd/ws-scheme.*). Otherwise Chromium restarts the request and the CORS scheme check fails.
   */
  readonly simpleRedirectUnknownSchemes: readonly string[];
  /**
   * How a CORS request redirected to a safe but non-HTTP(S) URL (`ftp:`) fails: Chromium follows it
   * and refuses the new URL's scheme (`CorsDisabledScheme`, "Access to fetch at 'ftp://…' (redirected
   * from …)": conformance cases redirect-odd/ftp-scheme.*); Firefox fails the fetch ("CORS request did
   * not succeed", `NetworkError`); the spec names it `RedirectDisallowedScheme`.
   */
  readonly nonHttpRedirect: 'CorsDisabledScheme' | 'NetworkError' | 'RedirectDisallowedScheme';
  /**
   * The ports the browser refuses to connect to (Fetch Standard "bad port"; `net::ERR_UNSAFE_PORT` in
   * Chromium). Absent: the spec's list (`FETCH_BAD_PORTS`). Chromium 156 (net/base/port_util.cc
   * kRestrictedPorts) lacks the spec's 2024 additions 4190 and 6679: observed connecting to both.
   * Firefox's gBadPortList (netwerk/base/nsIOService.cpp) is the spec's list.
   */
  readonly badPorts?: ReadonlySet<number>;
  /**
   * Whether the preflight's status is checked before (`status-first`) or after the access check.
   * Both browsers check access first: Firefox 153 reports a missing Access-Control-Allow-Origin on a
   * 404 or 300 preflight, not the status (conformance cases preflight-status/*.acao-missing).
   */
  readonly preflightOrder: 'access-first' | 'status-first';
  /**
   * Whether a redirected preflight is refused before the access check (`first`: Chromium, the spec) or
   * after it (`after-access`: Firefox reports a missing Access-Control-Allow-Origin on a 301 preflight).
   */
  readonly preflightRedirectCheck: 'first' | 'after-access';
  /**
   * Whether a redirect to an unsafe scheme (`unsafeRedirectSchemes`) fails before the redirect response's
   * own CORS check (Firefox: "CORS request did not succeed" even when the 302 lacks
   * Access-Control-Allow-Origin) or after it (Chromium). Conformance cases redirect-odd/*.hop-none.
   */
  readonly unsafeRedirectBeforeCorsCheck: boolean;
  /** Access-Control-Max-Age used when the header is absent. */
  readonly maxAgeDefault: number;
  /** Upper bound applied to Access-Control-Max-Age. */
  readonly maxAgeCap: number;
  /** What an unparsable Access-Control-Max-Age does: fall back to the default, or skip caching. */
  readonly invalidMaxAge: 'default' | 'no-cache';
  /**
   * Whether Access-Control-Max-Age may carry a sign (`+10`): Chromium's StringToInt64 accepts it,
   * Firefox only takes digits and does not cache (conformance case preflight-cache/max-age-plus.*).
   */
  readonly maxAgeAllowsSign: boolean;
  /** Whether an empty Access-Control-Max-Age counts as absent (Firefox: cached for the default). */
  readonly emptyMaxAgeIsAbsent: boolean;
  /**
   * Whether a cached preflight only serves requests with the same credentials mode (Firefox keys its
   * cache by it: an `include` result does not serve an `omit` request, conformance case
   * preflight-cache/include-then-omit); Chromium lets a credentialed result serve both.
   */
  readonly preflightCacheKeyedByCredentials: boolean;
  /**
   * Whether a cached `*` in Allow-Methods/Allow-Headers still works as a wildcard for later requests
   * (Chromium) or only as the literal name (Firefox re-sends the preflight: preflight-cache/star-*-omit).
   */
  readonly cacheHonoursWildcards: boolean;
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
  safelistCheckedOn: 'combined',
  safelistedValueTotalLimit: 1024,
  highBytesAreCorsUnsafe: false,
  dedupeUnsafeHeaderNames: true,
  extraForbiddenRequestHeaders: ['user-agent'],
  multipleAllowOriginLines: 'combine',
  allowOriginDiagnostics: 'detailed',
  preflightMethodMatch: 'exact',
  wildcardCoversAuthorization: true,
  unsafeHeaderCheckOrder: {
    blinkHeaderMap: {
      // FrameFetchContext::PrepareRequest; then AddClientHintsIfNecessary (https: and loopback URLs only).
      always: ['User-Agent'],
      trustworthyUrl: ['sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform'],
    },
  },
  rangeUnitCaseInsensitive: false,
  headersObjectInit: 'header-list',
  preflightOriginAfterTaint: 'tainted',
  fetchMetadataUrlList: 'restart',
  invalidRedirectLocation: 'network-error',
  followEmptyLocation: false,
  unfollowedRedirectFails: false,
  unsafeRedirectSchemes: ['about:', 'blob:', 'data:', 'file:', 'filesystem:'],
  simpleRedirectUnknownSchemes: ['ws:', 'wss:'],
  nonHttpRedirect: 'CorsDisabledScheme',
  preflightOrder: 'access-first',
  preflightRedirectCheck: 'first',
  unsafeRedirectBeforeCorsCheck: false,
  maxAgeDefault: 5,
  maxAgeCap: 7200,
  invalidMaxAge: 'default',
  maxAgeAllowsSign: true,
  emptyMaxAgeIsAbsent: false,
  preflightCacheKeyedByCredentials: false,
  cacheHonoursWildcards: true,
  redirectLimit: 20,
  badPorts: new Set([...FETCH_BAD_PORTS].filter((p) => p !== 4190 && p !== 6679)),
};

export const firefox: BrowserProfile = {
  name: 'firefox',
  label: 'Firefox ESR 153',
  extraSafelistedRequestHeaders: [],
  extraSafelistedRequestHeaderValues: {},
  safelistCheckedOn: 'each-line',
  safelistedValueTotalLimit: Number.POSITIVE_INFINITY,
  highBytesAreCorsUnsafe: true,
  dedupeUnsafeHeaderNames: false,
  extraForbiddenRequestHeaders: [],
  multipleAllowOriginLines: 'reject',
  allowOriginDiagnostics: 'mismatch',
  preflightMethodMatch: 'exact',
  wildcardCoversAuthorization: true,
  unsafeHeaderCheckOrder: 'sorted',
  rangeUnitCaseInsensitive: false,
  headersObjectInit: 'header-list',
  preflightOriginAfterTaint: 'original',
  fetchMetadataUrlList: 'url-list',
  invalidRedirectLocation: 'network-error',
  followEmptyLocation: true,
  unfollowedRedirectFails: false,
  // Observed in Firefox 153: these fail as "CORS request did not succeed"; about: and ftp: do not.
  unsafeRedirectSchemes: ['blob:', 'data:', 'file:', 'javascript:', 'ws:', 'wss:'],
  simpleRedirectUnknownSchemes: [],
  nonHttpRedirect: 'NetworkError',
  preflightOrder: 'access-first',
  preflightRedirectCheck: 'after-access',
  unsafeRedirectBeforeCorsCheck: true,
  maxAgeDefault: 5,
  maxAgeCap: 86400,
  invalidMaxAge: 'no-cache',
  maxAgeAllowsSign: false,
  emptyMaxAgeIsAbsent: true,
  preflightCacheKeyedByCredentials: true,
  cacheHonoursWildcards: false,
  redirectLimit: 20,
  badPorts: FETCH_BAD_PORTS,
};

/**
 * WebKit (Safari and every iOS browser), as WebKitGTK 2.50.6 decides. Every field but the max-age ones
 * is observed in the real engine by the conformance suite (`npm run conformance -- --browser webkit`,
 * 4,056 cases); the max-age fields are read from WebCore, which no case can time. CORS lives in WebCore,
 * which Safari shares; Safari's network layer (CFNetwork, not libsoup) only matters below CORS (see
 * docs/browser.md, "WebKit and Safari").
 */
export const webkit: BrowserProfile = {
  name: 'webkit',
  label: 'WebKit (WebKitGTK 2.50.6)',
  extraSafelistedRequestHeaders: [],
  extraSafelistedRequestHeaderValues: {},
  safelistCheckedOn: 'each-line',
  safelistedValueTotalLimit: 1024,
  highBytesAreCorsUnsafe: false,
  dedupeUnsafeHeaderNames: true,
  extraForbiddenRequestHeaders: [],
  multipleAllowOriginLines: 'combine',
  allowOriginDiagnostics: 'mismatch',
  preflightMethodMatch: 'exact',
  wildcardCoversAuthorization: true,
  unsafeHeaderCheckOrder: 'webkit-header-map',
  rangeUnitCaseInsensitive: true,
  headersObjectInit: 'iterated',
  preflightOriginAfterTaint: 'tainted',
  fetchMetadataUrlList: 'url-list',
  invalidRedirectLocation: 'disallowed-scheme',
  // WebCore hands a redirect without a usable Location to the page as the final response
  // (conformance cases redirect-odd/empty-location.*).
  followEmptyLocation: false,
  unfollowedRedirectFails: true,
  // Refused before the redirect's CORS check: "FTP URLs are disabled" (redirect-odd/ftp-scheme.*).
  unsafeRedirectSchemes: ['ftp:'],
  simpleRedirectUnknownSchemes: [],
  nonHttpRedirect: 'RedirectDisallowedScheme',
  // WebCore validatePreflightResponse: "Preflight response is not successful" before the access check
  // (conformance cases preflight-status/*.acao-missing).
  preflightOrder: 'status-first',
  preflightRedirectCheck: 'first',
  unsafeRedirectBeforeCorsCheck: true,
  // Read from WebCore (CrossOriginPreflightResultCache.cpp: defaultPreflightCacheTimeout 5 s,
  // maxPreflightCacheTimeout 600 s, parseInteger<int64_t> takes a sign, anything unparsable gets the
  // default): the conformance cases agree but cannot time a cap. Safari shares this code.
  maxAgeDefault: 5,
  maxAgeCap: 600,
  invalidMaxAge: 'default',
  maxAgeAllowsSign: true,
  emptyMaxAgeIsAbsent: false,
  // An include result serves an omit request, not the reverse (allowsRequest; preflight-cache/*).
  preflightCacheKeyedByCredentials: false,
  cacheHonoursWildcards: true,
  redirectLimit: 20,
};

export const spec: BrowserProfile = {
  name: 'spec',
  label: 'Fetch Standard',
  extraSafelistedRequestHeaders: [],
  extraSafelistedRequestHeaderValues: {},
  safelistCheckedOn: 'each-line',
  safelistedValueTotalLimit: 1024,
  highBytesAreCorsUnsafe: false,
  dedupeUnsafeHeaderNames: true,
  extraForbiddenRequestHeaders: [],
  multipleAllowOriginLines: 'combine',
  allowOriginDiagnostics: 'mismatch',
  preflightMethodMatch: 'exact',
  wildcardCoversAuthorization: false,
  unsafeHeaderCheckOrder: 'sorted',
  rangeUnitCaseInsensitive: false,
  headersObjectInit: 'iterated',
  preflightOriginAfterTaint: 'tainted',
  fetchMetadataUrlList: 'url-list',
  invalidRedirectLocation: 'network-error',
  followEmptyLocation: true,
  unfollowedRedirectFails: false,
  unsafeRedirectSchemes: [],
  simpleRedirectUnknownSchemes: [],
  nonHttpRedirect: 'RedirectDisallowedScheme',
  preflightOrder: 'access-first',
  preflightRedirectCheck: 'first',
  unsafeRedirectBeforeCorsCheck: false,
  maxAgeDefault: 5,
  maxAgeCap: Number.POSITIVE_INFINITY,
  invalidMaxAge: 'default',
  maxAgeAllowsSign: false,
  emptyMaxAgeIsAbsent: false,
  preflightCacheKeyedByCredentials: false,
  cacheHonoursWildcards: true,
  redirectLimit: 20,
};

/** The built-in profiles by name. */
export const profiles: Readonly<Record<BrowserName, BrowserProfile>> = { chromium, firefox, webkit, spec };

/**
 * The built-in profiles of shipped browsers (every profile but the Fetch Standard's): what the audit
 * tools judge with, since an attacker or a user meets whichever of them a victim runs. A new browser's
 * profile joins this list and every audit verdict takes it into account.
 *
 * @example
 * browserProfiles.map((p) => p.name); // ['chromium', 'firefox', 'webkit']
 */
export const browserProfiles: readonly BrowserProfile[] = Object.values(profiles).filter((p) => p !== spec);

/**
 * The header list a request gets from a Headers object the page passed to fetch(), as the profile's
 * browser reads it (see `headersObjectInit`): `pairs` are the Headers object's lines in append order.
 *
 * @example
 * headersObjectInit([['X-B', '1'], ['Authorization', 'a']], webkit); // [['authorization', 'a'], ['x-b', '1']]
 */
export function headersObjectInit(
  pairs: readonly (readonly [string, string])[],
  profile: BrowserProfile,
): [string, string][] {
  if (profile.headersObjectInit === 'header-list') return pairs.map(([n, v]) => [n, v]);
  const combined = new Map<string, string>();
  for (const [n, v] of pairs) {
    const name = n.toLowerCase();
    const prev = combined.get(name);
    combined.set(name, prev === undefined ? v : `${prev}, ${v}`);
  }
  return [...combined].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Resolve a profile from its name or pass a custom profile through.
 *
 * @example
 * getProfile('firefox').maxAgeCap; // 86400
 */
export function getProfile(browser: BrowserName | BrowserProfile = 'chromium'): BrowserProfile {
  if (typeof browser !== 'string') return browser;
  // Own keys only: 'constructor' or 'toString' must not resolve to Object.prototype's members.
  const p = Object.hasOwn(profiles, browser) ? profiles[browser] : undefined;
  if (!p)
    throw new CorsairError(
      'BROWSER_UNKNOWN_PROFILE',
      `There is no browser profile '${String(browser).slice(0, 100)}'.`,
      `Use ${Object.keys(profiles).join(', ')}, or pass a BrowserProfile object.`,
    );
  return p;
}
