// corsair-cors/fetch: wrap any `(Request) => Response` handler (Workers, Deno, Bun, Next.js route handlers).
import { buildPolicy } from '../policy/build.js';
import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import { answerOf, decideRequest, withCorsHeaders } from './web.js';

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
 * headers and a merged `Vary`, and lose any `Access-Control-*` header of their own (the policy alone
 * decides them). For per-path policies give the policy `routes` (decided by the request URL's path).
 * Wrapping a handler already wrapped with another policy throws `POLICY_MIDDLEWARE_STACKED`.
 *
 * @example
 * import { withCors } from 'corsair-cors/fetch';
 * export default {
 *   fetch: withCors((req) => Response.json({ ok: true }), { origins: ['https://app.example.com'] }),
 * };
 */
export function withCors<A extends unknown[]>(
  handler: FetchHandler<A>,
  options: CorsOptions | CorsPolicy,
): FetchHandler<A> {
  const policy = buildPolicy(options);
  return async (request, ...rest) => {
    let d = decideRequest(policy, request);
    if (d === undefined) return handler(request, ...rest);
    if (d instanceof Promise) d = await d;
    const answer = answerOf(d);
    if (answer !== undefined) return answer;
    // Awaiting a handler's Response that is not a Promise costs a microtask (~100–200 ns on Bun, Deno).
    const res = handler(request, ...rest);
    return withCorsHeaders(res instanceof Response ? res : await res, d);
  };
}

export { CorsConfigError, CorsUsageError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
