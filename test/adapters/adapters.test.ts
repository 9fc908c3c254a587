// Every adapter against its real framework from npm, over real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCors } from '../../src/adapters/fetch.js';
import { cors as honoCors } from '../../src/adapters/hono.js';
import type { CorsOptions } from '../../src/policy/index.js';
import { CorsConfigError, createCors, getAll, getCombined } from '../../src/policy/index.js';
import { ADAPTERS, type Running, START, send } from './servers.js';

const APP = 'https://app.example.com';
const MAIN: CorsOptions = {
  origins: [APP, 'https://*.tenants.example.com', async (o: string) => o === 'https://async.example.net'],
  methods: ['GET', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'X-Token'],
  exposedHeaders: ['X-Request-Id'],
  credentials: true,
  maxAge: 60,
};

describe.each(ADAPTERS)('%s adapter over real HTTP', (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await START[name]({ main: MAIN, pub: { origins: '*', methods: '*', allowedHeaders: '*' } });
  });
  afterAll(() => server.close());

  const get = (path: string, headers: [string, string][], method = 'GET') =>
    send(server.url + path, method, headers);
  const one = (r: { headers: [string, string][] }, n: string) => getCombined(r.headers, n);

  it('allowed actual request: echoes the origin, credentials, exposes, merges Vary once', async () => {
    const r = await get('/data', [['Origin', APP]]);
    expect(r.status).toBe(200);
    expect(r.body).toBe('data');
    expect(getAll(r.headers, 'access-control-allow-origin')).toEqual([APP]);
    expect(one(r, 'access-control-allow-credentials')).toBe('true');
    expect(one(r, 'access-control-expose-headers')).toBe('X-Request-Id');
    const vary = (one(r, 'vary') ?? '').split(',').map((s) => s.trim().toLowerCase());
    expect(vary.sort()).toEqual(['accept-encoding', 'origin']);
  });

  it('subdomain pattern at any depth, not the apex', async () => {
    expect(
      one(await get('/data', [['Origin', 'https://a.b.tenants.example.com']]), 'access-control-allow-origin'),
    ).toBe('https://a.b.tenants.example.com');
    expect(
      one(await get('/data', [['Origin', 'https://tenants.example.com']]), 'access-control-allow-origin'),
    ).toBeNull();
  });

  it('async predicate', async () => {
    const r = await get('/data', [['Origin', 'https://async.example.net']]);
    expect(one(r, 'access-control-allow-origin')).toBe('https://async.example.net');
    const p = await get(
      '/data',
      [
        ['Origin', 'https://async.example.net'],
        ['Access-Control-Request-Method', 'PUT'],
      ],
      'OPTIONS',
    );
    expect(p.status).toBe(204);
  });

  it('disallowed actual request: no CORS headers, the app still answers, Vary: Origin', async () => {
    const r = await get('/data', [['Origin', 'https://evil.example']]);
    expect(r.status).toBe(200);
    expect(r.body).toBe('data');
    expect(one(r, 'access-control-allow-origin')).toBeNull();
    expect(one(r, 'access-control-allow-credentials')).toBeNull();
    expect(one(r, 'vary')?.toLowerCase()).toContain('origin');
  });

  it('no Origin: no CORS headers, still Vary: Origin', async () => {
    const r = await get('/data', []);
    expect(r.body).toBe('data');
    expect(one(r, 'access-control-allow-origin')).toBeNull();
    expect(one(r, 'vary')?.toLowerCase()).toContain('origin');
  });

  it('repeated Origin lines never match', async () => {
    const r = await get('/data', [
      ['Origin', APP],
      ['Origin', APP],
    ]);
    expect(one(r, 'access-control-allow-origin')).toBeNull();
  });

  it('allowed preflight: answered with 204 and exactly the needed headers', async () => {
    const r = await get(
      '/data',
      [
        ['Origin', APP],
        ['Access-Control-Request-Method', 'PUT'],
        ['Access-Control-Request-Headers', 'content-type,x-token'],
      ],
      'OPTIONS',
    );
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect(one(r, 'access-control-allow-origin')).toBe(APP);
    expect(one(r, 'access-control-allow-credentials')).toBe('true');
    expect(one(r, 'access-control-allow-methods')).toBe('GET, PUT, DELETE');
    expect(one(r, 'access-control-allow-headers')).toBe('Content-Type, X-Token');
    expect(one(r, 'access-control-max-age')).toBe('60');
    expect(one(r, 'x-request-id')).toBeNull(); // the app never ran
  });

  it('disallowed preflight (origin): 403 without CORS headers', async () => {
    const r = await get(
      '/data',
      [
        ['Origin', 'https://evil.example'],
        ['Access-Control-Request-Method', 'PUT'],
      ],
      'OPTIONS',
    );
    expect(r.status).toBe(403);
    expect(r.headers.filter(([n]) => n.toLowerCase().startsWith('access-control-'))).toEqual([]);
  });

  // Like `cors` and `@fastify/cors`: the browser's console then names the method or header.
  it.each([
    ['method', 'PATCH', undefined],
    ['header', 'PUT', 'x-evil'],
  ] as const)(
    'allowed origin, unlisted %s: answered with what is allowed, never the refused name',
    async (_w, method, requestHeaders) => {
      const headers: [string, string][] = [
        ['Origin', APP],
        ['Access-Control-Request-Method', method],
      ];
      if (requestHeaders) headers.push(['Access-Control-Request-Headers', requestHeaders]);
      const r = await get('/data', headers, 'OPTIONS');
      expect(r.status).toBe(204);
      expect(one(r, 'access-control-allow-origin')).toBe(APP);
      expect(one(r, 'access-control-allow-credentials')).toBe('true');
      expect(one(r, 'access-control-allow-methods')).toBe('GET, PUT, DELETE');
      expect(one(r, 'access-control-allow-headers')).toBe('Content-Type, X-Token');
      expect(one(r, 'access-control-max-age')).toBeNull();
      expect(one(r, 'x-request-id')).toBeNull(); // the app never ran
    },
  );

  it('per-route policy: /public allows any origin without credentials', async () => {
    const r = await get('/public', [['Origin', 'https://anyone.example']]);
    expect(r.body).toBe('public');
    expect(one(r, 'access-control-allow-origin')).toBe('*');
    expect(one(r, 'access-control-allow-credentials')).toBeNull();
    const p = await get(
      '/public',
      [
        ['Origin', 'https://anyone.example'],
        // GET: the method /public serves (Fastify judges a preflight by the route serving its method).
        ['Access-Control-Request-Method', 'GET'],
        ['Access-Control-Request-Headers', 'authorization'],
      ],
      'OPTIONS',
    );
    expect(p.status).toBe(204);
    expect(one(p, 'access-control-allow-headers')).toBe('*, Authorization');
  });

  it('opt-out route gets no CORS headers', async () => {
    const r = await get('/health', [['Origin', APP]]);
    expect(r.body).toBe('healthy');
    expect(one(r, 'access-control-allow-origin')).toBeNull();
  });
});

describe('adapters accept a compiled policy', () => {
  it.each(ADAPTERS)('%s', async (name) => {
    const server = await START[name]({ main: createCors({ origins: [APP] }) });
    try {
      const r = await send(`${server.url}/data`, 'GET', [['Origin', APP]]);
      expect(getCombined(r.headers, 'access-control-allow-origin')).toBe(APP);
    } finally {
      await server.close();
    }
  });
});

describe('debug and preflightContinue through an adapter', () => {
  it.each(ADAPTERS)('%s: debug explains a refused preflight', async (name) => {
    const reasons: string[] = [];
    const server = await START[name]({ main: { origins: [APP], debug: (r) => reasons.push(r) } });
    try {
      const r = await send(`${server.url}/data`, 'OPTIONS', [
        ['Origin', 'https://evil.example'],
        ['Access-Control-Request-Method', 'PATCH'],
      ]);
      expect(r.status).toBe(403);
      expect(getCombined(r.headers, 'corsair-reason')).toContain('https://evil.example');
      expect(r.body).toContain('https://evil.example');
      const unlisted = await send(`${server.url}/data`, 'OPTIONS', [
        ['Origin', APP],
        ['Access-Control-Request-Method', 'PATCH'],
      ]);
      expect(unlisted.status).toBe(204);
      expect(getCombined(unlisted.headers, 'corsair-reason')).toContain("'PATCH'");
      expect(reasons).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('edge adapters (hono, fetch) without the Public Suffix List', () => {
  it('validate options fully but refuse wildcard subdomain patterns with a fix', () => {
    for (const make of [
      (o: CorsOptions) => honoCors(o),
      (o: CorsOptions) => withCors(() => new Response(''), o),
    ]) {
      expect(() => make({ origins: ['https://app.example.com', 'http://localhost:*'] })).not.toThrow();
      expect(() => make({ origins: '*', credentials: true })).toThrow(CorsConfigError);
      let err: unknown;
      try {
        make({ origins: ['https://*.example.com'] });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CorsConfigError);
      expect((err as CorsConfigError).issues[0]).toMatchObject({
        code: 'POLICY_PATTERN_NEEDS_PUBLIC_SUFFIX_LIST',
        option: 'origins',
      });
      expect((err as CorsConfigError).issues[0]!.fix).toContain("createCors from 'corsair-cors'");
      // The full createCors checks the list and its policy is accepted as is.
      expect(() =>
        make(createCors({ origins: ['https://*.example.com'] }) as unknown as CorsOptions),
      ).not.toThrow();
      expect(() => createCors({ origins: ['https://*.github.io'] })).toThrow(/public suffix/);
    }
  });
});
