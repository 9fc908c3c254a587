// Issue 16: each adapter writes a decision once, the cheapest way its host allows: node, Express and Koa
// just before the response head goes out (writeHead), Fastify in onSend, Hono on @hono/node-server on
// the node response (reading the node request's headers, never building Headers objects), Hono elsewhere
// on c.res. These are the ways a response can reach the wire around that one write, over real HTTP.
import http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import corsairFastify from '../../src/adapters/fastify.js';
import { cors as honoCors } from '../../src/adapters/hono.js';
import { cors as koaCors } from '../../src/adapters/koa.js';
import { handleCors, cors as nodeCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/index.js';
import { getAll } from '../../src/policy/index.js';
import { listen, type RawResponse, type Running, send, serveFetch } from './servers.js';

const APP = 'https://app.example.com';
const POLICY = { origins: [APP], methods: ['GET', 'PUT'], credentials: true, maxAge: 60 };
const POLICY_COMPILED = createCors(POLICY);

const open: Running[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function started(r: Promise<Running>): Promise<Running> {
  const s = await r;
  open.push(s);
  return s;
}

/** The response's Access-Control-* lines as sent (name lowercased), in order. */
function corsLines(r: RawResponse): [string, string][] {
  return r.headers
    .filter(([n]) => n.toLowerCase().startsWith('access-control-'))
    .map(([n, v]): [string, string] => [n.toLowerCase(), v]);
}
const ALLOWED: [string, string][] = [
  ['access-control-allow-origin', APP],
  ['access-control-allow-credentials', 'true'],
];
const sorted = (xs: [string, string][]) => [...xs].sort(([a], [b]) => a.localeCompare(b));

describe('node:http: a head written by writeHead itself', () => {
  const app = (handler: (res: http.ServerResponse) => void) =>
    started(
      listen(
        http.createServer((req, res) => {
          if (handleCors(POLICY_COMPILED, req, res) === true) return;
          handler(res);
        }),
      ),
    );

  it('headers passed to writeHead as an object: one ACAO (ours), their Vary merged', async () => {
    const s = await app((res) => {
      res.writeHead(200, { Vary: 'Accept', 'Access-Control-Allow-Origin': '*', 'X-Own': '1' }).end('x');
    });
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Origin']);
    expect(getAll(r.headers, 'x-own')).toEqual(['1']);
  });

  it('an object head on a response with no header set goes out as node sends one: the decision in it, node keeps no header map', async () => {
    let names: string[] | undefined;
    const s = await app((res) => {
      res.writeHead(201, 'Made', {
        vary: 'Accept',
        'access-control-allow-ORIGIN': '*',
        'Access-Control-Max-Age': '5',
        'X-List': ['a', 'b'],
        'x-twice': '1',
        'X-Twice': '2',
      });
      names = res.getHeaderNames();
      res.end('x');
    });
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(r.status).toBe(201);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Origin']);
    expect(getAll(r.headers, 'x-list')).toEqual(['a', 'b']);
    // Node sends a name given twice in two cases as two lines when it takes the object as it is; so
    // does the same handler with no CORS middleware.
    expect(getAll(r.headers, 'x-twice')).toEqual(['1', '2']);
    // Node's fast path: the object is the head, nothing went through setHeader.
    expect(names).toEqual([]);
  });

  it('an object head with Vary under two spellings keeps both values (node sends both lines)', async () => {
    const s = await app((res) => {
      res.writeHead(200, { vary: 'Accept', 'Content-Type': 'text/plain', Vary: 'Accept-Language' });
      res.end('x');
    });
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Accept-Language, Origin']);
  });

  it('an object head keeps its Vary when the decision adds none (a wildcard origin)', async () => {
    const any = createCors({ origins: '*' });
    const s = await started(
      listen(
        http.createServer((req, res) => {
          if (handleCors(any, req, res) === true) return;
          res.writeHead(200, { vary: 'Accept-Encoding', 'Content-Type': 'text/plain' }).end('x');
        }),
      ),
    );
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(getAll(r.headers, 'access-control-allow-origin')).toEqual(['*']);
    expect(getAll(r.headers, 'vary')).toEqual(['Accept-Encoding']);
  });

  it('an object head after a setHeader: merged into the response as node merges it', async () => {
    const s = await app((res) => {
      res.setHeader('X-Early', '1');
      res.writeHead(200, {
        Vary: 'Accept',
        'Access-Control-Allow-Origin': '*',
        'x-twice': '1',
        'X-Twice': '2',
      });
      res.end('x');
    });
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Origin']);
    expect(getAll(r.headers, 'x-early')).toEqual(['1']);
    expect(getAll(r.headers, 'x-twice')).toEqual(['2']);
  });

  it('an object head reaches a writeHead hook that takes the headers as the second argument (on-headers)', async () => {
    const s = await started(
      listen(
        http.createServer((req, res) => {
          // on-headers' argument handling: the headers are the second argument unless it is a string
          // (then the third); the hook sets them, then calls the writeHead it replaced with the status.
          const prev = res.writeHead;
          res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
            const at = typeof args[1] === 'string' ? 2 : 1;
            const headers = args[at] as http.OutgoingHttpHeaders | undefined;
            for (const [n, v] of Object.entries(headers ?? {})) this.setHeader(n, v!);
            return prev.call(this, args[0] as number);
          } as http.ServerResponse['writeHead'];
          if (handleCors(POLICY_COMPILED, req, res) === true) return;
          res.writeHead(200, { 'X-Own': '1' }).end('x');
        }),
      ),
    );
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'x-own')).toEqual(['1']);
    expect(getAll(r.headers, 'vary')).toEqual(['Origin']);
  });

  it('headers passed as a flat list with repeated Vary lines: one Vary line, theirs then Origin', async () => {
    const s = await app((res) => {
      res.writeHead(200, ['Vary', 'Accept', 'Vary', 'Accept-Language', 'Access-Control-Expose-Headers', 'X']);
      res.end('x');
    });
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Accept-Language, Origin']);
  });

  it('Vary appended twice by the handler becomes one line with Origin', async () => {
    const s = await app((res) => {
      res.appendHeader('Vary', 'Accept').appendHeader('Vary', 'origin');
      res.end('x');
    });
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, origin']);
  });

  it('a streamed response (write before end) and flushHeaders get the headers too', async () => {
    const s = await app((res) => {
      res.flushHeaders();
      res.write('a');
      res.end('b');
    });
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(r.body).toBe('ab');
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
  });
});

describe('Express: headers set before corsair, and responses Express builds itself', () => {
  async function app(): Promise<Running> {
    const a = express();
    a.use((_req, res, next) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'DELETE');
      next();
    });
    a.use(nodeCors(POLICY));
    a.get('/ok', (_req, res) => {
      res.send('ok');
    });
    a.get('/fail', (_req, _res, next) => next(new Error('fail')));
    return started(listen(http.createServer(a)));
  }

  it('an earlier middleware’s Access-Control-* never reach the wire beside ours', async () => {
    const r = await send(`${(await app()).url}/ok`, 'GET', [['Origin', APP]]);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
  });

  it.each([
    ['/missing', 404],
    ['/fail', 500],
  ])('Express’s own %s answer (%i) keeps the CORS headers and Vary', async (path, status) => {
    const r = await send(`${(await app()).url}${path}`, 'GET', [['Origin', APP]]);
    expect(r.status).toBe(status);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Origin']);
  });
});

describe('Koa and Fastify: headers set before corsair', () => {
  it('Koa: an earlier middleware’s Access-Control-* are replaced, its Vary merged', async () => {
    const a = new Koa();
    a.use((ctx, next) => {
      ctx.set('Access-Control-Allow-Origin', '*');
      ctx.vary('Accept');
      return next();
    });
    a.use(koaCors(POLICY));
    a.use((ctx) => {
      ctx.body = 'ok';
    });
    const s = await started(listen(http.createServer(a.callback())));
    const r = await send(s.url, 'GET', [['Origin', APP]]);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Origin']);
  });

  it('Fastify: a route’s own Vary (set in the handler) merged, its ACAO replaced, in one line each', async () => {
    const a = Fastify();
    await a.register(corsairFastify, POLICY);
    a.get('/', async (_req, reply) => {
      reply.header('Vary', 'Accept').header('Access-Control-Allow-Origin', '*');
      return 'ok';
    });
    await a.listen({ port: 0, host: '127.0.0.1' });
    open.push({ url: '', close: () => a.close() });
    const { port } = a.server.address() as { port: number };
    const r = await send(`http://127.0.0.1:${port}/`, 'GET', [['Origin', APP]]);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Origin']);
  });
});

describe('Hono: on @hono/node-server (the node request and response) and without it (c.res)', () => {
  function honoApp(): Hono {
    const app = new Hono();
    app.use(honoCors(POLICY));
    app.get('/own', (c) => c.text('own', 200, { Vary: 'Accept', 'Access-Control-Allow-Origin': '*' }));
    app.get('/redirect', () => Response.redirect('https://elsewhere.example/', 302));
    app.get('/plain', (c) => c.text('plain'));
    return app;
  }

  it('node-server: the handler’s Vary merged and its ACAO replaced', async () => {
    const s = await started(serveFetch(honoApp().fetch));
    const r = await send(`${s.url}/own`, 'GET', [['Origin', APP]]);
    expect(r.body).toBe('own');
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
    expect(getAll(r.headers, 'vary')).toEqual(['Accept, Origin']);
  });

  it('node-server: an immutable Response (Response.redirect) gets the headers', async () => {
    const s = await started(serveFetch(honoApp().fetch));
    const r = await send(`${s.url}/redirect`, 'GET', [['Origin', APP]]);
    expect(r.status).toBe(302);
    expect(sorted(corsLines(r))).toEqual(sorted(ALLOWED));
  });

  it('node-server: two Origin lines (read from the node request, joined) are refused', async () => {
    const s = await started(serveFetch(honoApp().fetch));
    const r = await send(`${s.url}/plain`, 'GET', [
      ['Origin', APP],
      ['Origin', APP],
    ]);
    expect(r.body).toBe('plain');
    expect(corsLines(r)).toEqual([]);
    expect(getAll(r.headers, 'vary')).toEqual(['Origin']);
  });

  it('node-server: an answered preflight carries the whole answer', async () => {
    const s = await started(serveFetch(honoApp().fetch));
    const r = await send(`${s.url}/plain`, 'OPTIONS', [
      ['Origin', APP],
      ['Access-Control-Request-Method', 'PUT'],
    ]);
    expect(r.status).toBe(204);
    expect(getAll(r.headers, 'access-control-allow-origin')).toEqual([APP]);
    expect(getAll(r.headers, 'access-control-max-age')).toEqual(['60']);
    expect(getAll(r.headers, 'vary')).toEqual([
      'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    ]);
  });

  it('app.request() (no node server): the same headers on c.res', async () => {
    const app = honoApp();
    const own = await app.request('/own', { headers: { Origin: APP } });
    expect(own.headers.get('access-control-allow-origin')).toBe(APP);
    expect(own.headers.get('access-control-allow-credentials')).toBe('true');
    expect(own.headers.get('vary')).toBe('Accept, Origin');
    const redirect = await app.request('/redirect', { headers: { Origin: APP } });
    expect(redirect.headers.get('access-control-allow-origin')).toBe(APP);
  });
});
