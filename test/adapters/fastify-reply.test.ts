// The Fastify writer (src/adapters/fastify-reply.ts) over real HTTP: whatever CORS headers and Vary an
// earlier hook, the handler (through `reply.header` or on `reply.raw`), the error handler or the
// not-found handler left, and however the reply is sent (string, object, Buffer, stream, empty, async,
// a thrown error, a 404), the response carries exactly the decision's CORS lines, the application's
// other headers (Private Network Access included), and one Vary with Origin merged in. The writer
// removes only the CORS headers the decision does not set; a name it sets must replace every other
// value, on the reply and on `reply.raw` alike.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import Fastify, { type FastifyReply } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import corsairFastify from '../../src/adapters/fastify.js';
import { clearReply, replyStore } from '../../src/adapters/fastify-reply.js';
import { createCors, type Decision, getAll } from '../../src/policy/index.js';
import { type RawResponse, send } from './servers.js';

const APP = 'https://app.example.com';
const POLICY = {
  origins: [APP],
  credentials: true,
  methods: ['PUT'],
  allowedHeaders: ['X-Token'],
  exposedHeaders: ['X-Total'],
  maxAge: 600,
};

// What each kind of request must carry, written out (not asked of the engine).
const KINDS = {
  allowed: {
    headers: [['Origin', APP]],
    cors: [
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-origin', APP],
      ['access-control-expose-headers', 'X-Total'],
    ],
    vary: ['origin'],
  },
  refused: { headers: [['Origin', 'https://evil.example']], cors: [], vary: ['origin'] },
  'no-origin': { headers: [], cors: [], vary: ['origin'] },
  preflight: {
    headers: [
      ['Origin', APP],
      ['Access-Control-Request-Method', 'PUT'],
    ],
    cors: [
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-headers', 'X-Token'],
      ['access-control-allow-methods', 'PUT'],
      ['access-control-allow-origin', APP],
      ['access-control-max-age', '600'],
    ],
    vary: ['origin', 'access-control-request-method', 'access-control-request-headers'],
  },
} as const satisfies Record<
  string,
  { headers: [string, string][]; cors: [string, string][]; vary: string[] }
>;
type Kind = keyof typeof KINDS;

// What an application may leave on a reply, in the spellings applications use; one Vary at most.
const STRAY: readonly [string, string][] = [
  ['Access-Control-Allow-Origin', '*'],
  ['access-control-allow-credentials', 'false'],
  ['Access-Control-Allow-Methods', 'DELETE'],
  ['ACCESS-CONTROL-ALLOW-HEADERS', 'X-Evil'],
  ['Access-Control-Max-Age', '86400'],
  ['Access-Control-Expose-Headers', 'X-Secret'],
  ['Access-Control-Allow-Private-Network', 'true'],
  ['X-Request-Id', '7'],
];
const VARY = ['Accept-Encoding', 'accept-language, accept'];
type Where = 'reply' | 'raw';
type Stray = [Where, string, string];

// How the handler answers; `error` throws (the error handler answers), `notfound` asks for no route.
const MODES = ['string', 'object', 'buffer', 'stream', 'empty', 'async', 'error', 'notfound'] as const;
type Mode = (typeof MODES)[number];

/** Set the strays a request asks for (JSON in one of its headers) on the reply or on reply.raw. */
function plant(reply: FastifyReply, header: string | string[] | undefined): void {
  if (typeof header !== 'string') return;
  for (const [where, name, value] of JSON.parse(header) as Stray[]) {
    if (where === 'reply') reply.header(name, value);
    else reply.raw.setHeader(name, value);
  }
}

async function start(): Promise<string> {
  const app = Fastify();
  // Registered before corsair: its headers are on the reply when corsair decides (and answers preflights).
  app.addHook('onRequest', (request, reply, done) => {
    plant(reply, request.headers['x-early']);
    done();
  });
  await app.register(corsairFastify, POLICY);
  app.setErrorHandler((_error, request, reply) => {
    plant(reply, request.headers['x-stray']);
    reply.code(418).send('error');
  });
  app.setNotFoundHandler((request, reply) => {
    plant(reply, request.headers['x-stray']);
    reply.code(404).send('none');
  });
  const send = (mode: Mode, reply: FastifyReply): unknown => {
    if (mode === 'object') return reply.send({ ok: true });
    if (mode === 'buffer') return reply.send(Buffer.from('ok'));
    if (mode === 'stream') return reply.send(Readable.from(['o', 'k']));
    if (mode === 'empty') return reply.code(204).send();
    return reply.send('ok');
  };
  app.get('/:mode', (request, reply) => {
    const mode = (request.params as { mode: Mode }).mode;
    if (mode === 'error') throw new Error('boom');
    plant(reply, request.headers['x-stray']);
    if (mode === 'async') return Promise.resolve('ok');
    return send(mode, reply);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  closeApp = () => app.close();
  const { port } = app.server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}
let closeApp: () => Promise<void> = async () => {};

const BODY: Record<Mode, string> = {
  string: 'ok',
  object: '{"ok":true}',
  buffer: 'ok',
  stream: 'ok',
  empty: '',
  async: 'ok',
  error: 'error',
  notfound: 'none',
};

/** The non-CORS, non-Vary strays survive (last one set wins, the reply's over reply.raw's). */
function kept(strays: Stray[]): [string, string][] {
  const out = new Map<string, string>();
  for (const where of ['raw', 'reply'] as const)
    for (const [w, n, v] of strays)
      if (w === where && /^(x-|access-control-allow-private-network$)/i.test(n)) out.set(n.toLowerCase(), v);
  return [...out];
}

function corsAndKept(r: RawResponse): [string, string][] {
  return r.headers
    .map(([n, v]): [string, string] => [n.toLowerCase(), v])
    .filter(([n]) => n.startsWith('access-control-') || n.startsWith('x-'))
    .sort(([a], [b]) => a.localeCompare(b));
}

const strays = fc.tuple(
  fc.subarray([...STRAY]),
  fc.array(fc.constantFrom<Where>('reply', 'raw'), { minLength: STRAY.length, maxLength: STRAY.length }),
  fc.option(fc.tuple(fc.constantFrom(...VARY), fc.constantFrom<Where>('reply', 'raw')), { nil: undefined }),
);
function toStrays([lines, wheres, vary]: [
  [string, string][],
  Where[],
  [string, Where] | undefined,
]): Stray[] {
  const out = lines.map(([n, v], i): Stray => [wheres[i]!, n, v]);
  if (vary !== undefined) out.push([vary[1], 'Vary', vary[0]]);
  return out;
}

describe('Fastify writer: exactly the decision’s CORS lines over whatever the application left', () => {
  let url: string;
  beforeAll(async () => {
    url = await start();
  });
  afterAll(() => closeApp());

  it('for any stray headers, any way of sending, any request kind', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Kind>('allowed', 'refused', 'no-origin', 'preflight'),
        fc.constantFrom(...MODES),
        strays,
        strays,
        async (kind, mode, earlyArb, lateArb) => {
          const early = toStrays(earlyArb);
          // The handler's Vary replaces an earlier one: one Vary per request keeps the model simple.
          const late = toStrays(lateArb).filter(
            ([, n]) => n !== 'Vary' || !early.some(([, m]) => m === 'Vary'),
          );
          const k = KINDS[kind];
          const r = await send(
            `${url}/${mode === 'notfound' ? 'nowhere/at/all' : mode}`,
            kind === 'preflight' ? 'OPTIONS' : 'GET',
            [
              ...(k.headers as readonly [string, string][]),
              ['X-Early', JSON.stringify(early)],
              ['X-Stray', JSON.stringify(late)],
            ],
          );
          const ran = kind === 'preflight' ? early : [...early, ...late];
          if (kind === 'preflight') {
            expect(r.status).toBe(204);
          } else {
            expect(r.status).toBe(
              mode === 'error' ? 418 : mode === 'notfound' ? 404 : mode === 'empty' ? 204 : 200,
            );
            expect(r.body).toBe(BODY[mode]);
          }
          const expected = [...k.cors, ...kept(ran)].sort(([a], [b]) => a.localeCompare(b));
          expect(corsAndKept(r)).toEqual(expected);
          const vary = getAll(r.headers, 'vary');
          expect(vary, 'one Vary line').toHaveLength(1);
          const own = ran.filter(([, n]) => n === 'Vary').flatMap(([, , v]) => v.split(','));
          expect(vary[0]!.split(',').map((s) => s.trim().toLowerCase())).toEqual([
            ...own.map((s) => s.trim().toLowerCase()),
            ...k.vary,
          ]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('how the writer finds the CORS headers a reply holds', () => {
  it('reads the names from the object Fastify keeps `reply.header` in, and removes only what the decision does not set', async () => {
    const app = Fastify();
    const allowed = createCors({ origins: [APP], credentials: true }).decideValues('GET', APP, null, null);
    let seen: Record<string, unknown> | undefined;
    let raw: string[] = [];
    app.get('/', (_request, reply) => {
      reply.header('X-A', '1');
      reply.header('Access-Control-Allow-Origin', '*');
      reply.raw.setHeader('Access-Control-Max-Age', '86400');
      expect(replyStore(reply)).toMatchObject({ 'x-a': '1' });
      clearReply(reply, allowed as Decision);
      seen = { ...replyStore(reply) };
      raw = reply.raw.getHeaderNames();
      return 'ok';
    });
    await app.inject({ method: 'GET', url: '/' });
    await app.close();
    // Allow-Origin is the decision's own: kept here, replaced when the decision is written.
    expect(seen).toEqual({ 'x-a': '1', 'access-control-allow-origin': '*' });
    expect(raw).toEqual([]);
  });

  // A Fastify that keeps them elsewhere (or another copy of Fastify): each CORS name is asked for.
  it('without that object, asks for each CORS name: the same headers go', () => {
    const held = new Map<string, string>([
      ['access-control-allow-origin', '*'],
      ['access-control-max-age', '86400'],
      ['access-control-allow-private-network', 'true'],
      ['x-request-id', '7'],
    ]);
    const raw = new Map<string, string>([['access-control-expose-headers', 'X-Secret']]);
    const reply = {
      raw: { getHeaderNames: () => [...raw.keys()] },
      hasHeader: (n: string) => held.has(n) || raw.has(n),
      removeHeader: (n: string) => {
        held.delete(n);
        raw.delete(n);
      },
    } as unknown as FastifyReply;
    expect(replyStore(reply)).toBeUndefined();
    const policy = createCors({ origins: [APP], credentials: true });
    clearReply(reply, policy.decideValues('GET', APP, null, null) as Decision);
    // The allowed GET sets Allow-Origin itself (its value replaces the stray one when written).
    expect([...held.keys()].sort()).toEqual([
      'access-control-allow-origin',
      'access-control-allow-private-network',
      'x-request-id',
    ]);
    expect([...raw.keys()]).toEqual([]);
    clearReply(reply, policy.decideValues('GET', 'https://evil.example', null, null) as Decision);
    expect([...held.keys()].sort()).toEqual(['access-control-allow-private-network', 'x-request-id']);
  });
});
