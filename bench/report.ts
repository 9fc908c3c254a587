// The sections `npm run bench` owns in bench/RESULTS.md, rendered from the measurements.
import type { DecisionResult } from './decisions.js';
import { type HttpCell, pairedRatios, type RequestKind, referenceKind, type Spread, spread } from './http.js';
import { FRAMEWORKS, type Framework, PEERS, type Variant } from './scenarios.js';

const ns = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} µs` : `${x.toFixed(0)} ns`);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const fmt = (s: Spread, d = 2) => `${s.median.toFixed(d)} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;

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
    `Process CPU time per call, the lowest mean of ${rounds} interleaved rounds (mitata). **Middleware**: corsair-cors/node's Connect middleware and \`cors\`, each called with a fresh fake request and response (bench/fakes.ts: node's header storage, \`end()\` through \`writeHead\`, so work deferred to \`writeHead\` counts), then \`res.end()\`; the cost of the fakes alone (make them, end, no middleware) is measured in the same round and subtracted, so the columns are what each middleware adds. **The header writes alone**: just the \`setHeader\` calls corsair's answer consists of, on the same fakes — the floor any middleware writing that answer pays (node's \`setHeader\` lowercases the name and stores a \`[name, value]\` pair; the fake does the same); the next column compares what each middleware spends above it. **Engine**: \`policy.decideValues()\` alone. **Hono**: a real \`app.fetch()\` of a one-route app (an answered preflight skips the route, so it can cost less than the bare app).`,
    '',
    '| scenario | engine | corsair-cors/node | cors | cors ÷ corsair-cors/node | the header writes alone | above the writes: cors ÷ corsair | fakes alone | Hono bare | Hono + corsair | Hono + hono/cors |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const d of decisions)
    lines.push(
      `| ${d.scenario} | ${ns(d.corsairEngine)} | ${ns(d.corsairNode)} | ${ns(d.cors)} | ${(d.cors / d.corsairNode).toFixed(1)}x | ${ns(d.writes)} | ${aboveWrites(d)} | ${ns(d.fakes)} | ${ns(d.honoBareApp)} | ${ns(d.honoWithCorsair)} | ${ns(d.honoWithHonoCors)} |`,
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
      `| ${d.scenario} | ${ns(d.realCorsairNode)} | ${ns(d.realCors)} | ${(d.realCors / d.realCorsairNode).toFixed(1)}x | ${ns(d.realWrites)} | ${(d.realCors / d.realWrites).toFixed(1)}x | ${ns(d.realAlone)} |`,
    );
  lines.push('');
  return lines;
}

type Find = (fw: Framework, v: Variant, k: RequestKind) => HttpCell | undefined;

function finder(cells: readonly HttpCell[]): Find {
  return (fw, v, k) => cells.find((c) => c.framework === fw && c.variant === v && c.kind === k);
}

const KIND_LABEL: Record<RequestKind, string> = {
  actual: 'GET, allowed origin',
  refused: 'GET, refused origin',
  'no-origin': 'GET, no Origin',
  preflight: 'preflight, allowed (vs the bare GET)',
};

/** One row per framework and request kind: corsair, the peer and the 20-route policy against bare. */
export function httpSection(
  cells: readonly HttpCell[],
  meta: { seconds: number; rounds: number; pin: string },
): string[] {
  const find = finder(cells);
  const lines = ['## HTTP', ''];
  lines.push(
    `Method: ${meta.pin}; one server process per variant, one load generator process (autocannon, 10 connections, loopback). Per framework, ${meta.rounds} rounds of ${meta.seconds} s slices after a discarded warm-up round, the variants interleaved (order rotated each round). **Ratio** = throughput relative to the bare framework serving the same request (for a preflight: the bare framework's GET), from the server's CPU time per request (bare ÷ variant; ≥ 0.97 means CORS costs at most 3%), taken round by round from adjacent slices: median (min–max over the rounds). **Floor**: the same framework with one middleware that does nothing (Fastify: an onRequest and an onSend hook, the two corsair uses): what the framework charges for any middleware, which no CORS middleware can go below; **corsair ÷ floor** is corsair's own cost above it. **Headers only**: the same framework with one middleware that writes the very lines corsair writes (the allowed GET's, and the allowed preflight's answer) as constant data, with no logic — what the framework charges any CORS middleware for sending those headers; **corsair ÷ headers only** is what corsair's logic costs above that, the part a CORS middleware can still save (checked before the run: both send the same status and Access-Control-*/Vary lines). **vs peer** = peer's CPU per request ÷ corsair's (> 1: corsair is cheaper). req/s is shown for context: on a shared machine it mostly measures the other load.`,
    '',
    '| framework | request | corsair ratio | floor ratio | corsair ÷ floor | headers only ratio | corsair ÷ headers only | peer ratio | corsair vs peer | 20 routes ratio | 20 routes ÷ corsair | CPU µs/req: bare, floor, headers only, corsair, peer, routes | req/s ratio corsair |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  const us = (c: HttpCell | undefined) => (c ? spread(c.slices.map((s) => s.cpuUs)).median.toFixed(1) : '—');
  for (const fw of FRAMEWORKS) {
    for (const k of ['actual', 'refused', 'no-origin', 'preflight'] as const) {
      const ref = find(fw, 'bare', referenceKind(k));
      const ours = find(fw, 'corsair', k);
      if (!ref || !ours) continue;
      const peer = find(fw, 'peer', k);
      const routes = find(fw, 'routes', k);
      const floor = find(fw, 'floor', k);
      const headers = find(fw, 'headers', k);
      const r = pairedRatios(ours, ref);
      const vs = (a: HttpCell | undefined, b: HttpCell | undefined) =>
        a && b ? fmt(pairedRatios(a, b).cpu) : '—';
      lines.push(
        `| ${fw} (${PEERS[fw]}) | ${KIND_LABEL[k]} | ${fmt(r.cpu)} | ${vs(floor, ref)} | ${vs(ours, floor)} | ${vs(headers, ref)} | ${vs(ours, headers)} | ${vs(peer, ref)} | ${vs(ours, peer)} | ${vs(routes, ref)} | ${vs(routes, ours)} | ${us(ref)}, ${us(floor)}, ${us(headers)}, ${us(ours)}, ${us(peer)}, ${us(routes)} | ${fmt(r.rps)} |`,
      );
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

/** The goals of issue 16 against the figures (medians; the ranges are in the tables above). */
export function targetsSection(decisions: readonly DecisionResult[], cells: readonly HttpCell[]): string[] {
  const lines = [
    '## Targets',
    '',
    '| goal | measured (median over rounds; worst case named) | |',
    '|---|---|---|',
  ];
  const perCall = decisions.slice(0, 3);
  const worst = perCall.reduce(
    (a, d) => (d.cors / d.corsairNode < a.cors / a.corsairNode ? d : a),
    perCall[0]!,
  );
  if (worst) {
    const x = worst.cors / worst.corsairNode;
    const realWorst = perCall.reduce((a, d) =>
      d.realCors / d.realCorsairNode < a.realCors / a.realCorsairNode ? d : a,
    );
    const rx = realWorst.realCors / realWorst.realCorsairNode;
    const ceiling = Math.min(...perCall.map((d) => d.realCors / d.realWrites));
    lines.push(
      `| corsair-cors/node ≥ 10x faster than \`cors\`, middleware against middleware (allowed actual, refused, allowed preflight) | worst on fakes: ${x.toFixed(1)}x (${worst.scenario}); on a real ServerResponse: ${rx.toFixed(1)}x (${realWorst.scenario}), where no middleware writing those lines can pass ${ceiling.toFixed(1)}x | ${mark(x >= 10)} |`,
    );
  }
  if (cells.length === 0) return [...lines, ''];
  const find = finder(cells);
  const goal = (label: string, kinds: readonly RequestKind[], target: number, v: Variant = 'corsair') => {
    const rows: [string, number, string][] = [];
    for (const fw of FRAMEWORKS)
      for (const k of kinds) {
        const c = find(fw, v, k);
        const ref = find(fw, 'bare', referenceKind(k));
        const floor = find(fw, 'floor', referenceKind(k));
        const f = floor && ref ? ` (floor ${pairedRatios(floor, ref).cpu.median.toFixed(2)})` : '';
        if (c && ref) rows.push([`${fw} ${k}`, pairedRatios(c, ref).cpu.median, f]);
      }
    if (rows.length === 0) return;
    const misses = rows.filter(([, r]) => r < target);
    const low = rows.reduce((a, b) => (b[1] < a[1] ? b : a));
    const below = misses.map(([n, r, f]) => `${n} ${r.toFixed(2)}${f}`).join(', ');
    lines.push(
      `| ${label} | lowest: ${low[1].toFixed(2)} (${low[0]})${misses.length ? `; below: ${below}` : ''} | ${mark(misses.length === 0)} |`,
    );
  };
  goal(
    'actual and refused requests keep ≥ 0.97 of the bare framework (CPU per request)',
    ['actual', 'refused', 'no-origin'],
    0.97,
  );
  goal('an answered preflight costs ≤ the bare GET + 10% (≥ 0.90)', ['preflight'], 0.9);
  goal('a 20-route policy keeps ≥ 0.97 of the bare framework', ['actual'], 0.97, 'routes');
  const slower: string[] = [];
  for (const fw of FRAMEWORKS)
    for (const k of ['actual', 'refused', 'no-origin', 'preflight'] as const) {
      const ours = find(fw, 'corsair', k);
      const peer = find(fw, 'peer', k);
      if (ours && peer && pairedRatios(ours, peer).cpu.median < 1) slower.push(`${fw} ${k}`);
    }
  lines.push(
    `| every scenario cheaper than the peer middleware in the same framework | ${slower.length === 0 ? 'all' : `slower in: ${slower.join(', ')}`} | ${mark(slower.length === 0)} |`,
    '',
  );
  return lines;
}
