// The HTTP benchmark's server on Bun and Deno (run by those runtimes, not by Node): corsair-cors/fetch
// as bundled for the edge, wrapping the same one-route handler the Node servers have.
//   bun run bench/edge-server.ts <bundle.mjs> <variant>
//   deno run -A --sloppy-imports bench/edge-server.ts <bundle.mjs> <variant>
// Prints the port, serves until killed.
import { OPTIONS, PATH, ROUTED } from './scenarios.js';

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

// floor: a wrapper that does nothing but what withCors's shape costs (an async call around the handler).
const handler: Handler =
  variant === 'bare'
    ? ok
    : variant === 'floor'
      ? async (request) => ok(request)
      : withCors(ok, variant === 'routes' ? ROUTED : OPTIONS);

const onListen = ({ port }: { port: number }) => console.log(port);
if (Deno !== undefined) Deno.serve({ port: 0, hostname: '127.0.0.1', onListen }, handler);
else onListen(Bun!.serve({ port: 0, hostname: '127.0.0.1', fetch: handler }));
