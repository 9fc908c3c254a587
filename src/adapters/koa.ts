// corsair-cors/koa: Koa middleware. Thin: read, decide, write.
import type { Middleware, ParameterizedContext } from 'koa';
import { createCors } from '../policy/create.js';
import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import { type ResponseSink, writeDecision } from '../policy/write.js';

// Headers go straight to the node response (what ctx.set does after its own checks): the values are
// precomputed, valid header values. Koa sends the answer once the middleware returns.
const sink: ResponseSink<ParameterizedContext> = {
  set: (ctx, name, value) => {
    ctx.res.setHeader(name, value);
  },
  vary: (ctx) => ctx.res.getHeader('vary'),
  end: (ctx, status, body) => {
    ctx.status = status;
    if (body !== undefined) ctx.body = body;
  },
};

/**
 * Koa middleware. Accepts options (validated now) or a compiled policy; mount it per router for
 * per-route policies.
 *
 * @example
 * import Koa from 'koa';
 * import { cors } from 'corsair-cors/koa';
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
    if (d instanceof Promise) return d.then((x) => (writeDecision(sink, ctx, x) ? undefined : next()));
    return writeDecision(sink, ctx, d) ? Promise.resolve() : next();
  };
}

export { createCors } from '../policy/create.js';
export { CorsConfigError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
