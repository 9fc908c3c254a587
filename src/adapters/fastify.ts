// corsair-cors/fastify: a Fastify plugin. Route-level override or opt-out with `config: { cors: … }`.
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteOptions } from 'fastify';
import { createCors, isCorsPolicy } from '../policy/create.js';
import type { CorsOptions, CorsPolicy, Decision } from '../policy/types.js';
import { DEFAULT_PREFLIGHT_STATUS, writeCorsHeaders, writeDecision } from '../policy/write.js';
import { clearReply, replySink } from './fastify-reply.js';
import { claimNode, markExchange } from './node-response.js';

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

// The decision of a request the application answers, written in onSend over whatever the handler (or the
// error handler) set.
const DECISION = Symbol('corsair-cors.decision');
type WithDecision = FastifyRequest & { [DECISION]?: Decision };

/** Whose policy serves each method of a URL: a route's own, `false` (opted out), or the plugin's. */
type MethodPolicies = Map<string, CorsPolicy | false | 'plugin'>;

function methodsOf(route: RouteOptions): string[] {
  return (Array.isArray(route.method) ? route.method : [route.method]) as HTTPMethods[];
}

/**
 * The policy deciding a request: the route's own, or the plugin's. A preflight to the OPTIONS route the
 * plugin added for a URL is judged by the policy of the route that serves the method it announces.
 */
function policyFor(
  request: FastifyRequest,
  plugin: CorsPolicy,
  preflightRoutes: ReadonlyMap<string, MethodPolicies>,
  overrides: boolean,
): CorsPolicy | false {
  // `routeOptions` builds a new object on every read: none is needed when no route has its own policy.
  if (!overrides) return plugin;
  const methods =
    request.method === 'OPTIONS' ? preflightRoutes.get(request.routeOptions.url ?? '') : undefined;
  if (methods !== undefined) {
    const acrm = request.headers['access-control-request-method'];
    const served =
      typeof acrm === 'string'
        ? (methods.get(acrm) ?? (acrm === 'HEAD' ? methods.get('GET') : undefined))
        : undefined;
    return served === undefined || served === 'plugin' ? plugin : served;
  }
  const c = request.routeOptions.config?.cors;
  return c === undefined ? plugin : (c as CorsPolicy | false);
}

/** Write an answered preflight now; keep any other decision for onSend. */
function decided(
  request: FastifyRequest,
  reply: FastifyReply,
  d: Decision,
  next: (err?: Error) => void,
): void {
  if (d.status !== undefined) {
    clearReply(reply, d);
    if (writeDecision(replySink, reply, d)) return;
  }
  (request as WithDecision)[DECISION] = d;
  next();
}

function plugin(fastify: FastifyInstance, opts: FastifyCorsOptions, done: (err?: Error) => void): void {
  let global: CorsPolicy;
  try {
    global = createCors('policy' in opts && isCorsPolicy(opts.policy) ? opts.policy : (opts as CorsOptions));
  } catch (e) {
    done(e as Error);
    return;
  }
  // URL → method → policy, for every route (with or without its own policy), read at request time so
  // that routes registered later on the same URL count.
  const byUrl = new Map<string, MethodPolicies>();
  const preflightRoutes = new Map<string, MethodPolicies>();
  let overrides = false;

  // Compile route-level policies once, at registration; give a URL with an overridden route its own
  // OPTIONS route, whose preflights are decided method by method.
  fastify.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    if (preflightRoutes.has(route.url) && methodsOf(route).includes('OPTIONS')) return;
    const c = route.config?.cors;
    if (c !== undefined) overrides = true;
    const compiled: CorsPolicy | false | undefined = c === undefined || c === false ? c : createCors(c);
    if (compiled !== undefined) route.config = { ...route.config, cors: compiled };
    let methods = byUrl.get(route.url);
    if (methods === undefined) {
      methods = new Map();
      byUrl.set(route.url, methods);
    }
    for (const m of methodsOf(route)) if (!methods.has(m)) methods.set(m, compiled ?? 'plugin');
    if (compiled === undefined || methods.has('OPTIONS') || preflightRoutes.has(route.url)) return;
    preflightRoutes.set(route.url, methods);
    this.route({
      method: 'OPTIONS',
      url: route.url,
      handler: (_req, reply) => {
        reply.code(DEFAULT_PREFLIGHT_STATUS).send();
      },
    });
  });

  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, next: (err?: Error) => void) => {
      const policy = policyFor(request, global, preflightRoutes, overrides);
      if (policy === false) return next();
      try {
        // Fastify hooks no writeHead: the claim goes where Express middleware under @fastify/middie
        // looks (the node request, or the shared map for a response with a framework prototype).
        const place = claimNode(request.raw, reply.raw, policy);
        if (place === 0) return next();
        markExchange(request.raw, reply.raw, policy, place);
      } catch (e) {
        return next(e as Error);
      }
      const h = request.headers;
      const d = policy.decideValues(
        request.method,
        h.origin,
        h['access-control-request-method'] as string | undefined,
        h['access-control-request-headers'] as string | undefined,
        request.url,
      );
      if (d instanceof Promise) d.then((x) => decided(request, reply, x, next), next);
      else decided(request, reply, d, next);
    },
  );

  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, next) => {
    const d = (request as WithDecision)[DECISION];
    if (d !== undefined) {
      clearReply(reply, d);
      writeCorsHeaders(replySink, reply, d);
    }
    next(null, payload);
  });
  done();
}

// What fastify-plugin does: keep the hooks on the parent instance so they see every route.
const p = plugin as typeof plugin & { [k: symbol]: unknown };
p[Symbol.for('skip-override')] = true;
p[Symbol.for('fastify.display-name')] = 'corsair';

/**
 * The Fastify plugin. Register it once; then `config: { cors: false }` opts a route out and
 * `config: { cors: { …options } }` gives a route its own policy. A URL with such a route gets an
 * OPTIONS route whose preflights are judged by the policy of the route serving the announced method.
 * For a whole deployment, prefer one policy with `routes`. Headers are written in `onSend`, over
 * whatever the handler or the error handler set.
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
export { CorsConfigError, CorsUsageError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
