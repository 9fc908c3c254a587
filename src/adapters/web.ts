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
  if (method !== 'OPTIONS' || origin === null) return policy.decideValues(method, origin, null, null, url);
  return policy.decideValues(
    method,
    origin,
    headers.get('access-control-request-method'),
    headers.get('access-control-request-headers'),
    url,
  );
}

const headersSink: HeaderSink<Headers> = {
  set: (headers, name, value) => headers.set(name, value),
  remove: (headers, name) => headers.delete(name),
  vary: (headers) => headers.get('vary'),
};

/** A preflight answer's head, written on a fresh plain object (so nothing is there to remove or merge). */
interface Answer {
  readonly headers: Record<string, string>;
  status: number;
  body: string | undefined;
}

const answerSink: ResponseSink<Answer> = {
  set: (a, name, value) => {
    a.headers[name] = value;
  },
  // A fresh head: no header of the handler's to remove, no Vary of its own to merge into.
  remove: () => {},
  vary: () => undefined,
  end: (a, status, body) => {
    a.status = status;
    a.body = body;
  },
};

// Each answer's head, written once per decision: a policy reuses its decisions (an exact origin's
// answer is built at compile time), and writing the head costs more than the lookup (~1.5 µs on Bun).
const heads = new WeakMap<Decision, Answer>();

/**
 * The Response that answers the request when the policy answers it itself (preflights, unless
 * `preflightContinue`); `undefined` when the application must answer. Its headers are a plain object,
 * which @hono/node-server writes as it is (a Headers object it would convert).
 *
 * @example
 * const answer = answerOf(d);
 * if (answer !== undefined) return answer;
 */
export function answerOf(d: Decision): Response | undefined {
  if (d.status === undefined) return undefined;
  let a = heads.get(d);
  if (a === undefined) {
    a = { headers: {} } as Answer;
    writeDecision(answerSink, a, d);
    heads.set(d, a);
  }
  // A copy of the cached head each time: a Response may keep its init's headers object as it is
  // (@hono/node-server does), and whoever holds it must never reach the next request's answer.
  return new Response(a.body ?? null, { status: a.status, headers: { ...a.headers } });
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
    writeCorsHeaders(headersSink, res.headers, d);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    writeCorsHeaders(headersSink, copy.headers, d);
    return copy;
  }
}
