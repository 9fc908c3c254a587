// corsair-cors/node: Connect/Express middleware and a helper for bare node:http. Thin: read, decide, write.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCors } from '../policy/create.js';
import type { CorsOptions, CorsPolicy, Decision } from '../policy/types.js';
import { answerOnNode, type ClaimPlace, claimNode, finishOnHead, markExchange } from './node-response.js';

function apply(
  policy: CorsPolicy,
  req: IncomingMessage,
  res: ServerResponse,
  d: Decision,
  place: ClaimPlace,
): boolean {
  if (d.status === undefined) {
    finishOnHead(req, res, d, policy, place);
    return false;
  }
  markExchange(req, res, policy, place);
  return answerOnNode(res, d);
}

/**
 * Apply a policy to a bare node:http exchange: answers preflights, and sets the CORS headers and `Vary`
 * of every other response just before its head is sent (over whatever the handler set). Returns whether it
 * answered (then do nothing more); a Promise only when an origin predicate is async. The path a policy
 * with routes decides by is Express's `req.originalUrl` (the full path, also inside a mounted router),
 * else `req.url`. Throws `POLICY_MIDDLEWARE_STACKED` when another corsair policy already decided `req`.
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
  const place = claimNode(req, res, policy);
  if (place === 0) return false;
  const h = req.headers;
  const d = policy.decideValues(
    req.method ?? 'GET',
    h.origin,
    h['access-control-request-method'] as string | undefined,
    h['access-control-request-headers'] as string | undefined,
    (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/',
  );
  if (d instanceof Promise) {
    // Claimed at once, as a synchronous decision is: nothing else may decide `req` meanwhile.
    markExchange(req, res, policy, place);
    return d.then((x) => apply(policy, req, res, x, place));
  }
  return apply(policy, req, res, d, place);
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
 * compiled policy. Use one, app-wide; give paths their own policy with `routes`. A second corsair
 * middleware with another policy on the same request is refused (`POLICY_MIDDLEWARE_STACKED`, passed to
 * `next`).
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
    let r: boolean | Promise<boolean>;
    try {
      r = handleCors(policy, req, res);
    } catch (e) {
      next(e);
      return;
    }
    if (r === false) next();
    else if (r !== true) r.then((answered) => (answered ? undefined : next()), next);
  };
}

export { createCors } from '../policy/create.js';
export { CorsConfigError, CorsUsageError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy, Decision } from '../policy/types.js';
