// The one-route app every edge runtime serves in the HTTP benchmark (Bun and Deno by
// bench/edge-server.ts, workerd by bench/edge-worker.ts): the same handler as the Node servers, bare or
// wrapped per variant. No runtime API here, so that each launcher only adds how its runtime serves.
import type { withCors as WithCors } from '../src/adapters/fetch.js';
import { APP, isAllowedPreflight, OPTIONS, PATH, REQUEST_HEADERS, ROUTED } from './scenarios.js';

/** A fetch handler, as each runtime calls it. */
export type Handler = (request: Request) => Response | Promise<Response>;

const ok: Handler = (request) =>
  new URL(request.url).pathname === PATH
    ? new Response('ok', { headers: { 'Content-Type': 'text/plain' } })
    : new Response('not found', { status: 404 });

/** The CORS lines (and Vary) withCors gives a request of this kind, read from its own answer. */
async function corsLinesOf(withCors: typeof WithCors, method: string, headers: Record<string, string>) {
  const res = await withCors(ok, OPTIONS)(new Request(`http://127.0.0.1${PATH}`, { method, headers }));
  const lines = [...res.headers].filter(([n]) => n.startsWith('access-control-') || n === 'vary');
  return { status: res.status, lines };
}

const acrmOf = (request: Request) => request.headers.get('access-control-request-method');

/**
 * The `headers` variant: corsair's lines as plain data, chosen as `isAllowedPreflight` and the Origin
 * header tell (bench/scenarios.ts). A refused origin's lines serve a GET without Origin too (the check
 * before the run compares both with corsair's).
 */
async function headersOnly(withCors: typeof WithCors): Promise<Handler> {
  const actual = (await corsLinesOf(withCors, 'GET', REQUEST_HEADERS.actual)).lines;
  const other = (await corsLinesOf(withCors, 'GET', REQUEST_HEADERS.refused)).lines;
  const preflight = await corsLinesOf(withCors, 'OPTIONS', REQUEST_HEADERS.preflight);
  const head = Object.fromEntries(preflight.lines);
  return (request) => {
    const origin = request.headers.get('origin');
    if (isAllowedPreflight(request.method, origin, request, acrmOf))
      return new Response(null, { status: preflight.status, headers: head });
    const lines = origin === APP ? actual : other;
    const res = ok(request) as Response;
    for (const [n, v] of lines) res.headers.set(n, v);
    return res;
  };
}

/**
 * The handler of one variant, with `withCors` from the edge bundle of corsair-cors/fetch. The floor is
 * a plain function around the handler: what withCors's shape costs (it returns the handler's Response
 * as it is, so neither wrapper is async).
 *
 * @example
 * Bun.serve({ port: 0, fetch: await edgeHandler(withCors, 'corsair') });
 */
export async function edgeHandler(withCors: typeof WithCors, variant: string): Promise<Handler> {
  if (variant === 'bare') return ok;
  if (variant === 'floor') return (request) => ok(request);
  if (variant === 'headers') return headersOnly(withCors);
  if (variant === 'corsair') return withCors(ok, OPTIONS);
  if (variant === 'routes') return withCors(ok, ROUTED);
  throw new Error(`no edge variant '${variant}'`);
}
