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
import { corsairAnswer, type Lines, POLICIES, preflights, shape } from './preflight-cases.js';
import { importGenerated } from './servers.js';

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
