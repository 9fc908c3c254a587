// What setting three response headers costs in a framework, against the same three lines set on node's
// own response, in process (no socket, no HTTP parsing): the measurement behind the reports in
// bench/upstream/. Standalone on purpose (only the framework's own packages), so that a maintainer can
// run it as it is:
//   node bench/upstream/headers.mjs <framework> <variant>     → CPU µs per request, one process
//   node bench/upstream/headers.mjs <framework> <variant> --check  → the status, lines and body sent
// framework: node | express | fastify | koa | hono; variant: bare | floor | framework | raw | prop
//   bare: the route alone; floor: a middleware that sets nothing (the same shape as the next two);
//   framework: that middleware sets the lines with the framework's API;
//   raw: it sets the same lines with node's `res.setHeader` on the framework's node response;
//   prop: (express, node) a middleware adds one property to the node response, and sets nothing.
// Its measuring loop (`batch`, `measure`) is bench/inprocess-child.ts's written again without corsair's
// modules (fresh socketless pairs, CPU until every response ended, the middle half's mean): a change
// to one belongs in the other, so that the two benches keep measuring the same thing.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

export const LINES = [
  ['Access-Control-Allow-Origin', 'https://app.example.com'],
  ['Access-Control-Allow-Credentials', 'true'],
  ['Vary', 'Origin'],
];
export const VARIANTS = {
  node: ['bare', 'raw', 'prop'],
  express: ['bare', 'floor', 'framework', 'raw', 'prop'],
  fastify: ['bare', 'floor', 'framework', 'raw'],
  koa: ['bare', 'floor', 'framework', 'raw'],
  hono: ['bare', 'floor', 'framework', 'raw'],
};

const setRaw = (res) => {
  for (const [n, v] of LINES) res.setHeader(n, v);
};

async function nodeApp(variant) {
  // The route sets two headers: with a single setHeader call per response, V8 keeps node's setHeader in
  // its baseline tier in this loop (~0.4 µs a response more than with two), so the bare app would read
  // dearer than a variant adding lines (README.md, "node's setHeader").
  return (_req, res) => {
    if (variant === 'raw') setRaw(res);
    else if (variant === 'prop') res.extra = true;
    res.setHeader('Content-Type', 'text/plain');
    res.setHeader('Cache-Control', 'no-store');
    res.end('ok');
  };
}

async function expressApp(variant) {
  const { default: express } = await import('express');
  const app = express();
  if (variant === 'framework')
    app.use((_req, res, next) => {
      res.set(Object.fromEntries(LINES));
      next();
    });
  else if (variant === 'raw')
    app.use((_req, res, next) => {
      setRaw(res);
      next();
    });
  else if (variant === 'prop')
    app.use((_req, res, next) => {
      res.extra = true;
      next();
    });
  else if (variant === 'floor') app.use((_req, _res, next) => next());
  app.get('/x', (_req, res) => {
    res.send('ok');
  });
  return app;
}

async function fastifyApp(variant) {
  const { default: Fastify } = await import('fastify');
  const app = Fastify();
  if (variant === 'framework')
    app.addHook('onRequest', (_req, reply, done) => {
      for (const [n, v] of LINES) reply.header(n, v);
      done();
    });
  else if (variant === 'raw')
    app.addHook('onRequest', (_req, reply, done) => {
      setRaw(reply.raw);
      done();
    });
  else if (variant === 'floor') app.addHook('onRequest', (_req, _reply, done) => done());
  app.get('/x', async () => 'ok');
  await app.ready();
  return app.routing;
}

async function koaApp(variant) {
  const { default: Koa } = await import('koa');
  const app = new Koa();
  if (variant === 'framework')
    app.use((ctx, next) => {
      for (const [n, v] of LINES) ctx.set(n, v);
      return next();
    });
  else if (variant === 'raw')
    app.use((ctx, next) => {
      setRaw(ctx.res);
      return next();
    });
  else if (variant === 'floor') app.use((_ctx, next) => next());
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  return app.callback();
}

async function honoApp(variant) {
  const { Hono } = await import('hono');
  const { getRequestListener } = await import('@hono/node-server');
  const app = new Hono();
  if (variant === 'framework')
    app.use(async (c, next) => {
      for (const [n, v] of LINES) c.header(n, v);
      await next();
    });
  else if (variant === 'raw')
    app.use(async (c, next) => {
      setRaw(c.env.outgoing);
      await next();
    });
  else if (variant === 'floor')
    app.use(async (_c, next) => {
      await next();
    });
  app.get('/x', (c) => c.text('ok'));
  return getRequestListener(app.fetch);
}

const APPS = { node: nodeApp, express: expressApp, fastify: fastifyApp, koa: koaApp, hono: honoApp };

/**
 * The node request listener of `framework`'s app in `variant`.
 *
 * @example
 * const listener = await appOf('koa', 'framework');
 */
export async function appOf(framework, variant) {
  if (!VARIANTS[framework]?.includes(variant)) throw new Error(`unknown: ${framework} ${variant}`);
  return APPS[framework](variant);
}

const socket = new Socket();
const tick = () => new Promise((r) => setImmediate(r));

function pairs(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const req = new IncomingMessage(socket);
    req.method = 'GET';
    req.url = '/x';
    req.headers = { host: '127.0.0.1', origin: 'https://app.example.com' };
    out.push([req, new ServerResponse(req)]);
  }
  return out;
}

/** CPU µs per request of one batch of `n` fresh pairs, until every response has ended. */
async function batch(listener, n) {
  const ps = pairs(n);
  await tick();
  const t = process.cpuUsage();
  for (const [req, res] of ps) listener(req, res);
  for (let k = 0; k < 100 && !ps.every(([, res]) => res.writableEnded); k++) await tick();
  const d = process.cpuUsage(t);
  if (!ps.every(([, res]) => res.writableEnded)) throw new Error('a response did not end');
  return (d.user + d.system) / n;
}

/**
 * The mean CPU µs per request of the middle half of `batches` batches, after as many discarded.
 *
 * @example
 * const us = await measure(await appOf('hono', 'bare'), 400);
 */
export async function measure(listener, batches, size = 50) {
  for (let i = 0; i < batches; i++) await batch(listener, size);
  const xs = [];
  for (let i = 0; i < batches; i++) xs.push(await batch(listener, size));
  xs.sort((a, b) => a - b);
  const mid = xs.slice(Math.floor(batches / 4), Math.ceil((3 * batches) / 4));
  return mid.reduce((a, b) => a + b, 0) / mid.length;
}

/**
 * What one request sends, as node serialized it (status line, header lines, body): with no socket, node
 * keeps the bytes in the response's `outputData`.
 *
 * @example
 * (await sent(await appOf('node', 'raw'))).includes('Vary: Origin'); // true
 */
export async function sent(listener) {
  const [[req, res]] = pairs(1);
  listener(req, res);
  for (let k = 0; k < 100 && !res.writableEnded; k++) await tick();
  return res.outputData.map((d) => String(d.data)).join('');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [framework, variant, flag] = process.argv.slice(2);
  const listener = await appOf(framework, variant);
  if (flag === '--check') process.stdout.write(await sent(listener));
  else console.log((await measure(listener, Number(process.env.BATCHES ?? 400))).toFixed(3));
}
