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
  | 'PROXY_NOT_A_RELAY'
  | 'PROXY_HOST_REFUSED'
  | 'PROXY_BAD_FRAMING'
  | 'PROXY_METHOD_REFUSED'
  | 'PROXY_BAD_PATH'
  | 'PROXY_NO_ROUTE'
  | 'PROXY_ORIGIN_REFUSED'
  | 'PROXY_UPSTREAM_FORBIDDEN'
  | 'PROXY_DNS_FAILED'
  | 'PROXY_REDIRECT_REFUSED'
  | 'PROXY_UPSTREAM_UNREACHABLE'
  | 'PROXY_UPSTREAM_RESET'
  | 'PROXY_UPSTREAM_TIMEOUT'
  | 'PROXY_UPSTREAM_BAD_RESPONSE';

/**
 * An error with a stable code, a plain sentence, a fix, and the HTTP status the proxy answers with.
 *
 * @example
 * throw new ProxyError('PROXY_UPSTREAM_TIMEOUT', 'The upstream did not answer within 30000 ms.', 'Raise --timeout.', 504);
 */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  readonly code: ProxyErrorCode;
  readonly fix: string;
  readonly status: number;
  constructor(code: ProxyErrorCode, message: string, fix: string, status = 502) {
    super(message);
    this.code = code;
    this.fix = fix;
    this.status = status;
  }
}
