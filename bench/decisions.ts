// Per-decision cost (mitata): corsair's engine and adapters against cors and hono/cors, on the same
// fake request/response objects, for every scenario of issue 4.
import type { IncomingMessage, ServerResponse } from 'node:http';
import expressCors from 'cors';
import { cors as honoCors } from 'hono/cors';
import { do_not_optimize, measure } from 'mitata';
import { cors as corsairHono } from '../src/adapters/hono.js';
import { handleCors } from '../src/adapters/node.js';
import type { CorsOptions } from '../src/index.js';
import { createCors } from '../src/index.js';
import { FakeRes, type FakeReq, honoContext } from './fakes.js';

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

const many = (n: number) => Array.from({ length: n }, (_, i) => (i === n - 1 ? APP : `https://app${i}.example.com`));
const patterns = Array.from({ length: 100 }, (_, i) => `https://*.tenant${i}.example.com`);
const patternRegexps = Array.from({ length: 100 }, (_, i) => new RegExp(`^https:\\/\\/([a-z0-9-]+\\.)+tenant${i}\\.example\\.com$`));
const hostile = 'x-a,'.repeat(16_384); // 64 KiB

function scenario(name: string, origins: string[], method: string, headers: Record<string, string>, patternMode = false): Scenario {
  return {
    name,
    corsair: { origins: patternMode ? patterns : origins, methods: METHODS, allowedHeaders: HEADERS, credentials: true, maxAge: 600 },
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
  scenario('actual, allowed (100 wildcard patterns)', [], 'GET', { origin: 'https://a.b.tenant99.example.com' }, true),
  scenario('preflight, hostile 64 KiB Access-Control-Request-Headers', [APP], 'OPTIONS', {
    origin: APP,
    'access-control-request-method': 'PUT',
    'access-control-request-headers': hostile,
  }),
];

export interface DecisionResult {
  readonly scenario: string;
  /** ns per call, mean. */
  readonly corsairEngine: number;
  readonly corsairNode: number;
  readonly cors: number;
  readonly corsairHono: number;
  readonly honoCors: number;
}

const OPTS = { min_cpu_time: 400 * 1e6 };
const noop = () => {};
const asyncNoop = async () => {};

export async function runDecisions(log: (s: string) => void): Promise<DecisionResult[]> {
  const out: DecisionResult[] = [];
  for (const s of SCENARIOS) {
    const policy = createCors(s.corsair);
    const mw = expressCors(s.cors);
    const hc = honoCors(s.hono);
    const ch = corsairHono(policy);
    const h = s.headers;
    const req: FakeReq = { method: s.method, url: '/', headers: h };
    const reqHeaders = new Headers(h);
    const engine = await measure(() => {
      do_not_optimize(
        policy.decideValues(s.method, h.origin, h['access-control-request-method'], h['access-control-request-headers']),
      );
    }, OPTS);
    const node = await measure(() => {
      const res = new FakeRes();
      do_not_optimize(handleCors(policy, req as unknown as IncomingMessage, res as unknown as ServerResponse));
    }, OPTS);
    const peer = await measure(() => {
      const res = new FakeRes();
      mw(req as never, res as never, noop);
      do_not_optimize(res);
    }, OPTS);
    const honoCorsair = await measure(async () => {
      do_not_optimize(await ch(honoContext(s.method, reqHeaders) as never, asyncNoop));
    }, OPTS);
    const honoPeer = await measure(async () => {
      do_not_optimize(await hc(honoContext(s.method, reqHeaders) as never, asyncNoop));
    }, OPTS);
    const r: DecisionResult = {
      scenario: s.name,
      corsairEngine: engine.avg,
      corsairNode: node.avg,
      cors: peer.avg,
      corsairHono: honoCorsair.avg,
      honoCors: honoPeer.avg,
    };
    log(
      `${s.name}: engine ${r.corsairEngine.toFixed(0)} ns, corsair/node ${r.corsairNode.toFixed(0)} ns vs cors ${r.cors.toFixed(0)} ns, corsair/hono ${r.corsairHono.toFixed(0)} ns vs hono/cors ${r.honoCors.toFixed(0)} ns`,
    );
    out.push(r);
  }
  return out;
}
