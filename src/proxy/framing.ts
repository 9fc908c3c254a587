// Message framing (RFC 9112 §6): where one HTTP/1.1 message ends and the next begins. A proxy that lets
// the page and the upstream disagree on it is a request-smuggling proxy, so the proxy never copies the
// page's or the upstream's framing headers: it reads the framing Node's parser applied, refuses anything
// ambiguous, and writes its own on the other side.

import type { HeaderList } from '../exchange.js';
import { isForbiddenMethod } from '../fetch/methods.js';
import { ProxyError } from './errors.js';

/**
 * How a request body is delimited: none, `Content-Length` bytes, or chunked.
 *
 * @example
 * const f: BodyFraming = { kind: 'length', length: 11 };
 */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' };

/**
 * A request's framing once checked, and whether the page's connection must close after the answer.
 *
 * @example
 * const r: RequestFraming = { body: { kind: 'none' }, closeAfter: false };
 */
export interface RequestFraming {
  readonly body: BodyFraming;
  /** The page's connection cannot safely carry another request (an ignored `Upgrade`). */
  readonly closeAfter: boolean;
}

// Browsers never send a body with these, and upstreams disagree on whether one is there (CL.0 desync).
const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

function refuse(message: string, status = 400): ProxyError {
  return new ProxyError(
    'PROXY_BAD_FRAMING',
    message,
    'Send one Content-Length or Transfer-Encoding: chunked (never both), and no body with GET or HEAD.',
    { details: { status: status } },
  );
}

function values(lines: HeaderList, name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of lines) if (n.toLowerCase() === name) out.push(v.trim());
  return out;
}

function contentLength(lines: readonly string[]): number | undefined {
  if (lines.length === 0) return undefined;
  // RFC 9112 §6.3: several values (lines or a list) are a framing error unless identical; refuse them all.
  if (lines.length > 1) throw refuse('The request has more than one Content-Length.');
  const text = lines[0]!;
  const length = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(length))
    throw refuse(`The request's Content-Length '${text.slice(0, 40)}' is not a number of bytes.`);
  return length;
}

/**
 * Check a page's request for framing the proxy can restate without doubt, from its raw header lines
 * (so a lenient parser in front, e.g. a user's own `http.Server` with `insecureHTTPParser`, changes
 * nothing). Throws `PROXY_BAD_FRAMING` (400, or 501 for an unknown transfer coding) for
 * `Transfer-Encoding` with `Content-Length`, several `Content-Length`s, a coding other than `chunked`,
 * a body on GET/HEAD or on an `Upgrade` request; `PROXY_METHOD_REFUSED` (405) for CONNECT/TRACE/TRACK.
 *
 * @example
 * requestFraming('POST', [['Content-Length', '2']]); // { body: { kind: 'length', length: 2 }, closeAfter: false }
 * requestFraming('GET', [['Transfer-Encoding', 'chunked']]); // throws PROXY_BAD_FRAMING
 */
export function requestFraming(method: string, lines: HeaderList): RequestFraming {
  if (isForbiddenMethod(method))
    throw new ProxyError(
      'PROXY_METHOD_REFUSED',
      `The proxy does not forward ${method.toUpperCase()} requests.`,
      'Browsers cannot send CONNECT, TRACE or TRACK; use another method.',
      { details: { status: 405 } },
    );
  const te = values(lines, 'transfer-encoding');
  const length = contentLength(values(lines, 'content-length'));
  if (te.length > 0 && length !== undefined)
    throw refuse('The request has both Transfer-Encoding and Content-Length.');
  if (te.length > 1) throw refuse('The request has more than one Transfer-Encoding.');
  if (te.length === 1 && te[0]!.toLowerCase() !== 'chunked')
    throw refuse(`The proxy does not forward the transfer coding '${te[0]!.slice(0, 40)}'.`, 501);
  const body: BodyFraming =
    te.length === 1
      ? { kind: 'chunked' }
      : length !== undefined && length > 0
        ? { kind: 'length', length }
        : { kind: 'none' };
  if (body.kind !== 'none' && NO_BODY_METHODS.has(method.toUpperCase()))
    throw refuse(`A ${method.toUpperCase()} request may not carry a body through the proxy.`);
  // Node stops parsing after an Upgrade request's head: a body would not be read as one.
  const upgrade = values(lines, 'upgrade').length > 0;
  if (upgrade && body.kind !== 'none')
    throw refuse('A request asking for a protocol Upgrade may not carry a body through the proxy.');
  return { body, closeAfter: upgrade };
}

/**
 * The framing header lines to send upstream for a checked request body.
 *
 * @example
 * framingHeaders({ kind: 'length', length: 5 }); // [['Content-Length', '5']]
 */
export function framingHeaders(body: BodyFraming): [string, string][] {
  if (body.kind === 'length') return [['Content-Length', String(body.length)]];
  if (body.kind === 'chunked') return [['Transfer-Encoding', 'chunked']];
  return [];
}

/**
 * Whether a response to `method` with `status` carries no body whatever its headers say
 * (RFC 9112 §6.3: HEAD, 1xx, 204, 304).
 *
 * @example
 * responseHasNoBody('HEAD', 200); // true
 */
export function responseHasNoBody(method: string, status: number): boolean {
  return method.toUpperCase() === 'HEAD' || status < 200 || status === 204 || status === 304;
}

/**
 * The `Content-Length` to send the page for an upstream response Node's parser accepted, or
 * `undefined` to let Node frame the body itself (chunked, or close-delimited for HTTP/1.0 pages).
 * Only a single, plain length without `Transfer-Encoding` is restated; the upstream's `Connection`
 * field cannot remove it.
 *
 * @example
 * responseLength([['Content-Length', '3']]); // 3
 * responseLength([['Transfer-Encoding', 'chunked']]); // undefined
 */
export function responseLength(lines: HeaderList): number | undefined {
  if (values(lines, 'transfer-encoding').length > 0) return undefined;
  const cl = values(lines, 'content-length');
  if (cl.length !== 1 || !/^\d{1,15}$/.test(cl[0]!)) return undefined;
  return Number(cl[0]);
}

/**
 * Whether an upstream socket may go back to the keep-alive pool after this exchange: only when the
 * response's end was certain (an explicit length or chunked body). After HEAD, 1xx, 204 and 304 a
 * hostile upstream can leave bytes behind that the next request would read as its response.
 *
 * @example
 * reusableAfter('GET', 200, [['Content-Length', '3']]); // true
 * reusableAfter('HEAD', 200, [['Content-Length', '3']]); // false
 */
export function reusableAfter(method: string, status: number, lines: HeaderList): boolean {
  if (responseHasNoBody(method, status)) return false;
  const te = values(lines, 'transfer-encoding');
  if (te.length > 0) return te.length === 1 && te[0]!.toLowerCase() === 'chunked';
  return responseLength(lines) !== undefined;
}
