// The HTTP benchmark's server on Bun and Deno (run by those runtimes, not by Node): corsair-cors/fetch
// as bundled for the edge, wrapping the same one-route handler the Node servers have.
//   bun run bench/edge-server.ts <bundle.mjs> <variant>
//   deno run -A --sloppy-imports bench/edge-server.ts <bundle.mjs> <variant>
// Prints the port, serves until killed.
import { APP, OPTIONS, PATH, REQUEST_HEADERS, ROUTED } from './scenarios.js';

type Handler = (request: Request) => Response | Promise<Response>;
interface Runtimes {
  Deno?: { args: string[]; serve(o: object, h: Handler): unknown };
  Bun?: { serve(o: object): { port: number } };
  process?: { argv: string[] };
}
const { Deno, Bun, process: proc } = globalThis as Runtimes;

const [bundle, variant] = Deno !== undefined ? Deno.args : proc!.argv.slice(2);
const { withCors } = (await import(bundle!)) as typeof import('../src/adapters/fetch.js');

const ok: Handler = (request) =>
  new URL(request.url).pathname === PATH
    ? new Response('ok', { headers: { 'Content-Type': 'text/plain' } })
    : new Response('not found', { status: 404 });

/** The CORS lines (and Vary) withCors gives a request of this kind, read from its own answer. */
async function corsLinesOf(method: string, headers: Record<string, string>) {
  const res = await withCors(ok, OPTIONS)(new Request(`http://127.0.0.1${PATH}`, { method, headers }));
  const lines = [...res.headers].filter(([n]) => n.startsWith('access-control-') || n === 'vary');
  return { status: res.status, lines };
}

/**
 * The `headers` variant: corsair's lines as plain data, chosen by the method and the Origin header alone
 * (bench/scenarios.ts). A refused origin's lines serve a GET without Origin too (the check before the
 * run compares both with corsair's).
 */
async function headersOnly(): Promise<Handler> {
  const actual = (await corsLinesOf('GET', REQUEST_HEADERS.actual)).lines;
  const other = (await corsLinesOf('GET', REQUEST_HEADERS.refused)).lines;
  const preflight = await corsLinesOf('OPTIONS', REQUEST_HEADERS.preflight);
  const head = Object.fromEntries(preflight.lines);
  return (request) => {
    if (request.method === 'OPTIONS') return new Response(null, { status: preflight.status, headers: head });
    const lines = request.headers.get('origin') === APP ? actual : other;
    const res = ok(request) as Response;
    for (const [n, v] of lines) res.headers.set(n, v);
    return res;
  };
}

// floor: a wrapper that does nothing but what withCors's shape costs (a plain function around the
// handler: withCors returns the handler's Response as it is, so neither wrapper is async).
const handler: Handler =
  variant === 'bare'
    ? ok
    : variant === 'floor'
      ? (request) => ok(request)
      : variant === 'headers'
        ? await headersOnly()
        : withCors(ok, variant === 'routes' ? ROUTED : OPTIONS);

const onListen = ({ port }: { port: number }) => console.log(port);
if (Deno !== undefined) Deno.serve({ port: 0, hostname: '127.0.0.1', onListen }, handler);
else onListen(Bun!.serve({ port: 0, hostname: '127.0.0.1', fetch: handler }));
