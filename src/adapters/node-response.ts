// How a node:http response takes a decision, shared by the node (Connect/Express), Koa and Hono (on
// @hono/node-server) adapters. An answered preflight is written at once. Every other response gets its
// headers once, just before its head goes out, over whatever the handler did: a handler that sets its
// own `Vary` must not drop `Vary: Origin`, its own `Access-Control-*` headers must not survive beside
// the policy's, and an error response (Koa and Express's final handler clear every header before
// writing one) must keep them; writing them when the decision is made as well would cost every request
// twice. `writeHead` is where every way of sending a node response passes (`end()`, `write()` and
// `flushHeaders()` call it), as the `on-headers` package relies on; node-hooks.ts hooks it. So a
// handler does not see the CORS headers with `res.getHeader` before its response is sent; they are on
// the wire.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { claimedBy, markDecided, takeClaim } from '../policy/claim.js';
import type { CorsPolicy, Decision } from '../policy/types.js';
import { type ResponseSink, writeDecision } from '../policy/write.js';
import { hookResponse, isSharedHook, onNodePrototype, sharedClaims, shareHook } from './node-hooks.js';
import { clearedOf, headObjectSink } from './node-sink.js';

// An answered preflight's whole head as one object, for `writeHead(status, head)`: on a response with no
// header set yet node takes the object as the head as it is (no header map of its own), ~1.1 µs a
// preflight less than a `setHeader` per line and `end()`. Prebuilt decisions (frozen) keep theirs.
const heads = new WeakMap<Decision, OutgoingHttpHeaders>();

// The head written by the one writer, as the node sink writes it on a response with no header yet: a
// fresh head object (nothing to remove, no Vary to merge into), then `Content-Length: 0`: only bodiless
// answers take this path.
const headSink: ResponseSink<OutgoingHttpHeaders> = {
  ...headObjectSink,
  end: (head) => {
    head['Content-Length'] = '0';
  },
};

function headOf(d: Decision): OutgoingHttpHeaders {
  const kept = heads.get(d);
  if (kept !== undefined) return kept;
  const head: OutgoingHttpHeaders = {};
  writeDecision(headSink, head, d);
  if (Object.isFrozen(d)) heads.set(d, Object.freeze(head));
  return head;
}

/**
 * Write a decision on a node response and answer it when the policy does (`writeDecision`). A bodiless
 * answer on a response with no header set yet goes out as one `writeHead`: nothing there to remove or
 * merge, and the same lines in the same order as the general path sends. Returns whether it answered.
 *
 * @example
 * if (answerOnNode(res, decision)) return; // answered preflight
 */
export function answerOnNode(res: ServerResponse, d: Decision): boolean {
  // The names are listed once: the general path clears by the same list.
  const names = res.getHeaderNames();
  if (d.status === undefined || d.body !== undefined || names.length !== 0)
    return writeDecision(clearedOf(res, names), res, d);
  res.writeHead(d.status, headOf(d)); // not chained: another library's writeHead hook may not return res
  res.end();
  return true;
}

/**
 * Where a node exchange's claim is kept (claim.ts): `0` when the same policy already decided it (nothing
 * more to do), `SHARED` when `res.writeHead` is a shared prototype hook (the claim and the decision go in
 * its map), `OWN` otherwise (on the response's own hook, or on the request when nothing is hooked).
 */
export type ClaimPlace = 0 | typeof SHARED | typeof OWN;
const SHARED = 1;
const OWN = 2;

/**
 * Claim a node request for `policy`: throws `POLICY_MIDDLEWARE_STACKED` when another policy decided it.
 * The claim may be in the shared map, on `res`'s own `writeHead` hook, or on `req` (a decision written
 * without a hook: answered, `off`, or by an adapter that hooks nothing, Fastify); a response in the
 * shared map is looked up last too, for when another library's `writeHead` hook now hides the shared
 * one. Gives the shared hook to a framework's response prototype the first time one is seen.
 *
 * @example
 * const place = claimNode(req, res, policy);
 * if (place === 0) return next();
 */
export function claimNode(req: object, res: ServerResponse, policy: CorsPolicy): ClaimPlace {
  const writeHead = res.writeHead;
  // A response right on node's prototype (bare node:http, Koa, Fastify, Hono) is told apart first, so
  // that it pays nothing for the shared hook.
  const onNode = onNodePrototype(res);
  if (!onNode && (isSharedHook(writeHead) || shareHook(res)))
    return takeClaim(sharedClaims.get(res)?.policy, policy) ? SHARED : 0;
  let previous = claimedBy(writeHead) ?? claimedBy(req);
  if (previous === undefined && !onNode) previous = sharedClaims.get(res)?.policy;
  return takeClaim(previous, policy) ? OWN : 0;
}

function placeOf(res: ServerResponse): ClaimPlace {
  return isSharedHook(res.writeHead) ? SHARED : OWN;
}

/**
 * Mark a node exchange as decided by `policy` with nothing to write at its head (an answered preflight,
 * or an origin predicate still running), where `claimNode` will look.
 *
 * @example
 * markExchange(req, res, policy, place);
 * answerOnNode(res, decision);
 */
export function markExchange(
  req: object,
  res: ServerResponse,
  policy: CorsPolicy,
  place: ClaimPlace = placeOf(res),
): void {
  if (place === SHARED) sharedClaims.set(res, { policy, decision: undefined });
  else markDecided(req, policy);
}

/**
 * Write `d` (decided by `policy`) just before `res` sends its head, over whatever the handler did; the
 * hook (its own, or the shared one's map) holds the claim. A decision for a path where CORS is off
 * writes nothing: only the claim is kept.
 *
 * @example
 * if (d.status === undefined) finishOnHead(req, res, d, policy); // the application answers
 */
export function finishOnHead(
  req: object,
  res: ServerResponse,
  d: Decision,
  policy: CorsPolicy,
  place: ClaimPlace = placeOf(res),
): void {
  if (place === SHARED) sharedClaims.set(res, { policy, decision: d.off === true ? undefined : d });
  else if (d.off === true) markDecided(req, policy);
  else hookResponse(res, d, policy);
}
