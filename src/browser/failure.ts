import type { AccessCheckFailure } from './cors-check.js';

/**
 * The facts of one failure, before it is worded: enough for each browser's console message and for
 * the plain-language cause and fix. `code` is the deciding browser's code.
 */
export type FailureDetail =
  | (Omit<AccessCheckFailure, 'code'> & { readonly code: AccessCheckFailure['code'] | PreflightAccessCode })
  | { readonly code: 'PreflightInvalidStatus'; readonly status: number }
  | { readonly code: 'PreflightDisallowedRedirect'; readonly status: number; readonly location: string }
  | {
      readonly code: 'InvalidAllowMethodsPreflightResponse' | 'InvalidAllowHeadersPreflightResponse';
      readonly value: string;
      readonly token: string;
    }
  | {
      readonly code: 'MethodDisallowedByPreflightResponse';
      readonly method: string;
      readonly allowed: readonly string[];
    }
  | {
      readonly code: 'HeaderDisallowedByPreflightResponse';
      readonly header: string;
      readonly allowed: readonly string[];
      /** The list held `*`, which never covers Authorization. */
      readonly wildcardAuthorization: boolean;
    }
  | { readonly code: 'RedirectContainsCredentials' | 'RedirectDisallowedScheme'; readonly location: string }
  | { readonly code: 'TooManyRedirects'; readonly limit: number }
  | {
      readonly code: 'NetworkError';
      readonly reason: string;
      /** Chromium's net error name without `net::` (default `ERR_FAILED`), e.g. `ERR_UNSAFE_REDIRECT`. */
      readonly net?: string;
      /** The URL's port is a bad port for this browser: nothing was sent (`net: 'ERR_UNSAFE_PORT'`). */
      readonly badPort?: number;
    }
  | {
      readonly code: 'ForbiddenMethod' | 'InvalidRequest' | 'CorsDisabledScheme';
      readonly message: string;
      readonly fix: string;
    };

export type PreflightAccessCode =
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightInvalidAllowCredentials';

const PREFLIGHT_ACCESS: Readonly<Record<AccessCheckFailure['code'], PreflightAccessCode>> = {
  MissingAllowOriginHeader: 'PreflightMissingAllowOriginHeader',
  MultipleAllowOriginValues: 'PreflightMultipleAllowOriginValues',
  InvalidAllowOriginValue: 'PreflightInvalidAllowOriginValue',
  AllowOriginMismatch: 'PreflightAllowOriginMismatch',
  WildcardOriginNotAllowed: 'PreflightWildcardOriginNotAllowed',
  InvalidAllowCredentials: 'PreflightInvalidAllowCredentials',
};

/** The `Preflight…` form of an access-check failure (Chromium reports them apart). */
export function asPreflightFailure(f: AccessCheckFailure): FailureDetail {
  return { ...f, code: PREFLIGHT_ACCESS[f.code] };
}
