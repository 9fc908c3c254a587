// corsair-cors/node: Connect/Express middleware and a helper for bare node:http. Thin: read, decide, write.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCors } from '../policy/create.js';
import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import { type ResponseSink, writeDecision } from '../policy/write.js';

const sink: ResponseSink<ServerResponse> = {
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
  vary: (res) => res.getHeader('vary'),
  end: (res, status, body) => {
    res.statusCode = status;
    if (body === undefined) res.setHeader('Content-Length', '0');
    res.end(body);
  },
};

/**
 * Apply a policy to a bare node:http exchange: sets the CORS headers and `Vary`, and answers preflights.
 * Returns whether it answered (then do nothing more); a Promise only when an origin predicate is async.
 *
 * @example
 * const policy = createCors({ origins: ['https://app.example.com'] });
 * http.createServer((req, res) => {
 *   if (handleCors(policy, req, res) === true) return;
 *   res.end('hello');
 * });
 */
export function handleCors(
  policy: CorsPolicy,
  req: IncomingMessage,
  res: ServerResponse,
): boolean | Promise<boolean> {
  const h = req.headers;
  const d = policy.decideValues(
    req.method ?? 'GET',
    h.origin,
    h['access-control-request-method'] as string | undefined,
    h['access-control-request-headers'] as string | undefined,
  );
  if (d instanceof Promise) return d.then((x) => writeDecision(sink, res, x));
  return writeDecision(sink, res, d);
}

/**
 * Connect/Express middleware signature.
 *
 * @example
 * const mw: NodeMiddleware = cors({ origins: ['https://app.example.com'] });
 */
export type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/**
 * Connect/Express middleware. Accepts options (validated now, throwing one `CorsConfigError`) or a
 * compiled policy. Use it app-wide or per route (`app.options('/x', mw)` plus `app.get('/x', mw, h)`).
 *
 * @example
 * import express from 'express';
 * import { cors } from 'corsair-cors/node';
 * const app = express();
 * app.use(cors({ origins: ['https://app.example.com'], credentials: true }));
 */
export function cors(options: CorsOptions | CorsPolicy): NodeMiddleware {
  const policy = createCors(options);
  return (req, res, next) => {
    const r = handleCors(policy, req, res);
    if (r === false) next();
    else if (r !== true) r.then((answered) => (answered ? undefined : next()), next);
  };
}

export { createCors } from '../policy/create.js';
export { CorsConfigError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy, Decision } from '../policy/types.js';
