// One policy per request. Two corsair middlewares on one request (a `cors({ origins: '*' })` on
// /public under an app-wide credentialed one) would each write their headers, and the response could
// carry one's `Access-Control-Allow-Origin: *` with the other's `Access-Control-Allow-Credentials: true`.
// The first policy to decide a request marks it; another policy finding the mark refuses loudly. The
// mark is a registered symbol, so two copies of corsair loaded side by side (ESM and CommonJS) still
// see each other's.
import { CorsUsageError } from './errors.js';
import type { CorsPolicy } from './types.js';

const DECIDED_BY = Symbol.for('corsair-cors.decided-by');

type Marked = { [DECIDED_BY]?: CorsPolicy };

/**
 * Mark `request` (the framework's request object) as decided by `policy`. Returns `true` the first
 * time, `false` when the same policy already decided it (the same middleware mounted twice: nothing
 * more to do), and throws `POLICY_MIDDLEWARE_STACKED` when another policy did.
 *
 * @example
 * if (!claimRequest(req, policy)) return next(); // already decided by this very policy
 */
export function claimRequest(request: object, policy: CorsPolicy): boolean {
  const marked = request as Marked;
  const previous = marked[DECIDED_BY];
  if (previous === undefined) {
    marked[DECIDED_BY] = policy;
    return true;
  }
  if (previous === policy) return false;
  throw new CorsUsageError(
    'POLICY_MIDDLEWARE_STACKED',
    'Two corsair middlewares with different policies decided the same request; their CORS headers would mix (e.g. Access-Control-Allow-Origin: * from one with Access-Control-Allow-Credentials: true from the other).',
    "Use one middleware for the whole app and give paths their own policy with routes: cors({ origins: [...], credentials: true, routes: [{ path: '/public/*', origins: '*' }] }).",
  );
}
