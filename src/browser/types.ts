import type { HeaderList, HttpRequest, HttpResponse } from '../exchange.js';
import type { FailureDetail } from './failure.js';

/** The request's credentials mode (Fetch Standard). `fetch()` defaults to `same-origin`. */
export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** Browsers corsair models. `spec` is the Fetch Standard with no vendor deviation. */
export type BrowserName = 'chromium' | 'firefox' | 'webkit' | 'spec';

/** The shipped browsers: each prints its own console message for a failure (the spec prints none). */
export type ConsoleBrowser = Exclude<BrowserName, 'spec'>;

/**
 * A failure's console output, verbatim, per shipped browser (keyed by profile name).
 *
 * @example
 * const m: ConsoleMessages = { chromium: 'Access to fetch at …', firefox: 'Cross-Origin Request Blocked: …', webkit: 'Origin … is not allowed …' };
 */
export type ConsoleMessages = { readonly [B in ConsoleBrowser]: string };

/** Which API made the request; it only changes the wording of console messages. */
export type Initiator = 'fetch' | 'xhr';

/**
 * What a page asks for: the arguments of `fetch(url, { method, headers, credentials })` made from a page
 * whose origin is `pageOrigin`.
 *
 * @example
 * const init: CorsRequestInit = { pageOrigin: 'https://app.example.com', url: 'https://api.example.com/items', method: 'PUT', headers: [['Content-Type', 'application/json']], credentials: 'include' };
 */
export interface CorsRequestInit {
  readonly pageOrigin: string;
  readonly url: string;
  /** Defaults to `GET`. Normalised as `fetch()` does (only DELETE, GET, HEAD, OPTIONS, POST, PUT are uppercased). */
  readonly method?: string;
  readonly headers?: HeaderList | Readonly<Record<string, string>>;
  /** Defaults to `same-origin`, as in `fetch()`. */
  readonly credentials?: CredentialsMode;
  /** Defaults to `fetch`. */
  readonly initiator?: Initiator;
  /**
   * A string body (fetch()'s `body`, XMLHttpRequest's `send(body)`). It adds
   * `Content-Type: text/plain;charset=UTF-8` when the page set no Content-Type (Fetch Standard
   * "extract a body"). fetch() refuses one on GET and HEAD; XMLHttpRequest drops it there.
   */
  readonly body?: string;
}

/** The only way the browser engine meets the network. */
export type Transport = (request: HttpRequest) => Promise<HttpResponse> | HttpResponse;

/**
 * Chromium's `network::mojom::CorsError` names without the leading `k`, plus the few failures corsair
 * models that Chromium reports outside that enum.
 */
export type CorsErrorCode =
  | 'DisallowedByMode'
  | 'CorsDisabledScheme'
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'WildcardOriginNotAllowed'
  | 'InvalidAllowCredentials'
  | 'PreflightInvalidStatus'
  | 'PreflightDisallowedRedirect'
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightInvalidAllowCredentials'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse'
  | 'RedirectContainsCredentials'
  | 'RedirectDisallowedScheme'
  | 'TooManyRedirects'
  | 'NetworkError'
  | 'ForbiddenMethod'
  | 'InvalidRequest';

/**
 * A failed request: what went wrong, what each browser prints for it, why, and how to fix it.
 *
 * @example
 * if (outcome.error) console.log(outcome.error.code, outcome.error.messages.chromium, outcome.error.fix);
 */
export interface CorsFailure {
  readonly code: CorsErrorCode;
  /**
   * What each browser's console prints for this failure, verbatim (WebKit: two lines, the reason and
   * `Fetch API cannot load … due to access control checks.`).
   */
  readonly messages: ConsoleMessages;
  /** Why it failed, in plain words, naming the values involved. */
  readonly cause: string;
  /** What to change on the server (or in the page) so that it passes. */
  readonly fix: string;
  /** The URL whose response failed (after redirects, the hop that failed). */
  readonly url: string;
  /** The origin the browser sent (`null` after a cross-origin redirect). */
  readonly origin: string;
  /** The raw facts behind the failure (values, header names, status, Location). */
  readonly detail: FailureDetail;
}

/** One check the engine ran on a response, in the order the browser runs them. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** A request the browser sent, the response it got, and what was checked. */
export interface Step {
  readonly kind: 'preflight' | 'actual';
  readonly request: HttpRequest;
  /** `null` when the transport failed (network error). */
  readonly response: HttpResponse | null;
  readonly checks: readonly Check[];
}

/** A thing that passes today but is risky, fragile, or silently changed by the browser. */
export interface Warning {
  readonly code: string;
  readonly message: string;
}

/**
 * The verdict of `simulateCors`.
 *
 * @example
 * const { allowed, preflight, error, exposedHeaders } = await simulateCors(init, { send });
 */
export interface Outcome {
  readonly allowed: boolean;
  /** Whether a preflight went on the wire (false when none was needed or the cache answered). */
  readonly preflight: boolean;
  /** Whether a preflight was needed and the preflight cache answered it. */
  readonly preflightFromCache: boolean;
  readonly steps: readonly Step[];
  readonly error: CorsFailure | null;
  /** Lowercased names of the final response's headers that a script may read (only when allowed). */
  readonly exposedHeaders: readonly string[];
  readonly warnings: readonly Warning[];
  /** The browser profile that decided. */
  readonly browser: BrowserName;
}
