// How the one writer (policy/write.ts) writes on a node:http response: the CORS headers the response
// already has are removed first, all at once (`clearedSink`), so the sinks' own `remove` has nothing
// left to do.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Decision } from '../policy/types.js';
import { DECIDED, type HeaderSink, type ResponseSink, writeCorsHeaders } from '../policy/write.js';

// Listing the names with one getHeaderNames call is ~100 ns a response less than a removeHeader per
// CORS name and a getHeader.
const cleared: ResponseSink<ServerResponse> = {
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
  remove: () => {},
  vary: (res) => res.getHeader('vary'),
  end: (res, status, body) => {
    if (body === undefined) {
      // The head written here rather than by `end()` (node's `_implicitHeader`, which calls
      // `writeHead(statusCode)` through the same hooks: the same head): on an Express response that is
      // ~1.2 µs an answered preflight less, measured in process; on a bare one the same (issue 16).
      res.setHeader('Content-Length', '0');
      res.writeHead(status);
      res.end();
      return;
    }
    // A body's length is only known to `end`, which sets it while the head is not yet written.
    res.statusCode = status;
    res.end(body);
  },
};
const clearedNoVary: ResponseSink<ServerResponse> = { ...cleared, vary: () => undefined };

/**
 * Remove the CORS headers `res` has, and return the sink to write a decision on it with (one that
 * removes nothing more, and reads `Vary` only if `res` has one).
 *
 * @example
 * writeDecision(clearedSink(res), res, decision);
 */
export function clearedSink(res: ServerResponse): ResponseSink<ServerResponse> {
  return clearedOf(res, res.getHeaderNames());
}

/**
 * `clearedSink` for a response whose header names are already listed.
 *
 * @example
 * writeDecision(clearedOf(res, res.getHeaderNames()), res, decision);
 */
export function clearedOf(res: ServerResponse, names: readonly string[]): ResponseSink<ServerResponse> {
  let sink = clearedNoVary;
  for (const n of names) {
    if (n === 'vary') sink = cleared;
    else if (DECIDED.includes(n)) res.removeHeader(n);
  }
  return sink;
}

/**
 * Writes a decision into a head object (name → value, for `writeHead(status, head)`). A head object
 * holds no CORS header to remove (`headWithCors` leaves the handler's out), and its `Vary` is the one
 * under that spelling, where `headWithCors` puts the handler's.
 *
 * @example
 * writeCorsHeaders(headObjectSink, head, decision);
 */
export const headObjectSink: HeaderSink<OutgoingHttpHeaders> = {
  set: (head, name, value) => {
    head[name] = value;
  },
  remove: () => {},
  vary: (head) => head.Vary,
};

/** Two `Vary` values of a head object as one list of lines. */
function varyList(a: string | string[] | number, b: string | string[] | number | undefined): string[] {
  return [a, b ?? []].flat().map(String);
}

/**
 * The headers a handler gave `writeHead(status, headers)` on a response with no header set yet, with
 * `d` written into a copy: its CORS headers (any case) left out, its `Vary` merged (or kept as it is
 * when the decision adds none), the decision's lines added. Node sends such an object as the head as it
 * is, with no header map of its own (~0.15 µs a line less than a `setHeader` per line, which
 * @hono/node-server's every response would otherwise pay), and sends what node would (a name given
 * twice in two cases stays two lines, as there).
 *
 * @example
 * res.writeHead(200, headWithCors({ 'Content-Type': 'text/plain' }, decision));
 */
export function headWithCors(headers: OutgoingHttpHeaders, d: Decision): OutgoingHttpHeaders {
  const head: OutgoingHttpHeaders = {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    // `Vary` under one spelling, the one the writer merges into: `vary` and `Vary` given both are kept
    // both (node would send both lines), in the order given.
    if (lower === 'vary')
      head.Vary = head.Vary === undefined ? headers[name] : varyList(head.Vary, headers[name]);
    else if (!DECIDED.includes(lower)) head[name] = headers[name];
  }
  writeCorsHeaders(headObjectSink, head, d);
  return head;
}
