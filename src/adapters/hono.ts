// corsair-cors/hono: Hono middleware, web-standard only (no node:*), for every runtime Hono runs on.
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { buildPolicy } from '../policy/build.js';
import { claimRequest } from '../policy/claim.js';
import type { CorsOptions, CorsPolicy, Decision } from '../policy/types.js';
import { finishOnHead } from './node-response.js';
import { answerOf, decideRequest, withCorsHeaders } from './web.js';

/** The node request and response under a request served by @hono/node-server. */
interface NodeExchange {
  readonly incoming: { readonly headers: Readonly<Record<string, string | undefined>> };
  readonly outgoing: ServerResponse;
}

/**
 * `c.env` when it holds the node request and response (@hono/node-server), else `undefined` (workerd,
 * Deno, Bun, `app.request()`): checked by shape, so nothing here imports node:*.
 */
function nodeExchangeOf(env: unknown): NodeExchange | undefined {
  const e = env as { incoming?: { headers?: unknown }; outgoing?: Partial<ServerResponse> } | undefined;
  const out = e?.outgoing;
  const ok =
    typeof e?.incoming?.headers === 'object' &&
    typeof out?.writeHead === 'function' &&
    typeof out.setHeader === 'function' &&
    typeof out.removeHeader === 'function' &&
    out.headersSent === false;
  return ok ? (e as NodeExchange) : undefined;
}

/** `decideRequest`, reading the headers node parsed (the same values `request.headers.get` returns). */
function decideNodeRequest(
  policy: CorsPolicy,
  request: Request,
  h: NodeExchange['incoming']['headers'],
): Decision | Promise<Decision> | undefined {
  if (!claimRequest(request, policy)) return undefined;
  const url = policy.routes.length === 0 ? undefined : request.url;
  const acrm = h['access-control-request-method'];
  return policy.decideValues(request.method, h.origin, acrm, h['access-control-request-headers'], url);
}

/**
 * Hono middleware. Accepts options (validated now) or a compiled policy. Use one, app-wide; give paths
 * their own policy with `routes` (decided by the request URL's path). After the handler (or `onError`)
 * the response gets the policy's headers, a merged `Vary` and no other `Access-Control-*` header: on
 * @hono/node-server as the node response's head is sent (so they are not in `c.res.headers`), elsewhere
 * on `c.res`. A
 * second corsair middleware with another policy on the same request throws `POLICY_MIDDLEWARE_STACKED`.
 *
 * @example
 * import { Hono } from 'hono';
 * import { cors } from 'corsair-cors/hono';
 * const app = new Hono();
 * app.use(cors({ origins: ['https://app.example.com'], routes: [{ path: '/public/*', origins: '*' }] }));
 */
export function cors(options: CorsOptions | CorsPolicy): MiddlewareHandler {
  const policy = buildPolicy(options);
  return async (c, next) => {
    // On @hono/node-server, read the node request's parsed headers and write the node response as its
    // head is sent: reading c.req.raw.headers or c.res.headers would make the server build a whole
    // Headers object for each and leave its fast path.
    const node = nodeExchangeOf(c.env);
    let d = node
      ? decideNodeRequest(policy, c.req.raw, node.incoming.headers)
      : decideRequest(policy, c.req.raw);
    if (d === undefined) return next();
    if (d instanceof Promise) d = await d;
    const answer = answerOf(d);
    if (answer !== undefined) return answer;
    if (node !== undefined) {
      finishOnHead(c.req.raw, node.outgoing, d, policy);
      return next();
    }
    await next();
    const res = withCorsHeaders(c.res, d);
    if (res === c.res) return;
    // A copy (the handler's headers were immutable). Hono's setter would copy the old response's
    // headers over the new one, putting back its Vary and any Access-Control-* it had: clear it first.
    c.res = undefined as unknown as Response;
    c.res = res;
  };
}

export { CorsConfigError, CorsUsageError } from '../policy/errors.js';
export type { CorsOptions, CorsPolicy } from '../policy/types.js';
