// One policy per request. Two corsair middlewares on one request (a `cors({ origins: '*' })` on
// /public under an app-wide credentialed one) would each write their headers, and the response could
// carry one's `Access-Control-Allow-Origin: *` with the other's `Access-Control-Allow-Credentials: true`.
// The first policy to decide a request marks it; another policy finding the mark refuses loudly. The
// mark is a registered symbol, so two copies of corsair loaded side by side (ESM and CommonJS) still
// see each other's. It is held by the request object, or (node responses) by the `writeHead` hook the
// decision is written from, or (Express's responses) in that hook's map: adding a property to an
// Express request costs microseconds (issue 16). src/adapters/node-response.ts looks in all three.
import { CorsUsageError } from './errors.js';
import type { CorsPolicy } from './types.js';

const DECIDED_BY = Symbol.for('corsair-cors.decided-by');

type Marked = { [DECIDED_BY]?: CorsPolicy };

/**
 * The policy that marked `holder` (a request object, or a `writeHead` hook), if any.
 *
 * @example
 * const previous = claimedBy(res.writeHead) ?? claimedBy(req);
 */
export function claimedBy(holder: object): CorsPolicy | undefined {
  return (holder as Marked)[DECIDED_BY];
}

/**
 * Mark `holder` as decided by `policy`, without looking first (see `takeClaim`).
 *
 * @example
 * markDecided(hook, policy);
 */
export function markDecided(holder: object, policy: CorsPolicy): void {
  (holder as Marked)[DECIDED_BY] = policy;
}

/**
 * Whether `policy` may decide a request `previous` (the policy that marked it, if any) decided:
 * `true` when none did, `false` when the same policy did (the same middleware mounted twice: nothing
 * more to do), and throws `POLICY_MIDDLEWARE_STACKED` when another policy did.
 *
 * @example
 * if (!takeClaim(claimedBy(res.writeHead) ?? claimedBy(req), policy)) return next();
 */
export function takeClaim(previous: CorsPolicy | undefined, policy: CorsPolicy): boolean {
  if (previous === undefined) return true;
  if (previous === policy) return false;
  throw new CorsUsageError(
    'POLICY_MIDDLEWARE_STACKED',
    'Two corsair middlewares with different policies decided the same request; their CORS headers would mix (e.g. Access-Control-Allow-Origin: * from one with Access-Control-Allow-Credentials: true from the other).',
    "Use one middleware for the whole app and give paths their own policy with routes: cors({ origins: [...], credentials: true, routes: [{ path: '/public/*', origins: '*' }] }).",
  );
}

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
  if (!takeClaim(marked[DECIDED_BY], policy)) return false;
  marked[DECIDED_BY] = policy;
  return true;
}
