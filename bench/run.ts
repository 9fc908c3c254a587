// `npm run bench`: per-call cost (mitata), the HTTP cost of CORS in every framework (the pinned-core
// method of bench/http.ts) and the same apps' cost in process (bench/inprocess.ts), written to
// bench/RESULTS.md with the machine and the command.
//   npm run bench -- --seconds 1 --rounds 5 --frameworks node,hono --skip-http --skip-scan
//   --skip-percall, --skip-inprocess; --inprocess-rounds 5 --inprocess-batches 100
//   --inprocess-frameworks node,express (default: the --frameworks list, the edge runtimes left out)
//   (--large-scan adds 100,000 targets to the scan section)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import buildIfStale from '../test/support/fresh-build.js';
import type { DecisionResult } from './decisions.js';
import { type HttpCell, pinning, runHttp } from './http.js';
import { runInProcess } from './inprocess.js';
import { httpSection, inProcessSection, perCallSection, targetsSection } from './report.js';
import { foreignSections, RESULTS_FILE, writeSection } from './results-file.js';
import { runScanBench, scanSection } from './scan.js';
import { FRAMEWORKS, type Framework, PER_CALL_ROUNDS } from './scenarios.js';

const args = process.argv.slice(2);
const flag = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : (args[i + 1] ?? def);
};
const seconds = Number(flag('seconds', '1'));
const rounds = Number(flag('rounds', '5'));
const frameworks = flag('frameworks', FRAMEWORKS.join(',')).split(',') as Framework[];
const skipHttp = args.includes('--skip-http');
const skipPerCall = args.includes('--skip-percall');
const skipInProcess = args.includes('--skip-inprocess');
const inProcess = {
  rounds: Number(flag('inprocess-rounds', '5')),
  batches: Number(flag('inprocess-batches', '100')),
  frameworks: flag('inprocess-frameworks', frameworks.join(',')).split(',') as Framework[],
};
const log = (s: string) => console.log(s);

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const cpuModel = () => {
  try {
    const m = /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }));
    if (m) return m[1]!.trim();
  } catch {}
  return os.cpus()[0]?.model ?? '?';
};

const started = new Date();
const loadBefore = load();
const machine = `${os.cpus().length} cores (${cpuModel()}), Node ${process.version}, ${os.platform()} ${os.release()}`;
log(`corsair bench: ${machine}, load average ${loadBefore}`);
// What is measured is the built package (dist/), as users run it, not the TypeScript through tsx.
buildIfStale();
const { runDecisions } = await import('./decisions.js');
const decisions: DecisionResult[] = skipPerCall ? [] : await runDecisions(log, PER_CALL_ROUNDS);
const cells: HttpCell[] = skipHttp ? [] : await runHttp({ seconds, rounds, frameworks, log });
const inProcessRun = skipInProcess ? null : await runInProcess({ ...inProcess, log });
const loadAfter = load();

const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
const lines = ['# Benchmarks', ''];
lines.push(
  `Run: \`${command}\` (${started.toISOString()}). Machine: ${machine}. Load average (1, 5, 15 min) at start ${loadBefore}, at the end ${loadAfter}: other work shares this machine, which is why every figure is CPU time per request or call and every ratio is taken between adjacent slices.`,
  '',
);
if (decisions.length > 0) lines.push(...perCallSection(decisions, PER_CALL_ROUNDS));
if (cells.length > 0) lines.push(...httpSection(cells, { seconds, rounds, pin: pinning().note }));
if (inProcessRun) lines.push(...inProcessSection(inProcessRun, inProcess));
lines.push(...targetsSection(decisions, cells, inProcessRun?.cells));
lines.push(
  '## Notes',
  '',
  "- Per call, both middlewares run on the same fakes and the fakes' own cost is subtracted; the engine column is the decision alone (a lookup returning prebuilt header lines). On a real node `ServerResponse` (the second table) node validates every header name and value and serializes the head, which any middleware pays per line: the ceiling column is how much faster than `cors` a middleware writing corsair's lines could be at best.",
  '- HTTP: CPU per request includes everything the server process does (parsing, the framework, the socket writes, GC). How much a variant costs is the difference between two such figures of ~10–100 µs, so the spread (min–max over the rounds) says how far a ratio can be trusted: a range that straddles 0.97 does not show a miss or a hit by itself. Each round runs fresh server processes, so the ranges include how much one start of a server differs from the next (up to ~10–15% of CPU per request); the median over the rounds is the figure.',
  '- workerd, Bun and Deno: corsair-cors/fetch bundled from dist/ as an edge deployment ships it (esbuild, platform neutral), wrapping a bare `(Request) => Response` handler (bench/edge-app.ts) served by `Bun.serve` / `Deno.serve` (bench/edge-server.ts) or by `workerd serve` as a module worker, bundled with it into one module as wrangler does, its variant named in a text binding (bench/edge-worker.ts, bench/edge-launch.ts); their floor is a plain function around the handler (the shape `withCors` has: it returns what the handler returns, with no Promise around it), and there is no peer middleware. workerd spends ~80–100 µs of CPU a request on this machine (Deno ~11, Bun ~8) and one process varies by ±10% from one slice to the next, so its ratios have the widest ranges: each Headers call there costs ~0.2–0.6 µs (measured 50–100 to a request), and two paired runs on a quiet machine (15 and 20 slices of 1.5 s a variant, fresh processes) put corsair 6.7 and 2.3 µs above headers only, 2–7%, under the noise of a 5-round run on a loaded one.',
  "- The 20-route policy: 20 routes each with its own 100-origin credentialed policy; the request's path takes the last route. '20 routes ÷ corsair' is its cost against corsair without routes in the same round. Per call, the '20 routes' rows show what routing adds to each request directly (tens of nanoseconds, far below what a throughput ratio resolves); the routes goal is judged on that figure against the framework's own per-request cost.",
  "- In process against HTTP: both run the same apps. In process the bare figure leaves out HTTP parsing, the socket and the load generator, so the same absolute cost gives a lower (stricter) ratio than over HTTP, and the ranges are narrow enough to show a difference of 3% (the spread line under its table says how narrow). But costs that grow with the socket work or with allocation (GC) show fully only over HTTP: perf3 found Fastify's HTTP gap about 4x its in-process gap. So in process says steadily what CORS adds to the framework's own work, HTTP what a server sees, with wider ranges; the Targets table judges every goal on both and names the method of each figure.",
  "- node:http's app sets two headers (`Content-Type`, `Cache-Control`): with one `setHeader` call a response, V8 kept node's `setHeader` unoptimized in the in-process loop, and the bare app read ~0.4 µs a request dearer than any variant adding a line (until 2026-11-29 the node rows in process were measured so, in corsair's favour: its refused, no-origin and preflight rows read at or above the bare app). bench/upstream/README.md, \"node's setHeader\", shows it in ten lines; over HTTP it made no difference.",
  '- Reproduce: `npm run bench` (about 37 minutes on a quiet machine: per call ~8 (3 processes of 3 rounds per scenario), HTTP ~24 with 5 rounds of fresh servers, every server taking all four request kinds; plus about 5 for the in-process section, depending on the load, plus the scan section); `--skip-http --skip-inprocess --skip-scan` for the per-call part; `--skip-percall --skip-http --skip-scan` for the in-process part alone; `--seconds N --rounds N --frameworks a,b` to change the HTTP budget, `--inprocess-rounds N --inprocess-batches N --inprocess-frameworks a,b` the in-process one.',
  '',
);
// Sections this run owns (and the names they had before), so a rewrite drops their old text.
const own = new Set([...lines.filter((l) => l.startsWith('## ')), '## Per decision', '## HTTP throughput']);
const previous = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
writeFileSync(RESULTS_FILE, [`${lines.join('\n')}\n`, ...foreignSections(previous, own)].join('\n'));
log(lines.join('\n'));
// Scan at scale (its own "## Scan" section): the built CLI against loopback servers, a few minutes.
if (!args.includes('--skip-scan')) {
  const scanStarted = new Date();
  const section = scanSection(await runScanBench({ log, large: args.includes('--large-scan') }), scanStarted);
  writeSection(section);
  log(section);
}
