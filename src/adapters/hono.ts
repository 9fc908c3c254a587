// corsair/hono: Hono middleware, web-standard only (no node:*), for every runtime Hono runs on.
import type { MiddlewareHandler } from 'hono';
import { createCorsLite } from '../policy/create-lite.js';
import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import { applyToHeaders, decideRequest, preflightResponse } from './web.js';

/**
 * Hono middleware. Accepts options (validated now) or a compiled policy; `app.use('/path/*', cors(…))`
 * gives a route its own policy.
 *
 * @example
 * import { Hono } from 'hono';
 * import { cors } from 'corsair/hono';
 * const app = new Hono();
 * app.use('/api/*', cors({ origins: ['https://app.example.com'] }));
 */
export function cors(options: CorsOptions | CorsPolicy): MiddlewareHandler {
  const policy = createCorsLite(options);
  return async (c, next) => {
    let d = decideRequest(policy, c.req.method, c.req.raw.headers);
    if (d instanceof Promise) d = await d;
    if (d.status !== undefined) return preflightResponse(d);
    await next();
    if (d.headers.length === 0 && d.varyValue === '') return;
    try {
      applyToHeaders(c.res.headers, d);
    } catch {
      const copy = new Response(c.res.body, c.res);
      applyToHeaders(copy.headers, d);
      c.res = copy;
    }
  };
}

export { CorsConfigError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
