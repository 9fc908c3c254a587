// How the HTTP benchmark starts its edge servers: Bun and Deno run bench/edge-server.ts with
// corsair-cors/fetch bundled from dist/ as an edge deployment ships it; workerd runs bench/edge-worker.ts
// bundled with it into one module, as wrangler would, under a config naming the variant. Each prints
// its ephemeral port: Bun and Deno on stdout, workerd as a JSON event on its control fd (3).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeBinary } from '../test/edge/runtimes.js';
import type { Variant } from './scenarios.js';

/** The edge runtimes the benchmark serves corsair-cors/fetch on. */
export type EdgeRuntime = 'workerd' | 'bun' | 'deno';

const DIST_FETCH = new URL('../dist/adapters/fetch.js', import.meta.url).pathname;

/**
 * A temporary directory holding what `rt`'s servers load: for Bun and Deno `fetch.mjs` (the edge bundle
 * of corsair-cors/fetch), for workerd `worker.js` (the benchmark's worker and corsair in one module).
 * The caller deletes it; so does the process's exit, should the run end by `process.exit`.
 *
 * @example
 * const dir = await edgeBundle('deno'); … rmSync(dir, { recursive: true, force: true });
 */
export async function edgeBundle(rt: EdgeRuntime): Promise<string> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), `corsair-bench-${rt}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const worker = rt === 'workerd';
  await build({
    entryPoints: [worker ? new URL('./edge-worker.ts', import.meta.url).pathname : DIST_FETCH],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: join(dir, worker ? 'worker.js' : 'fetch.mjs'),
    logLevel: 'error',
    // The worker imports corsair-cors/fetch by its source path (for the types): it gets what users run.
    plugins: [
      {
        name: 'dist-fetch',
        setup: (b) => b.onResolve({ filter: /\/src\/adapters\/fetch\.js$/ }, () => ({ path: DIST_FETCH })),
      },
    ],
  });
  return dir;
}

// One worker, one socket on an ephemeral loopback port, the variant in a text binding (a plain word).
function workerdConfig(variant: Variant): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .bench)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const bench :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [(name = "VARIANT", text = "${variant}")],
);
`;
}

/**
 * The command line of `rt`'s server for `variant`, loading from `dir` (edgeBundle). For workerd it
 * writes the variant's config into `dir` first; its port comes on fd 3 (`--control-fd`).
 *
 * @example
 * spawn(...edgeServerArgv('bun', 'corsair', dir));
 */
export function edgeServerArgv(rt: EdgeRuntime, variant: Variant, dir: string): string[] {
  // The binary the edge tests run (platform package or main one, never a postinstall shim).
  const bin = runtimeBinary(rt)!;
  if (rt === 'workerd') {
    const config = join(dir, `${variant}.capnp`);
    writeFileSync(config, workerdConfig(variant));
    return [bin, 'serve', config, '--control-fd', '3'];
  }
  const script = new URL('./edge-server.ts', import.meta.url).pathname;
  const bundle = join(dir, 'fetch.mjs');
  return rt === 'bun'
    ? [bin, 'run', script, bundle, variant]
    : [bin, 'run', '-A', '--sloppy-imports', script, bundle, variant];
}
