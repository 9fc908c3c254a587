// A policy with routes: one compiled policy per route (or none, for `cors: false`), the defaults, and
// the route table that picks one by path. After the path lookup a request costs what it costs under a
// single policy, however many routes there are.
import { compilePolicy, readHeader } from '../compile.js';
import { CorsUsageError } from '../errors.js';
import type { CorsPolicy, CorsRequest, Decision, NormalizedRoute } from '../types.js';
import type { AnalyzedPolicy } from '../validate.js';
import { MAX_READ_SEGMENTS } from './path.js';
import { compileRouteTable } from './table.js';

const NO_HEADERS = Object.freeze([]) as [];
const NO_VARY: readonly string[] = Object.freeze([]);

// Where CORS is off, corsair neither adds nor removes anything, with or without Origin.
const OFF_NOT_CORS: Decision = Object.freeze({
  kind: 'not-cors',
  allowed: true,
  headers: NO_HEADERS,
  vary: NO_VARY,
  varyValue: '',
  off: true,
});

// A path servers may read as different routes gets no CORS headers at all (the application's own are
// removed too), the same with or without Origin, so it needs no Vary.
const UNREAD_NOT_CORS: Decision = Object.freeze({
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
    "Read policy.defaults (paths no route matches) and policy.routes (each route's pattern and options).",
  );
}

/** Why no policy decides a request to a path. `off`: CORS is off there; otherwise the path is unreadable. */
interface NoPolicy {
  readonly why: string;
  readonly off: boolean;
}

/** The answer where no policy applies: no CORS headers; a preflight goes on to the application. */
function compileNoPolicy(debug: ((reason: string) => void) | undefined) {
  return (
    method: string,
    origin: string | null | undefined,
    acrm: string | null | undefined,
    { why, off }: NoPolicy,
  ): Decision => {
    if (origin === undefined || origin === null) return off ? OFF_NOT_CORS : UNREAD_NOT_CORS;
    const kind = method === 'OPTIONS' && acrm !== undefined && acrm !== null ? 'preflight' : 'actual';
    if (debug) debug(why);
    const d = {
      kind,
      allowed: false,
      headers: NO_HEADERS,
      vary: NO_VARY,
      varyValue: '',
      reason: why,
    } as const;
    return off ? { ...d, off: true } : d;
  };
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
  const none = compileNoPolicy(analyzed.debugSink);
  const offRoutes = routes.map((r): NoPolicy => ({ why: `CORS is off for '${r.pattern.path}'`, off: true }));
  const pick = (target: string | undefined): CorsPolicy | NoPolicy => {
    if (target === undefined) throw needPath();
    const i = lookup(target);
    if (typeof i === 'string') {
      const shown = target.slice(0, 200);
      const why =
        i === 'ambiguous'
          ? `the path of '${shown}' reads as different routes depending on how a server decodes and normalizes it, so it gets no CORS headers`
          : `the path of '${shown}' has more than ${MAX_READ_SEGMENTS} segments as a server may decode and normalize it, more than corsair reads, so it gets no CORS headers`;
      return { why, off: false };
    }
    if (i !== -1) return compiled[i] ?? offRoutes[i]!;
    return (
      fallback ?? { why: `no route matches '${target.slice(0, 200)}' and there are no defaults`, off: true }
    );
  };
  const decideValues: CorsPolicy['decideValues'] = (method, origin, acrm, acrh, target) => {
    const p = pick(target);
    return isPolicy(p) ? p.decideValues(method, origin, acrm, acrh) : none(method, origin, acrm, p);
  };
  const normalizedRoutes: NormalizedRoute[] = routes.map((r, i) =>
    Object.freeze({ pattern: r.pattern, options: compiled[i]?.defaults ?? null }),
  );
  return Object.freeze({
    get options(): never {
      throw hasRoutes();
    },
    defaults: fallback?.defaults ?? null,
    routes: Object.freeze(normalizedRoutes),
    isAsync: (fallback?.isAsync ?? false) || compiled.some((p) => p?.isAsync === true),
    decideValues,
    decide(request: CorsRequest) {
      const p = pick(request.url);
      if (isPolicy(p)) return p.decide(request);
      const h = request.headers;
      return none(request.method, readHeader(h, 'origin'), readHeader(h, 'access-control-request-method'), p);
    },
    allowsOrigin(origin: string, target?: string) {
      const p = pick(target);
      return isPolicy(p) ? p.allowsOrigin(origin) : false;
    },
  }) satisfies CorsPolicy;
}

function isPolicy(p: CorsPolicy | NoPolicy): p is CorsPolicy {
  return 'decideValues' in p;
}
