// corsair-cors/koa: Koa middleware. Thin: read, decide, write.
import type { Middleware, ParameterizedContext } from 'koa';
import { createCors } from '../policy/create.js';
import type { CorsOptions, CorsPolicy, Decision } from '../policy/types.js';
import { type ResponseSink, writeDecision } from '../policy/write.js';
import { type ClaimPlace, claimNode, finishOnHead, markExchange } from './node-response.js';

// Headers go straight to the node response (what ctx.set does after its own checks): the values are
// precomputed, valid header values. Koa sends the answer once the middleware returns.
const sink: ResponseSink<ParameterizedContext> = {
  set: (ctx, name, value) => {
    ctx.res.setHeader(name, value);
  },
  remove: (ctx, name) => {
    ctx.res.removeHeader(name);
  },
  vary: (ctx) => ctx.res.getHeader('vary'),
  end: (ctx, status, body) => {
    ctx.status = status;
    if (body !== undefined) ctx.body = body;
  },
};

/**
 * Koa middleware. Accepts options (validated now) or a compiled policy. Use one, app-wide; give paths
 * their own policy with `routes` (decided by `ctx.originalUrl`, the full path also under koa-mount). The
 * headers are written just before the response goes out, so a handler's own `Vary` is merged and error
 * responses (which Koa builds after clearing every header) keep them. A second corsair
 * middleware with another policy on the same request throws `POLICY_MIDDLEWARE_STACKED`.
 *
 * @example
 * import Koa from 'koa';
 * import { cors } from 'corsair-cors/koa';
 * const app = new Koa();
 * app.use(cors({ origins: ['https://app.example.com'], credentials: true }));
 */
export function cors(options: CorsOptions | CorsPolicy): Middleware {
  const policy = createCors(options);
  const apply = (ctx: ParameterizedContext, d: Decision, next: () => Promise<unknown>, place: ClaimPlace) => {
    if (d.status === undefined) {
      finishOnHead(ctx.req, ctx.res, d, policy, place);
      return next();
    }
    markExchange(ctx.req, ctx.res, policy, place);
    return writeDecision(sink, ctx, d) ? undefined : next();
  };
  return (ctx, next) => {
    const place = claimNode(ctx.req, ctx.res, policy);
    if (place === 0) return next();
    const h = ctx.req.headers;
    const d = policy.decideValues(
      ctx.method,
      h.origin,
      h['access-control-request-method'] as string | undefined,
      h['access-control-request-headers'] as string | undefined,
      ctx.originalUrl,
    );
    if (d instanceof Promise) {
      markExchange(ctx.req, ctx.res, policy, place); // claimed at once, as a synchronous decision is
      return d.then((x) => apply(ctx, x, next, place));
    }
    return apply(ctx, d, next, place) ?? Promise.resolve();
  };
}

export { createCors } from '../policy/create.js';
export { CorsConfigError, CorsUsageError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
