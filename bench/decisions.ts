// Per-decision cost (mitata): corsair's engine and adapters against cors and hono/cors, on the same
// fake request/response objects, for every scenario of issue 4.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import expressCors from 'cors';
import { Hono, type MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { do_not_optimize, measure } from 'mitata';
import type { CorsOptions } from '../src/index.js';
import { type FakeReq, FakeRes } from './fakes.js';
import { built } from './scenarios.js';

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
}

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
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return {
    realCorsairNode: median(per.corsair!),
    realCors: median(per.cors!),
    realWrites: median(per.writes!),
    realAlone: median(per.alone!),
  };
}

function honoApp(mw?: MiddlewareHandler): Hono {
  const app = new Hono();
  if (mw) app.use(mw);
  app.all('/', (c) => c.text('ok'));
  return app;
}

/**
 * Interleaved rounds, lowest mean per implementation: other work on a shared machine slows some
 * rounds, never speeds them up, so the lowest is the closest to the code's own cost.
 */
export async function runDecisions(log: (s: string) => void, rounds = 3): Promise<DecisionResult[]> {
  const out: DecisionResult[] = [];
  const socket = new Socket();
  // Process CPU time, not wall time: other work on a shared machine then barely moves the figures.
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) * 1e3;
  };
  const opts = { min_cpu_time: 150 * 1e6, now: cpuNow };
  for (const s of SCENARIOS) {
    const policy = createCors(s.corsair);
    const peerMw = expressCors(s.cors);
    const ourMw = corsairNode(policy);
    const h = s.headers;
    // A fresh request and response per call, as a server gives each request (corsair marks the request
    // it decided, so a reused one would be skipped).
    const fake = (): [FakeReq, FakeRes] => [{ method: s.method, url: '/', headers: h }, new FakeRes()];
    const real = (): [IncomingMessage, ServerResponse] => {
      const req = new IncomingMessage(socket);
      req.method = s.method;
      req.url = '/';
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
    const answer = policy.decideValues(
      s.method,
      h.origin,
      h['access-control-request-method'],
      h['access-control-request-headers'],
    );
    if (answer instanceof Promise) throw new Error('the per-call scenarios decide synchronously');
    const request = new Request('http://127.0.0.1/', { method: s.method, headers: h });
    const bare = honoApp();
    const withHono = honoApp(honoCors(s.hono));
    const withCorsair = honoApp(corsairHono(policy));
    const fns: Record<string, () => unknown> = {
      engine: () =>
        do_not_optimize(
          policy.decideValues(
            s.method,
            h.origin,
            h['access-control-request-method'],
            h['access-control-request-headers'],
          ),
        ),
      fakes: () => {
        const [req, res] = fake();
        do_not_optimize(req);
        finish(res);
      },
      writes: () => {
        const [req, res] = fake();
        do_not_optimize(req);
        for (const [name, value] of answer.headers) res.setHeader(name, value);
        if (answer.varyValue !== '') res.setHeader('Vary', answer.varyValue);
        if (answer.status !== undefined) {
          res.statusCode = answer.status;
          res.setHeader('Content-Length', '0');
        }
        finish(res);
      },
      node: () => {
        const [req, res] = fake();
        ourMw(req as unknown as IncomingMessage, res as unknown as ServerResponse, noop);
        finish(res);
      },
      cors: () => {
        const [req, res] = fake();
        peerMw(req as never, res as never, noop);
        finish(res);
      },
      honoBare: async () => do_not_optimize(await bare.fetch(request)),
      honoCors: async () => do_not_optimize(await withHono.fetch(request)),
      honoCorsair: async () => do_not_optimize(await withCorsair.fetch(request)),
    };
    const best: Record<string, number> = {};
    for (let r = 0; r < rounds; r++) {
      for (const [name, fn] of Object.entries(fns)) {
        const st = await measure(fn, opts);
        best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, st.avg);
      }
    }
    const result: DecisionResult = {
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
          for (const [name, value] of answer.headers) res.setHeader(name, value);
          if (answer.varyValue !== '') res.setHeader('Vary', answer.varyValue);
          if (answer.status === undefined) return;
          res.statusCode = answer.status;
          res.setHeader('Content-Length', '0');
          res.end();
        },
        corsair: (req, res) => ourMw(req, res, noop),
        cors: (req, res) => peerMw(req as never, res as never, noop),
      }),
      honoBareApp: best.honoBare!,
      honoWithCorsair: best.honoCorsair!,
      honoWithHonoCors: best.honoCors!,
    };
    log(
      `${s.name}: engine ${result.corsairEngine.toFixed(0)} ns, middleware (less the fakes' ${result.fakes.toFixed(0)} ns): corsair-cors/node ${result.corsairNode.toFixed(0)} ns vs cors ${result.cors.toFixed(0)} ns; Hono app.fetch: bare ${result.honoBareApp.toFixed(0)} ns, with corsair ${result.honoWithCorsair.toFixed(0)} ns, with hono/cors ${result.honoWithHonoCors.toFixed(0)} ns`,
    );
    out.push(result);
  }
  return out;
}
