// corsair/fetch: wrap any `(Request) => Response` handler (Workers, Deno, Bun, Next.js route handlers).
import { createCorsLite } from '../policy/create-lite.js';
import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import { applyToHeaders, decideRequest, preflightResponse } from './web.js';

/**
 * A fetch-style handler; extra arguments (env, ctx, params…) are passed through.
 *
 * @example
 * const handler: FetchHandler<[Env]> = (request, env) => new Response('ok');
 */
export type FetchHandler<A extends unknown[] = unknown[]> = (
  request: Request,
  ...rest: A
) => Response | Promise<Response>;

/**
 * Wrap a fetch handler with a CORS policy: preflights are answered, other responses get the CORS
 * headers and a merged `Vary`. Wrap handlers one by one for per-route policies.
 *
 * @example
 * import { withCors } from 'corsair/fetch';
 * export default {
 *   fetch: withCors((req) => Response.json({ ok: true }), { origins: ['https://app.example.com'] }),
 * };
 */
export function withCors<A extends unknown[]>(
  handler: FetchHandler<A>,
  options: CorsOptions | CorsPolicy,
): FetchHandler<A> {
  const policy = createCorsLite(options);
  return async (request, ...rest) => {
    let d = decideRequest(policy, request.method, request.headers);
    if (d instanceof Promise) d = await d;
    if (d.status !== undefined) return preflightResponse(d);
    const res = await handler(request, ...rest);
    if (d.headers.length === 0 && d.varyValue === '') return res;
    try {
      applyToHeaders(res.headers, d);
      return res;
    } catch {
      // Immutable headers (a Response from fetch() or Response.redirect()): copy, then set.
      const copy = new Response(res.body, res);
      applyToHeaders(copy.headers, d);
      return copy;
    }
  };
}

export { CorsConfigError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
