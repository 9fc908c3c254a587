// One benchmark server per process (so autocannon and the server each get a core):
//   tsx bench/server.ts <scenario>   → prints the port on stdout, serves GET/OPTIONS / until killed.
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
import corsairFastify from '../src/adapters/fastify.js';
import { cors as corsairHono } from '../src/adapters/hono.js';
import { cors as corsairKoa } from '../src/adapters/koa.js';
import { cors as corsairNode, handleCors } from '../src/adapters/node.js';
import { createCors } from '../src/index.js';

export const APP = 'https://app.example.com';
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const HEADERS = ['Content-Type', 'Authorization'];
const corsair = createCors({
  origins: [APP],
  methods: METHODS,
  allowedHeaders: HEADERS,
  credentials: true,
  maxAge: 600,
});
const peer = { origin: [APP], methods: METHODS, allowedHeaders: HEADERS, credentials: true, maxAge: 600 };

export const HTTP_SCENARIOS = [
  'node-bare',
  'node-corsair',
  'express-bare',
  'express-cors',
  'express-corsair',
  'fastify-bare',
  'fastify-@fastify/cors',
  'fastify-corsair',
  'hono-bare',
  'hono-hono/cors',
  'hono-corsair',
  'koa-bare',
  'koa-@koa/cors',
  'koa-corsair',
] as const;
export type HttpScenario = (typeof HTTP_SCENARIOS)[number];

function nodeServer(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as AddressInfo).port)));
}

async function start(name: HttpScenario): Promise<number> {
  const [fw, variant] = [name.slice(0, name.indexOf('-')), name.slice(name.indexOf('-') + 1)];
  switch (fw) {
    case 'node':
      return nodeServer((req, res) => {
        if (variant === 'corsair' && handleCors(corsair, req, res) === true) return;
        res.setHeader('Content-Type', 'text/plain');
        res.end('ok');
      });
    case 'express': {
      const app = express();
      if (variant === 'cors') app.use(expressCors(peer));
      if (variant === 'corsair') app.use(corsairNode(corsair));
      app.get('/', (_req, res) => {
        res.send('ok');
      });
      return nodeServer(app);
    }
    case 'fastify': {
      const app = Fastify();
      if (variant === '@fastify/cors') await app.register(fastifyCors, peer);
      if (variant === 'corsair') await app.register(corsairFastify, { policy: corsair });
      app.get('/', async () => 'ok');
      await app.listen({ port: 0, host: '127.0.0.1' });
      return (app.server.address() as AddressInfo).port;
    }
    case 'hono': {
      const app = new Hono();
      if (variant === 'hono/cors')
        app.use(
          honoCors({
            origin: [APP],
            allowMethods: METHODS,
            allowHeaders: HEADERS,
            credentials: true,
            maxAge: 600,
          }),
        );
      if (variant === 'corsair') app.use(corsairHono(corsair));
      app.get('/', (c) => c.text('ok'));
      return new Promise((r) =>
        serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => r(info.port)),
      );
    }
    case 'koa': {
      const app = new Koa();
      if (variant === '@koa/cors')
        app.use(
          koaCors({
            origin: APP,
            allowMethods: METHODS,
            allowHeaders: HEADERS,
            credentials: true,
            maxAge: 600,
          }),
        );
      if (variant === 'corsair') app.use(corsairKoa(corsair));
      app.use((ctx) => {
        ctx.body = 'ok';
      });
      return nodeServer(app.callback());
    }
  }
  throw new Error(`unknown scenario ${name}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const name = process.argv[2] as HttpScenario;
  start(name).then((port) => {
    process.stdout.write(`${port}\n`);
  });
}
