// The `writeHead` hooks a node response's CORS headers are written from (node-response.ts says why at
// `writeHead`). Two kinds, the same writing:
// - one closure per response, as its own `writeHead`, holding the decision and its policy's claim
//   (bare node:http, Koa, Hono on @hono/node-server);
// - one hook per process on the response prototype a framework puts between its responses and node's
//   (Express's, or a `ServerResponse` subclass), installed the first time one is seen; each response's
//   decision and claim then wait in a map keyed by the response. Express gives every response its app's
//   prototype (`Object.setPrototypeOf`), after which V8 adds a property to it through its slow path: an
//   own `writeHead` closure there costs ~1.8 µs a request, a map entry ~0.4 µs (issue 16). The entry
//   lasts until the head is written: a later policy deciding the response before that is refused.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { claimedBy, markDecided } from '../policy/claim.js';
import type { CorsPolicy, Decision } from '../policy/types.js';
import { writeCorsHeaders } from '../policy/write.js';
import { clearedSink, headWithCors } from './node-sink.js';

type HeadHeaders = OutgoingHttpHeaders | string[] | undefined | null;
type WriteHead = (
  this: ServerResponse,
  status: number,
  first?: string | OutgoingHttpHeaders,
  second?: OutgoingHttpHeaders,
) => ServerResponse;

/**
 * Headers given to `writeHead` itself, applied as node's own `writeHead` applies them to a response
 * with headers set: an object's names replace, a flat list's lines replace those names and then append
 * (so repeated names stay lines of their own); an undefined value throws as there.
 */
function applyHeadHeaders(res: ServerResponse, headers: OutgoingHttpHeaders | string[]): void {
  if (Array.isArray(headers)) {
    for (let n = 0; n < headers.length; n += 2) res.removeHeader(headers[n]!);
    for (let n = 0; n < headers.length; n += 2) res.appendHeader(headers[n]!, headers[n + 1]!);
    return;
  }
  for (const k of Object.keys(headers)) res.setHeader(k, headers[k]!);
}

// The response whose head a hook is writing, and that hook's policy. A per-response hook is only found
// by the next middleware while it is `res.writeHead`: another library hooking `writeHead` after it
// (on-headers: express-session, compression, morgan) hides it, so a second corsair policy after that
// library decides too. Their hooks then run nested, the outer (later) one first, and the inner one
// finds it here: its own decision is written last, whole, and the stacking is reported.
let writingRes: ServerResponse | undefined;
let writingPolicy: CorsPolicy | undefined;
const reported = new WeakSet<CorsPolicy>();

function reportStacked(policy: CorsPolicy): void {
  if (reported.has(policy)) return;
  reported.add(policy);
  console.warn(
    "corsair: POLICY_MIDDLEWARE_STACKED: two corsair middlewares with different policies decided the same request (another writeHead hook between them hid the first); the first one's headers were sent. Use one middleware with routes.",
  );
}

/** Write `d` on `res` as its head goes out through `writeHead` (the one it replaced), then send it. */
function writeWithCors(
  res: ServerResponse,
  writeHead: WriteHead,
  policy: CorsPolicy,
  d: Decision,
  status: number,
  first: string | HeadHeaders,
  second: HeadHeaders,
): ServerResponse {
  // No message reads as none given: node's writeHead, and on-headers, look at the message's type.
  const message = typeof first === 'string' ? first : undefined;
  const headers = typeof first === 'string' ? second : first;
  const outer = writingRes;
  const outerPolicy = writingPolicy;
  if (outer === res && outerPolicy !== policy) reportStacked(policy);
  // An object of headers on a response with none set yet (@hono/node-server's every response) goes on
  // as one object with the decision in it, as node takes it; otherwise on the response's own map.
  const head =
    headers && !Array.isArray(headers) && res.getHeaderNames().length === 0
      ? headWithCors(headers, d)
      : undefined;
  if (head === undefined) {
    if (headers !== undefined && headers !== null) applyHeadHeaders(res, headers);
    writeCorsHeaders(clearedSink(res), res, d);
  }
  writingRes = res;
  writingPolicy = policy;
  try {
    if (head === undefined) return writeHead.call(res, status, message);
    // Never `(status, undefined, head)`: on-headers takes a non-string second argument as the headers.
    return message === undefined
      ? writeHead.call(res, status, head)
      : writeHead.call(res, status, message, head);
  } finally {
    writingRes = outer;
    writingPolicy = outerPolicy;
  }
}

// --- One closure per response: the decision and the claim are its own properties, so that a later
// decision replaces them. One property added to the response, not two or four.
const DECISION = Symbol('corsair-cors.decision');
interface Hook {
  (this: ServerResponse, status: number, first?: string | HeadHeaders, second?: HeadHeaders): ServerResponse;
  [DECISION]: Decision;
}

function hookOn(writeHead: WriteHead, d: Decision, policy: CorsPolicy): Hook {
  const hook = function writeHeadWithCors(
    this: ServerResponse,
    status: number,
    first?: string | HeadHeaders,
    second?: HeadHeaders,
  ) {
    return writeWithCors(this, writeHead, claimedBy(hook)!, hook[DECISION], status, first, second);
  } as Hook;
  hook[DECISION] = d;
  markDecided(hook, policy);
  return hook;
}

/**
 * Put `d` (decided by `policy`) on `res`'s own `writeHead` hook, adding the hook if `res` has none yet.
 *
 * @example
 * hookResponse(res, decision, policy);
 */
export function hookResponse(res: ServerResponse, d: Decision, policy: CorsPolicy): void {
  const current = res.writeHead as Partial<Hook>;
  if (current[DECISION] === undefined)
    res.writeHead = hookOn(current as WriteHead, d, policy) as ServerResponse['writeHead'];
  else {
    current[DECISION] = d;
    markDecided(current, policy);
  }
}

// --- One hook per shared prototype. Its map and its mark are registered symbols, so a second loaded
// copy of corsair (ESM beside CommonJS) finds the first one's hook, uses it, and sees its claims. The
// `.v1` in their names changes with the shape of an entry.

/** A response's claim in the shared map: its policy, and the decision to write at its head (none when answered or off). */
export interface SharedClaim {
  policy: CorsPolicy;
  decision: Decision | undefined;
}

const MAP = Symbol.for('corsair-cors.response-claims.v1');
const SHARED = Symbol.for('corsair-cors.shared-write-head.v1');
const registry = globalThis as { [MAP]?: WeakMap<ServerResponse, SharedClaim> };
registry[MAP] ??= new WeakMap();

/**
 * Every response's claim, by response, where the shared hook reads it.
 *
 * @example
 * sharedClaims.set(res, { policy, decision });
 */
export const sharedClaims: WeakMap<ServerResponse, SharedClaim> = registry[MAP];

/**
 * Whether `writeHead` (a response's) is a shared prototype hook: the response's claim, if any, is in
 * `sharedClaims`.
 *
 * @example
 * if (isSharedHook(res.writeHead)) sharedClaims.set(res, { policy, decision });
 */
export function isSharedHook(writeHead: unknown): boolean {
  return (writeHead as { [SHARED]?: true })[SHARED] === true;
}

function sharedHookOn(holder: object): Hook {
  // `holder` has no writeHead of its own: the one it replaces is its prototype's, read at each call.
  const parent = Object.getPrototypeOf(holder) as { writeHead: WriteHead };
  const hook = function writeHeadWithCors(
    this: ServerResponse,
    status: number,
    first?: string | HeadHeaders,
    second?: HeadHeaders,
  ) {
    const claim = sharedClaims.get(this);
    const sent =
      claim?.decision === undefined
        ? (parent.writeHead as Hook).call(this, status, first, second)
        : writeWithCors(this, parent.writeHead, claim.policy, claim.decision, status, first, second);
    // The head is out, so the claim has done its work: its entry goes now. Left for the GC to clear, a
    // WeakMap entry costs ~0.3 µs more than one deleted (2·10⁶ fresh keys), and an Express request over
    // HTTP 2–3 µs (issue 16). Not before: a writeHead that throws (a bad status) leaves it for the error
    // response written next.
    if (claim !== undefined) sharedClaims.delete(this);
    return sent;
  } as Hook;
  Object.defineProperty(hook, SHARED, { value: true });
  return hook;
}

// The last prototype found to own a `writeHead` that is not a shared hook (node's
// `ServerResponse.prototype` in practice; light-my-request's and test fakes' own their writeHead too).
// Only one is kept: a process alternating between two such prototypes pays the check each time, never
// more (no prototype chain walk).
let lastOwner: object | undefined;

/**
 * Whether `res` sits right on a prototype that owns `writeHead` (node's: bare node:http, Koa, Fastify,
 * Hono; or a subclass with its own): its own hook is the way, nothing to share. One comparison for a
 * response on the same prototype as the last one.
 *
 * @example
 * if (onNodePrototype(res)) hookResponse(res, decision, policy);
 */
export function onNodePrototype(res: ServerResponse): boolean {
  // Kept this small so that V8 inlines it: the comparison is all a bare response pays.
  const p = Object.getPrototypeOf(res) as object | null;
  return p === lastOwner || ownsWriteHead(p);
}

function ownsWriteHead(p: object | null): boolean {
  if (p === null || !Object.hasOwn(p, 'writeHead') || isSharedHook((p as ServerResponse).writeHead))
    return false;
  lastOwner = p;
  return true;
}

/**
 * Give `res`'s framework prototype (the object between `res` and the prototype that owns `writeHead`:
 * Express's response prototype, above every app's) the shared hook. Returns whether `res.writeHead`
 * is now a shared hook: `false` for a response with a `writeHead` of its own (another library's hook:
 * corsair's per-response hook goes over it) or none in its prototypes.
 *
 * @example
 * const shared = isSharedHook(res.writeHead) || shareHook(res);
 */
export function shareHook(res: ServerResponse): boolean {
  if (Object.hasOwn(res, 'writeHead')) return false;
  // A response always has a prototype: a ServerResponse's chain ends in node's, which owns writeHead.
  let holder = Object.getPrototypeOf(res) as object;
  let p = Object.getPrototypeOf(holder) as object | null;
  while (p !== null && !Object.hasOwn(p, 'writeHead')) {
    holder = p;
    p = Object.getPrototypeOf(p) as object | null;
  }
  // `holder` owns a writeHead only when `res` sits right on a subclass with its own (claimNode stops
  // those at onNodePrototype): that one is never replaced.
  if (p === null || Object.hasOwn(holder, 'writeHead')) return false;
  // Not enumerable: it should not show among a response's own fields when someone lists them. Writable
  // and configurable as node's own: another library may still wrap or replace it.
  Object.defineProperty(holder, 'writeHead', {
    value: sharedHookOn(holder),
    writable: true,
    configurable: true,
    enumerable: false,
  });
  return isSharedHook(res.writeHead);
}
