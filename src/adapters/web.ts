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
  const { method, headers, url } = request;
  // Headers.get is costly on some runtimes: read the preflight headers only for OPTIONS.
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

/** A preflight answer being written: a Response cannot change status once made, so it is made last. */
interface Answer {
  readonly headers: Headers;
  response: Response | undefined;
}

const answerSink: ResponseSink<Answer> = {
  set: (a, name, value) => a.headers.set(name, value),
  remove: (a, name) => a.headers.delete(name),
  vary: (a) => a.headers.get('vary'),
  end: (a, status, body) => {
    a.response = new Response(body ?? null, { status, headers: a.headers });
  },
};

/**
 * The Response that answers the request when the policy answers it itself (preflights, unless
 * `preflightContinue`); `undefined` when the application must answer.
 *
 * @example
 * const answer = answerOf(d);
 * if (answer !== undefined) return answer;
 */
export function answerOf(d: Decision): Response | undefined {
  if (d.status === undefined) return undefined;
  const a: Answer = { headers: new Headers(), response: undefined };
  writeDecision(answerSink, a, d);
  return a.response;
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
