// Issue 16: a response whose prototype is a framework's own (Express gives every response its app's
// prototype, above Express's response object) gets its CORS headers from one writeHead hook on that
// prototype, installed once, with the decision in a map keyed by the response: an own writeHead on each
// Express response cost ~1.8 µs. These are the ways that one hook could go wrong: responses it must leave
// alone, heads written every way node allows, prototypes switched by mounted apps, another library's
// hook on the response before the shared one exists, a second loaded copy of corsair, and stacking.
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleCors, cors as nodeCors } from '../../src/adapters/node.js';
import { isSharedHook, sharedClaims, shareHook } from '../../src/adapters/node-hooks.js';
import { createCors } from '../../src/index.js';
import { listen, type RawResponse, type Running, send } from './servers.js';

const APP = 'https://app.example.com';
const POLICY = createCors({ origins: [APP], credentials: true, methods: ['PUT'] });
const ORIGIN: [string, string][] = [['Origin', APP]];

const running: Running[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function serve(app: http.RequestListener, options: http.ServerOptions = {}): Promise<string> {
  const s = await listen(http.createServer(options, app));
  running.push(s);
  return s.url;
}

/** Access-Control-* and Vary lines as sent, lowercased, in order. */
function corsLines(r: RawResponse): string[] {
  return r.headers
    .filter(([n]) => /^(access-control-|vary$)/i.test(n))
    .map(([n, v]) => `${n.toLowerCase()}: ${v}`);
}
const ALLOWED = [
  `access-control-allow-origin: ${APP}`,
  'access-control-allow-credentials: true',
  'vary: Origin',
];

/** What on-headers (compression, express-session, morgan) does: its own writeHead on the response. */
function hookWriteHead(res: ServerResponse): void {
  const prev = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    return prev.apply(this, args);
  } as ServerResponse['writeHead'];
}

/** A fresh framework-like prototype between responses and node's, as Express's is. */
function subclass(): typeof ServerResponse {
  return class FrameworkResponse extends ServerResponse {} as unknown as typeof ServerResponse;
}

/** A loopback server whose responses are `Res`: `before` (if any) on each, then corsair, then `x`. */
function serveSubclass(Res: typeof ServerResponse, before?: (res: ServerResponse) => void): Promise<string> {
  const app: http.RequestListener = (req, res) => {
    before?.(res);
    if (handleCors(POLICY, req, res) !== true) res.end('x');
  };
  return serve(app, { ServerResponse: Res });
}

function exchange(Res: typeof ServerResponse, headers: Record<string, string>, method = 'GET') {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = '/';
  req.headers = headers;
  return { req, res: new Res(req) };
}

describe('Express: the hook on its response prototype', () => {
  it('adds nothing to requests or responses, and hooks Express’s response object once', async () => {
    const added: (string | symbol)[][] = [];
    const app = express();
    let before: (string | symbol)[][] = [];
    app.use((req, res, next) => {
      before = [Reflect.ownKeys(req), Reflect.ownKeys(res)];
      next();
    });
    app.use(nodeCors(POLICY));
    app.use((req, res, next) => {
      added.push(
        Reflect.ownKeys(req).filter((k) => !before[0]!.includes(k)),
        Reflect.ownKeys(res).filter((k) => !before[1]!.includes(k)),
      );
      next();
    });
    app.get('/x', (_req, res) => {
      res.send('x');
    });
    const url = await serve(app);
    const hook = () => Object.getOwnPropertyDescriptor(express.response, 'writeHead')?.value;
    for (const headers of [ORIGIN, [['Origin', 'https://evil.example']], []] as [string, string][][]) {
      const r = await send(`${url}/x`, 'GET', headers);
      expect(corsLines(r).at(-1)).toBe('vary: Origin');
    }
    expect(added).toEqual([[], [], [], [], [], []]);
    expect(isSharedHook(hook())).toBe(true);
    expect(Object.getOwnPropertyDescriptor(express.response, 'writeHead')?.enumerable).toBe(false);
    const first = hook();
    await send(`${url}/x`, 'GET', ORIGIN);
    expect(hook()).toBe(first);
  });

  it('an app without corsair in the same process is left alone, its heads written as it asked', async () => {
    const withCors = express();
    withCors.use(nodeCors(POLICY));
    withCors.get('/x', (_req, res) => {
      res.send('x');
    });
    await send(`${await serve(withCors)}/x`, 'GET', ORIGIN); // the hook is there now
    const plain = express();
    plain.get('/object', (_req, res) => {
      res.writeHead(201, 'Made', { 'Access-Control-Allow-Origin': '*', 'X-A': '1' }).end();
    });
    plain.get('/list', (_req, res) => {
      res.writeHead(202, ['Vary', 'Accept', 'X-B', '2']).end();
    });
    const url = await serve(plain);
    const made = await send(`${url}/object`, 'GET', ORIGIN);
    expect([made.status, corsLines(made)]).toEqual([201, ['access-control-allow-origin: *']]);
    expect(made.headers).toContainEqual(['X-A', '1']);
    const list = await send(`${url}/list`, 'GET', ORIGIN);
    expect([list.status, corsLines(list)]).toEqual([202, ['vary: Accept']]);
    expect(list.headers).toContainEqual(['X-B', '2']);
  });

  it.each([
    ['res.send', (res: express.Response) => res.send('x')],
    [
      'writeHead with a status message and headers',
      (res: express.Response) => res.writeHead(200, 'Fine', { Vary: 'Accept' }).end('x'),
    ],
    [
      'writeHead with a flat list',
      (res: express.Response) =>
        res.writeHead(200, ['Vary', 'Accept', 'Access-Control-Allow-Origin', '*']).end('x'),
    ],
    [
      'a handler’s own Vary and Access-Control-*',
      (res: express.Response) =>
        res
          .set({ Vary: 'Accept', 'Access-Control-Allow-Origin': '*', 'Access-Control-Max-Age': '5' })
          .send('x'),
    ],
    [
      'a stream (write, then end)',
      (res: express.Response) => {
        res.write('x');
        res.end();
      },
    ],
    [
      'flushHeaders',
      (res: express.Response) => {
        res.flushHeaders();
        res.end('x');
      },
    ],
  ])('%s: the policy’s lines, once, Vary merged', async (_name, handle) => {
    const app = express();
    app.use(nodeCors(POLICY));
    app.get('/x', (_req, res) => {
      handle(res);
    });
    const r = await send(`${await serve(app)}/x`, 'GET', ORIGIN);
    expect(r.status).toBe(200);
    const lines = corsLines(r);
    expect(lines.filter((l) => l.startsWith('access-control-'))).toEqual(ALLOWED.slice(0, 2));
    expect(lines.filter((l) => l.startsWith('vary'))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('vary'))).toMatch(/Origin$/);
  });

  it('a preflight is answered, and an error response keeps the lines', async () => {
    const app = express();
    app.use(nodeCors(POLICY));
    app.get('/x', () => {
      throw new Error('boom');
    });
    const url = await serve(app);
    const pre = await send(`${url}/x`, 'OPTIONS', [...ORIGIN, ['Access-Control-Request-Method', 'PUT']]);
    expect(pre.status).toBe(204);
    expect(corsLines(pre)).toContain('access-control-allow-methods: PUT');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const failed = await send(`${url}/x`, 'GET', ORIGIN);
    expect(failed.status).toBe(500);
    expect(corsLines(failed)).toEqual(ALLOWED);
  });

  it('an app mounted in another: its prototypes switched back when it hands on, the lines kept', async () => {
    const inner = express();
    inner.use(nodeCors(POLICY)); // decided inside the mounted app...
    const outer = express();
    outer.use('/sub', inner);
    outer.get('/sub/x', (_req, res) => {
      res.send('x'); // ...answered by the outer one, on the outer app's prototype
    });
    const r = await send(`${await serve(outer)}/sub/x`, 'GET', ORIGIN);
    expect(r.body).toBe('x');
    expect(corsLines(r)).toEqual(ALLOWED);
  });

  it('another policy further down is refused at once, also behind another library’s hook', async () => {
    for (const between of [false, true]) {
      const app = express();
      app.use(nodeCors(POLICY));
      if (between)
        app.use((_req, res, next) => {
          hookWriteHead(res);
          next();
        });
      app.use(nodeCors(createCors({ origins: '*' })));
      app.get('/x', (_req, res) => {
        res.send('x');
      });
      app.use((err: { code?: string }, _req: express.Request, res: express.Response, _next: unknown) => {
        res.status(500).send(err.code);
      });
      const r = await send(`${await serve(app)}/x`, 'GET', ORIGIN);
      expect([r.status, r.body]).toEqual([500, 'POLICY_MIDDLEWARE_STACKED']);
      expect(corsLines(r)).toEqual(ALLOWED); // the first policy's, whole
    }
  });
});

describe('any prototype between a response and node’s (a ServerResponse subclass)', () => {
  it('gets the shared hook on its first response; later ones take the map', async () => {
    const Res = subclass();
    const url = await serveSubclass(Res);
    for (let i = 0; i < 2; i++) expect(corsLines(await send(url, 'GET', ORIGIN))).toEqual(ALLOWED);
    expect(isSharedHook(Res.prototype.writeHead)).toBe(true);
    expect(Object.hasOwn(ServerResponse.prototype, 'writeHead')).toBe(true);
    expect(isSharedHook(ServerResponse.prototype.writeHead)).toBe(false);
  });

  it('stays writable and configurable: another library may wrap it or redefine it afterwards', async () => {
    const Res = subclass();
    const url = await serveSubclass(Res);
    expect(corsLines(await send(url, 'GET', ORIGIN))).toEqual(ALLOWED);
    const shared = Res.prototype.writeHead;
    let wrapped = 0;
    Res.prototype.writeHead = function (
      this: ServerResponse,
      ...args: Parameters<ServerResponse['writeHead']>
    ) {
      wrapped++;
      return shared.apply(this, args);
    } as ServerResponse['writeHead'];
    expect(corsLines(await send(url, 'GET', ORIGIN))).toEqual(ALLOWED);
    expect(wrapped).toBe(1);
    expect(Reflect.deleteProperty(Res.prototype, 'writeHead')).toBe(true);
    expect(Res.prototype.writeHead).toBe(ServerResponse.prototype.writeHead);
  });

  it('a hook another library put on the response before the shared one existed: its own hook, no lines lost', async () => {
    const Res = subclass();
    const url = await serveSubclass(Res, hookWriteHead); // on-headers first, on the very first response
    for (let i = 0; i < 2; i++) expect(corsLines(await send(url, 'GET', ORIGIN))).toEqual(ALLOWED);
    expect(Object.hasOwn(Res.prototype, 'writeHead')).toBe(false);
  });

  it('a subclass with a writeHead of its own keeps it: corsair hooks each response over it', async () => {
    const Res = subclass();
    const base = ServerResponse.prototype.writeHead;
    Object.defineProperty(Res.prototype, 'writeHead', {
      value: function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
        this.setHeader('X-Mine', '1');
        return base.apply(this, args);
      },
      writable: true,
      configurable: true,
    });
    const url = await serveSubclass(Res);
    for (let i = 0; i < 2; i++) {
      const r = await send(url, 'GET', ORIGIN);
      expect(corsLines(r)).toEqual(ALLOWED);
      expect(r.headers).toContainEqual(['X-Mine', '1']);
    }
    expect(isSharedHook(Res.prototype.writeHead)).toBe(false);
  });

  it('shareHook itself never replaces a writeHead a subclass owns, nor gives one to a bare response', () => {
    const Res = subclass();
    const own = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      return ServerResponse.prototype.writeHead.apply(this, args);
    };
    Object.defineProperty(Res.prototype, 'writeHead', { value: own, writable: true, configurable: true });
    expect(shareHook(exchange(Res, {}).res)).toBe(false);
    expect(Res.prototype.writeHead).toBe(own);
    const nodeWriteHead = ServerResponse.prototype.writeHead;
    expect(shareHook(exchange(ServerResponse, {}).res)).toBe(false);
    expect(ServerResponse.prototype.writeHead).toBe(nodeWriteHead);
    expect(shareHook(exchange(subclass(), {}).res)).toBe(true); // the one case it is for
  });

  it('claims go in the map: the same policy again is a no-op, another is refused until the head is out', () => {
    const Res = subclass();
    const { req, res } = exchange(Res, { origin: APP });
    const keys = Reflect.ownKeys(res);
    expect(handleCors(POLICY, req, res)).toBe(false);
    expect(Reflect.ownKeys(res)).toEqual(keys);
    expect(sharedClaims.get(res)?.policy).toBe(POLICY);
    expect(handleCors(POLICY, req, res)).toBe(false);
    expect(() => handleCors(createCors({ origins: '*' }), req, res)).toThrow(/different policies/);
    // Written, the claim is let go at once (an entry left to the GC cost an Express request 2–3 µs).
    res.end('x');
    expect(res.getHeader('access-control-allow-origin')).toBe(APP);
    expect(sharedClaims.has(res)).toBe(false);

    // An answered preflight's claim lasts while it is answered, and goes with its head.
    const pre = exchange(Res, { origin: APP, 'access-control-request-method': 'PUT' }, 'OPTIONS');
    const set = vi.spyOn(sharedClaims, 'set');
    expect(handleCors(POLICY, pre.req, pre.res)).toBe(true);
    expect(set).toHaveBeenCalledWith(pre.res, { policy: POLICY, decision: undefined });
    expect(pre.res.statusCode).toBe(204);
    expect(sharedClaims.has(pre.res)).toBe(false);
  });

  it('a writeHead that throws keeps the claim: the error response written next has the lines', () => {
    const { req, res } = exchange(subclass(), { origin: APP });
    handleCors(POLICY, req, res);
    expect(() => res.writeHead(1000)).toThrow(/status code/i); // node refuses it before sending
    expect(sharedClaims.get(res)?.policy).toBe(POLICY);
    res.statusCode = 500;
    res.end('failed');
    expect(res.getHeader('access-control-allow-origin')).toBe(APP);
    expect(res.getHeader('vary')).toBe('Origin');
    expect(sharedClaims.has(res)).toBe(false);
  });

  it('a path where CORS is off is claimed and written nothing', () => {
    const Res = subclass();
    const routed = createCors({ origins: [APP], routes: [{ path: '/hooks/*', cors: false }] });
    const { req, res } = exchange(Res, { origin: APP });
    req.url = '/hooks/x';
    res.setHeader('Access-Control-Allow-Origin', '*');
    expect(handleCors(routed, req, res)).toBe(false);
    expect(sharedClaims.get(res)).toEqual({ policy: routed, decision: undefined });
    res.end('x');
    expect(res.getHeader('access-control-allow-origin')).toBe('*');
  });

  it('a second loaded copy of corsair uses the first one’s hook and map', async () => {
    const Res = subclass();
    const first = exchange(Res, { origin: APP });
    handleCors(POLICY, first.req, first.res);
    const hook = Res.prototype.writeHead;
    vi.resetModules();
    const copy = await import('../../src/adapters/node.js');
    expect(copy.handleCors).not.toBe(handleCors);
    expect(() => copy.handleCors(createCors({ origins: '*' }), first.req, first.res)).toThrow(
      copy.CorsUsageError,
    );
    const second = exchange(Res, { origin: APP });
    expect(copy.handleCors(copy.createCors({ origins: '*' }), second.req, second.res)).toBe(false);
    expect(Res.prototype.writeHead).toBe(hook);
    expect(Object.hasOwn(Object.getPrototypeOf(Res.prototype), 'writeHead')).toBe(true); // node's, untouched
    second.res.end('x');
    expect(second.res.getHeader('access-control-allow-origin')).toBe('*');
  });
});
