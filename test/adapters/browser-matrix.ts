// The real-browser matrix shared by chromium.test.ts and firefox.test.ts: ≥30 policies, each served
// by every adapter on its own path, fetched from pages on three loopback origins. Expected outcomes
// come from the reference model (test/policy/reference.ts), never from the engine.
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
import type { CorsOptions } from '../../src/index.js';
import { createCors } from '../../src/index.js';
import { intendsRequest } from '../policy/reference.js';
import { ADAPTERS, type AdapterName, listen, type Running, serveFetch } from './servers.js';

/** Three page origins on loopback: two hosts, several ports. */
export async function startPages(): Promise<{ origins: string[]; close(): Promise<void> }> {
  const servers = await Promise.all(
    [0, 1, 2].map(() =>
      listen(
        http.createServer((_req, res) => {
          res.setHeader('Content-Type', 'text/html');
          res.end('<!doctype html><title>corsair page</title>');
        }),
      ),
    ),
  );
  const ports = servers.map((s) => new URL(s.url).port);
  return {
    origins: [`http://127.0.0.1:${ports[0]}`, `http://localhost:${ports[1]}`, `http://127.0.0.1:${ports[2]}`],
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

/** At least 30 valid policies over the page origins. */
export function buildPolicies([a, b, c]: string[]): CorsOptions[] {
  const originSets: CorsOptions['origins'][] = [
    [a!],
    [b!],
    [c!],
    [a!, c!],
    ['http://localhost:*'],
    '*',
    [a!, 'http://localhost:*'],
    ['http://127.0.0.1:1'],
  ];
  const variants: Omit<CorsOptions, 'origins'>[] = [
    {},
    { credentials: true },
    { methods: ['PUT', 'DELETE'], allowedHeaders: ['X-Token'] },
    { methods: '*', allowedHeaders: '*', maxAge: 0 },
    { credentials: true, methods: '*', allowedHeaders: '*' },
    {
      credentials: true,
      methods: ['DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization'],
      exposedHeaders: ['X-Request-Id'],
    },
  ];
  const out: CorsOptions[] = [];
  for (const origins of originSets) {
    for (const v of variants) {
      if (origins === '*' && v.credentials) continue;
      out.push({ origins, ...v });
    }
  }
  return out;
}

/** One server per adapter serving policy i at /p/i (body `p<i>`). */
export async function startMulti(name: AdapterName, policies: CorsOptions[]): Promise<Running> {
  const compiled = policies.map((p) => createCors(p));
  const index = (path: string) => Number(/^\/p\/(\d+)/.exec(path)?.[1] ?? -1);
  switch (name) {
    case 'node':
      return listen(
        http.createServer((req, res) => {
          const i = index(req.url ?? '/');
          if (handleCors(compiled[i]!, req, res) === true) return;
          res.setHeader('X-Request-Id', '1');
          res.end(`p${i}`);
        }),
      );
    case 'express': {
      const app = express();
      compiled.forEach((p, i) => {
        app.use(`/p/${i}`, nodeCors(p));
        app.all(`/p/${i}`, (_req, res) => {
          res.setHeader('X-Request-Id', '1');
          res.send(`p${i}`);
        });
      });
      return listen(http.createServer(app));
    }
    case 'fastify': {
      const app = Fastify();
      await app.register(corsairFastify, { origins: ['https://nobody.invalid'] });
      compiled.forEach((p, i) => {
        app.route({
          method: ['GET', 'POST', 'PUT', 'DELETE'],
          url: `/p/${i}`,
          config: { cors: p },
          handler: async (_req, reply) => {
            reply.header('X-Request-Id', '1');
            return `p${i}`;
          },
        });
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
    }
    case 'koa': {
      const app = new Koa();
      const mws = compiled.map((p) => koaCors(p));
      app.use((ctx, next) => mws[index(ctx.path)]!(ctx, next));
      app.use((ctx) => {
        ctx.set('X-Request-Id', '1');
        ctx.body = `p${index(ctx.path)}`;
      });
      return listen(http.createServer(app.callback()));
    }
    case 'hono': {
      const app = new Hono();
      compiled.forEach((p, i) => {
        app.use(`/p/${i}`, honoCors(p));
        app.all(`/p/${i}`, (c) => c.text(`p${i}`, 200, { 'X-Request-Id': '1' }));
      });
      return serveFetch(app.fetch);
    }
    case 'fetch': {
      const handlers = compiled.map((p, i) =>
        withCors(() => new Response(`p${i}`, { headers: { 'X-Request-Id': '1' } }), p),
      );
      return serveFetch((req) => handlers[index(new URL(req.url).pathname)]!(req));
    }
  }
}

/** One fetch a page makes. */
export interface BrowserCase {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly credentials: 'omit' | 'include';
  /** Request body (JSON for POST, so that frameworks that parse it answer 200). */
  readonly requestBody: string | null;
  readonly body: string;
  readonly expected: boolean;
  readonly label: string;
}

const SHAPES: { method: string; headers: Record<string, string>; credentials: 'omit' | 'include' }[] = [
  { method: 'GET', headers: {}, credentials: 'omit' },
  { method: 'GET', headers: {}, credentials: 'include' },
  { method: 'PUT', headers: { 'X-Token': 'abc' }, credentials: 'omit' },
  { method: 'DELETE', headers: {}, credentials: 'include' },
  {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
    credentials: 'omit',
  },
];

/** Every (policy, shape) case for one page origin across the adapters' servers. */
export function casesFor(
  pageOrigin: string,
  policies: CorsOptions[],
  servers: [AdapterName, Running][],
): BrowserCase[] {
  const out: BrowserCase[] = [];
  for (const [name, server] of servers) {
    policies.forEach((policy, i) => {
      for (const s of SHAPES) {
        const unsafeHeaders = Object.keys(s.headers);
        out.push({
          url: `${server.url}/p/${i}`,
          method: s.method,
          headers: s.headers,
          credentials: s.credentials,
          requestBody: s.method === 'POST' || s.method === 'PUT' ? '{}' : null,
          body: `p${i}`,
          expected: intendsRequest(policy, {
            origin: pageOrigin,
            method: s.method,
            unsafeHeaders,
            credentials: s.credentials,
          }),
          label: `${name} p${i} ${JSON.stringify(policy)} from ${pageOrigin}: ${s.method} ${JSON.stringify(s.headers)} ${s.credentials}`,
        });
      }
    });
  }
  return out;
}

/** Runs inside the page: all fetches with bounded concurrency; 'ok' when the script could read the body. */
export const inPage = async ({
  cases,
  concurrency,
}: {
  cases: BrowserCase[];
  concurrency: number;
}): Promise<string[]> => {
  const out: string[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      try {
        const r = await fetch(c.url, {
          method: c.method,
          headers: c.headers,
          credentials: c.credentials,
          body: c.requestBody,
          cache: 'no-store',
        });
        out[i] = (await r.text()) === c.body ? 'ok' : 'wrong-body';
      } catch {
        out[i] = 'blocked';
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
};

/** Start everything the matrix needs. */
export async function startMatrix(): Promise<{
  pages: string[];
  policies: CorsOptions[];
  servers: [AdapterName, Running][];
  close(): Promise<void>;
}> {
  const pages = await startPages();
  const policies = buildPolicies(pages.origins);
  const servers: [AdapterName, Running][] = [];
  for (const name of ADAPTERS) servers.push([name, await startMulti(name, policies)]);
  return {
    pages: pages.origins,
    policies,
    servers,
    close: async () => {
      await Promise.all(servers.map(([, s]) => s.close()));
      await pages.close();
    },
  };
}
