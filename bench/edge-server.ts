// The HTTP benchmark's server on Bun and Deno (run by those runtimes, not by Node): corsair-cors/fetch
// as bundled for the edge, wrapping the same one-route handler the Node servers have (bench/edge-app.ts).
//   bun run bench/edge-server.ts <bundle.mjs> <variant>
//   deno run -A --sloppy-imports bench/edge-server.ts <bundle.mjs> <variant>
// Prints the port, serves until killed.
import { edgeHandler, type Handler } from './edge-app.js';

interface Runtimes {
  Deno?: { args: string[]; serve(o: object, h: Handler): unknown };
  Bun?: { serve(o: object): { port: number } };
  process?: { argv: string[] };
}
const { Deno, Bun, process: proc } = globalThis as Runtimes;

const [bundle, variant] = Deno !== undefined ? Deno.args : proc!.argv.slice(2);
const { withCors } = (await import(bundle!)) as typeof import('../src/adapters/fetch.js');
const handler = await edgeHandler(withCors, variant!);

const onListen = ({ port }: { port: number }) => console.log(port);
if (Deno !== undefined) Deno.serve({ port: 0, hostname: '127.0.0.1', onListen }, handler);
else onListen(Bun!.serve({ port: 0, hostname: '127.0.0.1', fetch: handler }));
