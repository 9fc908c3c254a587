// How a node:http response takes a decision, shared by the node (Connect/Express) and Koa adapters.
// The headers are written when the decision is made, and once more just before the response head goes
// out: a handler that sets its own `Vary` must not drop `Vary: Origin`, its own `Access-Control-*`
// headers must not survive beside the policy's, and an error response (Koa clears every header before
// writing one) must keep them. `writeHead` is where every way of sending a node response passes
// (`end()`, `write()` and `flushHeaders()` call it), as the `on-headers` package relies on.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Decision } from '../policy/types.js';
import { type ResponseSink, writeCorsHeaders } from '../policy/write.js';

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

type HeadArgs = [] | [string | OutgoingHttpHeaders | string[] | undefined, (OutgoingHttpHeaders | string[])?];

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

/**
 * Write `d` again just before `res` sends its head, after whatever the handler did.
 *
 * @example
 * if (!writeDecision(nodeSink, res, d)) finishOnHead(res, d);
 */
export function finishOnHead(res: ServerResponse, d: Decision): void {
  if (d.off === true) return;
  const writeHead = res.writeHead as (
    this: ServerResponse,
    status: number,
    message?: string,
  ) => ServerResponse;
  res.writeHead = function (this: ServerResponse, status: number, ...args: HeadArgs) {
    const [first, second] = args;
    const message = typeof first === 'string' ? first : undefined;
    const headers = typeof first === 'string' ? second : first;
    if (headers !== undefined && headers !== null) applyHeadHeaders(this, headers);
    writeCorsHeaders(nodeSink, this, d);
    return message === undefined ? writeHead.call(this, status) : writeHead.call(this, status, message);
  } as ServerResponse['writeHead'];
}
