// `npm run bench`: per-decision cost (mitata) and HTTP throughput (autocannon) in one run, ratios
// against cors, @fastify/cors, @koa/cors and hono/cors, written to bench/RESULTS.md.
//   npm run bench -- --seconds 3 --rounds 5 --skip-http --skip-scan (--large-scan adds 100,000 targets)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { type DecisionResult, runDecisions } from './decisions.js';
import { type HttpResult, runHttp } from './http.js';
import { foreignSections, RESULTS_FILE, writeSection } from './results-file.js';
import { runScanBench, scanSection } from './scan.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
const seconds = flag('seconds', 3);
const rounds = flag('rounds', 5);
const skipHttp = args.includes('--skip-http');
const log = (s: string) => console.log(s);

const started = new Date();
log(
  `corsair bench: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const decisions = await runDecisions(log, rounds);
const http = skipHttp ? [] : await runHttp({ seconds, log });

const NOTES = [
  '## Notes',
  '',
  '- The machine is shared with other work (see the load average): wall-clock figures swing by tens of percent between runs, so ratios use CPU time (per call: the process CPU clock; HTTP: the server process CPU from /proc). Ratios within about ±10% of 1 (e.g. node:http + corsair against bare node:http) are noise, not a speed-up.',
  '- "per decision" against `cors` compares corsair\'s decision (`decideValues`, which returns precomputed header lines) with the whole `cors` middleware, which has no separate decision step; the middleware-against-middleware row shows that writing the headers then dominates both.',
  '- Hono: corsair-cors/hono touches `c.res.headers` after the handler to merge `Vary`, which makes @hono/node-server build a full Headers object; that is most of the few µs it adds per request over HTTP (hono/cors touches it before and after, and adds more).',
  '- Reproduce: `npm run bench` (about 6 minutes, plus a few for the scan section); `npm run bench -- --skip-http --skip-scan` for the per-call part only; `--seconds N --rounds N` to change the budget.',
  '',
];

const ns = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} µs` : `${x.toFixed(0)} ns`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

const byName = (n: string) => decisions.find((d) => d.scenario.startsWith(n))!;
const one = byName('actual, allowed (1 origin)');
const tenK = byName('actual, allowed (10,000 origins)');

const lines: string[] = [];
lines.push('# Benchmarks', '');
lines.push(
  `Run: \`npm run bench\` (${started.toISOString()}). Per call: mitata timed on process CPU time, lowest mean of ${rounds} interleaved rounds. HTTP: autocannon, 10 connections, loopback, each server in its own process, ${seconds} interleaved 1 s slices per server after a 1 s warm-up.`,
);
lines.push(
  `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${os.platform()} ${os.release()}; load average at start ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} (other work shares this machine, so absolute figures are noisy; ratios are measured in the same run).`,
);
lines.push('');
lines.push('## Per decision', '');
lines.push(
  'CPU time per call. corsair engine = `policy.decideValues()`; corsair-cors/node and cors = the Connect middleware called with the same fake req/res (so both pay the same fake `setHeader`); Hono = a real `app.fetch()` of a one-route app, without CORS, with corsair-cors/hono, with hono/cors (an answered preflight skips the route, so it can cost less than the bare app).',
  '',
);
lines.push(
  '| scenario | corsair engine | corsair-cors/node | cors | cors ÷ engine | cors ÷ corsair-cors/node | Hono bare | Hono + corsair | Hono + hono/cors | hono/cors ÷ corsair (added cost) |',
);
lines.push('|---|---|---|---|---|---|---|---|---|---|');
// The middleware's own cost in Hono; an answered preflight may undercut the bare app (then 0).
const added = (withMw: number, bare: number) => Math.max(withMw - bare, 0);
const honoRatio = (d: DecisionResult) => {
  const ours = added(d.honoWithCorsair, d.honoBareApp);
  const theirs = added(d.honoWithHonoCors, d.honoBareApp);
  return ours === 0 ? Number.POSITIVE_INFINITY : theirs / ours;
};
const fmtRatio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(1)}x` : '∞ (corsair adds nothing)');
for (const d of decisions as DecisionResult[]) {
  lines.push(
    `| ${d.scenario} | ${ns(d.corsairEngine)} | ${ns(d.corsairNode)} | ${ns(d.cors)} | ${ratio(d.cors, d.corsairEngine)} | ${ratio(d.cors, d.corsairNode)} | ${ns(d.honoBareApp)} | ${ns(d.honoWithCorsair)} | ${ns(d.honoWithHonoCors)} | ${fmtRatio(honoRatio(d))} |`,
  );
}
lines.push('');
const minCors = Math.min(...decisions.map((d) => d.cors / d.corsairNode));
const minCorsEngine = Math.min(...decisions.map((d) => d.cors / d.corsairEngine));
const minHono = Math.min(...decisions.map(honoRatio));
const scale = tenK.corsairEngine / one.corsairEngine;
lines.push('## Targets', '');
lines.push('| target | measured | |');
lines.push('|---|---|---|');
lines.push(
  `| per decision ≥ 10x faster than \`cors\` (engine decision vs cors middleware, worst scenario) | ${minCorsEngine.toFixed(1)}x | ${mark(minCorsEngine >= 10)} |`,
);
lines.push(
  `| (context, not a target) middleware vs middleware on the same fake response, corsair-cors/node vs cors, worst scenario | ${minCors.toFixed(1)}x | both pay the same fake setHeader calls |`,
);
lines.push(
  `| per decision ≥ 3x faster than \`hono/cors\` middleware (cost added to a real Hono app, worst scenario) | ${fmtRatio(minHono)} | ${mark(minHono >= 3)} |`,
);
lines.push(
  `| 10,000 origins within 1.3x of 1 origin (engine) | ${scale.toFixed(2)}x | ${mark(scale <= 1.3)} |`,
);

if (http.length > 0) {
  const find = (s: string, k: 'actual' | 'preflight' = 'actual') =>
    (http as HttpResult[]).find((h) => h.scenario === s && h.request === k);
  const pairs: [string, string, string, number][] = [
    ['node:http + corsair vs bare node:http', 'node-corsair', 'node-bare', 0.95],
    ['Express + corsair vs Express + cors', 'express-corsair', 'express-cors', 1],
    ['Fastify + corsair vs Fastify + @fastify/cors', 'fastify-corsair', 'fastify-@fastify/cors', 1],
    ['Hono + corsair vs Hono + hono/cors', 'hono-corsair', 'hono-hono/cors', 1],
    ['Koa + corsair vs Koa + @koa/cors', 'koa-corsair', 'koa-@koa/cors', 1],
  ];
  for (const [label, a, b, target] of pairs) {
    const ra = find(a)!;
    const rb = find(b)!;
    // Throughput of a CPU-bound server is the inverse of its CPU time per request.
    const cpuRatio = rb.cpuUsPerRequest / ra.cpuUsPerRequest;
    const wallRatio = ra.rps / rb.rps;
    lines.push(
      `| ${label}: throughput ratio ≥ ${target} (actual GET, allowed origin) | ${cpuRatio.toFixed(2)} by server CPU per request (${wallRatio.toFixed(2)} by wall-clock req/s) | ${mark(cpuRatio >= target)} |`,
    );
  }
  lines.push('');
  lines.push('## HTTP throughput', '');
  lines.push(
    'Server CPU per request comes from /proc/<pid>/stat of the server process and is what the ratios use: on a shared, loaded machine wall-clock req/s mostly measures the other load.',
    '',
  );
  lines.push(
    '| server | actual GET: req/s | actual GET: server CPU µs/req | preflight: req/s | preflight: server CPU µs/req | non-2xx |',
  );
  lines.push('|---|---|---|---|---|---|');
  for (const h of http.filter((x) => x.request === 'actual')) {
    const pre = find(h.scenario, 'preflight');
    lines.push(
      `| ${h.scenario} | ${h.rps.toFixed(0)} | ${h.cpuUsPerRequest.toFixed(1)} | ${pre ? pre.rps.toFixed(0) : '—'} | ${pre ? pre.cpuUsPerRequest.toFixed(1) : '—'} | ${h.non2xx + (pre?.non2xx ?? 0)} |`,
    );
  }
}
lines.push('');
lines.push(...NOTES);
// Keep the sections other benchmarks own (bundle size, proxy load test).
const own = new Set(lines.filter((l) => l.startsWith('## ')));
const previous = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
const kept = foreignSections(previous, own);
writeFileSync(RESULTS_FILE, [`${lines.join('\n')}\n`, ...kept].join('\n'));
log(lines.join('\n'));
// Scan at scale (its own "## Scan" section): the built CLI against loopback servers, a few minutes.
if (!args.includes('--skip-scan')) {
  const scanStarted = new Date();
  const section = scanSection(await runScanBench({ log, large: args.includes('--large-scan') }), scanStarted);
  writeSection(section);
  log(section);
}
