// The web adapters' shared helpers (src/adapters/web.ts) and withCors's call path, on the runtime's own
// Request and Response: what the shortcuts taken for speed must never change. Over real HTTP and in
// real runtimes: test/adapters (fetch, hono) and test/edge.
import { describe, expect, it } from 'vitest';
import { withCors } from '../../src/adapters/fetch.js';
import { answerOf, decideRequest } from '../../src/adapters/web.js';
import { createCors, type Decision } from '../../src/index.js';

const APP = 'https://app.example.com';
const preflight = () =>
  new Request('http://127.0.0.1/api/items', {
    method: 'OPTIONS',
    headers: { Origin: APP, 'Access-Control-Request-Method': 'PUT' },
  });

describe('answerOf: each decision’s head is written once, every Response is new', () => {
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

  it('never hands the cached head to a Response that keeps its init (as @hono/node-server’s does)', () => {
    const Real = globalThis.Response;
    const inits: ResponseInit[] = [];
    // A Response that keeps its init's headers object by reference, as @hono/node-server's lightweight one.
    globalThis.Response = class extends Real {
      constructor(body: BodyInit | null, init: ResponseInit) {
        super(body, init);
        inits.push(init);
      }
    } as typeof Response;
    try {
      const d = decideRequest(policy, preflight()) as Decision;
      answerOf(d);
      (inits[0]!.headers as Record<string, string>)['Access-Control-Allow-Origin'] = '*';
      (inits[0]!.headers as Record<string, string>)['Set-Cookie'] = 'session=stolen';
      const next = answerOf(d)!;
      expect(next.headers.get('access-control-allow-origin')).toBe(APP);
      expect(next.headers.has('set-cookie')).toBe(false);
    } finally {
      globalThis.Response = Real;
    }
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
