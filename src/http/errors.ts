import { CorsairError, type CorsairErrorOptions } from '../errors.js';

/**
 * Codes of the failures the live transport reports. Each is one plain sentence and a fix, so the CLI can
 * print one line and exit 2 instead of a stack trace.
 *
 * @example
 * const code: TransportErrorCode = 'HTTP_TLS_ERROR';
 */
export type TransportErrorCode =
  | 'HTTP_INVALID_URL'
  | 'HTTP_INVALID_REQUEST'
  | 'HTTP_CONNECTION_REFUSED'
  | 'HTTP_DNS_FAILURE'
  | 'HTTP_TIMEOUT'
  | 'HTTP_TLS_ERROR'
  | 'HTTP_CONNECTION_RESET'
  | 'HTTP_PROTOCOL_ERROR'
  | 'HTTP_NETWORK_ERROR';

/**
 * A request that never produced a response: bad URL, refused connection, timeout, TLS failure, or a
 * response that is not valid HTTP.
 *
 * @example
 * try { await sendHttp(req); } catch (e) { if (e instanceof TransportError) console.error(e.code, e.message, e.fix); }
 */
export class TransportError extends CorsairError<{ readonly url: string }> {
  override readonly name = 'TransportError';
  declare readonly code: TransportErrorCode;

  constructor(
    code: TransportErrorCode,
    message: string,
    fix: string,
    options: CorsairErrorOptions<{ readonly url: string }>,
  ) {
    super(code, message, fix, options);
  }

  /** The URL that failed. */
  get url(): string {
    return this.details.url;
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return '';
}

/**
 * Map whatever Node or undici threw into a coded `TransportError` naming the URL.
 *
 * @example
 * toTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'http://127.0.0.1:1/').code; // 'HTTP_CONNECTION_REFUSED'
 */
export function toTransportError(err: unknown, url: string, timeoutMs?: number): TransportError {
  if (err instanceof TransportError) return err;
  // undici wraps connect failures; the useful code can sit on the cause.
  let code = errorCode(err);
  const cause = err && typeof err === 'object' && 'cause' in err ? err.cause : undefined;
  if ((!code || code === 'UND_ERR_SOCKET') && errorCode(cause)) code = errorCode(cause);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNREFUSED')
    return new TransportError(
      'HTTP_CONNECTION_REFUSED',
      `Connection refused by ${hostOf(url)}: nothing is listening there.`,
      'Check the URL and port, and that the server is running.',
      { details: { url: url }, cause: err },
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return new TransportError(
      'HTTP_DNS_FAILURE',
      `The host name ${hostOf(url)} could not be resolved.`,
      'Check the spelling of the host, or your DNS settings.',
      { details: { url: url }, cause: err },
    );
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'ETIMEDOUT' ||
    code === 'CORSAIR_TIMEOUT'
  )
    return new TransportError(
      'HTTP_TIMEOUT',
      `No response from ${hostOf(url)} within ${timeoutMs ?? '?'} ms.`,
      'Check that the server answers, or raise the limit with --timeout <ms>.',
      { details: { url: url }, cause: err },
    );
  if (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /certificate/i.test(detail)
  )
    return new TransportError(
      'HTTP_TLS_ERROR',
      `TLS handshake with ${hostOf(url)} failed (${code || detail}).`,
      'Fix the server certificate, pass --ca <file> to trust a private CA, or --insecure to skip verification (testing only).',
      { details: { url: url }, cause: err },
    );
  const parserError = err instanceof Error && err.name === 'HTTPParserError';
  if (
    parserError ||
    code.startsWith('HPE_') ||
    code === 'UND_ERR_INFO' ||
    code === 'UND_ERR_HEADERS_OVERFLOW' ||
    code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'
  )
    return new TransportError(
      'HTTP_PROTOCOL_ERROR',
      `The response from ${hostOf(url)} is not valid HTTP (${code}: ${detail}).`,
      'A browser would reject it as a network error too: fix the server or the proxy in front of it.',
      { details: { url: url }, cause: err },
    );
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED')
    return new TransportError(
      'HTTP_CONNECTION_RESET',
      `The connection to ${hostOf(url)} closed before a complete response arrived.`,
      'Check the server logs; a proxy or firewall may be dropping the connection.',
      { details: { url: url }, cause: err },
    );
  if (code === 'UND_ERR_INVALID_ARG')
    return new TransportError(
      'HTTP_INVALID_REQUEST',
      `The request cannot be sent: ${detail}.`,
      'Check the method and header lines (no control characters, valid header names).',
      { details: { url: url }, cause: err },
    );
  return new TransportError(
    'HTTP_NETWORK_ERROR',
    `Request to ${hostOf(url)} failed: ${code ? `${code}: ` : ''}${detail}`,
    'Check the URL and your network.',
    { details: { url: url }, cause: err },
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
