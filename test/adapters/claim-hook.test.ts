// One policy per request when the claim rides on the node response's writeHead hook (issue 16: a
// property added to an Express request or response costs microseconds, so a hooked response carries the
// claim on its hook and the request gets nothing). Stacking is refused as before: on real node objects,
// through a second loaded copy, across adapters the way @fastify/middie and koa-connect run Express
// middleware (neither is installed here: their calling convention is three lines, reproduced below),
// and, when another library's writeHead hook hides the first one, at head time.
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import Koa from 'koa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import corsairFastify from '../../src/adapters/fastify.js';
import { cors as koaCors } from '../../src/adapters/koa.js';
import { handleCors, type NodeMiddleware, cors as nodeCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/index.js';
import { listen, type RawResponse, send } from './servers.js';

const APP = 'https://app.example.com';
const credentialed = () => createCors({ origins: [APP], credentials: true, methods: ['PUT'] });
const open = () => createCors({ origins: '*' });

function exchange(method: string, headers: Record<string, string>, url = '/') {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = url;
  req.headers = headers;
  return { req, res: new ServerResponse(req) };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

/** The head node serialized: lowercase CORS and Vary lines, sorted. */
function corsHead(res: ServerResponse): string[] {
  const raw = (res as unknown as { _header: string })._header;
  return raw
    .split('\r\n')
    .slice(1)
    .map((l) => l.toLowerCase())
    .filter((l) => l.startsWith('access-control-') || l.startsWith('vary:'))
    .sort();
}

function corsLines(r: RawResponse): string[] {
  return r.headers
    .filter(([n]) => /^(access-control-|vary$)/i.test(n))
    .map(([n, v]) => `${n.toLowerCase()}: ${v}`)
    .sort();
}

/** What on-headers (express-session, compression, morgan) does to a response: its own writeHead hook. */
function hookWriteHead(res: ServerResponse, seen: unknown[] = []): void {
  const prev = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    seen.push(this.getHeader('access-control-allow-origin'));
    return prev.apply(this, args);
  } as ServerResponse['writeHead'];
}

const ALLOWED_WIRE = [
  'access-control-allow-credentials: true',
  `access-control-allow-origin: ${APP}`,
  'vary: Origin',
];
const ALLOWED_HEAD = [
  'access-control-allow-credentials: true',
  `access-control-allow-origin: ${APP}`,
  'vary: origin',
];

describe('the claim on a hooked node response', () => {
  it.each([
    ['an allowed GET', { origin: APP }],
    ['a refused GET', { origin: 'https://evil.example' }],
    ['a GET without Origin', {}],
  ])('%s: the request gets no property, the response only writeHead', (_name, headers) => {
    const { req, res } = exchange('GET', headers);
    const reqKeys = Reflect.ownKeys(req);
    const resKeys = Reflect.ownKeys(res);
    expect(handleCors(credentialed(), req, res)).toBe(false);
    expect(Reflect.ownKeys(req)).toEqual(reqKeys);
    expect(Reflect.ownKeys(res).filter((k) => !resKeys.includes(k))).toEqual(['writeHead']);
  });

  it('the same policy again is a no-op; another one is refused, and the first decision is sent', () => {
    const first = credentialed();
    const { req, res } = exchange('GET', { origin: APP });
    expect(handleCors(first, req, res)).toBe(false);
    const hook = res.writeHead;
    expect(handleCors(first, req, res)).toBe(false);
    expect(res.writeHead).toBe(hook);
    expect(codeOf(() => handleCors(open(), req, res))).toBe('POLICY_MIDDLEWARE_STACKED');
    expect(res.writeHead).toBe(hook);
    res.end('ok');
    expect(corsHead(res)).toEqual(ALLOWED_HEAD);
  });

  it('a hook placed before corsair (on-headers first, the usual order) hides nothing', () => {
    const { req, res } = exchange('GET', { origin: APP });
    hookWriteHead(res);
    handleCors(credentialed(), req, res);
    expect(codeOf(() => handleCors(open(), req, res))).toBe('POLICY_MIDDLEWARE_STACKED');
  });

  it('an answered preflight and a path where CORS is off are claimed on the request', () => {
    const pre = exchange('OPTIONS', { origin: APP, 'access-control-request-method': 'PUT' });
    expect(handleCors(credentialed(), pre.req, pre.res)).toBe(true);
    expect(codeOf(() => handleCors(open(), pre.req, pre.res))).toBe('POLICY_MIDDLEWARE_STACKED');

    const routed = createCors({ origins: [APP], routes: [{ path: '/hooks/*', cors: false }] });
    const off = exchange('GET', { origin: APP }, '/hooks/x');
    const resKeys = Reflect.ownKeys(off.res);
    expect(handleCors(routed, off.req, off.res)).toBe(false);
    expect(Reflect.ownKeys(off.res)).toEqual(resKeys); // nothing to write: no hook
    expect(handleCors(routed, off.req, off.res)).toBe(false);
    expect(codeOf(() => handleCors(open(), off.req, off.res))).toBe('POLICY_MIDDLEWARE_STACKED');
  });

  it('a request whose origin predicate is still running is already claimed', async () => {
    const slow = createCors({ origins: [async (o: string) => o === APP] });
    const { req, res } = exchange('GET', { origin: APP });
    const pending = handleCors(slow, req, res);
    expect(pending).toBeInstanceOf(Promise);
    expect(codeOf(() => handleCors(open(), req, res))).toBe('POLICY_MIDDLEWARE_STACKED');
    expect(await pending).toBe(false);
    expect(handleCors(slow, req, res)).toBe(false);
    res.end('ok');
    expect(corsHead(res)).toEqual([`access-control-allow-origin: ${APP}`, 'vary: origin']);
  });

  it('another loaded copy of corsair (ESM beside CommonJS) sees the hook’s claim', async () => {
    const first = credentialed();
    const { req, res } = exchange('GET', { origin: APP });
    handleCors(first, req, res);
    vi.resetModules();
    const copy = await import('../../src/adapters/node.js');
    expect(copy.handleCors).not.toBe(handleCors);
    expect(() => copy.handleCors(open(), req, res)).toThrow(copy.CorsUsageError);
    expect(copy.handleCors(first, req, res)).toBe(false);
  });
});

describe('a writeHead hook between two corsair policies hides the first from the second', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the first policy’s decision is sent, whole, and the stacking is reported once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = credentialed();
    const second = open();
    for (let i = 0; i < 2; i++) {
      const { req, res } = exchange('GET', { origin: APP });
      handleCors(first, req, res);
      const seen: unknown[] = [];
      hookWriteHead(res, seen);
      expect(handleCors(second, req, res)).toBe(false);
      res.end('ok');
      expect(seen).toEqual(['*']); // the second policy's hook ran first, outside the other library's
      expect(corsHead(res)).toEqual(ALLOWED_HEAD);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/POLICY_MIDDLEWARE_STACKED/);
  });

  it('the same policy twice around another hook sends its decision once and reports nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const policy = credentialed();
    const { req, res } = exchange('GET', { origin: APP });
    handleCors(policy, req, res);
    hookWriteHead(res);
    handleCors(policy, req, res);
    res.end('ok');
    expect(corsHead(res)).toEqual(ALLOWED_HEAD);
    expect(warn).not.toHaveBeenCalled();
  });

  it('nested hooks on different responses are not taken for stacking', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const outer = exchange('GET', { origin: APP });
    const inner = exchange('GET', { origin: APP });
    handleCors(credentialed(), outer.req, outer.res);
    handleCors(open(), inner.req, inner.res);
    // A handler that sends another response while the first one's head is being written (a proxy
    // answering from its upstream's head): each keeps its own policy's lines.
    const prev = outer.res.writeHead;
    outer.res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      inner.res.end('inner');
      return prev.apply(this, args);
    } as ServerResponse['writeHead'];
    outer.res.end('outer');
    expect(corsHead(outer.res)).toEqual(ALLOWED_HEAD);
    expect(corsHead(inner.res)).toEqual(['access-control-allow-origin: *']);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('over HTTP, what corsair adds to the request and response objects', () => {
  const added = (before: (string | symbol)[], o: object) =>
    Reflect.ownKeys(o)
      .filter((k) => !before.includes(k))
      .map(String);

  it('Express: nothing on the request or the response (the hook is on Express’s prototype)', async () => {
    const seen: string[][] = [];
    const app = express();
    let keys: [(string | symbol)[], (string | symbol)[]] = [[], []];
    app.use((req, res, next) => {
      keys = [Reflect.ownKeys(req), Reflect.ownKeys(res)];
      next();
    });
    app.use(nodeCors(credentialed()));
    app.use((req, res, next) => {
      seen.push(added(keys[0], req), added(keys[1], res));
      next();
    });
    app.get('/x', (_req, res) => {
      res.send('x');
    });
    const server = await listen(http.createServer(app));
    try {
      for (const headers of [[['Origin', APP]], [['Origin', 'https://evil.example']], []] as [
        string,
        string,
      ][][])
        expect(corsLines(await send(`${server.url}/x`, 'GET', headers)).length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
    expect(seen).toEqual([[], [], [], [], [], []]);
  });

  it('Koa: writeHead on the node response, nothing on the node request or the context', async () => {
    const seen: string[][] = [];
    const app = new Koa();
    let keys: (string | symbol)[][] = [];
    app.use((ctx, next) => {
      keys = [Reflect.ownKeys(ctx.req), Reflect.ownKeys(ctx.res), Reflect.ownKeys(ctx)];
      return next();
    });
    app.use(koaCors(credentialed()));
    app.use((ctx) => {
      seen.push(added(keys[0]!, ctx.req), added(keys[1]!, ctx.res), added(keys[2]!, ctx));
      ctx.body = 'x';
    });
    const server = await listen(http.createServer(app.callback()));
    try {
      expect(corsLines(await send(`${server.url}/x`, 'GET', [['Origin', APP]]))).toEqual(ALLOWED_WIRE);
    } finally {
      await server.close();
    }
    expect(seen).toEqual([[], ['writeHead'], []]);
  });
});

describe('across adapters, over HTTP: Express middleware beside the Fastify and Koa adapters', () => {
  const APP_HEADERS: [string, string][] = [['Origin', APP]];
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  // @fastify/middie runs Express middleware in an onRequest hook on the node request and response.
  const middie = (app: FastifyInstance, mw: NodeMiddleware) =>
    app.addHook('onRequest', (request, reply, done) =>
      mw(request.raw, reply.raw, (err) => done(err as Error | undefined)),
    );

  async function fastify(order: 'express-first' | 'plugin-first', express: NodeMiddleware) {
    const app = Fastify();
    app.setErrorHandler((err, _req, reply) => {
      reply.code(500).send((err as { code?: string }).code);
    });
    if (order === 'express-first') middie(app, express);
    await app.register(corsairFastify, { policy: POLICY });
    if (order === 'plugin-first') middie(app, express);
    app.get('/x', async () => 'x');
    await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
    return `http://127.0.0.1:${(app.server.address() as { port: number }).port}/x`;
  }

  const POLICY = credentialed();

  it.each(['express-first', 'plugin-first'] as const)(
    'Fastify, %s: another policy is refused',
    async (order) => {
      const r = await send(await fastify(order, nodeCors(open())), 'GET', APP_HEADERS);
      expect(r.status).toBe(500);
      expect(r.body).toBe('POLICY_MIDDLEWARE_STACKED');
      // The error response carries the first policy's lines, never a mix of the two.
      const first = order === 'express-first' ? ['access-control-allow-origin: *'] : ALLOWED_WIRE;
      expect(corsLines(r)).toEqual(first);
    },
  );

  it.each(['express-first', 'plugin-first'] as const)(
    'Fastify, %s: the same policy decides once',
    async (order) => {
      const r = await send(await fastify(order, nodeCors(POLICY)), 'GET', APP_HEADERS);
      expect(r.status).toBe(200);
      expect(corsLines(r)).toEqual(ALLOWED_WIRE);
    },
  );

  // koa-connect runs Express middleware on ctx.req and ctx.res, and goes on with Koa's next.
  const koaConnect =
    (mw: NodeMiddleware): Koa.Middleware =>
    (ctx, next) =>
      new Promise((resolve, reject) => mw(ctx.req, ctx.res, (err) => (err ? reject(err) : resolve(next()))));

  it.each(['express-first', 'koa-first'] as const)('Koa, %s: another policy is refused', async (order) => {
    const app = new Koa();
    app.silent = true;
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (e) {
        ctx.status = 500;
        ctx.body = (e as { code?: string }).code;
      }
    });
    const mws = [koaConnect(nodeCors(open())), koaCors(POLICY)];
    for (const mw of order === 'express-first' ? mws : mws.reverse()) app.use(mw);
    app.use((ctx) => {
      ctx.body = 'x';
    });
    const server = await listen(http.createServer(app.callback()));
    close = server.close;
    const r = await send(`${server.url}/x`, 'GET', APP_HEADERS);
    expect(r.status).toBe(500);
    expect(r.body).toBe('POLICY_MIDDLEWARE_STACKED');
  });

  it('Express, with a writeHead hook between two policies: the second is refused, the first one’s lines sent', async () => {
    const app = express();
    app.use(nodeCors(POLICY));
    app.use((_req, res, next) => {
      hookWriteHead(res);
      next();
    });
    app.use(nodeCors(open()));
    app.get('/x', (_req, res) => {
      res.set('Access-Control-Allow-Origin', '*').send('x');
    });
    app.use((err: { code?: string }, _req: express.Request, res: express.Response, _next: unknown) => {
      res.status(500).send(err.code);
    });
    const server = await listen(http.createServer(app));
    close = server.close;
    const r = await send(`${server.url}/x`, 'GET', APP_HEADERS);
    expect([r.status, r.body]).toEqual([500, 'POLICY_MIDDLEWARE_STACKED']);
    expect(corsLines(r)).toEqual(ALLOWED_WIRE);
  });
});
