// What the HTTP benchmark serves and sends: one policy (100 allowed origins, credentials), its peers'
// equivalents, the 20-route policy, and the variants of each framework. No framework or corsair code
// here, so the runner can read it before the package is built.
import type { CorsOptions } from '../src/index.js';

/**
 * The per-call method (bench/decisions.ts): each scenario is measured by this many fresh processes of
 * PER_CALL_ROUNDS interleaved rounds each, and each figure is the median over the processes. "Routes
 * add" is the median over a process's rounds of a difference within a round; a fresh process's first
 * round reads high, and with three rounds the median leaves it out (with two it is half the figure).
 */
export const PER_CALL_CHILDREN = 3;
export const PER_CALL_ROUNDS = 3;

/** The allowed origin the requests send: the last of the 100 allowed ones (a list peer scans them all). */
export const APP = 'https://app.example.com';
export const REFUSED = 'https://evil.example';
/**
 * Whether a request is the allowed preflight, told as the least CORS middleware tells one: OPTIONS,
 * the allowed Origin (read by the caller, once: a GET needs it too), and an
 * Access-Control-Request-Method, read through `acrm(from)` only for such an OPTIONS, so that the
 * `headers` variant's GETs read no more than Origin.
 *
 * @example
 * isAllowedPreflight(req.method, h.origin, h, (x) => x['access-control-request-method']);
 */
export function isAllowedPreflight<T>(
  method: string | undefined,
  origin: string | null | undefined,
  from: T,
  acrm: (from: T) => string | string[] | null | undefined,
): boolean {
  if (method !== 'OPTIONS' || origin !== APP) return false;
  const m = acrm(from);
  return m !== undefined && m !== null;
}
/** The path every server serves (the 20-route policy's last route matches it). */
export const PATH = '/api/items';
/** Node frameworks, then the edge runtimes serving corsair-cors/fetch (bench/edge-launch.ts). */
export const FRAMEWORKS = ['node', 'express', 'fastify', 'koa', 'hono', 'workerd', 'bun', 'deno'] as const;
export type Framework = (typeof FRAMEWORKS)[number];
export const isEdge = (fw: Framework): fw is 'workerd' | 'bun' | 'deno' =>
  fw === 'workerd' || fw === 'bun' || fw === 'deno';
/**
 * bare: no CORS; floor: one middleware that does nothing (for Fastify the onRequest and onSend hooks
 * corsair uses): what the framework itself charges for any middleware; headers: one middleware that
 * writes the very header lines corsair writes, as constants, chosen by the least any CORS middleware
 * does (the method, the Origin header compared with the one allowed origin, and for OPTIONS whether
 * an Access-Control-Request-Method is there: what makes it a preflight): the allowed GET's lines, a
 * GET from another origin or none gets `Vary: Origin`, and the allowed preflight corsair's answer
 * (what any CORS middleware pays the framework for reading Origin and sending its lines); peer: the
 * framework's usual CORS middleware; routes: corsair with a 20-route policy.
 */
export const VARIANTS = ['bare', 'floor', 'headers', 'corsair', 'peer', 'routes'] as const;
export type Variant = (typeof VARIANTS)[number];
/** The variants a framework runs: on the edge runtimes there is no peer (corsair-cors/fetch wraps a bare handler). */
export const variantsOf = (fw: Framework): readonly Variant[] =>
  isEdge(fw) ? VARIANTS.filter((v) => v !== 'peer') : VARIANTS;
/** The peer middleware of each framework, by its package name. */
export const PEERS: Record<Framework, string> = {
  node: 'cors',
  express: 'cors',
  fastify: '@fastify/cors',
  koa: '@koa/cors',
  hono: 'hono/cors',
  workerd: 'no peer',
  bun: 'no peer',
  deno: 'no peer',
};

export const ORIGINS = Array.from({ length: 100 }, (_, i) =>
  i === 99 ? APP : `https://app${i}.example.com`,
);
export const ORIGIN_SET = new Set(ORIGINS);
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
export const HEADERS = ['Content-Type', 'Authorization'];
export const OPTIONS = {
  origins: ORIGINS,
  methods: METHODS,
  allowedHeaders: HEADERS,
  credentials: true,
  maxAge: 600,
} satisfies CorsOptions;
/** 20 routes, each with its own policy; PATH takes the last one. */
export const ROUTED: CorsOptions = {
  ...OPTIONS,
  routes: Array.from({ length: 20 }, (_, i) => ({
    ...OPTIONS,
    path: i === 19 ? '/api/*' : `/svc${i}/:id/*`,
    maxAge: 600 + i,
  })),
};

/**
 * A module of the built package (dist/), typed as its source: benchmarks measure what users run (tsc's
 * output), not the TypeScript as tsx rewrites it, while typechecking needs no build.
 *
 * @example
 * const { createCors } = await built<typeof import('../src/index.js')>('index.js');
 */
export function built<T>(path: string): Promise<T> {
  return import(new URL(`../dist/${path}`, import.meta.url).href) as Promise<T>;
}

/** The requests the benchmark sends, by kind. */
export const REQUEST_HEADERS = {
  actual: { origin: APP },
  refused: { origin: REFUSED },
  'no-origin': {},
  preflight: {
    origin: APP,
    'access-control-request-method': 'PUT',
    'access-control-request-headers': 'content-type,authorization',
  },
} as const;

/**
 * The header lines the `headers` variant writes: corsair's own for the allowed GET, for a GET from any
 * other origin or none (`other`: the same lines for both, checked), and for the allowed preflight.
 */
export interface CorsLines {
  readonly actual: readonly (readonly [string, string])[];
  readonly other: readonly (readonly [string, string])[];
  readonly preflight: readonly (readonly [string, string])[];
  readonly preflightStatus: number;
}

type Decide = (
  method: string,
  origin: string | undefined,
  acrm: string | null,
  acrh: string | null,
) => unknown;

/**
 * Corsair's lines for the allowed GET, another origin's or no origin's GET, and the allowed preflight,
 * read from a policy's decisions (node servers; the node adapters add `Content-Length: 0` to an
 * answered preflight). Throws if a refused origin and no Origin get different lines: the `headers`
 * variant gives both the same.
 *
 * @example
 * const lines = linesOf(createCors(OPTIONS).decideValues);
 */
export function linesOf(decide: Decide): CorsLines {
  type D = { headers: [string, string][]; varyValue: string; status?: number };
  const lines = (d: D): [string, string][] => [...d.headers, ['Vary', d.varyValue]];
  const a = decide('GET', APP, null, null) as D;
  const refused = lines(decide('GET', REFUSED, null, null) as D);
  const none = lines(decide('GET', undefined, null, null) as D);
  if (JSON.stringify(refused) !== JSON.stringify(none))
    throw new Error(`a refused origin gets ${JSON.stringify(refused)}, no Origin ${JSON.stringify(none)}`);
  const p = decide('OPTIONS', APP, ...preflightHeaders()) as D;
  return {
    actual: lines(a),
    other: refused,
    preflight: [...lines(p), ['Content-Length', '0']],
    preflightStatus: p.status!,
  };
}

function preflightHeaders(): [string, string] {
  const h = REQUEST_HEADERS.preflight;
  return [h['access-control-request-method'], h['access-control-request-headers']];
}
