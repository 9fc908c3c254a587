// HTTP throughput (autocannon, loopback, 10 connections): each server in its own process.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { APP, HTTP_SCENARIOS, type HttpScenario } from './server.js';

export interface HttpResult {
  readonly scenario: HttpScenario;
  readonly request: 'actual' | 'preflight';
  /** Best mean requests/second over the rounds. */
  readonly rps: number;
  readonly non2xx: number;
  readonly errors: number;
}

const ACTUAL = { method: 'GET' as const, headers: { origin: APP } };
const PREFLIGHT = {
  method: 'OPTIONS' as const,
  headers: { origin: APP, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
};

function startServer(name: HttpScenario): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve({ port: Number(line), child }));
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with ${code}`)));
  });
}

async function load(port: number, req: typeof ACTUAL | typeof PREFLIGHT, seconds: number) {
  return autocannon({ url: `http://127.0.0.1:${port}/`, connections: 10, duration: seconds, ...req });
}

export async function runHttp(opts: { seconds: number; rounds: number; log: (s: string) => void }): Promise<HttpResult[]> {
  const best = new Map<string, HttpResult>();
  for (let round = 0; round < opts.rounds; round++) {
    for (const name of HTTP_SCENARIOS) {
      const { port, child } = await startServer(name);
      try {
        const kinds: ('actual' | 'preflight')[] = name.endsWith('-bare') ? ['actual'] : ['actual', 'preflight'];
        for (const kind of kinds) {
          const req = kind === 'actual' ? ACTUAL : PREFLIGHT;
          await load(port, req, 1); // warm-up (JIT)
          const r = await load(port, req, opts.seconds);
          const result: HttpResult = { scenario: name, request: kind, rps: r.requests.average, non2xx: r.non2xx, errors: r.errors };
          opts.log(`round ${round + 1} ${name} ${kind}: ${result.rps.toFixed(0)} req/s (non-2xx ${r.non2xx}, errors ${r.errors})`);
          const key = `${name}|${kind}`;
          const prev = best.get(key);
          if (prev === undefined || result.rps > prev.rps) best.set(key, result);
        }
      } finally {
        child.kill('SIGTERM');
      }
    }
  }
  return [...best.values()];
}
