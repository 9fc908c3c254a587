// One benchmark server per process, so that it can be pinned to a core of its own (bench/http.ts):
//   tsx bench/server.ts <framework> <variant>   → prints the port on stdout, serves PATH until killed.
// Every variant of a framework serves the same route with the same body; they differ only in CORS.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyCors from '@fastify/cors';
import { serve } from '@hono/node-server';
import koaCors from '@koa/cors';
import expressCors from 'cors';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import Koa from 'koa';
import corsairFastify from '../src/adapters/fastify.js';
import { cors as corsairHono } from '../src/adapters/hono.js';
import { cors as corsairKoa } from '../src/adapters/koa.js';
import { cors as corsairNode } from '../src/adapters/node.js';
import { type CorsOptions, createCors } from '../src/index.js';

/** The allowed origin the requests send: the last of the 100 allowed ones (a list peer scans them all). */
export const APP = 'https://app.example.com';
export const REFUSED = 'https://evil.example';
/** The path every server serves (the 20-route policy's last route matches it). */
export const PATH = '/api/items';
export const FRAMEWORKS = ['node', 'express', 'fastify', 'koa', 'hono'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
/** bare: no CORS; peer: the framework's usual CORS middleware; routes: corsair with a 20-route policy. */
export const VARIANTS = ['bare', 'corsair', 'peer', 'routes'] as const;
export type Variant = (typeof VARIANTS)[number];
/** The peer middleware of each framework, by its package name. */
export const PEERS: Record<Framework, string> = {
  node: 'cors',
  express: 'cors',
  fastify: '@fastify/cors',
  koa: '@koa/cors',
  hono: 'hono/cors',
};

const ORIGINS = Array.from({ length: 100 }, (_, i) => (i === 99 ? APP : `https://app${i}.example.com`));
const ORIGIN_SET = new Set(ORIGINS);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const HEADERS = ['Content-Type', 'Authorization'];
const OPTIONS = {
  origins: ORIGINS,
  methods: METHODS,
  allowedHeaders: HEADERS,
  credentials: true,
  maxAge: 600,
} satisfies CorsOptions;
/** 20 routes, each with its own policy; PATH takes the last one. */
export const ROUTED: CorsOptions = {
  ...OPTIONS,
  routes: Array.from({ length: 20 }, (_, i) => ({
    ...OPTIONS,
    path: i === 19 ? '/api/*' : `/svc${i}/:id/*`,
    maxAge: 600 + i,
  })),
};

function policyOf(variant: Variant) {
  return createCors(variant === 'routes' ? ROUTED : OPTIONS);
}

const expressPeer = {
  origin: ORIGINS,
  methods: METHODS,
  allowedHeaders: HEADERS,
  credentials: true,
  maxAge: 600,
};

function nodeServer(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

function startNode(variant: Variant): Promise<number> {
  const ok = (res: http.ServerResponse) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end('ok');
  };
  if (variant === 'bare') return nodeServer((_req, res) => ok(res));
  // Both middlewares used as a plain node:http handler would: call it, answer in `next`.
  const mw = variant === 'peer' ? expressCors(expressPeer) : corsairNode(policyOf(variant));
  return nodeServer((req, res) => mw(req as never, res as never, () => ok(res)));
}

function startExpress(variant: Variant): Promise<number> {
  const app = express();
  if (variant === 'peer') app.use(expressCors(expressPeer));
  else if (variant !== 'bare') app.use(corsairNode(policyOf(variant)));
  app.get(PATH, (_req, res) => {
    res.send('ok');
  });
  return nodeServer(app);
}

async function startFastify(variant: Variant): Promise<number> {
  const app = Fastify();
  if (variant === 'peer') await app.register(fastifyCors, expressPeer);
  else if (variant !== 'bare') await app.register(corsairFastify, { policy: policyOf(variant) });
  app.get(PATH, async () => 'ok');
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

function startKoa(variant: Variant): Promise<number> {
  const app = new Koa();
  if (variant === 'peer') {
    const origin = (ctx: Koa.Context) => {
      const o = ctx.get('Origin');
      return ORIGIN_SET.has(o) ? o : '';
    };
    app.use(
      koaCors({ origin, allowMethods: METHODS, allowHeaders: HEADERS, credentials: true, maxAge: 600 }),
    );
  } else if (variant !== 'bare') app.use(corsairKoa(policyOf(variant)));
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return nodeServer(app.callback());
}

function startHono(variant: Variant): Promise<number> {
  const app = new Hono();
  if (variant === 'peer')
    app.use(
      honoCors({
        origin: ORIGINS,
        allowMethods: METHODS,
        allowHeaders: HEADERS,
        credentials: true,
        maxAge: 600,
      }),
    );
  else if (variant !== 'bare') app.use(corsairHono(policyOf(variant)));
  app.get(PATH, (c) => c.text('ok'));
  return new Promise((r) =>
    serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => r(info.port)),
  );
}

const STARTERS: Record<Framework, (v: Variant) => Promise<number>> = {
  node: startNode,
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [fw, variant] = process.argv.slice(2) as [Framework, Variant];
  if (!STARTERS[fw] || !VARIANTS.includes(variant)) throw new Error(`unknown server ${fw} ${variant}`);
  STARTERS[fw](variant).then((port) => {
    process.stdout.write(`${port}\n`);
  });
}
