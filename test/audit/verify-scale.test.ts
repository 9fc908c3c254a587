// verify at scale (issue 14): drift beyond the policy is probed (methods and headers people add to a
// server), with a bounded number of cases, and a reflecting server's drifts come back grouped by kind.
// Real servers: Express with the `cors` package configured wider than the policy, Koa with @koa/cors
// reflecting every origin, Fastify echoing whatever the preflight asks for.
import http from 'node:http';
import koaCors from '@koa/cors';
import cors from 'cors';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEYOND_POLICY, deriveVerifyCases, verifyDeployment } from '../../src/audit/verify.js';
import { summarizeVerify } from '../../src/audit/verify-summary.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { createCors } from '../../src/policy/index.js';
import { listen } from '../adapters/servers.js';

const APP = 'https://app.example.com';
const POLICY = {
  origins: [APP],
  methods: ['GET', 'POST'],
  allowedHeaders: ['Content-Type'],
  credentials: true,
};
let transport: HttpTransport;
beforeAll(() => {
  transport = createHttpTransport({ timeoutMs: 5000 });
});
afterAll(async () => {
  await transport.close();
});

async function verifyAgainst(app: http.RequestListener) {
  const s = await listen(http.createServer(app));
  try {
    return await verifyDeployment(`${s.url}/`, POLICY, { send: transport.send });
  } finally {
    await s.close();
  }
}

describe('probing beyond the policy', () => {
  it('adds at most 8 cases, from the first allowed origin only, skipping what the policy lists', () => {
    const base = deriveVerifyCases(
      createCors({ ...POLICY, origins: [APP, 'https://b.example.com'] }).options,
      'https://api.example.com/',
    );
    const beyond = base.filter((c) => c.name.startsWith('beyond the policy'));
    expect(beyond.length).toBeLessThanOrEqual(BEYOND_POLICY.methods.length + BEYOND_POLICY.headers.length);
    expect(new Set(beyond.map((c) => c.origin))).toEqual(new Set([APP]));
    // Content-Type is in the policy: not asked again as "beyond".
    expect(beyond.some((c) => c.headers.includes('content-type'))).toBe(false);
    expect(beyond.map((c) => c.method)).toEqual(expect.arrayContaining(['DELETE', 'CORSAIR-VERIFY']));
  });

  it('Express cors() with the package defaults (every method) and more headers: DELETE, a made-up method and Authorization drift', async () => {
    const app = express()
      .use(
        cors({
          origin: APP,
          credentials: true,
          allowedHeaders: ['Content-Type', 'Authorization', 'X-API-Key'],
        }),
      )
      .get('/', (_q, r) => r.json({}));
    const r = await verifyAgainst(app);
    const permissive = r.drifts.filter((d) => d.kind === 'too-permissive').map((d) => d.case.name);
    expect(permissive).toEqual(
      expect.arrayContaining([
        `beyond the policy, ${APP}: preflight DELETE`,
        `beyond the policy, ${APP}: preflight with authorization`,
        `beyond the policy, ${APP}: preflight with x-api-key`,
      ]),
    );
    // cors() lists fixed methods (GET,HEAD,PUT,PATCH,POST,DELETE): the made-up one is still refused.
    expect(permissive).not.toContain(`beyond the policy, ${APP}: preflight CORSAIR-VERIFY`);
  });

  it('Fastify echoing whatever the preflight asks for: the made-up method drifts too', async () => {
    // The hand-written hook many guides show: echo Access-Control-Request-Method/-Headers back.
    const app = Fastify();
    app.addHook('onRequest', async (req, reply) => {
      if (req.headers.origin !== APP) return;
      reply.header('Access-Control-Allow-Origin', APP).header('Access-Control-Allow-Credentials', 'true');
      reply.header('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        const method = req.headers['access-control-request-method'];
        const headers = req.headers['access-control-request-headers'];
        if (method) reply.header('Access-Control-Allow-Methods', method);
        if (headers) reply.header('Access-Control-Allow-Headers', headers);
        await reply.code(204).send();
      }
    });
    app.get('/', async () => ({}));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const r = await verifyDeployment(`${url}/`, POLICY, { send: transport.send });
      const names = r.drifts.filter((d) => d.kind === 'too-permissive').map((d) => d.case.name);
      expect(names).toContain(`beyond the policy, ${APP}: preflight CORSAIR-VERIFY`);
      expect(names).toContain(`beyond the policy, ${APP}: preflight with x-requested-with`);
    } finally {
      await app.close();
    }
  });
});

describe('the summary of a reflecting server', () => {
  it('@koa/cors reflecting every origin: one group per kind, counts adding up, three examples each', async () => {
    const app = new Koa().use(koaCors({ credentials: true })).use((ctx) => {
      ctx.body = {};
    });
    const r = await verifyAgainst(app.callback());
    const s = summarizeVerify(r);
    expect(s.drifts).toBe(r.drifts.length);
    expect(s.groups.reduce((n, g) => n + g.count, 0)).toBe(r.drifts.length);
    expect(s.groups[0]).toMatchObject({ kind: 'too-permissive' });
    expect(s.groups[0]!.count).toBeGreaterThan(20);
    for (const g of s.groups) expect(g.examples.length).toBe(Math.min(3, g.count));
  });
});
