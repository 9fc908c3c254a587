// HTTP cost of CORS in each framework, by the pinned-core method:
// - each server (bare framework, with a do-nothing middleware, with corsair, with the peer middleware,
//   with corsair and a 20-route policy) is its own process pinned to core 0 (`taskset -c 0`); one load generator process
//   (bench/loadgen.ts, autocannon, 10 connections, loopback) is pinned to core 1;
// - the figure is the server's CPU time per completed request: its CPU time (utime + stime, read at ns
//   resolution, see cpuSeconds) before and after a slice, divided by the requests it completed. Other work on a shared machine
//   delays a server but hardly changes the CPU it spends on a request, which req/s cannot say;
// - every round starts a fresh server per variant, warms each with a discarded slice per request kind,
//   then loads the variants of a framework in interleaved slices (bare, corsair, peer, routes, the
//   order rotated every round); every ratio is taken within one round (adjacent slices), and the median
//   and the min–max over the rounds are reported, so each round samples other processes.
import { type ChildProcess, execFileSync, type StdioOptions, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { runtimeBinary } from '../test/edge/runtimes.js';
import { checkHeadersVariant, corsSummary } from './answers.js';
import { edgeBundle, edgeServerArgv } from './edge-launch.js';
import type { LoadRequest, LoadResult } from './loadgen.js';
import {
  FRAMEWORKS,
  type Framework,
  isEdge,
  PATH,
  REQUEST_HEADERS,
  type Variant,
  variantsOf,
} from './scenarios.js';
import { type Spread, spread } from './stats.js';

export const KINDS = ['actual', 'refused', 'no-origin', 'preflight'] as const;
/** actual: GET from an allowed origin; refused: from another; no-origin: a same-origin or non-browser GET. */
export type RequestKind = (typeof KINDS)[number];

export const REQUESTS: Record<RequestKind, Pick<LoadRequest, 'method' | 'headers'>> = {
  actual: { method: 'GET', headers: REQUEST_HEADERS.actual },
  refused: { method: 'GET', headers: REQUEST_HEADERS.refused },
  'no-origin': { method: 'GET', headers: REQUEST_HEADERS['no-origin'] },
  preflight: { method: 'OPTIONS', headers: REQUEST_HEADERS.preflight },
};

/**
 * The kinds each variant has figures for. Every variant is loaded with all of KINDS, in both methods, so
 * that every server does the same work; the others' figures are not reported. A bare server's GET is the
 * reference of every ratio (preflights too).
 */
export const KINDS_OF: Record<Variant, readonly RequestKind[]> = {
  bare: ['actual', 'refused', 'no-origin'],
  floor: ['actual', 'refused', 'no-origin'],
  // Corsair's lines for every kind, checked against corsair's answers before measuring.
  headers: KINDS,
  corsair: KINDS,
  peer: KINDS,
  routes: ['actual', 'preflight'],
};

/** The bare request a kind is compared with: the same request, or for a preflight the bare GET. */
export const referenceKind = (k: RequestKind): RequestKind => (k === 'preflight' ? 'actual' : k);

/** One slice: a fixed-duration load on one server. */
export interface Slice {
  readonly requests: number;
  readonly rps: number;
  /** Server CPU (user + system) per completed request, µs. */
  readonly cpuUs: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** Every measured slice of one server and request kind, one per round (warm-up excluded). */
export interface HttpCell {
  readonly framework: Framework;
  readonly variant: Variant;
  readonly kind: RequestKind;
  readonly slices: Slice[];
}

export interface HttpOptions {
  /** Length of a slice, s. */
  readonly seconds: number;
  /** Measured rounds, each on freshly started servers warmed by a discarded slice. */
  readonly rounds: number;
  readonly frameworks?: readonly Framework[];
  /** Length of the discarded warm-up slice per request kind, s (1 unless told). */
  readonly warmupSeconds?: number;
  readonly log: (s: string) => void;
}

/** How servers and the load generator are pinned: `taskset -c N`, or nothing where that is impossible. */
export interface Pinning {
  readonly server: string[];
  /** The core servers are pinned to (`taskset -c`), or null. */
  readonly serverCore: string | null;
  readonly load: string[];
  readonly note: string;
}

export function pinning(): Pinning {
  let taskset = false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    taskset = true;
  } catch {}
  if (taskset && os.cpus().length >= 2)
    return {
      server: ['taskset', '-c', '0'],
      serverCore: '0',
      load: ['taskset', '-c', '1'],
      note: 'server pinned to core 0 (`taskset -c 0`), load generator to core 1 (`taskset -c 1`)',
    };
  return { server: [], serverCore: null, load: [], note: 'NOT pinned (taskset or a second core is missing)' };
}

function spawnPinned(prefix: string[], args: string[], stdio: Parameters<typeof spawn>[2]): ChildProcess {
  const argv = [...prefix, process.execPath, '--import', 'tsx', ...args];
  return spawn(argv[0]!, argv.slice(1), stdio);
}

function serverArgv(fw: Framework, variant: Variant, bundle: string | null): string[] {
  if (isEdge(fw)) return edgeServerArgv(fw, variant, bundle!);
  return [process.execPath, '--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, fw, variant];
}

function startServer(
  pin: Pinning,
  fw: Framework,
  variant: Variant,
  bundle: string | null,
): Promise<{ port: number; child: ChildProcess }> {
  const argv = [...pin.server, ...serverArgv(fw, variant, bundle)];
  // workerd reports its port as a JSON event on fd 3: {"event":"listen","socket":"http","port":N}.
  const workerd = fw === 'workerd';
  const stdio: StdioOptions = workerd
    ? ['ignore', 'inherit', 'inherit', 'pipe']
    : ['ignore', 'pipe', 'inherit'];
  const child = spawn(argv[0]!, argv.slice(1), { stdio });
  const lines = createInterface({ input: (workerd ? child.stdio[3] : child.stdout) as Readable });
  return new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      const port = workerd ? /"event":"listen".*"port":(\d+)/.exec(line)?.[1] : line;
      if (port !== undefined) {
        lines.close();
        resolve({ port: Number(port), child });
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server ${fw} ${variant} exited with ${code}`)));
  });
}

/** The load generator: one long-lived process; `run` sends it a slice and waits for the counts. */
function startLoad(pin: Pinning): { run: (r: LoadRequest) => Promise<LoadResult>; stop: () => void } {
  const script = new URL('./loadgen.ts', import.meta.url).pathname;
  const child = spawnPinned(pin.load, [script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    run: (r) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
        child.once('exit', onExit);
        child.once('message', (m) => {
          child.off('exit', onExit);
          resolve(m as LoadResult);
        });
        child.send(r);
      }),
    stop: () => child.kill('SIGTERM'),
  };
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system, every thread) the process has used so far. The same figure as utime +
 * stime in /proc/<pid>/stat, read at nanosecond resolution from each thread's /proc schedstat (the
 * on-CPU time the scheduler accounts), because stat counts in clock ticks (10 ms): at a few thousand
 * requests a slice, a tick is several percent. Falls back to stat where schedstat is missing; threads
 * that ended between two readings drop out of the sum, so slices are read with the server idle.
 */
function cpuSeconds(pid: number): number {
  try {
    let ns = 0;
    for (const t of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e9;
  } catch {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  }
}

// The warm-up slice, 1 s: what every run so far had (it asked for half a second, and autocannon ran
// it to its next one-second tick).
const WARMUP_SECONDS = 1;

/** The order of the variants in round `r`: rotated, so that none always follows the same neighbour. */
export function rotated<T>(xs: readonly T[], r: number): T[] {
  const k = r % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

/** The status and CORS lines of one answer over HTTP (bench/answers.ts). */
function corsAnswer(port: number, kind: RequestKind): Promise<string> {
  return new Promise((resolve, reject) => {
    const { method, headers } = REQUESTS[kind];
    const req = http.request({ host: '127.0.0.1', port, path: PATH, method, headers }, (res) => {
      res.resume();
      const pairs: [string, string][] = [];
      const raw = res.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
      res.on('end', () => resolve(corsSummary(res.statusCode!, pairs)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every variant's server, started side by side (idle ones cost nothing), by variant. */
async function startServers(
  fw: Framework,
  pin: Pinning,
  bundle: string | null,
): Promise<Map<Variant, { port: number; child: ChildProcess }>> {
  const servers = new Map<Variant, { port: number; child: ChildProcess }>();
  const started = variantsOf(fw).map(async (v) => servers.set(v, await startServer(pin, fw, v, bundle)));
  const settled = await Promise.allSettled(started);
  const failed = settled.find((x) => x.status === 'rejected');
  if (failed !== undefined) {
    stopServers(servers);
    throw (failed as PromiseRejectedResult).reason;
  }
  return servers;
}

function stopServers(servers: Map<Variant, { child: ChildProcess }>): void {
  for (const s of servers.values()) s.child.kill('SIGTERM');
}

/** One slice of load on one server; the server's CPU per request over it. */
async function slice(
  s: { port: number; child: ChildProcess },
  kind: RequestKind,
  seconds: number,
  load: ReturnType<typeof startLoad>,
): Promise<Slice> {
  const req: LoadRequest = { port: s.port, path: PATH, ...REQUESTS[kind], seconds, connections: 10 };
  const cpu0 = cpuSeconds(s.child.pid!);
  const r = await load.run(req);
  const cpu1 = cpuSeconds(s.child.pid!);
  return {
    requests: r.requests,
    rps: r.requests / r.seconds,
    cpuUs: ((cpu1 - cpu0) * 1e6) / Math.max(r.requests, 1),
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

const UNPINNED: Pinning = { server: [], serverCore: null, load: [], note: 'not pinned' };

/**
 * Start one framework's servers (unpinned), check that its headers-only variant answers every request
 * kind exactly as corsair does, stop them. What a run checks before it measures, on its own (tests).
 *
 * @example
 * await checkHeadersOverHttp('koa', console.log);
 */
export async function checkHeadersOverHttp(fw: Framework, log: (s: string) => void): Promise<void> {
  const bundle = isEdge(fw) ? await edgeBundle(fw) : null;
  try {
    const servers = await startServers(fw, UNPINNED, bundle);
    try {
      await checkHeadersVariant(fw, KINDS_OF.headers, (v, k) => corsAnswer(servers.get(v)!.port, k), log);
    } finally {
      stopServers(servers);
    }
  } finally {
    if (bundle !== null) rmSync(bundle, { recursive: true, force: true });
  }
}

async function measureFramework(
  fw: Framework,
  opts: HttpOptions,
  pin: Pinning,
  load: ReturnType<typeof startLoad>,
): Promise<HttpCell[]> {
  const bundle = isEdge(fw) ? await edgeBundle(fw) : null;
  const cells = new Map<string, HttpCell>();
  try {
    for (let round = 1; round <= opts.rounds; round++) {
      // Fresh servers every round: the same server started twice differs by up to ~10% in CPU per
      // request (its JIT's choices, its heap's layout), so one process per variant would carry one
      // draw into every round and show it as a steady cost.
      const servers = await startServers(fw, pin, bundle);
      try {
        if (round === 1)
          await checkHeadersVariant(
            fw,
            KINDS_OF.headers,
            (v, k) => corsAnswer(servers.get(v)!.port, k),
            opts.log,
          );
        for (const measured of [false, true]) {
          for (const kind of KINDS) {
            for (const v of rotated(variantsOf(fw), round)) {
              // A warm-up slice first (JIT, caches, connection pools), discarded. Every server takes
              // every kind, also those its figures are not used for (KINDS_OF), as in process: the
              // same sequence of work in every server (Koa with 20 routes read 0.94 of corsair with
              // two kinds, 0.99 with four, 3 rounds each).
              const seconds = measured ? opts.seconds : (opts.warmupSeconds ?? WARMUP_SECONDS);
              const r = await slice(servers.get(v)!, kind, seconds, load);
              if (!measured || !KINDS_OF[v].includes(kind)) continue;
              const key = `${v}/${kind}`;
              const cell = cells.get(key) ?? { framework: fw, variant: v, kind, slices: [] };
              cell.slices.push(r);
              cells.set(key, cell);
            }
          }
        }
      } finally {
        stopServers(servers);
      }
      opts.log(`  ${fw}: round ${round} of ${opts.rounds} done`);
    }
    return [...cells.values()];
  } finally {
    if (bundle !== null) rmSync(bundle, { recursive: true, force: true });
  }
}

/**
 * Run the HTTP part: every framework's four servers, interleaved, `rounds` measured rounds of slices.
 *
 * @example
 * const cells = await runHttp({ seconds: 1, rounds: 5, log: console.log });
 */
export async function runHttp(opts: HttpOptions): Promise<HttpCell[]> {
  const pin = pinning();
  opts.log(
    `HTTP: ${pin.note}; ${opts.rounds} rounds of ${opts.seconds} s slices, fresh servers warmed up in each`,
  );
  const load = startLoad(pin);
  const out: HttpCell[] = [];
  try {
    for (const fw of opts.frameworks ?? FRAMEWORKS) {
      if (isEdge(fw) && runtimeBinary(fw) === null) {
        opts.log(`  ${fw}: NOT MEASURED, its binary is not installed (npm package '${fw}')`);
        continue;
      }
      out.push(...(await measureFramework(fw, opts, pin, load)));
    }
  } finally {
    load.stop();
  }
  return out;
}

/** A measured cell of either method: one CPU µs per request figure per round (warm-up excluded). */
export interface CpuCell {
  readonly framework: Framework;
  readonly variant: Variant;
  readonly kind: RequestKind;
  readonly slices: readonly { readonly cpuUs: number }[];
}

/**
 * Throughput of `cell` relative to `ref` by CPU per request, round by round (the slices of one round are
 * adjacent in time): ref ÷ cell, so 0.97 means 3% less throughput for a CPU-bound server.
 */
export function cpuRatios(cell: CpuCell, ref: CpuCell): Spread {
  const n = Math.min(cell.slices.length, ref.slices.length);
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) cpu.push(ref.slices[i]!.cpuUs / cell.slices[i]!.cpuUs);
  return spread(cpu);
}

/** Throughput of `cell` relative to `ref`: by CPU per request (cpuRatios) and by req/s (cell ÷ ref). */
export function pairedRatios(cell: HttpCell, ref: HttpCell): { cpu: Spread; rps: Spread } {
  const n = Math.min(cell.slices.length, ref.slices.length);
  const rps: number[] = [];
  for (let i = 0; i < n; i++) rps.push(cell.slices[i]!.rps / ref.slices[i]!.rps);
  return { cpu: cpuRatios(cell, ref), rps: spread(rps) };
}
