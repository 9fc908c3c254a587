// The shared decision writer inside every real framework: the application's own Vary (as repeated
// lines) is merged, never overwritten, and its own Access-Control-Allow-Origin is replaced, so the
// browser sees exactly one. Real HTTP on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import corsairFastify from '../../src/adapters/fastify.js';
import { withCors } from '../../src/adapters/fetch.js';
import { cors as honoCors } from '../../src/adapters/hono.js';
import { cors as koaCors } from '../../src/adapters/koa.js';
import { handleCors, cors as nodeCors } from '../../src/adapters/node.js';
import { type CorsOptions, createCors, getAll } from '../../src/policy/index.js';
import {
  ADAPTERS,
  type AdapterName,
  listen,
  type RawResponse,
  type Running,
  send,
  serveFetch,
} from './servers.js';

const APP = 'https://app.example.com';
const POLICY: CorsOptions = { origins: [APP], credentials: true };
// What the application itself sends: Vary on two lines, and a stray Access-Control-Allow-Origin.
const OWN_VARY = ['Accept-Encoding', 'Accept-Language'];

/** A web response as the application builds it: its own Vary lines and Access-Control-Allow-Origin. */
function ownResponse(): Response {
  const headers = new Headers([['Access-Control-Allow-Origin', '*']]);
  for (const v of OWN_VARY) headers.append('Vary', v);
  return new Response('ok', { headers });
}

// Node-style frameworks: the application's headers are set before the CORS middleware runs.
const START: Record<AdapterName, (upstream: string) => Promise<Running>> = {
  node: () => {
    const policy = createCors(POLICY);
    return listen(
      http.createServer((req, res) => {
        res.setHeader('Vary', OWN_VARY);
        res.setHeader('Access-Control-Allow-Origin', '*');
        if (handleCors(policy, req, res) === true) return;
        res.end('ok');
      }),
    );
  },
  express: () => {
    const app = express();
    app.use((_req, res, next) => {
      for (const v of OWN_VARY) res.append('Vary', v);
      res.setHeader('Access-Control-Allow-Origin', '*');
      next();
    });
    app.use(nodeCors(POLICY));
    app.get('/', (_req, res) => {
      res.send('ok');
    });
    return listen(http.createServer(app));
  },
  koa: () => {
    const app = new Koa();
    app.use((ctx, next) => {
      for (const v of OWN_VARY) ctx.append('Vary', v);
      ctx.set('Access-Control-Allow-Origin', '*');
      return next();
    });
    app.use(koaCors(POLICY));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    return listen(http.createServer(app.callback()));
  },
  fastify: async () => {
    const app = Fastify();
    app.addHook('onRequest', (_req, reply, done) => {
      reply.header('Vary', OWN_VARY);
      reply.header('Access-Control-Allow-Origin', '*');
      done();
    });
    await app.register(corsairFastify, POLICY);
    app.get('/', async () => 'ok');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
  // Web-style: the CORS headers go onto the response the handler returns. `/upstream` returns a
  // Response from fetch(), whose headers are immutable, so the adapter must copy it.
  hono: (upstream) => {
    const app = new Hono();
    app.use(honoCors(POLICY));
    app.get('/', () => ownResponse());
    app.get('/upstream', () => fetch(upstream));
    return serveFetch(app.fetch);
  },
  fetch: (upstream) => {
    const own = withCors(() => ownResponse(), POLICY);
    const proxied = withCors(() => fetch(upstream), POLICY);
    return serveFetch((req) => (new URL(req.url).pathname === '/upstream' ? proxied(req) : own(req)));
  },
};

function expectOurHeaders(r: RawResponse, own: readonly string[]): void {
  expect(getAll(r.headers, 'access-control-allow-origin')).toEqual([APP]);
  expect(getAll(r.headers, 'access-control-allow-credentials')).toEqual(['true']);
  const vary = getAll(r.headers, 'vary');
  expect(vary, 'one Vary line').toHaveLength(1);
  expect(vary[0]!.split(',').map((s) => s.trim())).toEqual([...own, 'Origin']);
}

let upstream: Running;
beforeAll(async () => {
  // An upstream API with its own CORS answer and Vary, as a proxied service has.
  upstream = await listen(
    http.createServer((_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*', Vary: 'Accept-Encoding' });
      res.end('upstream');
    }),
  );
});
afterAll(() => upstream.close());

describe.each(ADAPTERS)('%s: the shared writer over real HTTP', (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await START[name](upstream.url);
  });
  afterAll(() => server.close());

  it("merges the application's repeated Vary lines into one and replaces its Access-Control-Allow-Origin", async () => {
    const r = await send(`${server.url}/`, 'GET', [['Origin', APP]]);
    expect(r.status).toBe(200);
    expect(r.body).toBe('ok');
    expectOurHeaders(r, OWN_VARY);
  });

  it('answers an allowed preflight with 204, the one default status', async () => {
    const r = await send(`${server.url}/`, 'OPTIONS', [
      ['Origin', APP],
      ['Access-Control-Request-Method', 'GET'],
    ]);
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect(getAll(r.headers, 'access-control-allow-origin')).toEqual([APP]);
  });

  if (name === 'hono' || name === 'fetch') {
    it('a Response from fetch() (immutable headers) gets our headers, not the upstream ones back', async () => {
      const r = await send(`${server.url}/upstream`, 'GET', [['Origin', APP]]);
      expect(r.body).toBe('upstream');
      expectOurHeaders(r, ['Accept-Encoding']);
    });
  }
});
