// HTTP throughput (autocannon, loopback, 10 connections). Each server runs in its own process; the
// servers of one framework run side by side and are loaded in interleaved 1 s slices, so the load
// other work puts on a shared machine falls on all of them alike and the ratios stay meaningful.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { APP, HTTP_SCENARIOS, type HttpScenario } from './server.js';

export interface HttpResult {
  readonly scenario: HttpScenario;
  readonly request: 'actual' | 'preflight';
  /** Requests per second over all slices (wall clock: sensitive to other load on the machine). */
  readonly rps: number;
  /** Server CPU time per request, µs (from /proc: insensitive to other load; the robust figure). */
  readonly cpuUsPerRequest: number;
  readonly non2xx: number;
  readonly errors: number;
}

const REQUESTS = {
  actual: { method: 'GET' as const, headers: { origin: APP } },
  preflight: {
    method: 'OPTIONS' as const,
    headers: {
      origin: APP,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'content-type',
    },
  },
};

function startServer(name: HttpScenario): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, name],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (line) => resolve({ port: Number(line), child }));
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with ${code}`)));
  });
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

function load(port: number, kind: 'actual' | 'preflight', seconds: number) {
  return autocannon({
    url: `http://127.0.0.1:${port}/`,
    connections: 10,
    duration: seconds,
    ...REQUESTS[kind],
  });
}

export async function runHttp(opts: { seconds: number; log: (s: string) => void }): Promise<HttpResult[]> {
  const frameworks = [...new Set(HTTP_SCENARIOS.map((s) => s.slice(0, s.indexOf('-'))))];
  const out: HttpResult[] = [];
  for (const fw of frameworks) {
    const names = HTTP_SCENARIOS.filter((s) => s.startsWith(`${fw}-`));
    const servers = await Promise.all(names.map(async (n) => [n, await startServer(n)] as const));
    try {
      for (const kind of ['actual', 'preflight'] as const) {
        const group = servers.filter(([n]) => kind === 'actual' || !n.endsWith('-bare'));
        for (const [, s] of group) await load(s.port, kind, 1); // warm-up (JIT)
        const sums = new Map<
          HttpScenario,
          { requests: number; seconds: number; cpu: number; non2xx: number; errors: number }
        >();
        for (let slice = 0; slice < opts.seconds; slice++) {
          for (const [n, s] of group) {
            const cpu0 = cpuSeconds(s.child.pid!);
            const r = await load(s.port, kind, 1);
            const cpu1 = cpuSeconds(s.child.pid!);
            const acc = sums.get(n) ?? { requests: 0, seconds: 0, cpu: 0, non2xx: 0, errors: 0 };
            acc.requests += r.requests.total;
            acc.seconds += r.duration;
            acc.cpu += cpu1 - cpu0;
            acc.non2xx += r.non2xx;
            acc.errors += r.errors;
            sums.set(n, acc);
          }
        }
        for (const [n, acc] of sums) {
          const result: HttpResult = {
            scenario: n,
            request: kind,
            rps: acc.requests / acc.seconds,
            cpuUsPerRequest: (acc.cpu * 1e6) / acc.requests,
            non2xx: acc.non2xx,
            errors: acc.errors,
          };
          opts.log(
            `${n} ${kind}: ${result.rps.toFixed(0)} req/s, ${result.cpuUsPerRequest.toFixed(1)} µs server CPU per request (non-2xx ${acc.non2xx}, errors ${acc.errors})`,
          );
          out.push(result);
        }
      }
    } finally {
      for (const [, s] of servers) s.child.kill('SIGTERM');
    }
  }
  return out;
}
