// The benchmark's apps, one per framework and variant, and the HTTP server of one of them:
//   tsx bench/server.ts <framework> <variant>   → prints the port on stdout, serves PATH until killed.
// Every variant of a framework serves the same route with the same body; they differ only in CORS
// (bench/scenarios.ts). The in-process method (bench/inprocess.ts) drives the very same apps through
// their node request listener, without a socket. Each framework is imported only by its own app, so a
// process running one app loads (and warms) no other framework's code.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import {
  APP,
  built,
  type Framework,
  HEADERS,
  isAllowedPreflight,
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
const { createCors } = await built<typeof import('../src/index.js')>('index.js');

function policyOf(variant: Variant) {
  return createCors(variant === 'routes' ? ROUTED : OPTIONS);
}

// The `headers` variant's lines: corsair's own answers, as plain data. Its middleware's only logic is
// the least any CORS middleware has: the method, the Origin header against the allowed origin, and for
// a preflight whether it has an Access-Control-Request-Method.
const LINES = linesOf(createCors(OPTIONS).decideValues);
const PREFLIGHT_HEAD = Object.fromEntries(LINES.preflight);
const PREFLIGHT_HEAD_NO_LENGTH = Object.fromEntries(LINES.preflight.filter(([n]) => n !== 'Content-Length'));
const ACTUAL_HEAD = Object.fromEntries(LINES.actual);
const OTHER_HEAD = Object.fromEntries(LINES.other);
/** The lines of a GET by its Origin header (absent, refused or allowed). */
const getLines = (origin: string | undefined) => (origin === APP ? LINES.actual : LINES.other);
const getHead = (origin: string | undefined) => (origin === APP ? ACTUAL_HEAD : OTHER_HEAD);

// Where each framework gives a request's Access-Control-Request-Method (isAllowedPreflight reads it
// only for an OPTIONS from the allowed origin).
const nodeAcrm = (h: http.IncomingHttpHeaders) => h['access-control-request-method'];
const honoAcrm = (c: { req: { header(name: string): string | undefined } }) =>
  c.req.header('access-control-request-method');

/** The `headers` variant as a Connect middleware: setHeader per line, or the preflight answer. */
function headersOnly(req: http.IncomingMessage, res: http.ServerResponse, next: () => void): void {
  const h = req.headers;
  const origin = h.origin;
  if (isAllowedPreflight(req.method, origin, h, nodeAcrm)) {
    res.writeHead(LINES.preflightStatus, PREFLIGHT_HEAD);
    res.end();
    return;
  }
  for (const [n, v] of getLines(origin)) res.setHeader(n, v);
  next();
}

const expressPeer = {
  origin: ORIGINS,
  methods: METHODS,
  allowedHeaders: HEADERS,
  credentials: true,
  maxAge: 600,
};

/**
 * One variant's app: the node request listener the framework's own server calls for each request
 * (what the in-process method drives), and how it is served over HTTP on loopback (the port).
 */
export interface BenchApp {
  readonly listener: http.RequestListener;
  listen(): Promise<number>;
}

function nodeServer(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

const served = (listener: http.RequestListener): BenchApp => ({
  listener,
  listen: () => nodeServer(listener),
});

async function nodeApp(variant: Variant): Promise<BenchApp> {
  // Two headers, not one: a response that gets a single setHeader call leaves node's setHeader in V8's
  // baseline tier in the in-process loop (its ticks keep resetting on an IC change, see
  // `--trace-opt-verbose`), ~0.4 µs a response more than with two, so a bare app setting one header read
  // dearer than corsair's variants setting several (bench/upstream/README.md).
  const ok = (res: http.ServerResponse) => {
    res.setHeader('Content-Type', 'text/plain');
    res.setHeader('Cache-Control', 'no-store');
    res.end('ok');
  };
  if (variant === 'bare') return served((_req, res) => ok(res));
  const { cors: corsairNode } = await built<typeof import('../src/adapters/node.js')>('adapters/node.js');
  const { default: expressCors } = await import('cors');
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
  return served((req, res) => mw(req as never, res as never, () => ok(res)));
}

async function expressApp(variant: Variant): Promise<BenchApp> {
  const { default: express } = await import('express');
  const { default: expressCors } = await import('cors');
  const { cors: corsairNode } = await built<typeof import('../src/adapters/node.js')>('adapters/node.js');
  const app = express();
  if (variant === 'floor') app.use((_req, _res, next) => next());
  else if (variant === 'headers') app.use(headersOnly);
  else if (variant === 'peer') app.use(expressCors(expressPeer));
  else if (variant !== 'bare') app.use(corsairNode(policyOf(variant)));
  app.get(PATH, (_req, res) => {
    res.send('ok');
  });
  return served(app);
}

async function fastifyApp(variant: Variant): Promise<BenchApp> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  if (variant === 'floor') {
    app.addHook('onRequest', (_req, _reply, done) => done());
    app.addHook('onSend', (_req, _reply, payload, done) => done(null, payload));
  } else if (variant === 'headers') {
    app.addHook('onRequest', (req, reply, done) => {
      const origin = req.headers.origin;
      if (isAllowedPreflight(req.method, origin, req.headers, nodeAcrm))
        reply.code(LINES.preflightStatus).headers(PREFLIGHT_HEAD_NO_LENGTH).send();
      else {
        reply.headers(getHead(origin));
        done();
      }
    });
  } else if (variant === 'peer') await app.register((await import('@fastify/cors')).default, expressPeer);
  else if (variant !== 'bare') {
    const { default: corsairFastify } =
      await built<typeof import('../src/adapters/fastify.js')>('adapters/fastify.js');
    await app.register(corsairFastify, { policy: policyOf(variant) });
  }
  app.get(PATH, async () => 'ok');
  await app.ready();
  // `routing` is the listener Fastify's own server is created with.
  return {
    listener: app.routing,
    listen: async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      return (app.server.address() as AddressInfo).port;
    },
  };
}

async function koaApp(variant: Variant): Promise<BenchApp> {
  const { default: Koa } = await import('koa');
  const app = new Koa();
  if (variant === 'floor') app.use((_ctx, next) => next());
  else if (variant === 'headers')
    app.use((ctx, next) => {
      const h = ctx.req.headers;
      if (!isAllowedPreflight(ctx.method, h.origin, h, nodeAcrm)) {
        ctx.set(getHead(h.origin));
        return next();
      }
      ctx.status = LINES.preflightStatus;
      ctx.set(PREFLIGHT_HEAD_NO_LENGTH);
    });
  else if (variant === 'peer') {
    const { default: koaCors } = await import('@koa/cors');
    const origin = (ctx: Koa.Context) => {
      const o = ctx.get('Origin');
      return ORIGIN_SET.has(o) ? o : '';
    };
    app.use(
      koaCors({ origin, allowMethods: METHODS, allowHeaders: HEADERS, credentials: true, maxAge: 600 }),
    );
  } else if (variant !== 'bare') {
    const { cors: corsairKoa } = await built<typeof import('../src/adapters/koa.js')>('adapters/koa.js');
    app.use(corsairKoa(policyOf(variant)));
  }
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return served(app.callback());
}

async function honoApp(variant: Variant): Promise<BenchApp> {
  const { Hono } = await import('hono');
  const { serve, getRequestListener } = await import('@hono/node-server');
  const app = new Hono();
  if (variant === 'floor') app.use((_c, next) => next());
  else if (variant === 'headers')
    app.use(async (c, next) => {
      // Hono's own API, as a Hono middleware reads and writes headers (hono/cors does the same).
      const origin = c.req.header('origin');
      if (isAllowedPreflight(c.req.method, origin, c, honoAcrm))
        return c.body(null, LINES.preflightStatus as 204, PREFLIGHT_HEAD_NO_LENGTH);
      for (const [n, v] of getLines(origin)) c.header(n, v);
      await next();
    });
  else if (variant === 'peer') {
    const { cors: honoCors } = await import('hono/cors');
    app.use(
      honoCors({
        origin: ORIGINS,
        allowMethods: METHODS,
        allowHeaders: HEADERS,
        credentials: true,
        maxAge: 600,
      }),
    );
  } else if (variant !== 'bare') {
    const { cors: corsairHono } = await built<typeof import('../src/adapters/hono.js')>('adapters/hono.js');
    app.use(corsairHono(policyOf(variant)));
  }
  app.get(PATH, (c) => c.text('ok'));
  const hostname = '127.0.0.1';
  return {
    // The listener `serve` creates its server with (same options).
    listener: getRequestListener(app.fetch, { hostname }),
    listen: () => new Promise((r) => serve({ fetch: app.fetch, port: 0, hostname }, (info) => r(info.port))),
  };
}

const APPS: Partial<Record<Framework, (v: Variant) => Promise<BenchApp>>> = {
  node: nodeApp,
  express: expressApp,
  fastify: fastifyApp,
  koa: koaApp,
  hono: honoApp,
};

/**
 * The app of one Node framework and variant (the edge runtimes are served by bench/edge-launch.ts).
 *
 * @example
 * const { listener } = await appOf('express', 'corsair');
 */
export function appOf(fw: Framework, variant: Variant): Promise<BenchApp> {
  const make = APPS[fw];
  if (!make || !VARIANTS.includes(variant)) throw new Error(`unknown bench app ${fw} ${variant}`);
  return make(variant);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const [fw, variant] = process.argv.slice(2) as [Framework, Variant];
  appOf(fw, variant)
    .then((app) => app.listen())
    .then((port) => {
      process.stdout.write(`${port}\n`);
    });
}
