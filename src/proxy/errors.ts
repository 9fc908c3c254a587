import { CorsairError, type CorsairErrorOptions } from '../errors.js';

/**
 * Codes of the errors the proxy reports, to the page (as a 4xx/5xx JSON body) or at startup.
 *
 * @example
 * const code: ProxyErrorCode = 'PROXY_UPSTREAM_FORBIDDEN';
 */
export type ProxyErrorCode =
  | 'PROXY_BAD_TARGET'
  | 'PROXY_BAD_OPTION'
  | 'PROXY_NO_ORIGINS'
  | 'PROXY_ROUTES_UNSUPPORTED'
  | 'PROXY_NOT_A_RELAY'
  | 'PROXY_HOST_REFUSED'
  | 'PROXY_BAD_FRAMING'
  | 'PROXY_METHOD_REFUSED'
  | 'PROXY_BAD_PATH'
  | 'PROXY_NO_ROUTE'
  | 'PROXY_ORIGIN_REFUSED'
  | 'PROXY_CROSS_SITE_REFUSED'
  | 'PROXY_UPSTREAM_FORBIDDEN'
  | 'PROXY_DNS_FAILED'
  | 'PROXY_REDIRECT_REFUSED'
  | 'PROXY_UPSTREAM_UNREACHABLE'
  | 'PROXY_UPSTREAM_RESET'
  | 'PROXY_UPSTREAM_TIMEOUT'
  | 'PROXY_UPSTREAM_BAD_RESPONSE';

/**
 * An error with a stable code, a plain sentence, a fix, and the HTTP status the proxy answers with
 * (`details.status`, 502 unless given).
 *
 * @example
 * throw new ProxyError('PROXY_UPSTREAM_TIMEOUT', 'The upstream did not answer within 30000 ms.', 'Raise --timeout.', { details: { status: 504 } });
 */
export class ProxyError extends CorsairError<{ readonly status: number }> {
  override readonly name = 'ProxyError';
  declare readonly code: ProxyErrorCode;
  constructor(
    code: ProxyErrorCode,
    message: string,
    fix: string,
    options: CorsairErrorOptions<{ readonly status?: number }> = {},
  ) {
    super(code, message, fix, { ...options, details: { status: options.details?.status ?? 502 } });
  }

  /** The HTTP status the proxy answers the page with. */
  get status(): number {
    return this.details.status;
  }
}
