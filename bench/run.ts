// `npm run bench`: per-decision cost (mitata) and HTTP throughput (autocannon) in one run, ratios
// against cors, @fastify/cors, @koa/cors and hono/cors, written to bench/RESULTS.md.
//   npm run bench -- --seconds 3 --rounds 2 --skip-http
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { type DecisionResult, runDecisions } from './decisions.js';
import { type HttpResult, runHttp } from './http.js';

const args = process.argv.slice(2);
const flag = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
const seconds = flag('seconds', 3);
const rounds = flag('rounds', 2);
const skipHttp = args.includes('--skip-http');
const log = (s: string) => console.log(s);

const started = new Date();
log(`corsair bench: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const decisions = await runDecisions(log);
const http = skipHttp ? [] : await runHttp({ seconds, rounds, log });

const ns = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} µs` : `${x.toFixed(0)} ns`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

const byName = (n: string) => decisions.find((d) => d.scenario.startsWith(n))!;
const one = byName('actual, allowed (1 origin)');
const tenK = byName('actual, allowed (10,000 origins)');

const lines: string[] = [];
lines.push('# Benchmarks', '');
lines.push(`Run: \`npm run bench\` (${started.toISOString()}), ${seconds} s per HTTP scenario after a 1 s warm-up, 10 connections, loopback, best of ${rounds} rounds; mitata for per-call cost.`);
lines.push(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${os.platform()} ${os.release()}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work shares this machine, so absolute figures are noisy; ratios are measured in the same run).`);
lines.push('');
lines.push('## Per decision (mean per call, same fake req/res or context for every middleware)', '');
lines.push('| scenario | corsair engine (`decideValues`) | corsair/node | cors | cors ÷ corsair/node | cors ÷ engine | corsair/hono | hono/cors | hono/cors ÷ corsair/hono |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const d of decisions as DecisionResult[]) {
  lines.push(
    `| ${d.scenario} | ${ns(d.corsairEngine)} | ${ns(d.corsairNode)} | ${ns(d.cors)} | ${ratio(d.cors, d.corsairNode)} | ${ratio(d.cors, d.corsairEngine)} | ${ns(d.corsairHono)} | ${ns(d.honoCors)} | ${ratio(d.honoCors, d.corsairHono)} |`,
  );
}
lines.push('');
const minCors = Math.min(...decisions.map((d) => d.cors / d.corsairNode));
const minCorsEngine = Math.min(...decisions.map((d) => d.cors / d.corsairEngine));
const minHono = Math.min(...decisions.map((d) => d.honoCors / d.corsairHono));
const scale = tenK.corsairEngine / one.corsairEngine;
lines.push('## Targets', '');
lines.push('| target | measured | |');
lines.push('|---|---|---|');
lines.push(`| per decision ≥ 10x faster than \`cors\` (engine decision vs cors middleware, worst scenario) | ${minCorsEngine.toFixed(1)}x | ${mark(minCorsEngine >= 10)} |`);
lines.push(`| same, middleware vs middleware (corsair/node vs cors, worst scenario) | ${minCors.toFixed(1)}x | ${mark(minCors >= 10)} |`);
lines.push(`| per decision ≥ 3x faster than \`hono/cors\` middleware (worst scenario) | ${minHono.toFixed(1)}x | ${mark(minHono >= 3)} |`);
lines.push(`| 10,000 origins within 1.3x of 1 origin (engine) | ${scale.toFixed(2)}x | ${mark(scale <= 1.3)} |`);

if (http.length > 0) {
  const rps = (s: string, k: 'actual' | 'preflight' = 'actual') => (http as HttpResult[]).find((h) => h.scenario === s && h.request === k)?.rps ?? Number.NaN;
  const pairs: [string, string, string, number][] = [
    ['node:http + corsair vs bare node:http', 'node-corsair', 'node-bare', 0.95],
    ['Express + corsair vs Express + cors', 'express-corsair', 'express-cors', 1],
    ['Fastify + corsair vs Fastify + @fastify/cors', 'fastify-corsair', 'fastify-@fastify/cors', 1],
    ['Hono + corsair vs Hono + hono/cors', 'hono-corsair', 'hono-hono/cors', 1],
    ['Koa + corsair vs Koa + @koa/cors', 'koa-corsair', 'koa-@koa/cors', 1],
  ];
  for (const [label, a, b, target] of pairs) {
    const r = rps(a) / rps(b);
    lines.push(`| ${label}: throughput ratio ≥ ${target} (actual GET, allowed origin) | ${r.toFixed(2)} | ${mark(r >= target)} |`);
  }
  lines.push('');
  lines.push('## HTTP throughput (requests/second, mean of the best round)', '');
  lines.push('| server | actual GET (allowed origin) | preflight (allowed) | non-2xx |');
  lines.push('|---|---|---|---|');
  for (const h of http.filter((x) => x.request === 'actual')) {
    const pre = http.find((x) => x.scenario === h.scenario && x.request === 'preflight');
    lines.push(`| ${h.scenario} | ${h.rps.toFixed(0)} | ${pre ? pre.rps.toFixed(0) : '—'} | ${h.non2xx + (pre?.non2xx ?? 0)} |`);
  }
}
lines.push('');
writeFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
log(lines.join('\n'));
