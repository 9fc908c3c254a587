// The sections `npm run bench` owns in bench/RESULTS.md, rendered from the measurements.
import type { DecisionResult } from './decisions.js';
import {
  type CpuCell,
  cpuRatios,
  type HttpCell,
  KINDS,
  pairedRatios,
  type RequestKind,
  referenceKind,
} from './http.js';
import { batchSize, TURN, WARMUP_BATCHES, WARMUP_CPU_MS } from './inprocess.js';
import { FRAMEWORKS, type Framework, PEERS, PER_CALL_CHILDREN, type Variant } from './scenarios.js';
import { median, type Spread, spread } from './stats.js';

const ns = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} µs` : `${x.toFixed(0)} ns`);
/** A difference: '+61 ns', '−12 ns' (noise can make a cost read below zero). */
const signedNs = (x: number) => `${x < 0 ? '−' : '+'}${ns(Math.abs(x))}`;
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const fmt = (s: Spread, d = 2) => `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;

/** How many times cheaper corsair is; a cost at or below 0 (noise around nothing) has no ratio. */
const timesCheaper = (theirs: number, ours: number) => (ours <= 0 ? Number.POSITIVE_INFINITY : theirs / ours);
const times = (theirs: number, ours: number) =>
  ours <= 0 ? 'corsair: nothing measurable' : `${(theirs / ours).toFixed(1)}x`;

/** What each middleware spends beyond the `setHeader` calls of the answer itself, compared. */
function aboveWrites(d: DecisionResult): string {
  const ours = d.corsairNode - d.writes;
  const theirs = d.cors - d.writes;
  return ours <= 0
    ? `corsair adds nothing (cors ${ns(Math.max(theirs, 0))})`
    : `${(theirs / ours).toFixed(1)}x`;
}

/** The per-call table: corsair-cors/node's middleware against `cors` on the same fakes, and Hono. */
export function perCallSection(decisions: readonly DecisionResult[], rounds: number): string[] {
  const lines = ['## Per call', ''];
  lines.push(
    `Process CPU time per call. Each scenario is measured by ${PER_CALL_CHILDREN} fresh processes of its own (one policy per process, as in an application: scenarios sharing a process made each other's code polymorphic, and a figure moved up to 2× from run to run), each taking the lowest mean of ${rounds} interleaved rounds (mitata); every figure is the median over the processes. **Middleware**: corsair-cors/node's Connect middleware and \`cors\`, each called with a fresh fake request and response (bench/fakes.ts: node's header storage, \`end()\` through \`writeHead\`, so work deferred to \`writeHead\` counts), then \`res.end()\`; the cost of the fakes alone (make them, end, no middleware) is measured in the same round and subtracted, so the columns are what each middleware adds. **The header writes alone**: just the \`setHeader\` calls corsair's answer consists of, on the same fakes — the floor any middleware writing that answer pays (node's \`setHeader\` lowercases the name and stores a \`[name, value]\` pair; the fake does the same); the next column compares what each middleware spends above it. **Engine**: \`policy.decideValues()\` alone. **Hono**: a real \`app.fetch()\` of a one-route app (an answered preflight skips the route, so it can cost less than the bare app). **20 routes**: bench/scenarios.ts's 20-route policy (each route its own 100-origin credentialed policy; \`/api/items\` takes the last route, \`/other/items\` none, so the defaults decide it; \`/api/caf%C3%A9\` the last route, walked as sent (its escaped segment would be decoded only where a route literal could match it); \`http://127.0.0.1/api/items\`, the whole URL as the Hono and fetch adapters pass it, the last route), its peers configured as that policy without routes; **routes add** is the engine's and the middleware's cost with routes less the same policy without them at the same path, the median over the rounds of the difference within a round.`,
    '',
    '| scenario | engine | corsair-cors/node | cors | cors ÷ corsair-cors/node | the header writes alone | above the writes: cors ÷ corsair | fakes alone | Hono bare | Hono + corsair | Hono + hono/cors | routes add: engine, corsair-cors/node |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const d of decisions)
    lines.push(
      `| ${d.scenario} | ${ns(d.corsairEngine)} | ${ns(d.corsairNode)} | ${ns(d.cors)} | ${times(d.cors, d.corsairNode)} | ${ns(d.writes)} | ${aboveWrites(d)} | ${ns(d.fakes)} | ${ns(d.honoBareApp)} | ${ns(d.honoWithCorsair)} | ${ns(d.honoWithHonoCors)} | ${d.routesAdd ? `${signedNs(d.routesAdd.engine)}, ${signedNs(d.routesAdd.node)}` : '—'} |`,
    );
  lines.push('', ...realResponseTable(decisions));
  return lines;
}

/** The same middlewares on real node objects, where node validates and serializes each header. */
function realResponseTable(decisions: readonly DecisionResult[]): string[] {
  const lines = [
    "**On a real node `ServerResponse`** (`new ServerResponse(new IncomingMessage(socket))`, no I/O: node validates every header at `setHeader` and serializes the head at `writeHead`), each middleware then the handler (`setHeader('Content-Type')`, `end('ok')`), less the handler alone; batches of 100 fresh pairs, the four runs of a batch back to back, the median over 300 batches (paired batches hold up under load better than separate rounds). **Ceiling**: `cors` ÷ the header writes alone — the most any middleware that writes the same lines with node's `setHeader` can be faster than `cors`.",
    '',
    '| scenario | corsair-cors/node | cors | cors ÷ corsair-cors/node | the header writes alone | ceiling: cors ÷ writes | handler alone |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const d of decisions)
    lines.push(
      `| ${d.scenario} | ${ns(d.realCorsairNode)} | ${ns(d.realCors)} | ${times(d.realCors, d.realCorsairNode)} | ${ns(d.realWrites)} | ${(d.realCors / d.realWrites).toFixed(1)}x | ${ns(d.realAlone)} |`,
    );
  lines.push('');
  return lines;
}

export type Find<C extends CpuCell = CpuCell> = (fw: Framework, v: Variant, k: RequestKind) => C | undefined;

export function finder<C extends CpuCell>(cells: readonly C[]): Find<C> {
  return (fw, v, k) => cells.find((c) => c.framework === fw && c.variant === v && c.kind === k);
}

export const KIND_LABEL: Record<RequestKind, string> = {
  actual: 'GET, allowed origin',
  refused: 'GET, refused origin',
  'no-origin': 'GET, no Origin',
  preflight: 'preflight, allowed (vs the bare GET)',
};

/**
 * The columns both methods report for one framework and request kind, each a ratio of CPU per request
 * taken round by round (median (min–max)): corsair, floor, corsair ÷ floor, headers only, corsair ÷
 * headers only, peer, corsair vs peer, 20 routes, 20 routes ÷ corsair; then the median CPU µs per
 * request of bare, floor, headers only, corsair, peer, routes (`digits` decimals). Undefined when corsair
 * or the bare reference was not measured.
 */
export function ratioColumns(
  find: Find,
  fw: Framework,
  k: RequestKind,
  digits: number,
): string[] | undefined {
  const ref = find(fw, 'bare', referenceKind(k));
  const ours = find(fw, 'corsair', k);
  if (!ref || !ours) return undefined;
  const [floor, headers, peer, routes] = (['floor', 'headers', 'peer', 'routes'] as const).map((v) =>
    find(fw, v, k),
  );
  const vs = (a: CpuCell | undefined, b: CpuCell | undefined) => (a && b ? fmt(cpuRatios(a, b)) : '—');
  const us = (c: CpuCell | undefined) =>
    c ? spread(c.slices.map((s) => s.cpuUs)).median.toFixed(digits) : '—';
  return [
    fmt(cpuRatios(ours, ref)),
    vs(floor, ref),
    vs(ours, floor),
    vs(headers, ref),
    vs(ours, headers),
    vs(peer, ref),
    vs(ours, peer),
    vs(routes, ref),
    vs(routes, ours),
    [ref, floor, headers, ours, peer, routes].map(us).join(', '),
  ];
}

/** The header of the ratio table both methods share, with `extra` columns at the end. */
export function ratioHeader(extra: readonly string[]): string[] {
  const cols = [
    'framework',
    'request',
    'corsair ratio',
    'floor ratio',
    'corsair ÷ floor',
    'headers only ratio',
    'corsair ÷ headers only',
    'peer ratio',
    'corsair vs peer',
    '20 routes ratio',
    '20 routes ÷ corsair',
    'CPU µs/req: bare, floor, headers only, corsair, peer, routes',
    ...extra,
  ];
  return [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---|').join('')}`];
}

/** One row per framework and request kind: corsair, the peer and the 20-route policy against bare. */
export function httpSection(
  cells: readonly HttpCell[],
  meta: { seconds: number; rounds: number; pin: string },
): string[] {
  const find = finder(cells);
  const lines = ['## HTTP', ''];
  lines.push(
    `Method: ${meta.pin}; one load generator process (autocannon, 10 connections, loopback). Per framework, ${meta.rounds} rounds; each round starts a fresh server process per variant (one process started twice differs by up to ~10% in CPU per request, so a server kept for every round would carry its one draw into all of them), warms each with a discarded slice per request kind, then measures ${meta.seconds} s slices, the variants interleaved (order rotated each round); every server takes all four request kinds, also those its figures are not used for (a bare app's OPTIONS), so that every server does the same sequence of work. **Ratio** = throughput relative to the bare framework serving the same request (for a preflight: the bare framework's GET), from the server's CPU time per request (bare ÷ variant; ≥ 0.97 means CORS costs at most 3%), taken round by round from adjacent slices: median (min–max over the rounds). **Floor**: the same framework with one middleware that does nothing (Fastify: an onRequest and an onSend hook, the two corsair uses): what the framework charges for any middleware, which no CORS middleware can go below; **corsair ÷ floor** is corsair's own cost above it. **Headers only**: the same framework with one middleware that writes the very lines corsair writes as constant data, chosen by the least any CORS middleware does (the method, the Origin header compared with the allowed origin, and for OPTIONS whether Access-Control-Request-Method is there, read where the framework gives them: node's parsed headers, Hono's \`c.req.header()\`, \`request.headers\` on workerd, Bun and Deno): the allowed GET's lines, \`Vary: Origin\` for a refused origin or none, the allowed preflight's answer — what the framework charges any CORS middleware for reading Origin and sending those headers; **corsair ÷ headers only** is what corsair's logic costs above that, the part a CORS middleware can still save (checked before the run, for every request kind: both send the same status and Access-Control-*/Vary lines). **vs peer** = peer's CPU per request ÷ corsair's (> 1: corsair is cheaper). req/s is shown for context: on a shared machine it mostly measures the other load.`,
    '',
    ...ratioHeader(['req/s ratio corsair']),
  );
  for (const fw of FRAMEWORKS) {
    for (const k of ['actual', 'refused', 'no-origin', 'preflight'] as const) {
      const cols = ratioColumns(find, fw, k, 1);
      if (!cols) continue;
      const rps = pairedRatios(find(fw, 'corsair', k)!, find(fw, 'bare', referenceKind(k))!).rps;
      lines.push(`| ${fw} (${PEERS[fw]}) | ${KIND_LABEL[k]} | ${cols.join(' | ')} | ${fmt(rps)} |`);
    }
  }
  const bad = cells.filter((c) =>
    c.slices.some((s) => s.errors > 0 || (c.kind !== 'refused' && s.non2xx > 0)),
  );
  lines.push('');
  if (bad.length > 0)
    lines.push(
      `Errors or non-2xx answers in: ${bad.map((c) => `${c.framework}/${c.variant}/${c.kind}`).join(', ')}.`,
      '',
    );
  return lines;
}

/** A method's cells, by name, for the Targets table. */
interface Method {
  readonly name: string;
  readonly find: Find;
}

/** One row per method: the lowest ratio of `v` to bare over `kinds`, the misses with their context. */
function goalRows(
  methods: readonly Method[],
  label: string,
  kinds: readonly RequestKind[],
  target: number,
  v: Variant,
) {
  const lines: string[] = [];
  for (const { name, find } of methods) {
    const rows: [string, number, string][] = [];
    for (const fw of FRAMEWORKS)
      for (const k of kinds) {
        const c = find(fw, v, k);
        const ref = find(fw, 'bare', referenceKind(k));
        if (!c || !ref) continue;
        const context = (['floor', 'headers'] as const).flatMap((x) => {
          const cell = find(fw, x, x === 'floor' ? referenceKind(k) : k);
          return cell
            ? [`${x === 'floor' ? 'floor' : 'headers only'} ${cpuRatios(cell, ref).median.toFixed(2)}`]
            : [];
        });
        rows.push([`${fw} ${k}`, cpuRatios(c, ref).median, context.length ? ` (${context.join(', ')})` : '']);
      }
    lines.push(...verdictRow(label, name, rows, target));
  }
  return lines;
}

/**
 * One Targets row from named ratios (`[case, ratio, context]`): the lowest, those below `target`, and
 * the verdict; none when nothing was measured.
 */
function verdictRow(
  label: string,
  method: string,
  rows: readonly (readonly [string, number, string])[],
  target: number,
): string[] {
  if (rows.length === 0) return [];
  const misses = rows.filter(([, r]) => r < target);
  const low = rows.reduce((a, b) => (b[1] < a[1] ? b : a));
  const below = misses.map(([n, r, f]) => `${n} ${r.toFixed(2)}${f}`).join(', ');
  return [
    `| ${label} | ${method} | lowest: ${low[1].toFixed(2)} (${low[0]})${misses.length ? `; below: ${below}` : ''} | ${mark(misses.length === 0)} |`,
  ];
}

/** One row per method: the scenarios where corsair costs more CPU per request than the peer. */
function peerRows(methods: readonly Method[]): string[] {
  return methods.map(({ name, find }) => {
    const slower: string[] = [];
    for (const fw of FRAMEWORKS)
      for (const k of ['actual', 'refused', 'no-origin', 'preflight'] as const) {
        const ours = find(fw, 'corsair', k);
        const peer = find(fw, 'peer', k);
        if (ours && peer && cpuRatios(ours, peer).median < 1)
          slower.push(`${fw} ${k} ${cpuRatios(ours, peer).median.toFixed(2)}`);
      }
    return `| every scenario cheaper than the peer middleware in the same framework | ${name} | ${slower.length === 0 ? 'all' : `slower in: ${slower.join(', ')}`} | ${mark(slower.length === 0)} |`;
  });
}

const LOGIC =
  "context, not one of the issue's goals: corsair's logic costs ≤ 3% above the least a CORS middleware does, reading Origin and writing the same lines (corsair ÷ headers only ≥ 0.97)";

/**
 * One row per method: corsair against the headers-only middleware on each request kind, the part of
 * CORS's cost that is corsair's to save (the rest is what the framework charges for the lines). Shown
 * beside the goals, and named as context: the issue's goals are against the bare framework.
 */
function logicRows(methods: readonly Method[]): string[] {
  return methods.flatMap(({ name, find }) => {
    const rows: [string, number, string][] = [];
    for (const fw of FRAMEWORKS)
      for (const k of KINDS) {
        const [ours, only] = [find(fw, 'corsair', k), find(fw, 'headers', k)];
        if (ours && only) rows.push([`${fw} ${k}`, cpuRatios(ours, only).median, '']);
      }
    return verdictRow(LOGIC, name, rows, 0.97);
  });
}

/** The 10x goal from the per-call tables (fakes, then a real ServerResponse). */
function perCallRow(decisions: readonly DecisionResult[]): string[] {
  const perCall = decisions.slice(0, 3);
  if (perCall.length === 0) return [];
  const fake = (d: DecisionResult) => timesCheaper(d.cors, d.corsairNode);
  const real = (d: DecisionResult) => timesCheaper(d.realCors, d.realCorsairNode);
  const worst = perCall.reduce((a, d) => (fake(d) < fake(a) ? d : a));
  const x = fake(worst);
  const realWorst = perCall.reduce((a, d) => (real(d) < real(a) ? d : a));
  const rx = real(realWorst);
  const ceiling = Math.min(...perCall.map((d) => d.realCors / d.realWrites));
  return [
    `| ${TEN_X} | per call | worst on fakes: ${x.toFixed(1)}x (${worst.scenario}); on a real ServerResponse: ${rx.toFixed(1)}x (${realWorst.scenario}), where no middleware writing those lines can pass ${ceiling.toFixed(1)}x | ${mark(x >= 10)} |`,
  ];
}

// Rounded first, so that a value like −0.001 reads +0.00, not −0.00.
const signed = (x: number) => `${Number(x.toFixed(2)) < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;

const TEN_X =
  'corsair-cors/node ≥ 10x faster than `cors`, middleware against middleware (allowed actual, refused, allowed preflight)';

/**
 * The 10x goal in process: what each middleware adds to the bare node:http app (CPU µs per request above
 * it, round by round, median), `cors` ÷ corsair. Where corsair's range over the rounds takes in 0, it
 * adds nothing measurable; where it is wholly below 0, it costs less than the bare handler: both count
 * as met.
 */
function inProcessTenX(find: Find): string[] {
  const parts: string[] = [];
  let met = true;
  for (const k of ['actual', 'refused', 'preflight'] as const) {
    const [bare, ours, peer] = [
      find('node', 'bare', referenceKind(k)),
      find('node', 'corsair', k),
      find('node', 'peer', k),
    ];
    if (!bare || !ours || !peer) return [];
    const above = (c: CpuCell) => spread(c.slices.map((s, i) => s.cpuUs - bare.slices[i]!.cpuUs));
    const [a, b] = [above(ours), above(peer).median];
    // A range of corsair's own cost over the rounds that takes in 0 is no cost this method can tell; one
    // wholly below 0 (a preflight answered for less than the bare GET) has no ratio to give either.
    const none = a.min <= 0 && a.max >= 0;
    const below = a.max < 0;
    met &&= none || below || b / a.median >= 10;
    const x = below
      ? ', below the bare handler'
      : none
        ? ', nothing measurable'
        : ` (${(b / a.median).toFixed(1)}x)`;
    parts.push(
      `${k}: corsair ${signed(a.median)} µs (${signed(a.min)}…${signed(a.max)}), cors ${signed(b)} µs${x}`,
    );
  }
  return [
    `| ${TEN_X} | in process (node:http app, above the bare handler) | ${parts.join('; ')} | ${mark(met)} |`,
  ];
}

/**
 * The goals of issue 16 against the figures (medians; the ranges are in the tables above), each judged on
 * every method that measured it: per call, HTTP (`cells`) and in process (`inProcess`).
 */
export function targetsSection(
  decisions: readonly DecisionResult[],
  cells: readonly CpuCell[],
  inProcess: readonly CpuCell[] = [],
): string[] {
  const lines = [
    '## Targets',
    '',
    '| goal | method | measured (median over rounds; worst case named) | |',
    '|---|---|---|---|',
    ...perCallRow(decisions),
    ...routesPerCallRow(decisions),
  ];
  if (inProcess.length > 0) lines.push(...inProcessTenX(finder(inProcess)));
  const methods: Method[] = [];
  if (cells.length > 0) methods.push({ name: 'HTTP (pinned core)', find: finder(cells) });
  if (inProcess.length > 0)
    methods.push({ name: 'in process (one variant per process)', find: finder(inProcess) });
  if (methods.length === 0) return [...lines, ''];
  const keep = 'actual and refused requests keep ≥ 0.97 of the bare framework (CPU per request)';
  lines.push(
    ...goalRows(methods, keep, ['actual', 'refused', 'no-origin'], 0.97, 'corsair'),
    ...goalRows(
      methods,
      'an answered preflight costs ≤ the bare GET + 10% (≥ 0.90)',
      ['preflight'],
      0.9,
      'corsair',
    ),
    ...routesRows(methods),
    ...peerRows(methods),
    ...logicRows(methods),
    '',
  );
  return lines;
}

/** Cost below this share of a framework's own per-request cost is past what any throughput run resolves. */
const UNMEASURABLE = 0.01;
const ROUTES_GOAL = 'per-path routes add no measurable cost (a policy with 20 routes)';
const ROUTES_PER_CALL = `${ROUTES_GOAL}: what they add per request ≤ ${UNMEASURABLE * 100}% of the framework's own (Hono's \`app.fetch\`)`;
const ROUTES_RATIO = `${ROUTES_GOAL}: 20 routes ÷ corsair without them ≥ 0.97 (CPU per request)`;

/**
 * The routes goal per call: what the 20 routes add to the engine (the middleware's figure is the same
 * difference, noisier) against the cheapest framework's own per-request cost, Hono's `app.fetch` in
 * process: the median of every scenario's bare Hono figure. Each scenario's own moves with its
 * processes' JIT draw (8.0 to 15.6 µs for the same request in one run), which would make the verdict
 * follow the draw of the row with the lowest.
 */
function routesPerCallRow(decisions: readonly DecisionResult[]): string[] {
  const routed = decisions.filter((d) => d.routesAdd !== undefined);
  if (routed.length === 0) return [];
  const hono = median(decisions.map((d) => d.honoBareApp));
  const share = (d: DecisionResult) => d.routesAdd!.engine / hono;
  const worst = routed.reduce((a, d) => (share(d) > share(a) ? d : a));
  const added = routed
    .map((d) => `${d.scenario} ${signedNs(d.routesAdd!.engine)} (middleware ${signedNs(d.routesAdd!.node)})`)
    .join('; ');
  const misses = routed.filter((d) => share(d) > UNMEASURABLE).map((d) => d.scenario);
  const above = misses.length ? `; above ${UNMEASURABLE * 100}%: ${misses.join(', ')}` : '';
  return [
    `| ${ROUTES_PER_CALL} | per call (added to the engine) | ${added}; worst ${(share(worst) * 100).toFixed(1)}% of Hono's ${ns(hono)} (the median over the scenarios)${above} | ${mark(misses.length === 0)} |`,
  ];
}

/** The routes goal per method: the 20-route policy against corsair without routes, ≥ 0.97. */
function routesRows(methods: readonly Method[]): string[] {
  const lines: string[] = [];
  for (const { name, find } of methods) {
    const rows: string[] = [];
    let met = true;
    for (const fw of FRAMEWORKS)
      for (const k of ['actual', 'preflight'] as const) {
        const [routes, ours] = [find(fw, 'routes', k), find(fw, 'corsair', k)];
        if (!routes || !ours) continue;
        const r = cpuRatios(routes, ours);
        met &&= r.median >= 0.97;
        rows.push(`${fw} ${k} ${fmt(r)}`);
      }
    if (rows.length > 0)
      lines.push(
        `| ${ROUTES_RATIO} | ${name} | ${rows.join(', ')} (a range that straddles 1 shows no cost either way) | ${mark(met)} |`,
      );
  }
  return lines;
}

/** How wide the corsair ratio's range over the rounds is: the widest cell and the median width. */
export function ratioSpreadLine(cells: readonly CpuCell[]): string {
  const find = finder(cells);
  const widths: [string, Spread][] = [];
  for (const fw of FRAMEWORKS)
    for (const k of ['actual', 'refused', 'no-origin', 'preflight'] as const) {
      const [ours, ref] = [find(fw, 'corsair', k), find(fw, 'bare', referenceKind(k))];
      if (ours && ref) widths.push([`${fw} ${k}`, cpuRatios(ours, ref)]);
    }
  if (widths.length === 0) return 'Spread: nothing measured.';
  const width = (s: Spread) => s.max - s.min;
  const widest = widths.reduce((a, b) => (width(b[1]) > width(a[1]) ? b : a));
  const median = spread(widths.map(([, s]) => width(s))).median;
  return `Spread of the corsair ratio over the rounds (max − min): median ${median.toFixed(3)}, widest ${width(widest[1]).toFixed(3)} (${widest[0]}: ${fmt(widest[1])}).`;
}

/** The in-process section: the same ratios as the HTTP section, from bench/inprocess.ts. */
export function inProcessSection(
  run: {
    readonly cells: readonly CpuCell[];
    readonly pin: string;
    readonly peerDifferences: readonly string[];
  },
  meta: { readonly rounds: number; readonly batches: number },
): string[] {
  const find = finder(run.cells);
  const lines = ['## In process', ''];
  lines.push(
    `Method: ${run.pin}; one child process per variant and round (bench/inprocess-child.ts), so that no other app makes node's or the framework's code polymorphic, and each round samples fresh processes (their own JIT and heap layout). The apps are the HTTP section's (bench/server.ts, the same variants). A child sends batches of fresh node \`IncomingMessage\`/\`ServerResponse\` pairs (${batchSize('express')} a batch for Express, ${batchSize('node')} for the others) through the listener the framework's own server calls (Express: the app; Fastify: \`app.routing\`; Koa: \`app.callback()\`; Hono: @hono/node-server's \`getRequestListener\`), with no socket: node still validates every header and serializes the head, but no HTTP parsing, socket write or load generator is in the figure; each batch is timed by the child's CPU time (\`process.cpuUsage\`: user + system, every thread, so JIT and GC threads count). In a round, all the framework's children start and warm up at once (at least ${WARMUP_CPU_MS} ms of CPU and ${WARMUP_BATCHES} batches per kind each, discarded), then, pinned to the same core, take turns of ${TURN} batches of each kind (the order rotated every turn) until each has ${meta.batches} batches per kind, so that other work on the machine weighs on every variant alike. Every child serves all four request kinds, also those its figures are not used for (a bare app's OPTIONS, a refused origin to 20 routes), so that every process does the same sequence of work: a child serving only its own two kinds read up to 8% dearer for that alone (Express, 20 routes against corsair). **CPU µs/req** = the mean of the middle half of a variant's batches in the round: a batch that a GC pause or an interruption lands in falls outside it, so allocation costs less here than over HTTP. ${meta.rounds} rounds; each ratio is taken within one round: median (min–max over the rounds). The columns mean what they mean in the HTTP section, against a much smaller bare figure (no parsing, no socket), so the same absolute cost gives a lower ratio here: an in-process ratio is a strict bound on what CORS costs the framework's own work. Checked before the figures are used: headers only sends exactly corsair's status and Access-Control-*/Vary lines on these objects (every request kind), and every round's answers equal the first round's.`,
    '',
    ...ratioHeader([]),
  );
  for (const fw of FRAMEWORKS)
    for (const k of ['actual', 'refused', 'no-origin', 'preflight'] as const) {
      const cols = ratioColumns(find, fw, k, 2);
      if (cols) lines.push(`| ${fw} (${PEERS[fw]}) | ${KIND_LABEL[k]} | ${cols.join(' | ')} |`);
    }
  lines.push('', ratioSpreadLine(run.cells), '');
  if (run.peerDifferences.length > 0)
    lines.push(
      "Where a peer's answer differs from corsair's on these objects (list spacing aside; the same holds over HTTP):",
      '',
      ...run.peerDifferences.map((d) => `- ${d}`),
      '',
    );
  return lines;
}
