// The generated web-standard code (Cloudflare Workers, Next.js, Netlify Edge Function) answers every
// preflight as corsair's own middleware does (src/policy/answers.ts): an allowed origin asking for an
// unlisted method or header gets an ok status, ACAO (+ACAC) and what is allowed, never the refused
// name and no Max-Age, so the browser's console names the method or header; a refused origin or a
// malformed request gets 403 without CORS headers. Each output runs in-process and is compared
// request by request with createCors(policy).decide.
import { describe, expect, it } from 'vitest';
import { type GeneratedFile, generateConfig } from '../../src/generate/index.js';
import { createCors } from '../../src/policy/create.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { PROOF_POLICIES } from './policies.js';
import { importGenerated } from './servers.js';

const POLICIES: readonly { readonly name: string; readonly options: CorsOptions }[] = [
  ...PROOF_POLICIES,
  {
    name: "methods and headers '*' with credentials (echoed)",
    options: { origins: ['https://app.example.com'], methods: '*', allowedHeaders: '*', credentials: true },
  },
  {
    name: 'preflightStatus 200, no custom header',
    options: { origins: ['https://app.example.com'], methods: ['PUT'], preflightStatus: 200, maxAge: 5 },
  },
];

type Lines = [string, string][];

/** Preflights of every kind: allowed, unlisted, malformed, refused origin. */
function preflights(origin: string): { label: string; headers: Lines }[] {
  const pf = (label: string, method: string, requested?: string, from = origin) => ({
    label,
    headers: [
      ['Origin', from],
      ['Access-Control-Request-Method', method],
      ...(requested === undefined ? [] : [['Access-Control-Request-Headers', requested]]),
    ] as Lines,
  });
  return [
    pf('GET', 'GET'),
    pf('PUT', 'PUT'),
    pf('DELETE with Content-Type', 'DELETE', 'content-type'),
    pf('PATCH (often unlisted)', 'PATCH'),
    pf('PROPFIND (unlisted)', 'PROPFIND'),
    pf('get in lowercase (unlisted: methods compare case-sensitively)', 'get'),
    pf('an unlisted header', 'POST', 'x-corsair-unlisted'),
    pf('a listed and an unlisted header', 'POST', 'x-api-key, authorization, x-custom, x-corsair-unlisted'),
    pf('listed headers', 'POST', 'X-Api-Key,X-Custom'),
    pf('an empty header list', 'POST', ''),
    pf('a malformed method', 'G@T'),
    pf('a method longer than 64', 'M'.repeat(65)),
    pf('a malformed header list', 'POST', 'x-a b'),
    pf('unlisted, then malformed (the first problem wins)', 'POST', 'x-corsair-unlisted, @bad'),
    pf('malformed, then unlisted', 'POST', '@bad, x-corsair-unlisted'),
    pf('a refused origin', 'PROPFIND', undefined, 'https://evil.example'),
    pf('a refused origin, allowed method', 'GET', undefined, 'https://evil.example'),
  ];
}

/** What an answer holds that a browser reads: status, the CORS headers and Vary, names lowercased. */
function shape(status: number | undefined, lines: Lines): { status: number | undefined; headers: Lines } {
  const headers = lines
    .filter(([k]) => /^(access-control-|vary$)/i.test(k))
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .sort(([a], [b]) => a.localeCompare(b));
  return { status, headers };
}

function corsairAnswer(options: CorsOptions, headers: Lines) {
  const d = createCors(options).decide({ method: 'OPTIONS', headers });
  if (d instanceof Promise) throw new Error('sync policy');
  const lines: Lines = [...d.headers.map(([k, v]): [string, string] => [k, v])];
  if (d.varyValue !== '') lines.push(['Vary', d.varyValue]);
  return shape(d.status, lines);
}

type Preflight = (request: Request) => Response | null;

const NEXT_SERVER_STUB = `export const NextResponse = { next: () => new Response(null) };\n`;

/** The generated module's corsPreflight, imported in-process. */
async function preflightOf(target: string, files: readonly GeneratedFile[]): Promise<Preflight> {
  if (target === 'nextjs') {
    const proxy = files.filter((f) => f.path === 'proxy.ts');
    const { mod } = await importGenerated<{ proxy: Preflight }>(proxy, 'web-preflight', {
      'next/server': NEXT_SERVER_STUB,
    });
    return mod.proxy;
  }
  if (target === 'netlify') {
    const fn = files.filter((f) => f.path.endsWith('cors.ts')).map((f) => ({ ...f, path: 'cors.ts' }));
    const { mod } = await importGenerated<{
      default: (r: Request, c: { next(): Promise<Response> }) => Promise<Response>;
    }>(fn, 'web-preflight');
    // The Edge Function is async; a synchronous stand-in keeps one comparison for every target.
    return (r) => {
      throw Object.assign(new Error('async'), {
        pending: mod.default(r, { next: async () => new Response('') }),
      });
    };
  }
  const { mod } = await importGenerated<{ corsPreflight: Preflight }>(files, 'web-preflight');
  return mod.corsPreflight;
}

async function answer(pf: Preflight, headers: Lines) {
  const request = new Request('https://api.example.com/x', { method: 'OPTIONS', headers });
  let response: Response | null;
  try {
    response = pf(request);
  } catch (e) {
    response = await (e as { pending: Promise<Response> }).pending;
  }
  if (response === null) throw new Error('not answered as a preflight');
  const lines: Lines = [];
  response.headers.forEach((v, k) => {
    lines.push([k, v]);
  });
  return shape(response.status, lines);
}

// Netlify writes static _headers (which cannot answer preflights) when one static answer fits; the
// Edge Function otherwise. Only the Edge Function answers preflights.
const edge = (options: CorsOptions) =>
  generateConfig('netlify', options).files.some((f) => f.path.endsWith('edge-functions/cors.ts'));

describe.each([
  ['cloudflare-workers', POLICIES],
  ['nextjs', POLICIES],
  ['netlify', POLICIES.filter((p) => edge(p.options))],
] as const)('%s answers preflights as corsair does', (target, policies) => {
  it.each(policies)('$name', async ({ options }) => {
    const files = generateConfig(target, options).files;
    const pf = await preflightOf(target, files);
    const o = createCors(options).options;
    const origin = o.anyOrigin ? 'https://any.example' : o.exactOrigins[0]!;
    for (const { label, headers } of preflights(origin))
      expect(await answer(pf, headers), label).toEqual(corsairAnswer(options, headers));
  });
});
