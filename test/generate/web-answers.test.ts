// The generated Cloudflare Worker (the web-standard code Next.js and Netlify share) imported in-process
// and asked what it answers — preflights of every kind and actual requests from allowed and refused
// origins — request by request against createCors(policy).decide, for policies with hostile names
// (quotes, backticks and `$` in names), `*` lists with and without credentials, and exposed
// headers. Generated inside each test (not while collecting), so a mutation run covers it per test.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import { createCors } from '../../src/policy/create.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { corsairAnswer, type Lines, POLICIES, preflights, shape } from './preflight-cases.js';
import { importGenerated } from './servers.js';

interface Worker {
  corsPreflight(request: Request): Response | null;
  applyCors(request: Request, headers: Headers): void;
}

async function worker(options: CorsOptions): Promise<Worker> {
  const { mod } = await importGenerated<Worker>(
    generateConfig('cloudflare-workers', options).files,
    'web-answers',
  );
  return mod;
}

function lines(headers: Headers): Lines {
  const out: Lines = [];
  headers.forEach((v, k) => {
    out.push([k, v]);
  });
  return out;
}

async function preflightAnswer(w: Worker, headers: Lines) {
  const r = w.corsPreflight(new Request('https://api.example.com/x', { method: 'OPTIONS', headers }));
  if (r === null) throw new Error('not answered as a preflight');
  return shape(r.status, lines(r.headers));
}

/** The CORS headers and Vary the Worker adds to an actual response, as the engine's decision writes them. */
function actualAnswer(w: Worker, method: string, origin: string | null) {
  const headers = new Headers();
  w.applyCors(
    new Request('https://api.example.com/x', { method, headers: origin ? { Origin: origin } : {} }),
    headers,
  );
  return shape(undefined, lines(headers));
}

function corsairActual(options: CorsOptions, method: string, origin: string | null) {
  const d = createCors(options).decide({ method, headers: origin ? [['Origin', origin]] : [] });
  if (d instanceof Promise) throw new Error('sync policy');
  const out: Lines = d.headers.map(([k, v]): [string, string] => [k, v]);
  if (d.varyValue !== '') out.push(['Vary', d.varyValue]);
  return shape(undefined, out);
}

const HOSTILE: CorsOptions[] = [
  {
    origins: ['https://app.example.com', 'https://*.example.org'],
    methods: ["X-'Q", 'PUT'],
    allowedHeaders: ["X-'a", 'X-`c', 'X-$d'],
    exposedHeaders: ["X-'e", 'X-$f'],
  },
  { origins: '*', methods: '*', allowedHeaders: '*', exposedHeaders: '*' },
  {
    origins: ['https://app.example.com'],
    methods: '*',
    allowedHeaders: '*',
    exposedHeaders: ['ETag'],
    credentials: true,
  },
  { origins: ['https://app.example.com'], methods: ['GET'], allowedHeaders: [], exposedHeaders: [] },
];

describe('the generated Worker answers as corsair does', () => {
  it.each(
    [...POLICIES.map((p) => p.options), ...HOSTILE].map((o) => [JSON.stringify(o).slice(0, 100), o] as const),
  )('preflights and actual requests: %s', async (_name, options) => {
    const w = await worker(options);
    const o = createCors(options).options;
    const allowed = o.anyOrigin ? 'https://any.example' : (o.exactOrigins[0] ?? 'https://a.example.org');
    const requests = [
      ...preflights(allowed),
      {
        label: 'a listed name with a quote',
        headers: [
          ['Origin', allowed],
          ['Access-Control-Request-Method', "X-'Q"],
          ['Access-Control-Request-Headers', "x-'a,x-$d"],
        ] as Lines,
      },
    ];
    for (const { label, headers } of requests)
      expect(await preflightAnswer(w, headers), label).toEqual(corsairAnswer(options, headers));
    for (const method of ['GET', 'POST', 'DELETE'])
      for (const origin of [allowed, 'https://evil.example', 'null', null])
        expect(actualAnswer(w, method, origin), `${method} from ${origin}`).toEqual(
          corsairActual(options, method, origin),
        );
  });

  it('for sampled policies: method and header lists, credentials, exposed headers', async () => {
    const name = fc.constantFrom('X-Api-Key', 'Content-Type', 'X-Trace-Id', 'PURGE', 'PATCH');
    const policy = fc.record({
      origins: fc.constantFrom<CorsOptions['origins']>(
        '*',
        ['https://app.example.com'],
        ['https://*.example.com'],
      ),
      methods: fc.oneof(
        fc.constant('*' as const),
        fc.uniqueArray(fc.constantFrom('PUT', 'PATCH', 'PURGE', 'GET'), { maxLength: 3 }),
      ),
      allowedHeaders: fc.oneof(fc.constant('*' as const), fc.uniqueArray(name, { maxLength: 3 })),
      exposedHeaders: fc.oneof(fc.constant('*' as const), fc.uniqueArray(name, { maxLength: 2 })),
      credentials: fc.boolean(),
    });
    const samples = fc.sample(policy, { numRuns: 25, seed: 20 }).filter((p) => {
      try {
        createCors(p);
        return true;
      } catch {
        return false; // credentials with '*' origins: the policy refuses it, generate never sees it
      }
    });
    expect(samples.length).toBeGreaterThan(10);
    for (const options of samples) {
      const w = await worker(options);
      const origin = options.origins === '*' ? 'https://any.example' : 'https://app.example.com';
      for (const { label, headers } of preflights(origin))
        expect(await preflightAnswer(w, headers), `${JSON.stringify(options)} ${label}`).toEqual(
          corsairAnswer(options, headers),
        );
      for (const o of [origin, 'https://evil.example'])
        expect(actualAnswer(w, 'GET', o), `${JSON.stringify(options)} GET ${o}`).toEqual(
          corsairActual(options, 'GET', o),
        );
    }
  });
});
