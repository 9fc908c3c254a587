// What `verify` probes for a policy with routes: one path per route, and one that no route matches,
// each checked against the policy of that path. A path is built from the pattern (`:name` segments
// filled in, a `/*` prefix as such or with one more segment) and kept only when the policy's own route
// table sends it to that route, so an earlier, wider route can never steal a route's probe.
import { compileRouteTable } from '../policy/routes/table.js';
import type { CorsPolicy, NormalizedCorsOptions, RoutePattern } from '../policy/types.js';

/**
 * One path `verify` probes and the options that decide it (`null`: CORS is off there, or no route
 * matches and there are no defaults).
 *
 * @example
 * const t: RouteTarget = { route: '/public/*', url: 'https://api.example.com/public', options: null };
 */
export interface RouteTarget {
  /** The route's pattern, or `(no route)` for the path no route matches. */
  readonly route: string;
  readonly url: string;
  readonly options: NormalizedCorsOptions | null;
}

const FILLERS = ['1', 'corsair-verify'];
const UNROUTED = ['/corsair-verify-no-route', '/corsair-verify/no-route/x'];

/** Candidate paths for a pattern, most natural first. */
function candidates(p: RoutePattern): string[] {
  return FILLERS.flatMap((fill) => {
    const base = p.segments.map((s) => ('literal' in s ? s.literal : fill)).join('/');
    const path = `/${base}`;
    return p.rest ? [path, `${path === '/' ? '' : path}/${fill}`] : [path];
  });
}

/**
 * The paths to probe for `policy` on the deployment at `url` (its origin; routes are absolute paths).
 * Routes no probe path can reach alone are left out.
 *
 * @example
 * routeTargets(createCors({ routes: [{ path: '/public/*', origins: '*' }] }), 'https://api.example.com').map((t) => t.url);
 * // ['https://api.example.com/public', 'https://api.example.com/corsair-verify-no-route']
 */
export function routeTargets(policy: CorsPolicy, url: string): RouteTarget[] {
  const lookup = compileRouteTable(policy.routes.map((r) => r.pattern));
  const out: RouteTarget[] = [];
  policy.routes.forEach((r, i) => {
    const path = candidates(r.pattern).find((c) => lookup(c) === i);
    if (path !== undefined)
      out.push({ route: r.pattern.path, url: new URL(path, url).href, options: r.options });
  });
  const unrouted = UNROUTED.find((c) => lookup(c) === -1);
  if (unrouted !== undefined)
    out.push({ route: '(no route)', url: new URL(unrouted, url).href, options: policy.defaults });
  return out;
}
