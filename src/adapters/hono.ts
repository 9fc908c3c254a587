// corsair-cors/hono: Hono middleware, web-standard only (no node:*), for every runtime Hono runs on.
import type { MiddlewareHandler } from 'hono';
import { buildPolicy } from '../policy/build.js';
import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import { answerOf, decideRequest, withCorsHeaders } from './web.js';

/**
 * Hono middleware. Accepts options (validated now) or a compiled policy. Use one, app-wide; give paths
 * their own policy with `routes` (decided by the request URL's path). After the handler (or `onError`)
 * the response gets the policy's headers, a merged `Vary` and no other `Access-Control-*` header. A
 * second corsair middleware with another policy on the same request throws `POLICY_MIDDLEWARE_STACKED`.
 *
 * @example
 * import { Hono } from 'hono';
 * import { cors } from 'corsair-cors/hono';
 * const app = new Hono();
 * app.use(cors({ origins: ['https://app.example.com'], routes: [{ path: '/public/*', origins: '*' }] }));
 */
export function cors(options: CorsOptions | CorsPolicy): MiddlewareHandler {
  const policy = buildPolicy(options);
  return async (c, next) => {
    let d = decideRequest(policy, c.req.raw);
    if (d === undefined) return next();
    if (d instanceof Promise) d = await d;
    const answer = answerOf(d);
    if (answer !== undefined) return answer;
    await next();
    const res = withCorsHeaders(c.res, d);
    if (res === c.res) return;
    // A copy (the handler's headers were immutable). Hono's setter would copy the old response's
    // headers over the new one, putting back its Vary and any Access-Control-* it had: clear it first.
    c.res = undefined as unknown as Response;
    c.res = res;
  };
}

export { CorsConfigError, CorsUsageError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
