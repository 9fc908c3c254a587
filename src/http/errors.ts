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

type TransportKind = 'refused' | 'dns' | 'timeout' | 'tls' | 'protocol' | 'reset' | 'invalid' | 'other';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'CORSAIR_TIMEOUT',
]);
const PROTOCOL_CODES = new Set([
  'UND_ERR_INFO',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);

/** Which failure a Node/undici error code (and message) stands for; the order of the tests matters. */
function kindOf(code: string, detail: string, err: unknown): TransportKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /certificate/i.test(detail)
  )
    return 'tls';
  const parserError = err instanceof Error && err.name === 'HTTPParserError';
  if (parserError || code.startsWith('HPE_') || PROTOCOL_CODES.has(code)) return 'protocol';
  if (RESET_CODES.has(code)) return 'reset';
  if (code === 'UND_ERR_INVALID_ARG') return 'invalid';
  return 'other';
}

interface Failure {
  readonly host: string;
  readonly code: string;
  readonly detail: string;
  readonly timeoutMs: number | undefined;
}

/** The coded error, sentence and fix of each kind of failure. */
const FAILURES: Record<TransportKind, (f: Failure) => readonly [TransportErrorCode, string, string]> = {
  refused: (f) => [
    'HTTP_CONNECTION_REFUSED',
    `Connection refused by ${f.host}: nothing is listening there.`,
    'Check the URL and port, and that the server is running.',
  ],
  dns: (f) => [
    'HTTP_DNS_FAILURE',
    `The host name ${f.host} could not be resolved.`,
    'Check the spelling of the host, or your DNS settings.',
  ],
  timeout: (f) => [
    'HTTP_TIMEOUT',
    `No response from ${f.host} within ${f.timeoutMs ?? '?'} ms.`,
    'Check that the server answers, or raise the limit with --timeout <ms>.',
  ],
  tls: (f) => [
    'HTTP_TLS_ERROR',
    `TLS handshake with ${f.host} failed (${f.code || f.detail}).`,
    'Fix the server certificate, pass --ca <file> to trust a private CA, or --insecure to skip verification (testing only).',
  ],
  protocol: (f) => [
    'HTTP_PROTOCOL_ERROR',
    `The response from ${f.host} is not valid HTTP (${f.code}: ${f.detail}).`,
    'A browser would reject it as a network error too: fix the server or the proxy in front of it.',
  ],
  reset: (f) => [
    'HTTP_CONNECTION_RESET',
    `The connection to ${f.host} closed before a complete response arrived.`,
    'Check the server logs; a proxy or firewall may be dropping the connection.',
  ],
  invalid: (f) => [
    'HTTP_INVALID_REQUEST',
    `The request cannot be sent: ${f.detail}.`,
    'Check the method and header lines (no control characters, valid header names).',
  ],
  other: (f) => [
    'HTTP_NETWORK_ERROR',
    `Request to ${f.host} failed: ${f.code ? `${f.code}: ` : ''}${f.detail}`,
    'Check the URL and your network.',
  ],
};

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
  const [errorCodeOut, message, fix] = FAILURES[kindOf(code, detail, err)]({
    host: hostOf(url),
    code,
    detail,
    timeoutMs,
  });
  return new TransportError(errorCodeOut, message, fix, { details: { url }, cause: err });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
