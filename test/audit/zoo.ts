// A zoo of real, misconfigured CORS servers on loopback, each with one classic bug (and a few correct
// ones as controls). Every server trusts https://app.example.com in intent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyCors from '@fastify/cors';
import koaCors from '@koa/cors';
import cors from 'cors';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import Koa from 'koa';
import { cors as corsairCors } from '../../src/adapters/node.js';

export const TRUSTED = 'https://app.example.com';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A node:http server whose origin check is `allow(origin)`; the answer echoes the origin when allowed. */
function hand(
  allow: (origin: string) => boolean,
  opts: { credentials?: boolean; vary?: boolean } = {},
): Handler {
  return (req, res) => {
    const origin = req.headers.origin;
    if (opts.vary !== false) res.setHeader('Vary', 'Origin');
    if (typeof origin === 'string' && allow(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      if (opts.credentials !== false) res.setHeader('Access-Control-Allow-Credentials', 'true');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE');
        res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
      }
    }
    res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
    res.end(req.method === 'OPTIONS' ? undefined : '{"secret":42}');
  };
}

const fixed =
  (headers: [string, string][], status = 200): Handler =>
  (_req, res) => {
    for (const [n, v] of headers) res.appendHeader(n, v);
    res.statusCode = status;
    res.end();
  };

function honoHandler(app: Hono): Handler {
  return (req, res) => {
    const headers = new Headers();
    for (const [n, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(n, v);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers });
    void Promise.resolve(app.fetch(request)).then(async (r) => {
      res.statusCode = r.status;
      r.headers.forEach((v, n) => {
        res.appendHeader(n, v);
      });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  };
}

/** Each zoo member: its name, its handler, and the finding ids `scan` must report (exactly). */
export interface ZooAnimal {
  readonly name: string;
  readonly handler: Handler | 'fastify';
  readonly expect: readonly string[];
}

export const ZOO: readonly ZooAnimal[] = [
  {
    name: 'reflect any origin + credentials',
    handler: hand(() => true),
    expect: ['origin-reflection', 'null-origin'],
  },
  {
    name: 'reflect any origin, no credentials',
    handler: hand(() => true, { credentials: false }),
    expect: ['origin-reflection', 'null-origin'],
  },
  { name: 'trusts null', handler: hand((o) => o === TRUSTED || o === 'null'), expect: ['null-origin'] },
  {
    name: 'suffix match endsWith("example.com")',
    handler: hand((o) => o.endsWith('example.com')),
    expect: ['pre-domain-bypass', 'any-subdomain', 'insecure-origin'],
  },
  {
    name: 'prefix match startsWith(trusted)',
    handler: hand((o) => o.startsWith(TRUSTED)),
    expect: ['post-domain-bypass'],
  },
  {
    name: 'unescaped dot in an anchored regex',
    handler: hand((o) => /^https:\/\/app.example.com$/.test(o)),
    expect: ['unescaped-dot-bypass'],
  },
  {
    name: 'prefix match refusing a dot after the name',
    handler: hand((o) => o.startsWith(TRUSTED) && !o.slice(TRUSTED.length).startsWith('.')),
    expect: ['special-char-bypass'],
  },
  {
    name: 'any subdomain, correctly anchored',
    handler: hand((o) => /^https:\/\/([a-z0-9-]+\.)*example\.com$/.test(o)),
    expect: ['any-subdomain'],
  },
  {
    name: 'http:// origin trusted',
    handler: hand((o) => o === TRUSTED || o === 'http://app.example.com'),
    expect: ['insecure-origin'],
  },
  {
    name: 'github.io trusted',
    handler: hand((o) => o === TRUSTED || /^https:\/\/[a-z0-9-]+\.github\.io$/.test(o)),
    expect: ['third-party-origin'],
  },
  {
    name: 'localhost trusted',
    handler: hand((o) => o === TRUSTED || o.startsWith('http://localhost')),
    expect: ['localhost-origin'],
  },
  {
    name: 'wildcard with credentials',
    handler: fixed([
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Credentials', 'true'],
    ]),
    expect: ['wildcard-credentials', 'wildcard-origin'],
  },
  {
    name: 'public wildcard',
    handler: fixed([['Access-Control-Allow-Origin', '*']]),
    expect: ['wildcard-origin'],
  },
  {
    name: 'exact match without Vary',
    handler: hand((o) => o === TRUSTED, { vary: false }),
    expect: ['missing-vary'],
  },
  {
    name: 'two Access-Control-Allow-Origin lines',
    handler: fixed([
      ['Access-Control-Allow-Origin', TRUSTED],
      ['Access-Control-Allow-Origin', '*'],
    ]),
    expect: ['malformed-allow-origin'],
  },
  {
    // Browsers strip only spaces and tabs around a header value; 0xA0 stays, so nothing matches.
    name: 'reflects the origin followed by a no-break space',
    handler: (req, res) => {
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Origin', `${req.headers.origin ?? ''}\u00a0`);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      // A Buffer body: with a string body Node writes the head as UTF-8 (0xC2 0xA0), not the byte 0xA0.
      res.end(Buffer.from('{"secret":42}'));
    },
    expect: [],
  },
  { name: 'exact match (correct)', handler: hand((o) => o === TRUSTED), expect: [] },
  {
    name: 'corsair middleware (correct)',
    handler: express()
      .use(
        corsairCors({
          origins: [TRUSTED, 'https://*.app.example.com'],
          credentials: true,
          methods: ['GET', 'PUT'],
        }),
      )
      .get('/', (_q, r) => r.json({ secret: 42 })),
    // Every subdomain of app.example.com is trusted with credentials: the rulebook rates it low, and
    // createCors warns about the same pattern (POLICY_SUBDOMAINS_WITH_CREDENTIALS).
    expect: ['any-subdomain'],
  },
  {
    name: 'OPTIONS handler reflects any origin, GET does not',
    handler: (req, res) => {
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        res.setHeader('Access-Control-Allow-Methods', 'PUT');
        res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
        res.statusCode = 204;
      } else if (req.headers.origin === TRUSTED) {
        res.setHeader('Access-Control-Allow-Origin', TRUSTED);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
      }
      res.end();
    },
    expect: ['origin-reflection', 'null-origin'],
  },
  { name: 'no CORS at all', handler: fixed([]), expect: [] },
  {
    name: 'express cors({ origin: true, credentials: true })',
    handler: express()
      .use(cors({ origin: true, credentials: true }))
      .get('/', (_q, r) => r.json({ secret: 42 })),
    expect: ['origin-reflection', 'null-origin'],
  },
  {
    name: 'express cors({ origin: /example\\.com/ }) (unanchored regex)',
    handler: express()
      .use(cors({ origin: /example\.com/, credentials: true }))
      .get('/', (_q, r) => r.json({})),
    expect: ['pre-domain-bypass', 'post-domain-bypass', 'any-subdomain', 'insecure-origin'],
  },
  {
    name: 'express cors() default',
    handler: express()
      .use(cors())
      .get('/', (_q, r) => r.json({})),
    expect: ['wildcard-origin'],
  },
  {
    name: 'hono/cors with a reflecting origin function',
    handler: honoHandler(
      new Hono()
        .use('*', honoCors({ origin: (o) => o, credentials: true }))
        .get('/', (c) => c.json({ secret: 42 })),
    ),
    expect: ['origin-reflection', 'null-origin'],
  },
  {
    name: '@koa/cors({ credentials: true }) (reflects by default)',
    handler: new Koa()
      .use(koaCors({ credentials: true }))
      .use((ctx) => {
        ctx.body = { secret: 42 };
      })
      .callback(),
    expect: ['origin-reflection', 'null-origin'],
  },
  {
    name: '@fastify/cors({ origin: true, credentials: true })',
    handler: 'fastify',
    expect: ['origin-reflection', 'null-origin'],
  },
];

/** Start every zoo member on 127.0.0.1:0; returns their URLs and a close function. */
export async function startZoo(
  animals: readonly ZooAnimal[] = ZOO,
): Promise<{ urls: string[]; close: () => Promise<void> }> {
  const closers: Array<() => Promise<void>> = [];
  const urls: string[] = [];
  for (const a of animals) {
    if (a.handler === 'fastify') {
      const app = Fastify();
      await app.register(fastifyCors, { origin: true, credentials: true });
      app.get('/', async () => ({ secret: 42 }));
      const addr = await app.listen({ port: 0, host: '127.0.0.1' });
      urls.push(`${addr}/`);
      closers.push(() => app.close());
      continue;
    }
    const server = http.createServer(a.handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    closers.push(
      () =>
        new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    );
  }
  return { urls, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
