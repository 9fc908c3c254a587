// Shared by the fetch and hono adapters: web-standard Request/Response only (no node:*), so they run
// on workerd, Deno, Bun and Node alike.
import type { CorsPolicy, Decision } from '../policy/types.js';
import { type HeaderSink, type ResponseSink, writeCorsHeaders, writeDecision } from '../policy/write.js';

/**
 * Decide a web-standard request.
 *
 * @example
 * const d = decideRequest(policy, request.method, request.headers);
 */
export function decideRequest(
  policy: CorsPolicy,
  method: string,
  headers: Headers,
): Decision | Promise<Decision> {
  // Headers.get is costly on some runtimes: read the preflight headers only for OPTIONS.
  const origin = headers.get('origin');
  if (method !== 'OPTIONS' || origin === null) return policy.decideValues(method, origin, null, null);
  return policy.decideValues(
    method,
    origin,
    headers.get('access-control-request-method'),
    headers.get('access-control-request-headers'),
  );
}

const headersSink: HeaderSink<Headers> = {
  set: (headers, name, value) => headers.set(name, value),
  vary: (headers) => headers.get('vary'),
};

/** A preflight answer being written: a Response cannot change status once made, so it is made last. */
interface Answer {
  readonly headers: Headers;
  response: Response | undefined;
}

const answerSink: ResponseSink<Answer> = {
  set: (a, name, value) => a.headers.set(name, value),
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
 * The application's response with the decision's CORS headers and merged `Vary`: the same Response,
 * or a copy when its headers are immutable (a Response from fetch() or Response.redirect()).
 *
 * @example
 * return withCorsHeaders(await handler(request), d);
 */
export function withCorsHeaders(res: Response, d: Decision): Response {
  if (d.headers.length === 0 && d.varyValue === '') return res;
  try {
    writeCorsHeaders(headersSink, res.headers, d);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    writeCorsHeaders(headersSink, copy.headers, d);
    return copy;
  }
}
