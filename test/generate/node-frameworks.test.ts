// Express + cors, Fastify + @fastify/cors, Koa + @koa/cors, Hono (and corsair's own adapters with
// --flavor corsair), and the Cloudflare Worker module run in-process on loopback with the generated code.
import express from 'express';
import Fastify from 'fastify';
import { Hono, type MiddlewareHandler } from 'hono';
import Koa, { type Middleware } from 'koa';
import type { GeneratedFile } from '../../src/generate/index.js';
import { proveTarget } from './prove.js';
import { proveRoutes } from './prove-routes.js';
import {
  fetchBridge,
  importGenerated,
  listenNode,
  type Running,
  serverAvailable,
  startWorkerd,
  workerdBinary,
} from './servers.js';

type NodeMw = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;

async function startExpress(files: readonly GeneratedFile[]): Promise<Running> {
  const { mod, dir } = await importGenerated<{ corsMiddleware: NodeMw }>(files, 'express');
  const app = express();
  app.use(mod.corsMiddleware as express.RequestHandler);
  app.all('/', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });
  return listenNode(app, dir);
}

async function startFastify(files: readonly GeneratedFile[]): Promise<Running> {
  const { mod, dir } = await importGenerated<{
    corsOptions: object;
    fastifyCors?: unknown;
    corsairFastify?: unknown;
  }>(files, 'fastify');
  const app = Fastify();
  // biome-ignore lint/suspicious/noExplicitAny: the plugin's option type differs per flavor; the generated object is what is under test.
  await app.register((mod.fastifyCors ?? mod.corsairFastify) as any, mod.corsOptions);
  app.get('/', async () => 'ok\n');
  await app.ready();
  return listenNode((req, res) => app.routing(req, res), dir);
}

async function startKoa(files: readonly GeneratedFile[]): Promise<Running> {
  const { mod, dir } = await importGenerated<{ corsMiddleware: Middleware }>(files, 'koa');
  const app = new Koa();
  app.use(mod.corsMiddleware);
  app.use((ctx) => {
    ctx.body = 'ok\n';
  });
  return listenNode(app.callback(), dir);
}

async function startHono(files: readonly GeneratedFile[]): Promise<Running> {
  const { mod, dir } = await importGenerated<{ corsMiddleware: MiddlewareHandler }>(files, 'hono');
  const app = new Hono();
  app.use('*', mod.corsMiddleware);
  app.all('/', (c) => c.text('ok\n'));
  return listenNode(
    fetchBridge((r) => app.fetch(r)),
    dir,
  );
}

async function startWorker(files: readonly GeneratedFile[]): Promise<Running> {
  const { mod, dir } = await importGenerated<{
    default: { fetch: (r: Request, env: unknown, ctx: unknown) => Promise<Response> };
  }>(files, 'worker');
  return listenNode(
    fetchBridge((r) => mod.default.fetch(r, {}, {})),
    dir,
  );
}

proveTarget('express', startExpress, true);
proveTarget('express', startExpress, true, 'corsair');
proveTarget('fastify', startFastify, true);
proveTarget('fastify', startFastify, true, 'corsair');
proveTarget('koa', startKoa, true);
proveTarget('koa', startKoa, true, 'corsair');
proveTarget('hono', startHono, true);
proveTarget('hono', startHono, true, 'corsair');
// The Worker module on Cloudflare's own runtime (workerd from npm), and on Node's Request/Response.
proveTarget(
  'cloudflare-workers',
  startWorkerd,
  serverAvailable('workerd', () => workerdBinary() !== null, 'npm ci (devDependency workerd)'),
);
proveTarget('cloudflare-workers', startWorker, true, undefined, 'on Node');

// The generated proxy's logic alone, with a stub of next/server whose NextResponse.next() marks
// "continue"; the bridge then serves the page with those headers. (nextjs.test.ts runs real Next.js.)
const NEXT_SERVER_STUB = `export const NextResponse = {
  next: () => new Response(null, { headers: { 'x-middleware-next': '1' } }),
};
`;

async function startNextMiddleware(files: readonly GeneratedFile[]): Promise<Running> {
  const middlewareFile = files.filter((f) => f.path === 'proxy.ts');
  const { mod, dir } = await importGenerated<{ proxy: (r: Request) => Response }>(middlewareFile, 'nextjs', {
    'next/server': NEXT_SERVER_STUB,
  });
  return listenNode(
    fetchBridge((request) => {
      const r = mod.proxy(request);
      if (r.headers.get('x-middleware-next') !== '1') return r;
      const headers = new Headers(r.headers);
      headers.delete('x-middleware-next');
      headers.set('Content-Type', 'text/plain');
      return new Response('ok\n', { status: 200, headers });
    }),
    dir,
  );
}

proveTarget('nextjs', startNextMiddleware, true, undefined, 'logic on Node with a stub of next/server');

// Per-path policies through corsair's own middleware (--flavor corsair), path tricks sent raw. corsair's
// table answers `;jsessionid` below /private/*: every reading of it (with or without the parameter)
// takes the private route. Hono runs on Request, whose URL parser resolves %2e%2e first.
const CORSAIR_TABLE = { '/private/items;jsessionid=1': 'private' } as const;
proveRoutes('express', startExpress, true, 'on the real server', false, CORSAIR_TABLE, 'corsair');
proveRoutes('fastify', startFastify, true, 'on the real server', false, CORSAIR_TABLE, 'corsair');
proveRoutes('koa', startKoa, true, 'on the real server', false, CORSAIR_TABLE, 'corsair');
proveRoutes('hono', startHono, true, 'on the real server', true, CORSAIR_TABLE, 'corsair');
