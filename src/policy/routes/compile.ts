// A policy with routes: one compiled policy per route (or none, for `cors: false`), the defaults, and
// the route table that picks one by path. After the path lookup a request costs what it costs under a
// single policy, however many routes there are.
import { compilePolicy, readHeader } from '../compile.js';
import { CorsUsageError } from '../errors.js';
import type { CorsPolicy, CorsRequest, Decision, NormalizedRoute } from '../types.js';
import type { AnalyzedPolicy } from '../validate.js';
import { compileRouteTable } from './table.js';

const NO_HEADERS = Object.freeze([]) as [];
const NO_VARY: readonly string[] = Object.freeze([]);

// A path without CORS answers the same with or without Origin, so its responses need no Vary.
const NOT_CORS: Decision = Object.freeze({
  kind: 'not-cors',
  allowed: true,
  headers: NO_HEADERS,
  vary: NO_VARY,
  varyValue: '',
});

function needPath(): CorsUsageError {
  return new CorsUsageError(
    'POLICY_ROUTES_NEED_PATH',
    'This policy has routes, so deciding a request needs its path, and none was given.',
    'Pass the request target (req.url) as the fifth argument of decideValues, or url in decide(); the corsair-cors adapters do.',
  );
}

function hasRoutes(): CorsUsageError {
  return new CorsUsageError(
    'POLICY_HAS_ROUTES',
    'This policy has routes, so it has no single set of options.',
    "Read policy.defaults (the options of paths no route matches) and policy.routes (each route's pattern and options).",
  );
}

/** Who answers where no policy applies: no CORS headers; a preflight goes on to the application. */
function compileOff(debug: ((reason: string) => void) | undefined) {
  return (
    method: string,
    origin: string | null | undefined,
    acrm: string | null | undefined,
    why: string,
  ): Decision => {
    if (origin === undefined || origin === null) return NOT_CORS;
    const kind = method === 'OPTIONS' && acrm !== undefined && acrm !== null ? 'preflight' : 'actual';
    if (debug) debug(why);
    return { kind, allowed: false, headers: NO_HEADERS, vary: NO_VARY, varyValue: '', reason: why };
  };
}

function readTarget(request: CorsRequest): string | undefined {
  return request.url;
}

/**
 * Compile an analyzed policy: a plain policy without routes, else the routed one.
 *
 * @example
 * const { policy } = analyzeCorsOptions({ origins: '*', routes: [{ path: '/webhooks/*', cors: false }] });
 * compileCorsPolicy(policy!).decideValues('GET', 'https://a.example', null, null, '/webhooks/x'); // no CORS headers
 */
export function compileCorsPolicy(analyzed: AnalyzedPolicy): CorsPolicy {
  const { defaults, routes } = analyzed;
  if (routes.length === 0 && defaults !== null) return compilePolicy(defaults);
  const fallback = defaults === null ? null : compilePolicy(defaults);
  const compiled = routes.map((r) => (r.options === null ? null : compilePolicy(r.options)));
  const lookup = compileRouteTable(routes.map((r) => r.pattern));
  const off = compileOff(analyzed.debugSink);
  const pick = (target: string | undefined): CorsPolicy | string => {
    if (target === undefined) throw needPath();
    const i = lookup(target);
    if (i === 'ambiguous') {
      return `the path of '${target.slice(0, 200)}' reads as different routes depending on how a server decodes and normalizes it, so it gets no CORS headers`;
    }
    const p = i === -1 ? fallback : compiled[i]!;
    if (p !== null) return p;
    return i === -1
      ? `no route matches '${target.slice(0, 200)}' and there are no defaults`
      : `CORS is off for '${routes[i]!.pattern.path}'`;
  };
  const decideValues: CorsPolicy['decideValues'] = (method, origin, acrm, acrh, target) => {
    const p = pick(target);
    return typeof p === 'string' ? off(method, origin, acrm, p) : p.decideValues(method, origin, acrm, acrh);
  };
  const normalizedRoutes: NormalizedRoute[] = routes.map((r, i) =>
    Object.freeze({ pattern: r.pattern, options: compiled[i]?.defaults ?? null }),
  );
  return Object.freeze({
    get options(): never {
      throw hasRoutes();
    },
    defaults: fallback?.options ?? null,
    routes: Object.freeze(normalizedRoutes),
    isAsync: (fallback?.isAsync ?? false) || compiled.some((p) => p?.isAsync === true),
    decideValues,
    decide(request: CorsRequest) {
      const p = pick(readTarget(request));
      if (typeof p === 'string') {
        // Only the Origin and the method decide an answer without CORS.
        const h = request.headers;
        return off(
          request.method,
          readHeader(h, 'origin'),
          readHeader(h, 'access-control-request-method'),
          p,
        );
      }
      return p.decide(request);
    },
    allowsOrigin(origin: string, target?: string) {
      const p = pick(target);
      return typeof p === 'string' ? false : p.allowsOrigin(origin);
    },
  }) satisfies CorsPolicy;
}
