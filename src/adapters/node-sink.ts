// How the one writer (policy/write.ts) writes on a node:http response: the CORS headers the response
// already has are removed first, all at once (`clearedSink`), so the sinks' own `remove` has nothing
// left to do.
import type { ServerResponse } from 'node:http';
import { DECIDED, type ResponseSink } from '../policy/write.js';

// Listing the names with one getHeaderNames call is ~100 ns a response less than a removeHeader per
// CORS name and a getHeader.
const cleared: ResponseSink<ServerResponse> = {
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
  remove: () => {},
  vary: (res) => res.getHeader('vary'),
  end: (res, status, body) => {
    res.statusCode = status;
    if (body === undefined) res.setHeader('Content-Length', '0');
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
