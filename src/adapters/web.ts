// Shared by the fetch and hono adapters: web-standard Request/Response only (no node:*), so they run
// on workerd, Deno, Bun and Node alike.
import { claimRequest } from '../policy/claim.js';
import type { CorsPolicy, Decision } from '../policy/types.js';
import { type HeaderSink, type ResponseSink, writeCorsHeaders, writeDecision } from '../policy/write.js';

/**
 * Decide a web-standard request (by its URL's path when the policy has routes). `undefined` when the
 * same policy already decided this very Request (the middleware mounted twice); throws
 * `POLICY_MIDDLEWARE_STACKED` when another corsair policy did.
 *
 * @example
 * const d = decideRequest(policy, request);
 */
export function decideRequest(
  policy: CorsPolicy,
  request: Request,
): Decision | Promise<Decision> | undefined {
  if (!claimRequest(request, policy)) return undefined;
  const { method, headers } = request;
  // Headers.get and url are costly on some runtimes (Deno builds the url string on each read): read the
  // preflight headers only for OPTIONS, the url only for a policy with routes.
  const url = policy.routes.length === 0 ? undefined : request.url;
  const origin = headers.get('origin');
  const preflight = method === 'OPTIONS' && origin !== null;
  return policy.decideValues(
    method,
    origin,
    preflight ? headers.get('access-control-request-method') : null,
    preflight ? headers.get('access-control-request-headers') : null,
    url,
  );
}

// A response's CORS headers and `Vary`, found by one pass over its headers (`scanned`) before the
// decision is written: most responses have no `Access-Control-*` header, so nothing needs deleting,
// and the pass reads `Vary` too. Each `delete` or `get` is a call into the runtime's Headers (~35 ns on
// Bun, ~70 on Deno, ~150 on undici); one `forEach` over a handler's few headers costs less than the
// six deletes and the `get` it saves.
let hasCors = false;
let varyOf: string | null = null;
const scan = (value: string, name: string) => {
  if (name === 'vary') varyOf = value;
  else if (name.startsWith('access-control-')) hasCors = true;
};
const scannedSink: HeaderSink<Headers> = {
  set: (headers, name, value) => headers.set(name, value),
  remove: (headers, name) => {
    if (hasCors) headers.delete(name);
  },
  vary: () => varyOf,
};

function scanAndWrite(headers: Headers, d: Decision): void {
  hasCors = false;
  varyOf = null;
  headers.forEach(scan);
  writeCorsHeaders(scannedSink, headers, d);
}

// An answer's head, as a plain object: the answer's status and body are the decision's own.
const answerSink: ResponseSink<Record<string, string>> = {
  set: (head, name, value) => {
    head[name] = value;
  },
  // A fresh head: no header of the handler's to remove, no Vary of its own to merge into.
  remove: () => {},
  vary: () => undefined,
  end: () => {},
};

// The head of each prebuilt decision (an exact origin's answer is built at compile time) as one Headers,
// written on first use: writing it costs more than the lookup (~1.5 µs on Bun).
const heads = new WeakMap<Decision, HeadersInit>();

// The Response class of the moment, and whether its constructor copies a Headers init into headers of
// its own, as the Fetch Standard says (Bun, Deno, workerd, undici). @hono/node-server's Response, which
// replaces the global one when its server starts, keeps the init as its headers instead.
let probed: typeof Response | undefined;
let copies = false;

/**
 * The Response that answers the request when the policy answers it itself (preflights, unless
 * `preflightContinue`); `undefined` when the application must answer. Its headers come from one
 * Headers per decision where the constructor copies them (~450 ns less than from an object on Bun,
 * ~800 ns on undici), else from a copy of a plain object, which @hono/node-server writes as it is.
 *
 * @example
 * const answer = answerOf(d);
 * if (answer !== undefined) return answer;
 */
export function answerOf(d: Decision): Response | undefined {
  if (d.status === undefined) return undefined;
  if (probed !== Response) {
    const init = new Headers();
    copies = new Response(null, { headers: init }).headers !== init;
    probed = Response;
  }
  // A prebuilt decision (frozen: the policy gives it to every such request) is answered from its one
  // Headers, which each Response copies; any other from a head written for this answer alone. Never a
  // shared head to a Response that keeps its init: whoever holds it would reach the next answer.
  const frozen = Object.isFrozen(d);
  let headers = frozen ? heads.get(d) : undefined;
  if (!headers || headers instanceof Headers !== copies) {
    const head: Record<string, string> = {};
    writeDecision(answerSink, head, d);
    headers = frozen ? (copies ? new Headers(head) : Object.freeze(head)) : head;
    if (frozen) heads.set(d, headers);
  }
  return new Response(d.body, { status: d.status, headers });
}

/**
 * The application's response with the decision's CORS headers, merged `Vary`, and no other CORS
 * header (the handler's own `Access-Control-*` are removed: the policy alone decides them): the same
 * Response, or a copy when its headers are immutable (a Response from fetch() or Response.redirect()).
 *
 * @example
 * return withCorsHeaders(await handler(request), d);
 */
export function withCorsHeaders(res: Response, d: Decision): Response {
  if (d.off === true) return res;
  try {
    scanAndWrite(res.headers, d);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    scanAndWrite(copy.headers, d);
    return copy;
  }
}
