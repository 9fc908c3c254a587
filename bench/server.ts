// One benchmark server per process, so that it can be pinned to a core of its own (bench/http.ts):
//   tsx bench/server.ts <framework> <variant>   → prints the port on stdout, serves PATH until killed.
// Every variant of a framework serves the same route with the same body; they differ only in CORS
// (bench/scenarios.ts).
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
import {
  built,
  type Framework,
  HEADERS,
  linesOf,
  METHODS,
  OPTIONS,
  ORIGIN_SET,
  ORIGINS,
  PATH,
  ROUTED,
  VARIANTS,
  type Variant,
} from './scenarios.js';

// The built package (dist/), as users run it; `npm run bench` builds it first when it is stale.
const { default: corsairFastify } =
  await built<typeof import('../src/adapters/fastify.js')>('adapters/fastify.js');
const { cors: corsairHono } = await built<typeof import('../src/adapters/hono.js')>('adapters/hono.js');
const { cors: corsairKoa } = await built<typeof import('../src/adapters/koa.js')>('adapters/koa.js');
const { cors: corsairNode } = await built<typeof import('../src/adapters/node.js')>('adapters/node.js');
const { createCors } = await built<typeof import('../src/index.js')>('index.js');

function policyOf(variant: Variant) {
  return createCors(variant === 'routes' ? ROUTED : OPTIONS);
}

// The `headers` variant's lines: corsair's own answers, as plain data (the middleware has no logic).
const LINES = linesOf(createCors(OPTIONS).decideValues);
const PREFLIGHT_HEAD = Object.fromEntries(LINES.preflight);
const PREFLIGHT_HEAD_NO_LENGTH = Object.fromEntries(LINES.preflight.filter(([n]) => n !== 'Content-Length'));
const ACTUAL_HEAD = Object.fromEntries(LINES.actual);

/** The `headers` variant as a Connect middleware: setHeader per line, or the preflight answer. */
function headersOnly(req: http.IncomingMessage, res: http.ServerResponse, next: () => void): void {
  if (req.method === 'OPTIONS') {
    res.writeHead(LINES.preflightStatus, PREFLIGHT_HEAD);
    res.end();
    return;
  }
  for (const [n, v] of LINES.actual) res.setHeader(n, v);
  next();
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
  // Each middleware used as a plain node:http handler would: call it, answer in `next`.
  const noop = (_req: unknown, _res: unknown, next: () => void) => next();
  const mw =
    variant === 'floor'
      ? noop
      : variant === 'headers'
        ? headersOnly
        : variant === 'peer'
          ? expressCors(expressPeer)
          : corsairNode(policyOf(variant));
  return nodeServer((req, res) => mw(req as never, res as never, () => ok(res)));
}

function startExpress(variant: Variant): Promise<number> {
  const app = express();
  if (variant === 'floor') app.use((_req, _res, next) => next());
  else if (variant === 'headers') app.use(headersOnly);
  else if (variant === 'peer') app.use(expressCors(expressPeer));
  else if (variant !== 'bare') app.use(corsairNode(policyOf(variant)));
  app.get(PATH, (_req, res) => {
    res.send('ok');
  });
  return nodeServer(app);
}

async function startFastify(variant: Variant): Promise<number> {
  const app = Fastify();
  if (variant === 'floor') {
    app.addHook('onRequest', (_req, _reply, done) => done());
    app.addHook('onSend', (_req, _reply, payload, done) => done(null, payload));
  } else if (variant === 'headers') {
    app.addHook('onRequest', (req, reply, done) => {
      if (req.method === 'OPTIONS')
        reply.code(LINES.preflightStatus).headers(PREFLIGHT_HEAD_NO_LENGTH).send();
      else {
        reply.headers(ACTUAL_HEAD);
        done();
      }
    });
  } else if (variant === 'peer') await app.register(fastifyCors, expressPeer);
  else if (variant !== 'bare') await app.register(corsairFastify, { policy: policyOf(variant) });
  app.get(PATH, async () => 'ok');
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

function startKoa(variant: Variant): Promise<number> {
  const app = new Koa();
  if (variant === 'floor') app.use((_ctx, next) => next());
  else if (variant === 'headers')
    app.use((ctx, next) => {
      if (ctx.method !== 'OPTIONS') {
        ctx.set(ACTUAL_HEAD);
        return next();
      }
      ctx.status = LINES.preflightStatus;
      ctx.set(PREFLIGHT_HEAD_NO_LENGTH);
    });
  else if (variant === 'peer') {
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
  if (variant === 'floor') app.use((_c, next) => next());
  else if (variant === 'headers')
    app.use(async (c, next) => {
      if (c.req.method === 'OPTIONS')
        return c.body(null, LINES.preflightStatus as 204, PREFLIGHT_HEAD_NO_LENGTH);
      for (const [n, v] of LINES.actual) c.header(n, v);
      await next();
    });
  else if (variant === 'peer')
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

const STARTERS: Partial<Record<Framework, (v: Variant) => Promise<number>>> = {
  node: startNode,
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [fw, variant] = process.argv.slice(2) as [Framework, Variant];
  if (!STARTERS[fw] || !VARIANTS.includes(variant)) throw new Error(`unknown server ${fw} ${variant}`);
  STARTERS[fw]!(variant).then((port) => {
    process.stdout.write(`${port}\n`);
  });
}
