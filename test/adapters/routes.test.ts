// Per-path policies through every adapter over real HTTP: one middleware with the three-route policy
// (public `*`, private credentialed allowlist, `cors: false` webhook), paths spelt to escape a rule, the
// old docs pattern (a second corsair middleware) refused, and Fastify's per-route preflights (issue 13
// item 2).
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import corsairFastify from '../../src/adapters/fastify.js';
import { getAll, getCombined } from '../../src/policy/index.js';
import { APP, THREE_ROUTES } from '../policy/three-routes.js';
import { START_APP } from './app-servers.js';
import { ADAPTERS, type RawResponse, type Running, send } from './servers.js';

const EVIL = 'https://evil.example';

const acao = (r: RawResponse) => getCombined(r.headers, 'access-control-allow-origin');
const acac = (r: RawResponse) => getCombined(r.headers, 'access-control-allow-credentials');
const varyNames = (r: RawResponse) =>
  getAll(r.headers, 'vary').flatMap((v) => v.split(',').map((s) => s.trim().toLowerCase()));
const corsLines = (r: RawResponse) =>
  r.headers.filter(([n]) => n.toLowerCase().startsWith('access-control-'));

describe.each(ADAPTERS)('%s: one middleware, three routes', (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await START_APP[name]({ policy: THREE_ROUTES });
  });
  afterAll(() => server.close());
  const req = (path: string, headers: [string, string][], method = 'GET') =>
    send(server.url + path, method, headers);

  it('public: * for any page, never credentials, no Vary: Origin', async () => {
    const r = await req('/public/logo.png', [['Origin', EVIL]]);
    expect(r.body).toBe('GET /public/logo.png');
    expect(acao(r)).toBe('*');
    expect(acac(r)).toBeNull();
    expect(varyNames(r)).not.toContain('origin');
  });

  it('private: the allowlisted page with credentials, Vary: Origin; another page gets nothing', async () => {
    const ok = await req('/private/account', [['Origin', APP]]);
    expect(acao(ok)).toBe(APP);
    expect(acac(ok)).toBe('true');
    expect(varyNames(ok)).toContain('origin');
    const refused = await req('/private/account', [['Origin', EVIL]]);
    expect(refused.body).toBe('GET /private/account');
    expect(corsLines(refused)).toEqual([]);
    expect(varyNames(refused)).toContain('origin');
  });

  it('private preflight: answered by the private policy only', async () => {
    const preflight = (origin: string, method: string) =>
      req(
        '/private/account',
        [
          ['Origin', origin],
          ['Access-Control-Request-Method', method],
        ],
        'OPTIONS',
      );
    const ok = await preflight(APP, 'DELETE');
    expect(ok.status).toBe(204);
    expect(acao(ok)).toBe(APP);
    expect(getCombined(ok.headers, 'access-control-allow-methods')).toBe('GET, DELETE');
    const evil = await preflight(EVIL, 'DELETE');
    expect(evil.status).toBe(403);
    expect(corsLines(evil)).toEqual([]);
    // An allowed page asking for an unlisted method may get the allowed methods back (so the browser
    // names the method), never PUT.
    const put = await preflight(APP, 'PUT');
    expect(getCombined(put.headers, 'access-control-allow-methods') ?? '').not.toContain('PUT');
  });

  it('webhook: no CORS at all, and its preflight goes to the application', async () => {
    const r = await req('/webhooks/stripe', [['Origin', APP]]);
    expect(r.body).toBe('GET /webhooks/stripe');
    expect(corsLines(r)).toEqual([]);
    expect(varyNames(r)).not.toContain('origin');
    const p = await req(
      '/webhooks/stripe',
      [
        ['Origin', APP],
        ['Access-Control-Request-Method', 'POST'],
      ],
      'OPTIONS',
    );
    expect(p.body).toBe('OPTIONS /webhooks/stripe');
    expect(corsLines(p)).toEqual([]);
  });

  it('a path no route matches gets nothing (no defaults)', async () => {
    const r = await req('/elsewhere', [['Origin', APP]]);
    expect(r.body).toBe('GET /elsewhere');
    expect(corsLines(r)).toEqual([]);
  });

  it.each(['/PUBLIC/logo.png', '/Public/logo.png/', '/public?to=/private/x'])(
    '%s is public',
    async (path) => {
      expect(acao(await req(path, [['Origin', EVIL]]))).toBe('*');
    },
  );

  it.each(['/PRIVATE/account', '/Private/account/'])('%s is private', async (path) => {
    expect(acao(await req(path, [['Origin', APP]]))).toBe(APP);
    expect(acao(await req(path, [['Origin', EVIL]]))).toBeNull();
  });

  // The server reads these as /private/... or /public/... depending on how it decodes: whatever it
  // serves, the answer is never the public * for the private handler, and never anything for EVIL.
  it.each([
    '/public/..%2fprivate/account',
    '/public/%2e%2e/private/account',
    '/public%2f..%2fprivate/account',
    '/public/..;/private/account',
    '/public;x=1/../private/account',
    '//private/account',
    '/%70rivate/account',
    '/private%2faccount',
    '/webhooks/..%2fpublic/x',
  ])('%s cannot borrow another route’s answer', async (path) => {
    const fromEvil = await req(path, [['Origin', EVIL]]);
    expect(corsLines(fromEvil)).toEqual([]);
    const fromApp = await req(path, [['Origin', APP]]);
    expect(acao(fromApp) === '*' && acac(fromApp) === 'true').toBe(false);
    expect([null, APP]).toContain(acao(fromApp));
  });
});

describe.each(ADAPTERS)('%s: the old docs pattern, two corsair middlewares, is refused', (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await START_APP[name]({
      policy: { origins: [APP], credentials: true },
      stacked: { origins: '*' },
    });
  });
  afterAll(() => server.close());

  it('answers 500 POLICY_MIDDLEWARE_STACKED instead of mixing * with credentials', async () => {
    const r = await send(`${server.url}/public/x`, 'GET', [['Origin', APP]]);
    expect(r.status).toBe(500);
    expect(r.body).toContain('POLICY_MIDDLEWARE_STACKED');
    expect(acao(r)).not.toBe('*');
  });

  it('paths with one middleware keep working', async () => {
    if (name === 'fastify' || name === 'koa' || name === 'fetch') return; // their second one covers every path
    const r = await send(`${server.url}/other`, 'GET', [['Origin', APP]]);
    expect(r.status).toBe(200);
    expect(acao(r)).toBe(APP);
  });
});

describe('fastify: a per-route policy answers only the preflights of its own methods (issue 13 item 2)', () => {
  const PARTNER = 'https://partner.example.net';
  let url: string;
  let close: () => Promise<void>;
  const deleted: string[] = [];
  beforeAll(async () => {
    const app = Fastify();
    await app.register(corsairFastify, { origins: [APP], credentials: true, methods: ['DELETE'] });
    // The route policy allows any method (copied from elsewhere): it must still only judge GET's preflights.
    const partner = { origins: [PARTNER], credentials: true, methods: '*' } as const;
    app.get('/account', { config: { cors: partner } }, async () => 'account');
    app.delete('/account', async (req) => {
      deleted.push(String(req.headers.origin));
      return 'deleted';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/account`;
    close = () => app.close();
  });
  afterAll(() => close());

  const preflight = (origin: string, method: string) =>
    send(url, 'OPTIONS', [
      ['Origin', origin],
      ['Access-Control-Request-Method', method],
    ]);

  it('a DELETE preflight from the GET route’s partner is judged by the global policy: refused', async () => {
    const r = await preflight(PARTNER, 'DELETE');
    expect(r.status).toBe(403);
    expect(corsLines(r)).toEqual([]);
  });

  it('the global policy still answers its DELETE preflight, the route policy its GET', async () => {
    const d = await preflight(APP, 'DELETE');
    expect(d.status).toBe(204);
    expect(acao(d)).toBe(APP);
    const g = await preflight(PARTNER, 'GET');
    expect(g.status).toBe(204);
    expect(acao(g)).toBe(PARTNER);
    expect((await preflight(APP, 'GET')).status).toBe(403);
  });

  it('the partner’s DELETE itself gets no CORS headers (the handler runs: CORS protects reading, not acting)', async () => {
    const r = await send(url, 'DELETE', [['Origin', PARTNER]]);
    expect(acao(r)).toBeNull();
    expect(deleted).toEqual([PARTNER]);
  });
});
