// The web adapters' shared helpers (src/adapters/web.ts) and withCors's call path, on the runtime's own
// Request and Response: what the shortcuts taken for speed must never change. Over real HTTP and in
// real runtimes: test/adapters (fetch, hono) and test/edge.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCors } from '../../src/adapters/fetch.js';
import { answerOf, decideRequest, withCorsHeaders } from '../../src/adapters/web.js';
import { createCors, type Decision } from '../../src/index.js';
import { DECIDED, type HeaderSink, writeCorsHeaders } from '../../src/policy/write.js';

const APP = 'https://app.example.com';
const preflight = () =>
  new Request('http://127.0.0.1/api/items', {
    method: 'OPTIONS',
    headers: { Origin: APP, 'Access-Control-Request-Method': 'PUT' },
  });

describe('answerOf: a prebuilt decision’s head is written once, every Response is new', () => {
  const policy = createCors({ origins: [APP], credentials: true, methods: ['GET', 'PUT'] });

  it('answers the same prebuilt decision with equal, independent Responses', async () => {
    const d1 = decideRequest(policy, preflight()) as Decision;
    const d2 = decideRequest(policy, preflight()) as Decision;
    expect(d2).toBe(d1); // an exact origin's answer is prebuilt: the case the cache is for
    const a = answerOf(d1)!;
    const b = answerOf(d2)!;
    expect(b).not.toBe(a);
    a.headers.set('Access-Control-Allow-Origin', '*');
    a.headers.set('X-Extra', '1');
    expect([...b.headers]).toEqual([
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-methods', 'GET, PUT'],
      ['access-control-allow-origin', APP],
      ['vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
    ]);
    expect(b.status).toBe(204);
    expect(await a.text()).toBe('');
    expect(await b.text()).toBe('');
  });

  it('never hands the cached head to @hono/node-server’s Response, which keeps its init as its headers', async () => {
    const { getRequestListener } = await import('@hono/node-server');
    const native = Object.getOwnPropertyDescriptor(globalThis, 'Response')!;
    const d = decideRequest(policy, preflight()) as Decision;
    answerOf(d); // first with the runtime's Response, which copies: the shared head is made
    // @hono/node-server puts its own Response in the global scope when a listener is made.
    getRequestListener(() => new Response('unused'));
    try {
      expect(globalThis.Response).not.toBe(native.value);
      const a = answerOf(d)!;
      a.headers.set('Access-Control-Allow-Origin', '*');
      a.headers.set('Set-Cookie', 'session=stolen');
      const b = answerOf(d)!;
      expect(b.headers.get('access-control-allow-origin')).toBe(APP);
      expect(b.headers.has('set-cookie')).toBe(false);
    } finally {
      Object.defineProperty(globalThis, 'Response', native);
    }
    // Back on the runtime's Response, whose answers were never touched either.
    const c = answerOf(d)!;
    expect(c.headers.get('access-control-allow-origin')).toBe(APP);
    expect(c.headers.has('set-cookie')).toBe(false);
  });

  it('keeps the body and its type of a refused preflight with debug, every time', async () => {
    const debug = createCors({ origins: [APP], debug: true });
    const evil = () =>
      new Request('http://127.0.0.1/', {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' },
      });
    for (let i = 0; i < 2; i++) {
      const r = answerOf(decideRequest(debug, evil()) as Decision)!;
      expect(r.status).toBe(403);
      expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await r.text()).toContain("the origin 'https://evil.example' is not allowed");
    }
  });
});

describe('decideRequest reads the URL only for a policy with routes', () => {
  /** A Request whose url cannot be read. */
  const noUrl = (r: Request) =>
    new Proxy(r, {
      get: (t, k) => {
        if (k === 'url') throw new Error('url read');
        const v = Reflect.get(t, k, t);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });

  it('without routes the decision needs no URL', () => {
    const policy = createCors({ origins: [APP], methods: ['PUT'] });
    const d = decideRequest(policy, noUrl(preflight())) as Decision;
    expect(d.allowed).toBe(true);
  });

  it('with routes the URL picks the route', () => {
    const routed = createCors({
      origins: [APP],
      routes: [{ path: '/api/*', origins: ['https://partner.example'] }],
    });
    expect(() => decideRequest(routed, noUrl(preflight()))).toThrow('url read');
    expect((decideRequest(routed, preflight()) as Decision).allowed).toBe(false);
  });
});

describe('withCors takes the handler’s Response as returned, a Promise of one, or a thenable', () => {
  const policy = createCors({ origins: [APP] });
  const get = () => new Request('http://127.0.0.1/', { headers: { Origin: APP } });
  const cases: [string, () => Response | Promise<Response>][] = [
    ['a Response', () => new Response('ok')],
    ['a Promise', async () => new Response('ok')],
    [
      'a thenable',
      () =>
        // biome-ignore lint/suspicious/noThenProperty: a handler may return any thenable; this one is it
        ({ then: (f: (r: Response) => void) => f(new Response('ok')) }) as unknown as Promise<Response>,
    ],
  ];
  it.each(cases)('%s', async (_name, handler) => {
    const r = await withCors(handler, policy)(get());
    expect(r.headers.get('access-control-allow-origin')).toBe(APP);
    expect(r.headers.get('vary')).toBe('Origin');
    expect(await r.text()).toBe('ok');
  });
});

describe('withCorsHeaders: one pass over the response’s headers, then what the writer decides', () => {
  // The reference: the same writer deleting every decided name and reading Vary with get() (what
  // withCorsHeaders did before it looked at the headers once), on a copy of the same response.
  const reference: HeaderSink<Headers> = {
    set: (h, n, v) => h.set(n, v),
    remove: (h, n) => h.delete(n),
    vary: (h) => h.get('vary'),
  };
  const NAMES = [
    ...DECIDED,
    'Access-Control-Allow-Origin',
    'access-control-allow-private-network',
    'Access-Control-Request-Method',
    'Vary',
    'vary',
    'Content-Type',
    'X-Request-Id',
  ];
  const VALUES = ['*', 'true', 'Accept', 'origin', 'Accept-Encoding, Origin', 'https://evil.example', ''];
  const policies = [
    createCors({
      origins: [APP],
      credentials: true,
      exposedHeaders: ['X-Request-Id'],
      preflightContinue: true,
    }),
    createCors({ origins: '*', methods: ['GET', 'PUT'], preflightContinue: true }),
    createCors({ origins: [APP], routes: [{ path: '/hooks/*', cors: false }], preflightContinue: true }),
  ];
  const REQUESTS: [string, string, [string, string][]][] = [
    ['GET', '/api', [['Origin', APP]]],
    ['GET', '/api', [['Origin', 'https://evil.example']]],
    ['GET', '/api', []],
    ['GET', '/hooks/x', [['Origin', APP]]],
    [
      'OPTIONS',
      '/api',
      [
        ['Origin', APP],
        ['Access-Control-Request-Method', 'PUT'],
      ],
    ],
  ];

  it('gives every response, for every decision, the very headers the reference writer gives', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        fc.constantFrom(...REQUESTS),
        fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES)), { maxLength: 8 }),
        (policy, [method, path, headers], lines) => {
          const d = decideRequest(policy, new Request(`http://127.0.0.1${path}`, { method, headers }));
          const own = () => {
            const h = new Headers();
            for (const [n, v] of lines) h.append(n, v);
            return new Response('ok', { headers: h });
          };
          const expected = own();
          writeCorsHeaders(reference, expected.headers, d as Decision);
          const res = own();
          expect(withCorsHeaders(res, d as Decision)).toBe(res);
          expect([...res.headers]).toEqual([...expected.headers]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('copies a response whose headers are immutable (Response.redirect), keeping its own lines', () => {
    const policy = createCors({ origins: [APP], credentials: true });
    const d = decideRequest(
      policy,
      new Request('http://127.0.0.1/', { headers: { Origin: APP } }),
    ) as Decision;
    const redirect = Response.redirect('https://app.example.com/next', 302);
    const res = withCorsHeaders(redirect, d);
    expect(res).not.toBe(redirect);
    expect(res.status).toBe(302);
    expect([...res.headers]).toEqual([
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-origin', APP],
      ['location', 'https://app.example.com/next'],
      ['vary', 'Origin'],
    ]);
  });
});

describe('withCors: the wrapped handler is as synchronous as the handler', () => {
  const policy = createCors({ origins: [APP], methods: ['GET', 'PUT'] });
  const get = () => new Request('http://127.0.0.1/', { headers: { Origin: APP } });

  it('returns the handler’s own Response, not a Promise, when the handler returns one', () => {
    const own = new Response('ok');
    const r = withCors(() => own, policy)(get());
    expect(r).toBe(own);
    expect(own.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('answers a preflight with a Response at once, the handler never called', () => {
    const r = withCors(() => {
      throw new Error('the handler ran');
    }, policy)(preflight());
    expect(r).toBeInstanceOf(Response);
    expect((r as Response).status).toBe(204);
  });

  it('passes every extra argument through (env, ctx on Workers; info on Deno; server on Bun)', () => {
    const seen: unknown[][] = [];
    const wrapped = withCors((_req: Request, ...rest: [string, number]) => {
      seen.push(rest);
      return new Response('ok');
    }, policy);
    wrapped(get(), 'env', 7);
    wrapped(new Request('http://127.0.0.1/'), 'env', 8); // no Origin: decided too, and passed on
    expect(seen).toEqual([
      ['env', 7],
      ['env', 8],
    ]);
  });

  it('waits for an origin predicate that answers with a Promise', async () => {
    const later = createCors({ origins: [async (o: string) => o === APP] });
    const r = withCors(() => new Response('ok'), later)(get());
    expect(r).toBeInstanceOf(Promise);
    expect((await r).headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('throws as the handler throws: at once for a synchronous throw, a rejection for an async one', async () => {
    const boom = new Error('boom');
    expect(() =>
      withCors(() => {
        throw boom;
      }, policy)(get()),
    ).toThrow(boom);
    await expect(withCors(async () => Promise.reject(boom), policy)(get())).rejects.toBe(boom);
  });
});
