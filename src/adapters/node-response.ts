// How a node:http response takes a decision, shared by the node (Connect/Express), Koa and Hono (on
// @hono/node-server) adapters. An answered preflight is written at once. Every other response gets its
// headers once, just before its head goes out, over whatever the handler did: a handler that sets its
// own `Vary` must not drop `Vary: Origin`, its own `Access-Control-*` headers must not survive beside
// the policy's, and an error response (Koa and Express's final handler clear every header before
// writing one) must keep them; writing them when the decision is made as well would cost every request
// twice. `writeHead` is where every way of sending a node response passes (`end()`, `write()` and
// `flushHeaders()` call it), as the `on-headers` package relies on. So a handler does not see the CORS
// headers with `res.getHeader` before its response is sent; they are on the wire.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { claimedBy, markDecided, takeClaim } from '../policy/claim.js';
import type { CorsPolicy, Decision } from '../policy/types.js';
import { DECIDED, type ResponseSink, writeCorsHeaders, writeDecision } from '../policy/write.js';

/**
 * The node response sink.
 *
 * @example
 * writeDecision(nodeSink, res, decision);
 */
export const nodeSink: ResponseSink<ServerResponse> = {
  set: (res, name, value) => {
    res.setHeader(name, value);
  },
  remove: (res, name) => {
    res.removeHeader(name);
  },
  vary: (res) => res.getHeader('vary'),
  end: (res, status, body) => {
    res.statusCode = status;
    if (body === undefined) res.setHeader('Content-Length', '0');
    res.end(body);
  },
};

// The node sink once the CORS headers the response had are removed: `clearedSink` lists them with one
// getHeaderNames call, ~100 ns a response less than a removeHeader per CORS name and a getHeader.
const cleared: ResponseSink<ServerResponse> = { ...nodeSink, remove: () => {} };
const clearedNoVary: ResponseSink<ServerResponse> = { ...cleared, vary: () => undefined };

/**
 * Remove the CORS headers `res` has, and return the sink to write a decision on it with (one that
 * removes nothing more, and reads `Vary` only if `res` has one).
 *
 * @example
 * writeDecision(clearedSink(res), res, decision);
 */
export function clearedSink(res: ServerResponse): ResponseSink<ServerResponse> {
  return clearedOf(res, res.getHeaderNames());
}

function clearedOf(res: ServerResponse, names: readonly string[]): ResponseSink<ServerResponse> {
  let sink = clearedNoVary;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (n === 'vary') sink = cleared;
    else if (DECIDED.includes(n)) res.removeHeader(n);
  }
  return sink;
}

// An answered preflight's whole head as one object, for `writeHead(status, head)`: on a response with no
// header set yet node takes the object as the head as it is (no header map of its own), ~1.1 µs a
// preflight less than a `setHeader` per line and `end()`. Prebuilt decisions (frozen) keep theirs.
const heads = new WeakMap<Decision, OutgoingHttpHeaders>();

// The head written by the one writer, as the node sink writes it on a response with no header yet:
// nothing to remove, no Vary to merge into, `Content-Length: 0` for a bodiless answer.
const headSink: ResponseSink<OutgoingHttpHeaders> = {
  set: (head, name, value) => {
    head[name] = value;
  },
  remove: () => {},
  vary: () => undefined,
  end: (head, _status, body) => {
    if (body === undefined) head['Content-Length'] = '0';
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

type HeadHeaders = OutgoingHttpHeaders | string[] | undefined | null;

/** Headers given to `writeHead` itself, applied as node does: an object replaces, a flat list appends. */
function applyHeadHeaders(res: ServerResponse, headers: OutgoingHttpHeaders | string[]): void {
  if (Array.isArray(headers)) {
    for (let n = 0; n < headers.length; n += 2) res.removeHeader(headers[n]!);
    for (let n = 0; n < headers.length; n += 2) res.appendHeader(headers[n]!, headers[n + 1]!);
    return;
  }
  for (const k of Object.keys(headers)) {
    const v = headers[k];
    if (v !== undefined) res.setHeader(k, v);
  }
}

// The hook on a response's `writeHead`: one closure per response, holding the `writeHead` it replaced
// and, as its own properties (so that a later decision replaces them), the decision and the claim of
// the policy that made it (claim.ts). One property added to the response, not two or four: Express
// gives each response and request another prototype (`Object.setPrototypeOf`), after which V8 adds a
// property to them through its slow path, 2-5 µs each (a bare node response: ~20 ns). A property added
// to the new closure costs what it costs anywhere.
const DECISION = Symbol('corsair-cors.decision');
type WriteHead = (this: ServerResponse, status: number, message?: string) => ServerResponse;
interface Hook {
  (this: ServerResponse, status: number, first?: string | HeadHeaders, second?: HeadHeaders): ServerResponse;
  [DECISION]: Decision;
}

// The response whose head a hook is writing, and that hook's policy. A hook is only found by the next
// middleware while it is `res.writeHead`: another library hooking `writeHead` after it (on-headers:
// express-session, compression, morgan) hides it, so a second corsair policy after that library
// decides too. Their hooks then run nested, the outer (later) one first, and the inner one finds it
// here: its own decision is written last, whole, and the stacking is reported.
const writing: { res: ServerResponse | undefined; policy: CorsPolicy | undefined } = {
  res: undefined,
  policy: undefined,
};
const reported = new WeakSet<CorsPolicy>();

function reportStacked(policy: CorsPolicy): void {
  if (reported.has(policy)) return;
  reported.add(policy);
  console.warn(
    "corsair: POLICY_MIDDLEWARE_STACKED: two corsair middlewares with different policies decided the same request (another writeHead hook between them hid the first); the first one's headers were sent. Use one middleware with routes.",
  );
}

function writeHeadOf(hook: Hook, res: ServerResponse, headers: HeadHeaders): void {
  if (headers !== undefined && headers !== null) applyHeadHeaders(res, headers);
  const policy = claimedBy(hook)!;
  if (writing.res === res && writing.policy !== policy) reportStacked(policy);
  writeCorsHeaders(clearedSink(res), res, hook[DECISION]);
  writing.res = res;
  writing.policy = policy;
}

function hookOn(writeHead: WriteHead, d: Decision, policy: CorsPolicy): Hook {
  const hook = function writeHeadWithCors(
    this: ServerResponse,
    status: number,
    first?: string | HeadHeaders,
    second?: HeadHeaders,
  ) {
    const message = typeof first === 'string' ? first : undefined;
    const outer = writing.res;
    const outerPolicy = writing.policy;
    writeHeadOf(hook, this, typeof first === 'string' ? second : first);
    try {
      return message === undefined ? writeHead.call(this, status) : writeHead.call(this, status, message);
    } finally {
      writing.res = outer;
      writing.policy = outerPolicy;
    }
  } as Hook;
  hook[DECISION] = d;
  markDecided(hook, policy);
  return hook;
}

/**
 * Claim a node request for `policy` (claim.ts): the mark is on `res`'s `writeHead` hook, or on `req`
 * when the decision was written without one (answered, `off`) or by an adapter that hooks nothing
 * (Fastify). Returns `false` when the same policy decided it; throws `POLICY_MIDDLEWARE_STACKED` when
 * another did.
 *
 * @example
 * if (!claimExchange(req, res, policy)) return next();
 */
export function claimExchange(req: object, res: ServerResponse, policy: CorsPolicy): boolean {
  return takeClaim(claimedBy(res.writeHead) ?? claimedBy(req), policy);
}

/**
 * Write `d` (decided by `policy`) just before `res` sends its head, over whatever the handler did; the
 * hook holds the claim. A decision for a path where CORS is off hooks nothing: its claim goes on `req`.
 *
 * @example
 * if (d.status === undefined) finishOnHead(req, res, d, policy); // the application answers
 */
export function finishOnHead(req: object, res: ServerResponse, d: Decision, policy: CorsPolicy): void {
  const current = res.writeHead as Partial<Hook>;
  if (d.off === true) markDecided(req, policy);
  else if (current[DECISION] === undefined)
    res.writeHead = hookOn(current as WriteHead, d, policy) as ServerResponse['writeHead'];
  else {
    current[DECISION] = d;
    markDecided(current, policy);
  }
}
