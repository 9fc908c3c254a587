// Bounded load test of `corsair proxy`: a loopback upstream and the proxy run in a child process (so
// its memory is measured alone), autocannon sends a fixed number of requests and stops by itself.
//
//   npx tsx bench/proxy-load.ts [--amount 20000] [--connections 50]
//
// Runs two measured rounds (memory after each) and prints the figures; `--write` puts them in the
// "## Proxy load test" section of bench/RESULTS.md. Exits 1 on any error, timeout or non-2xx.
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { writeSection } from './results-file.js';

const ORIGIN = 'http://localhost:5173';

interface Memory {
  rss: number;
  heapUsed: number;
  peakRss: number;
}

type FromChild = { type: 'ready'; url: string } | ({ type: 'memory' } & Memory);

/** Child: upstream + proxy on 127.0.0.1, answering memory queries over IPC. */
async function serve(): Promise<void> {
  const { createCorsProxy } = await import('../src/proxy/server.js');
  const body = JSON.stringify({
    items: [
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ],
  });
  const upstream = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const a = upstream.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  const proxy = createCorsProxy({
    targets: [`http://127.0.0.1:${port}/api`],
    cors: { origins: [ORIGIN], methods: '*', allowedHeaders: '*', credentials: true },
    allowPrivate: true,
  });
  const { url } = await proxy.listen({ port: 0 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  process.on('message', (m: string) => {
    if (m === 'memory') {
      globalThis.gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      process.send?.({ type: 'memory', rss, heapUsed, peakRss } satisfies FromChild);
      peakRss = rss;
    } else if (m === 'stop') {
      clearInterval(sampler);
      void proxy.close().then(() => {
        upstream.close();
        upstream.closeAllConnections();
        process.exit(0);
      });
    }
  });
  process.send?.({ type: 'ready', url } satisfies FromChild);
}

function ask(child: ChildProcess, message: string): Promise<FromChild> {
  return new Promise((resolve) => {
    child.once('message', (m: FromChild) => resolve(m));
    child.send(message);
  });
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      amount: { type: 'string', default: '20000' },
      connections: { type: 'string', default: '50' },
      serve: { type: 'boolean' },
      write: { type: 'boolean' },
    },
  });
  if (values.serve) return serve();
  const amount = Number(values.amount);
  const connections = Number(values.connections);
  const here = fileURLToPath(import.meta.url);
  const tsx = pathToFileURL(join(here, '../../node_modules/tsx/dist/loader.mjs')).href;
  const child = fork(here, ['--serve'], { execArgv: ['--expose-gc', '--import', tsx] });
  const ready = await new Promise<FromChild>((resolve) =>
    child.once('message', (m: FromChild) => resolve(m)),
  );
  if (ready.type !== 'ready') throw new Error('child did not start');
  const url = `${ready.url}/items`;
  const run = (n: number) =>
    autocannon({ url, connections, amount: n, headers: { Origin: ORIGIN }, timeout: 10 });
  try {
    await run(2000); // warm-up: JIT, keep-alive pools
    const before = (await ask(child, 'memory')) as Memory;
    const result = await run(amount);
    const after = (await ask(child, 'memory')) as Memory;
    // A second identical round: a leak would grow memory again, a steady state does not.
    const second = await run(amount);
    const afterSecond = (await ask(child, 'memory')) as Memory;
    const clean = (r: autocannon.Result) =>
      r.errors === 0 && r.timeouts === 0 && r.non2xx === 0 && r.requests.total === amount;
    const ok = clean(result) && clean(second);
    const figures = {
      command: `npx tsx bench/proxy-load.ts --amount ${amount} --connections ${connections}`,
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mib(totalmem())} RAM, Node ${process.version}, ${process.platform}`,
      requests: result.requests.total,
      durationS: result.duration,
      reqPerSec: Math.round(result.requests.average),
      latencyMs: {
        p50: result.latency.p50,
        p97_5: result.latency.p97_5,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      memory: {
        rssBefore: mib(before.rss),
        rssAfter: mib(after.rss),
        peakRssDuring: mib(after.peakRss),
        heapBefore: mib(before.heapUsed),
        heapAfter: mib(after.heapUsed),
        rssAfterSecondRound: mib(afterSecond.rss),
        heapAfterSecondRound: mib(afterSecond.heapUsed),
        secondRound: `${second.requests.total} requests, ${second.errors} errors, ${second.non2xx} non-2xx, ${Math.round(second.requests.average)} req/s`,
      },
    };
    console.log(JSON.stringify(figures, null, 2));
    const row = `| ${figures.requests} req, ${connections} conn | ${figures.durationS} s | ${figures.reqPerSec} req/s | p50 ${figures.latencyMs.p50} ms, p99 ${figures.latencyMs.p99} ms | ${figures.errors} errors, ${figures.timeouts} timeouts, ${figures.non2xx} non-2xx | RSS ${figures.memory.rssBefore} → ${figures.memory.rssAfter} (peak ${figures.memory.peakRssDuring}), heap ${figures.memory.heapBefore} → ${figures.memory.heapAfter}; after a 2nd round RSS ${figures.memory.rssAfterSecondRound}, heap ${figures.memory.heapAfterSecondRound} |`;
    console.log(`\n${row}`);
    if (values.write) {
      writeSection(
        [
          '## Proxy load test',
          '',
          `\`corsair proxy\` in front of a loopback upstream, allowed origin, autocannon with a fixed request count (stops by itself). Machine: ${figures.machine}. Command: \`npm run bench:proxy -- --write\` (${new Date().toISOString().slice(0, 10)}).`,
          '',
          '| load | duration | throughput | latency | failures | memory of the proxy process |',
          '|---|---|---|---|---|---|',
          row,
          '',
          `Second round: ${figures.memory.secondRound}. Flat heap across rounds means no per-request leak; the test fails on any error, timeout or non-2xx.`,
          '',
        ].join('\n'),
      );
    }
    if (!ok) process.exitCode = 1;
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

await main();
