// How a node:http response takes a decision, shared by the node (Connect/Express), Koa and Hono (on
// @hono/node-server) adapters. An answered preflight is written at once. Every other response gets its
// headers once, just before its head goes out, over whatever the handler did: a handler that sets its
// own `Vary` must not drop `Vary: Origin`, its own `Access-Control-*` headers must not survive beside
// the policy's, and an error response (Koa and Express's final handler clear every header before
// writing one) must keep them; writing them when the decision is made as well would cost every request
// twice. `writeHead` is where every way of sending a node response passes (`end()`, `write()` and
// `flushHeaders()` call it), as the `on-headers` package relies on. So a handler does not see the CORS
// headers with `res.getHeader` before its response is sent; they are on the wire.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Decision } from '../policy/types.js';
import { DECIDED, type ResponseSink, writeCorsHeaders } from '../policy/write.js';

/**
 * The node response sink.
 *
 * @example
 * writeDecision(nodeSink, res, decision);
 */
export const nodeSink: ResponseSink<ServerResponse> = {
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
  remove: (res, name) => {
    res.removeHeader(name);
  },
  vary: (res) => res.getHeader('vary'),
  end: (res, status, body) => {
    res.statusCode = status;
    if (body === undefined) res.setHeader('Content-Length', '0');
    res.end(body);
  },
};

// The node sink once the CORS headers the response had are removed: `clearedSink` lists them with one
// getHeaderNames call, ~100 ns a response less than a removeHeader per CORS name and a getHeader.
const cleared: ResponseSink<ServerResponse> = { ...nodeSink, remove: () => {} };
const clearedNoVary: ResponseSink<ServerResponse> = { ...cleared, vary: () => undefined };

/**
 * Remove the CORS headers `res` has, and return the sink to write a decision on it with (one that
 * removes nothing more, and reads `Vary` only if `res` has one).
 *
 * @example
 * writeDecision(clearedSink(res), res, decision);
 */
export function clearedSink(res: ServerResponse): ResponseSink<ServerResponse> {
  const names = res.getHeaderNames();
  let sink = clearedNoVary;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (n === 'vary') sink = cleared;
    else if (DECIDED.includes(n)) res.removeHeader(n);
  }
  return sink;
}

type HeadHeaders = OutgoingHttpHeaders | string[] | undefined | null;

/** Headers given to `writeHead` itself, applied as node does: an object replaces, a flat list appends. */
function applyHeadHeaders(res: ServerResponse, headers: OutgoingHttpHeaders | string[]): void {
  if (Array.isArray(headers)) {
    for (let n = 0; n < headers.length; n += 2) res.removeHeader(headers[n]!);
    for (let n = 0; n < headers.length; n += 2) res.appendHeader(headers[n]!, headers[n + 1]!);
    return;
  }
  for (const k of Object.keys(headers)) {
    const v = headers[k];
    if (v !== undefined) res.setHeader(k, v);
  }
}

// The hook on a response's `writeHead`: one closure per response, holding the `writeHead` it replaced
// and (as its own property, so that a later decision replaces it) the decision. One property added to
// the response, not three: Express gives each response another prototype (`Object.setPrototypeOf`),
// after which V8 adds a property to it through its slow path, 2-5 µs each (a bare node response:
// ~20 ns). A property added to the new closure costs what it costs anywhere.
const DECISION = Symbol('corsair-cors.decision');
type WriteHead = (this: ServerResponse, status: number, message?: string) => ServerResponse;
interface Hook {
  (this: ServerResponse, status: number, first?: string | HeadHeaders, second?: HeadHeaders): ServerResponse;
  [DECISION]: Decision;
}

function hookOn(writeHead: WriteHead, d: Decision): Hook {
  const hook = function writeHeadWithCors(
    this: ServerResponse,
    status: number,
    first?: string | HeadHeaders,
    second?: HeadHeaders,
  ) {
    const message = typeof first === 'string' ? first : undefined;
    const headers = typeof first === 'string' ? second : first;
    if (headers !== undefined && headers !== null) applyHeadHeaders(this, headers);
    writeCorsHeaders(clearedSink(this), this, hook[DECISION]);
    return message === undefined ? writeHead.call(this, status) : writeHead.call(this, status, message);
  } as Hook;
  hook[DECISION] = d;
  return hook;
}

/**
 * Write `d` just before `res` sends its head, over whatever the handler did.
 *
 * @example
 * if (d.status === undefined) finishOnHead(res, d); // the application answers
 * else writeDecision(clearedSink(res), res, d);
 */
export function finishOnHead(res: ServerResponse, d: Decision): void {
  if (d.off === true) return;
  const current = res.writeHead as Partial<Hook>;
  if (current[DECISION] !== undefined) current[DECISION] = d;
  else res.writeHead = hookOn(res.writeHead as WriteHead, d) as ServerResponse['writeHead'];
}
