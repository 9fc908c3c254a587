// Real servers, one per framework, all with the same shape, on 127.0.0.1:0:
//   /data    GET PUT DELETE  under the `main` policy; the app sets X-Request-Id, and Vary: Accept-Encoding
//            (before the CORS middleware on node/express/fastify/koa, after it on hono/fetch: both must merge)
//   /public  GET             under its own `pub` policy (per-route)
//   /health  GET             no CORS at all (opt-out) where the framework allows it
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import corsairFastify from '../../src/adapters/fastify.js';
import { withCors } from '../../src/adapters/fetch.js';
import { cors as honoCors } from '../../src/adapters/hono.js';
import { cors as koaCors } from '../../src/adapters/koa.js';
import { handleCors, cors as nodeCors } from '../../src/adapters/node.js';
import type { CorsOptions, CorsPolicy } from '../../src/index.js';
import { createCors } from '../../src/index.js';

export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

export type AdapterName = 'node' | 'express' | 'fastify' | 'koa' | 'hono' | 'fetch';
export const ADAPTERS: readonly AdapterName[] = ['node', 'express', 'fastify', 'koa', 'hono', 'fetch'];

type Policies = { main: CorsOptions | CorsPolicy; pub?: CorsOptions | CorsPolicy };

const PUBLIC: CorsOptions = { origins: '*' };

/** Listen on a free loopback port; `close` also drops kept-alive connections. */
export function listen(server: http.Server): Promise<Running> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

function body(path: string): string {
  return path.startsWith('/public') ? 'public' : path.startsWith('/health') ? 'healthy' : 'data';
}

export async function startNode({ main, pub = PUBLIC }: Policies): Promise<Running> {
  const m = createCors(main);
  const p = createCors(pub);
  const server = http.createServer(async (req, res) => {
    const path = req.url ?? '/';
    // Set by the app before CORS runs: the adapter must merge into it.
    if (path.startsWith('/data')) res.setHeader('Vary', 'Accept-Encoding');
    if (!path.startsWith('/health')) {
      const r = handleCors(path.startsWith('/public') ? p : m, req, res);
      if (r === true || (r !== false && (await r))) return;
    }
    res.setHeader('X-Request-Id', '1');
    res.end(body(path));
  });
  return listen(server);
}

export async function startExpress({ main, pub = PUBLIC }: Policies): Promise<Running> {
  const app = express();
  app.use('/data', (_req, res, next) => {
    res.vary('Accept-Encoding');
    next();
  });
  app.use('/data', nodeCors(main));
  app.use('/public', nodeCors(pub));
  const send: express.RequestHandler = (req, res) => {
    res.setHeader('X-Request-Id', '1');
    res.send(body(req.originalUrl));
  };
  app.all('/data', send);
  app.get('/public', send);
  app.get('/health', send);
  return listen(http.createServer(app));
}

export async function startFastify({ main, pub = PUBLIC }: Policies): Promise<Running> {
  const app = Fastify();
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith('/data')) reply.header('Vary', 'Accept-Encoding');
    done();
  });
  await app.register(corsairFastify, isPolicy(main) ? { policy: main } : main);
  const send = async (req: { url: string }, reply: { header(n: string, v: string): unknown }) => {
    reply.header('X-Request-Id', '1');
    return body(req.url);
  };
  app.route({ method: ['GET', 'PUT', 'DELETE', 'POST'], url: '/data', handler: send });
  app.get('/public', { config: { cors: pub } }, send);
  app.get('/health', { config: { cors: false } }, send);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function startKoa({ main, pub = PUBLIC }: Policies): Promise<Running> {
  const app = new Koa();
  const m = koaCors(main);
  const p = koaCors(pub);
  app.use((ctx, next) => {
    if (ctx.path.startsWith('/data')) ctx.vary('Accept-Encoding');
    return next();
  });
  app.use((ctx, next) =>
    ctx.path.startsWith('/health') ? next() : ctx.path.startsWith('/public') ? p(ctx, next) : m(ctx, next),
  );
  app.use((ctx) => {
    ctx.set('X-Request-Id', '1');
    ctx.body = body(ctx.path);
  });
  return listen(http.createServer(app.callback()));
}

/** Serve a fetch-style handler on a free loopback port with @hono/node-server. */
export function serveFetch(fetch: (req: Request) => Response | Promise<Response>): Promise<Running> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((r) => {
            (server as http.Server).closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

export async function startHono({ main, pub = PUBLIC }: Policies): Promise<Running> {
  const app = new Hono();
  // The edge adapters do not bundle the Public Suffix List: policies with wildcard subdomain patterns
  // are built by the full createCors from 'corsair-cors' and passed in, as docs/server.md says.
  app.use('/data', honoCors(createCors(main)));
  app.use('/public', honoCors(pub));
  app.all('/data', (c) => c.text('data', 200, { 'X-Request-Id': '1', Vary: 'Accept-Encoding' }));
  app.get('/public', (c) => c.text('public', 200, { 'X-Request-Id': '1' }));
  app.get('/health', (c) => c.text('healthy', 200, { 'X-Request-Id': '1' }));
  return serveFetch(app.fetch);
}

export async function startFetch({ main, pub = PUBLIC }: Policies): Promise<Running> {
  const data = withCors(
    () => new Response('data', { headers: { 'X-Request-Id': '1', Vary: 'Accept-Encoding' } }),
    createCors(main),
  );
  const publicH = withCors(() => new Response('public', { headers: { 'X-Request-Id': '1' } }), pub);
  return serveFetch((req) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith('/data')) return data(req);
    if (path.startsWith('/public')) return publicH(req);
    return new Response('healthy', { headers: { 'X-Request-Id': '1' } });
  });
}

function isPolicy(x: CorsOptions | CorsPolicy): x is CorsPolicy {
  return typeof (x as CorsPolicy).decide === 'function';
}

export const START: Readonly<Record<AdapterName, (p: Policies) => Promise<Running>>> = {
  node: startNode,
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
  fetch: startFetch,
};

export interface RawResponse {
  readonly status: number;
  /** Raw header lines as received, names as sent. */
  readonly headers: [string, string][];
  readonly body: string;
}

/** Send exactly these header lines (duplicates kept) over real HTTP. */
export function send(url: string, method: string, headers: [string, string][]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // With raw header lines Node adds no Host of its own.
    const flat: string[] = ['Host', new URL(url).host];
    for (const [n, v] of headers) flat.push(n, v);
    const req = http.request(
      url,
      { method, headers: flat as unknown as http.OutgoingHttpHeaders, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          const lines: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            lines.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode ?? 0, headers: lines, body: text });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
