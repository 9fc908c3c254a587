// corsair-cors/fastify: a Fastify plugin. Route-level override or opt-out with `config: { cors: … }`.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { createCors, isCorsPolicy } from '../policy/create.js';
import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import { DEFAULT_PREFLIGHT_STATUS, type ResponseSink, writeDecision } from '../policy/write.js';

/**
 * Plugin options: the `createCors` options themselves, or `{ policy }` with a compiled policy.
 *
 * @example
 * const opts: FastifyCorsOptions = { origins: ['https://app.example.com'] };
 */
export type FastifyCorsOptions = CorsOptions | { readonly policy: CorsPolicy };

/**
 * What a route may put in `config.cors`: other options or a policy for this route, or `false` to opt out.
 *
 * @example
 * app.get('/public', { config: { cors: { origins: '*' } satisfies RouteCorsConfig } }, handler);
 */
export type RouteCorsConfig = CorsOptions | CorsPolicy | false;

declare module 'fastify' {
  interface FastifyContextConfig {
    cors?: RouteCorsConfig;
  }
}

const sink: ResponseSink<FastifyReply> = {
  set: (reply, name, value) => {
    reply.header(name, value);
  },
  vary: (reply) => reply.getHeader('vary') as string | string[] | number | undefined,
  end: (reply, status, body) => {
    reply.code(status).send(body);
  },
};

function plugin(fastify: FastifyInstance, opts: FastifyCorsOptions, done: (err?: Error) => void): void {
  let global: CorsPolicy;
  try {
    global = createCors('policy' in opts && isCorsPolicy(opts.policy) ? opts.policy : (opts as CorsOptions));
  } catch (e) {
    done(e as Error);
    return;
  }
  const preflightRoutes = new Set<string>();

  // Compile route-level policies once, at registration; give overridden routes their own OPTIONS
  // route so that their preflights are decided by the same policy.
  fastify.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    const c = route.config?.cors;
    if (c === undefined) return;
    const compiled: CorsPolicy | false = c === false ? false : createCors(c);
    route.config = { ...route.config, cors: compiled };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('OPTIONS') && !preflightRoutes.has(route.url)) {
      preflightRoutes.add(route.url);
      this.route({
        method: 'OPTIONS',
        url: route.url,
        config: { cors: compiled },
        handler: (_req, reply) => {
          reply.code(DEFAULT_PREFLIGHT_STATUS).send();
        },
      });
    }
  });

  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, next: (err?: Error) => void) => {
      const c = request.routeOptions.config?.cors;
      if (c === false) return next();
      const policy = c === undefined ? global : (c as CorsPolicy);
      const h = request.headers;
      const d = policy.decideValues(
        request.method,
        h.origin,
        h['access-control-request-method'] as string | undefined,
        h['access-control-request-headers'] as string | undefined,
      );
      if (d instanceof Promise) {
        d.then((x) => {
          if (!writeDecision(sink, reply, x)) next();
        }, next);
        return;
      }
      if (!writeDecision(sink, reply, d)) next();
    },
  );
  done();
}

// What fastify-plugin does: keep the hooks on the parent instance so they see every route.
const p = plugin as typeof plugin & { [k: symbol]: unknown };
p[Symbol.for('skip-override')] = true;
p[Symbol.for('fastify.display-name')] = 'corsair';

/**
 * The Fastify plugin. Register it once; then `config: { cors: false }` opts a route out and
 * `config: { cors: { …options } }` gives a route (and its preflights) its own policy.
 *
 * @example
 * import Fastify from 'fastify';
 * import corsair from 'corsair-cors/fastify';
 * const app = Fastify();
 * await app.register(corsair, { origins: ['https://app.example.com'] });
 * app.get('/health', { config: { cors: false } }, async () => 'ok');
 */
export const corsairFastify = plugin;
export default corsairFastify;
export { createCors } from '../policy/create.js';
export { CorsConfigError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
