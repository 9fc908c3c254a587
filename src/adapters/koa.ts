// corsair/koa: Koa middleware. Thin: read, decide, write.
import type { Middleware, ParameterizedContext } from 'koa';
import { createCors } from '../policy/create.js';
import type { CorsOptions, CorsPolicy, Decision } from '../policy/types.js';
import { mergeVary } from '../policy/vary.js';

// Writes straight to the node response (what ctx.set does after its own checks): the values are
// precomputed, valid header values.
function apply(ctx: ParameterizedContext, d: Decision): boolean {
  const res = ctx.res;
  const hs = d.headers;
  for (let i = 0; i < hs.length; i++) res.setHeader(hs[i]![0], hs[i]![1]);
  if (d.varyValue !== '') {
    const prev = res.getHeader('vary');
    res.setHeader('Vary', prev === undefined ? d.varyValue : mergeVary(prev, d.vary));
  }
  if (d.status === undefined) return false;
  ctx.status = d.status;
  if (d.body !== undefined) ctx.body = d.body;
  return true;
}

/**
 * Koa middleware. Accepts options (validated now) or a compiled policy; mount it per router for
 * per-route policies.
 *
 * @example
 * import Koa from 'koa';
 * import { cors } from 'corsair/koa';
 * const app = new Koa();
 * app.use(cors({ origins: ['https://app.example.com'], credentials: true }));
 */
export function cors(options: CorsOptions | CorsPolicy): Middleware {
  const policy = createCors(options);
  return (ctx, next) => {
    const h = ctx.req.headers;
    const d = policy.decideValues(
      ctx.method,
      h.origin,
      h['access-control-request-method'] as string | undefined,
      h['access-control-request-headers'] as string | undefined,
    );
    if (d instanceof Promise) return d.then((x) => (apply(ctx, x) ? undefined : next()));
    return apply(ctx, d) ? Promise.resolve() : next();
  };
}

export { createCors } from '../policy/create.js';
export { CorsConfigError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
