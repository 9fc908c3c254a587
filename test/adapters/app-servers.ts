// One app per framework with ONE corsair middleware app-wide (the way docs/server.md now says to use
// it), on 127.0.0.1:0, and the same handlers everywhere:
//   GET  /own-headers  the handler sets its own Vary, Access-Control-Allow-Origin: *,
//                      Access-Control-Allow-Credentials: true and Access-Control-Expose-Headers after
//                      the middleware ran (the policy alone must decide those)
//   GET  /boom         the handler throws: the framework's error response
//   *    anything else answers 200 with `<METHOD> <path>`
// `stacked` builds the app the old docs showed instead: a second corsair middleware with another policy.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { type AdapterName, listen, type Running, serveFetch } from './servers.js';

/** What a handler sets on its own, after the CORS middleware. */
export const OWN_HEADERS: Readonly<Record<string, string>> = {
  Vary: 'Accept-Encoding',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Expose-Headers': 'X-Secret',
};

function errorCode(e: unknown): string {
  return (e as { code?: string }).code ?? 'ERROR';
}

function pathOf(url: string): string {
  return url.startsWith('/') ? url : new URL(url).pathname;
}

type Policy = CorsOptions | CorsPolicy;

/** The policies an app decides with: one, or two stacked (the second mounted on /public). */
interface Policies {
  readonly policy: Policy;
  readonly stacked?: Policy;
}

async function startNode({ policy, stacked }: Policies): Promise<Running> {
  const a = createCors(policy);
  const b = stacked === undefined ? undefined : createCors(stacked);
  return listen(
    http.createServer(async (req, res) => {
      const url = req.url ?? '/';
      try {
        let r = handleCors(a, req, res);
        if (r instanceof Promise) r = await r;
        if (r) return;
        if (b !== undefined && url.startsWith('/public') && handleCors(b, req, res) === true) return;
      } catch (e) {
        res.statusCode = 500;
        res.end(errorCode(e));
        return;
      }
      if (url === '/own-headers') {
        for (const [n, v] of Object.entries(OWN_HEADERS)) res.setHeader(n, v);
        res.end('own');
        return;
      }
      res.end(`${req.method} ${url}`);
    }),
  );
}

async function startExpress({ policy, stacked }: Policies): Promise<Running> {
  const app = express();
  app.use(nodeCors(policy));
  if (stacked !== undefined) app.use('/public', nodeCors(stacked));
  app.get('/own-headers', (_req, res) => {
    res.set(OWN_HEADERS);
    res.send('own');
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.all('/{*rest}', (req, res) => {
    res.send(`${req.method} ${req.originalUrl}`);
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).send(errorCode(err));
  });
  return listen(http.createServer(app));
}

async function startFastify({ policy, stacked }: Policies): Promise<Running> {
  const app = Fastify();
  await app.register(corsairFastify, isPolicy(policy) ? { policy } : policy);
  if (stacked !== undefined)
    await app.register(corsairFastify, isPolicy(stacked) ? { policy: stacked } : stacked);
  app.setErrorHandler((err, _req, reply) => {
    reply.code(500).send(errorCode(err));
  });
  app.get('/own-headers', async (_req, reply) => {
    reply.headers(OWN_HEADERS);
    return 'own';
  });
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  app.all('/*', async (req) => `${req.method} ${req.url}`);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

async function startKoa({ policy, stacked }: Policies): Promise<Running> {
  const app = new Koa();
  app.silent = true;
  // The stacking error is turned into a 500 whose body names it; /boom goes to Koa's own error response.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if (errorCode(e) !== 'POLICY_MIDDLEWARE_STACKED') throw e;
      ctx.status = 500;
      ctx.body = errorCode(e);
    }
  });
  app.use(koaCors(policy));
  if (stacked !== undefined) {
    const b = koaCors(stacked);
    app.use((ctx, next) => (ctx.path.startsWith('/public') ? b(ctx, next) : next()));
  }
  app.use((ctx) => {
    if (ctx.path === '/boom') throw new Error('boom');
    if (ctx.path === '/own-headers') {
      ctx.set(OWN_HEADERS);
      ctx.body = 'own';
      return;
    }
    ctx.body = `${ctx.method} ${ctx.originalUrl}`;
  });
  return listen(http.createServer(app.callback()));
}

async function startHono({ policy, stacked }: Policies): Promise<Running> {
  const app = new Hono();
  app.onError((err, c) => c.text(errorCode(err), 500));
  // The edge adapters leave the Public Suffix List out: policies are compiled by createCors.
  app.use(honoCors(createCors(policy)));
  if (stacked !== undefined) app.use('/public/*', honoCors(createCors(stacked)));
  app.get('/own-headers', (c) => c.text('own', 200, { ...OWN_HEADERS }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.all('*', (c) => c.text(`${c.req.method} ${pathOf(c.req.url)}`));
  return serveFetch(app.fetch);
}

async function startFetch({ policy, stacked }: Policies): Promise<Running> {
  const handler = (req: Request): Response => {
    const path = pathOf(req.url);
    if (path === '/own-headers') return new Response('own', { headers: { ...OWN_HEADERS } });
    return new Response(`${req.method} ${path}`);
  };
  const inner = stacked === undefined ? handler : withCors(handler, createCors(stacked));
  const wrapped = withCors(inner, createCors(policy));
  return serveFetch(async (req) => {
    try {
      return await wrapped(req);
    } catch (e) {
      return new Response(errorCode(e), { status: 500 });
    }
  });
}

function isPolicy(x: Policy): x is CorsPolicy {
  return typeof (x as CorsPolicy).decide === 'function';
}

export const START_APP: Readonly<Record<AdapterName, (p: Policies) => Promise<Running>>> = {
  node: startNode,
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
  fetch: startFetch,
};

/** Adapters whose framework turns a thrown handler error into a response (bare node and withCors do not). */
export const HAS_ERROR_RESPONSES: ReadonlySet<AdapterName> = new Set(['express', 'fastify', 'koa', 'hono']);
