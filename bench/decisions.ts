// Per-decision cost (mitata): corsair's engine and adapters against cors and hono/cors, on the same
// fake request/response objects, for every scenario of issue 4.
import { spawn } from 'node:child_process';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import expressCors from 'cors';
import { Hono, type MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { do_not_optimize, measure } from 'mitata';
import type { CorsOptions, CorsPolicy } from '../src/index.js';
import { type FakeReq, FakeRes } from './fakes.js';
import { built, OPTIONS, PER_CALL_CHILDREN, PER_CALL_ROUNDS, ROUTED } from './scenarios.js';
import { median } from './stats.js';

// The built package (dist/), as users run it: `npm run bench` builds it first when it is stale.
const { cors: corsairHono } = await built<typeof import('../src/adapters/hono.js')>('adapters/hono.js');
const { cors: corsairNode } = await built<typeof import('../src/adapters/node.js')>('adapters/node.js');
const { createCors } = await built<typeof import('../src/index.js')>('index.js');

const APP = 'https://app.example.com';
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const HEADERS = ['Content-Type', 'Authorization'];

export interface Scenario {
  readonly name: string;
  readonly corsair: CorsOptions;
  /** Equivalent configuration of expressjs/cors. */
  readonly cors: expressCors.CorsOptions;
  /** Equivalent configuration of hono/cors. */
  readonly hono: Parameters<typeof honoCors>[0];
  readonly method: string;
  readonly headers: Record<string, string>;
  /** The request target; '/' unless given. */
  readonly url?: string;
  /**
   * For a policy with routes: the same policy without them, measured at the same target in the same
   * rounds, so that what routing adds is a difference between neighbours.
   */
  readonly withoutRoutes?: CorsOptions;
}

const many = (n: number) =>
  Array.from({ length: n }, (_, i) => (i === n - 1 ? APP : `https://app${i}.example.com`));
const patterns = Array.from({ length: 100 }, (_, i) => `https://*.tenant${i}.example.com`);
const patternRegexps = Array.from(
  { length: 100 },
  (_, i) => new RegExp(`^https:\\/\\/([a-z0-9-]+\\.)+tenant${i}\\.example\\.com$`),
);
const hostile = 'x-a,'.repeat(16_384); // 64 KiB

function scenario(
  name: string,
  origins: string[],
  method: string,
  headers: Record<string, string>,
  patternMode = false,
): Scenario {
  return {
    name,
    corsair: {
      origins: patternMode ? patterns : origins,
      methods: METHODS,
      allowedHeaders: HEADERS,
      credentials: true,
      maxAge: 600,
    },
    cors: {
      origin: patternMode ? patternRegexps : origins,
      methods: METHODS,
      allowedHeaders: HEADERS,
      credentials: true,
      maxAge: 600,
    },
    hono: {
      origin: patternMode ? (o: string) => (patternRegexps.some((r) => r.test(o)) ? o : null) : origins,
      allowMethods: METHODS,
      allowHeaders: HEADERS,
      credentials: true,
      maxAge: 600,
    },
    method,
    headers,
  };
}

const PREFLIGHT = {
  origin: APP,
  'access-control-request-method': 'PUT',
  'access-control-request-headers': 'content-type,authorization',
};

/**
 * bench/scenarios.ts's 20-route policy (each route its own 100-origin credentialed policy) deciding a
 * request to `url`; its peers are configured as the same policy without routes.
 */
function routed(name: string, url: string, method: string, headers: Record<string, string>): Scenario {
  const plain = scenario(name, many(100), method, headers);
  return { ...plain, corsair: ROUTED, withoutRoutes: OPTIONS, url };
}

export const SCENARIOS: Scenario[] = [
  scenario('actual, allowed (1 origin)', [APP], 'GET', { origin: APP }),
  scenario('actual, disallowed (1 origin)', [APP], 'GET', { origin: 'https://evil.example' }),
  scenario('preflight, allowed (1 origin)', [APP], 'OPTIONS', {
    origin: APP,
    'access-control-request-method': 'PUT',
    'access-control-request-headers': 'content-type,authorization',
  }),
  scenario('preflight, disallowed (1 origin)', [APP], 'OPTIONS', {
    origin: 'https://evil.example',
    'access-control-request-method': 'PUT',
  }),
  scenario('actual, allowed (100 origins)', many(100), 'GET', { origin: APP }),
  scenario('actual, allowed (10,000 origins)', many(10_000), 'GET', { origin: APP }),
  scenario(
    'actual, allowed (100 wildcard patterns)',
    [],
    'GET',
    { origin: 'https://a.b.tenant99.example.com' },
    true,
  ),
  scenario('preflight, hostile 64 KiB Access-Control-Request-Headers', [APP], 'OPTIONS', {
    origin: APP,
    'access-control-request-method': 'PUT',
    'access-control-request-headers': hostile,
  }),
  routed('20 routes, last route (actual, allowed)', '/api/items', 'GET', { origin: APP }),
  routed('20 routes, last route (preflight, allowed)', '/api/items', 'OPTIONS', PREFLIGHT),
  routed('20 routes, no route (actual, allowed)', '/other/items', 'GET', { origin: APP }),
  // What the Hono and fetch adapters pass: the request's whole URL.
  routed('20 routes, last route, absolute URL (actual, allowed)', 'http://127.0.0.1/api/items', 'GET', {
    origin: APP,
  }),
  routed('20 routes, percent-escaped path (actual, allowed)', '/api/caf%C3%A9', 'GET', { origin: APP }),
];

export interface DecisionResult {
  readonly scenario: string;
  /** ns of process CPU time per call: the lowest mean over the rounds. */
  readonly corsairEngine: number;
  /**
   * corsair-cors/node's middleware and `cors`, each called with a fresh fake request and response, then
   * `res.end()` (which sends the head through `writeHead`, where corsair re-applies its headers), less
   * `fakes`: the cost of making the fakes and ending the response with no middleware at all.
   */
  readonly corsairNode: number;
  readonly cors: number;
  /** The fakes alone (new request, new response, end), already subtracted from the two above. */
  readonly fakes: number;
  /**
   * Just the `setHeader` calls corsair's answer needs (its lines, `Vary`, and for an answered preflight
   * `Content-Length`), on the same fakes, less `fakes`: the floor any middleware writing that answer pays.
   */
  readonly writes: number;
  /**
   * The same three on real node objects (`new ServerResponse(new IncomingMessage(socket))`, no I/O):
   * node validates each header, and `end()` serializes the head (`_storeHeader`); less `realAlone`, the
   * handler alone on such a pair (make them, `setHeader('Content-Type')`, `end('ok')`).
   */
  readonly realCorsairNode: number;
  readonly realCors: number;
  readonly realWrites: number;
  readonly realAlone: number;
  /** ns of a real Hono app's `app.fetch`: without CORS, with corsair-cors/hono, with hono/cors. */
  readonly honoBareApp: number;
  readonly honoWithCorsair: number;
  readonly honoWithHonoCors: number;
  /**
   * A scenario with `withoutRoutes`: what the routes add per call to the engine and to corsair-cors/node's
   * middleware, the median over the rounds of (with routes − without) within a round.
   */
  readonly routesAdd?: { readonly engine: number; readonly node: number };
}

/** The numeric figures of a result; the `Record` makes the compiler ask for a field added above. */
type Figure = Exclude<keyof DecisionResult, 'scenario' | 'routesAdd'>;
const FIGURES: Record<Figure, true> = {
  corsairEngine: true,
  corsairNode: true,
  cors: true,
  fakes: true,
  writes: true,
  realCorsairNode: true,
  realCors: true,
  realWrites: true,
  realAlone: true,
  honoBareApp: true,
  honoWithCorsair: true,
  honoWithHonoCors: true,
};

const noop = () => {};

type Pair = [IncomingMessage, ServerResponse];
interface RealCase {
  real(): Pair;
  /** The application's part: a header and the body, unless the middleware answered. */
  handle(res: ServerResponse): void;
  writes(res: ServerResponse): void;
  corsair(req: IncomingMessage, res: ServerResponse): void;
  cors(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * Each middleware on real node objects, in batches of 100 fresh pairs, the four runs of a batch back
 * to back (order rotated), each less the handler alone in the same batch; the median over 300 batches.
 * Paired batches: load on a shared machine moves whole batches, not one run against its neighbour,
 * and mitata's rounds of one function at a time let garbage from one land in the next.
 */
function realResponseCosts(
  c: RealCase,
): Pick<DecisionResult, 'realCorsairNode' | 'realCors' | 'realWrites' | 'realAlone'> {
  const runs: Record<string, (p: Pair) => void> = {
    alone: ([, res]) => c.handle(res),
    writes: ([, res]) => {
      c.writes(res);
      c.handle(res);
    },
    corsair: ([req, res]) => {
      c.corsair(req, res);
      c.handle(res);
    },
    cors: ([req, res]) => {
      c.cors(req, res);
      c.handle(res);
    },
  };
  const names = Object.keys(runs);
  const per: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let b = 0; b < 320; b++) {
    const t: Record<string, number> = {};
    for (let j = 0; j < names.length; j++) {
      const n = names[(j + b) % names.length]!;
      const pairs = Array.from({ length: 100 }, c.real);
      const run = runs[n]!;
      const t0 = process.hrtime.bigint();
      for (const p of pairs) run(p);
      t[n] = Number(process.hrtime.bigint() - t0) / 100;
    }
    if (b >= 20) for (const n of names) per[n]!.push(n === 'alone' ? t[n]! : t[n]! - t.alone!);
  }
  return {
    realCorsairNode: median(per.corsair!),
    realCors: median(per.cors!),
    realWrites: median(per.writes!),
    realAlone: median(per.alone!),
  };
}

function honoApp(mw: MiddlewareHandler | undefined, route: string): Hono {
  const app = new Hono();
  if (mw) app.use(mw);
  app.all(route, (c) => c.text('ok'));
  return app;
}

// Process CPU time, not wall time: other work on a shared machine then barely moves the figures.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1e3;
};
const MITATA = { min_cpu_time: 150 * 1e6, now: cpuNow };
const socket = new Socket();

/** The decision's inputs from a scenario's request, as the node adapter reads them. */
function decide(policy: CorsPolicy, s: Scenario, url: string) {
  const h = s.headers;
  return policy.decideValues(
    s.method,
    h.origin,
    h['access-control-request-method'],
    h['access-control-request-headers'],
    url,
  );
}

/** The engine and corsair-cors/node's middleware of a policy, on fresh fakes (the `engine`/`node` runs). */
function corsairRuns(policy: CorsPolicy, s: Scenario, url: string): [() => unknown, () => void] {
  const mw = corsairNode(policy);
  const engine = () => do_not_optimize(decide(policy, s, url));
  const node = () => {
    const res = new FakeRes();
    mw({ method: s.method, url, headers: s.headers } as FakeReq as never, res as never, noop);
    if (!res.ended) res.end('ok');
    do_not_optimize(res);
  };
  return [engine, node];
}

/**
 * Interleaved rounds, lowest mean per implementation: other work on a shared machine slows some
 * rounds, never speeds them up, so the lowest is the closest to the code's own cost. Also each
 * round's figures, for differences taken within a round.
 */
async function interleaved(
  fns: Record<string, () => unknown>,
  rounds: number,
): Promise<{ best: Record<string, number>; perRound: Record<string, number[]> }> {
  const perRound: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((n) => [n, []]));
  for (let r = 0; r < rounds; r++)
    for (const [name, fn] of Object.entries(fns)) perRound[name]!.push((await measure(fn, MITATA)).avg);
  const best = Object.fromEntries(Object.entries(perRound).map(([n, xs]) => [n, Math.min(...xs)]));
  return { best, perRound };
}

/** Median over the rounds of `a` − `b` within each round. */
function pairedAdd(perRound: Record<string, number[]>, a: string, b: string): number {
  return median(perRound[a]!.map((x, r) => x - perRound[b]![r]!));
}

/** One scenario: the per-call runs (interleaved), then the same middlewares on real node objects. */
async function runScenario(s: Scenario, rounds: number): Promise<DecisionResult> {
  const url = s.url ?? '/';
  const policy = createCors(s.corsair);
  const peerMw = expressCors(s.cors);
  const ourMw = corsairNode(policy);
  const h = s.headers;
  // A fresh request and response per call, as a server gives each request (corsair marks the request
  // it decided, so a reused one would be skipped).
  const fake = (): [FakeReq, FakeRes] => [{ method: s.method, url, headers: h }, new FakeRes()];
  const real = (): [IncomingMessage, ServerResponse] => {
    const req = new IncomingMessage(socket);
    req.method = s.method;
    req.url = url;
    req.headers = h;
    return [req, new ServerResponse(req)];
  };
  // What the application does after the middleware: one header, a body (node's writeHead runs here).
  const handle = (res: ServerResponse) => {
    if (!res.writableEnded) {
      res.setHeader('Content-Type', 'text/plain');
      res.end('ok');
    }
    do_not_optimize(res);
  };
  const finish = (res: FakeRes) => {
    if (!res.ended) res.end('ok');
    do_not_optimize(res);
  };
  const answer = decide(policy, s, url);
  if (answer instanceof Promise) throw new Error('the per-call scenarios decide synchronously');
  const writeAnswer = (res: FakeRes | ServerResponse) => {
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    if (answer.varyValue !== '') res.setHeader('Vary', answer.varyValue);
    if (answer.status === undefined) return;
    res.statusCode = answer.status;
    res.setHeader('Content-Length', '0');
  };
  const request = new Request(new URL(url, 'http://127.0.0.1'), { method: s.method, headers: h });
  // The app serves the scenario's path ('/', or any path for the routed scenarios).
  const route = s.url === undefined ? '/' : '*';
  const bare = honoApp(undefined, route);
  const withHono = honoApp(honoCors(s.hono), route);
  const withCorsair = honoApp(corsairHono(policy), route);
  const [engine, node] = corsairRuns(policy, s, url);
  const fns: Record<string, () => unknown> = {
    engine,
    fakes: () => {
      const [req, res] = fake();
      do_not_optimize(req);
      finish(res);
    },
    writes: () => {
      const [req, res] = fake();
      do_not_optimize(req);
      writeAnswer(res);
      finish(res);
    },
    node,
    cors: () => {
      const [req, res] = fake();
      peerMw(req as never, res as never, noop);
      finish(res);
    },
    honoBare: async () => do_not_optimize(await bare.fetch(request)),
    honoCors: async () => do_not_optimize(await withHono.fetch(request)),
    honoCorsair: async () => do_not_optimize(await withCorsair.fetch(request)),
  };
  if (s.withoutRoutes !== undefined)
    [fns.engineNoRoutes, fns.nodeNoRoutes] = corsairRuns(createCors(s.withoutRoutes), s, url);
  const { best, perRound } = await interleaved(fns, rounds);
  return {
    scenario: s.name,
    corsairEngine: best.engine!,
    corsairNode: Math.max(best.node! - best.fakes!, 0),
    cors: Math.max(best.cors! - best.fakes!, 0),
    fakes: best.fakes!,
    writes: Math.max(best.writes! - best.fakes!, 0),
    ...realResponseCosts({
      real,
      handle,
      writes: (res) => {
        writeAnswer(res);
        if (answer.status !== undefined) res.end();
      },
      corsair: (req, res) => ourMw(req, res, noop),
      cors: (req, res) => peerMw(req as never, res as never, noop),
    }),
    honoBareApp: best.honoBare!,
    honoWithCorsair: best.honoCorsair!,
    honoWithHonoCors: best.honoCors!,
    ...(s.withoutRoutes === undefined
      ? {}
      : {
          routesAdd: {
            engine: pairedAdd(perRound, 'engine', 'engineNoRoutes'),
            node: pairedAdd(perRound, 'node', 'nodeNoRoutes'),
          },
        }),
  };
}

const SELF = new URL(import.meta.url).pathname;

/**
 * One scenario in a child process of its own, as an application has one policy. In one process for
 * all scenarios, the scenarios before one left the middlewares' and node's code polymorphic, and its
 * figures moved with them: corsair's allowed preflight on the fakes read 180, 85 and 186 ns in three
 * runs of the same build. One process per scenario reads it the same each time (58, 56 ns), but a
 * process also draws its own JIT luck (the peer's preflight read 4.4 µs in one and 1.6 µs in the next):
 * hence several processes per scenario and the median over them.
 */
function runInChild(index: number, rounds: number): Promise<DecisionResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, String(index), String(rounds)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: DecisionResult | undefined;
    child.on('message', (m: DecisionResult) => {
      result = m;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      result !== undefined && code === 0
        ? resolve(result)
        : reject(new Error(`per-call child for ${SCENARIOS[index]!.name} exited with ${code}`)),
    );
  });
}

/**
 * The median of each figure over the processes' results (the scenario's name from the first).
 *
 * @example
 * medianResult([a, b, c]).corsairNode; // the middle one of a's, b's and c's
 */
export function medianResult(results: readonly DecisionResult[]): DecisionResult {
  const first = results[0]!;
  const mid = (f: (r: DecisionResult) => number) => median(results.map(f));
  const figures = Object.fromEntries(
    (Object.keys(FIGURES) as Figure[]).map((k) => [k, mid((r) => r[k])]),
  ) as Record<Figure, number>;
  if (first.routesAdd === undefined) return { scenario: first.scenario, ...figures };
  const routesAdd = { engine: mid((r) => r.routesAdd!.engine), node: mid((r) => r.routesAdd!.node) };
  return { scenario: first.scenario, ...figures, routesAdd };
}

/**
 * Every scenario in turn, each measured by `PER_CALL_CHILDREN` fresh processes of `rounds` interleaved rounds
 * (bench/run.ts's per-call section).
 */
export async function runDecisions(
  log: (s: string) => void,
  rounds = PER_CALL_ROUNDS,
): Promise<DecisionResult[]> {
  const out: DecisionResult[] = [];
  for (let i = 0; i < SCENARIOS.length; i++) {
    const s = SCENARIOS[i]!;
    const each: DecisionResult[] = [];
    for (let c = 0; c < PER_CALL_CHILDREN; c++) each.push(await runInChild(i, rounds));
    const result = medianResult(each);
    const routes = result.routesAdd
      ? `; 20 routes add ${result.routesAdd.engine.toFixed(0)} ns to the engine, ${result.routesAdd.node.toFixed(0)} ns to the middleware`
      : '';
    log(
      `${s.name}: engine ${result.corsairEngine.toFixed(0)} ns, middleware (less the fakes' ${result.fakes.toFixed(0)} ns): corsair-cors/node ${result.corsairNode.toFixed(0)} ns vs cors ${result.cors.toFixed(0)} ns; Hono app.fetch: bare ${result.honoBareApp.toFixed(0)} ns, with corsair ${result.honoWithCorsair.toFixed(0)} ns, with hono/cors ${result.honoWithHonoCors.toFixed(0)} ns${routes}`,
    );
    out.push(result);
  }
  return out;
}

// A child started by runInChild: `tsx bench/decisions.ts <scenario index> <rounds>`, with an IPC channel.
if (process.argv[1] === SELF && process.send !== undefined) {
  const [index, rounds] = process.argv.slice(2).map(Number) as [number, number];
  const scenario = SCENARIOS[index];
  if (scenario === undefined) throw new Error(`no per-call scenario ${index}`);
  process.send(await runScenario(scenario, rounds), () => process.exit(0));
}
