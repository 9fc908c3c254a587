// Netlify: the `_headers` file when the answer is the same for everyone (any origin, or exactly one
// origin: static headers cannot depend on the request), else an Edge Function (Deno, web-standard
// Request/Response) with its netlify.toml wiring: origin lists, patterns and per-path routes.
import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  exposeHeadersValue,
  preflightContinueNote,
  refuseCommon,
} from '../model.js';
import type { FidelityNote, GeneratedFile, Generator, GeneratorContext, RoutesGenerator } from '../types.js';
import { webRoutedCode } from './web-routes.js';
import { webCorsCode } from './web-shared.js';

function singleOrigin(o: NormalizedCorsOptions): string | undefined {
  if (o.anyOrigin) return '*';
  return o.exactOrigins.length === 1 && o.patterns.length === 0 && o.regexps.length === 0
    ? o.exactOrigins[0]
    : undefined;
}

/**
 * Generate `netlify/edge-functions/cors.ts` and `netlify.toml` for a policy with routes.
 *
 * @example
 * generateNetlifyRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files.map((f) => f.path); // ['netlify/edge-functions/cors.ts', 'netlify.toml']
 */
export const generateNetlifyRoutes: RoutesGenerator = (p, ctx) => {
  const all = [p.defaults, ...p.routes.map((r) => r.options)].filter((o) => o !== null);
  for (const o of all) refuseCommon(o, 'netlify', true);
  const { code, notes } = webRoutedCode(p, true);
  const continuing = all.find((o) => o.preflightContinue);
  if (continuing !== undefined) notes.push(...preflightContinueNote(continuing, 'this Edge Function'));
  return { files: edgeFunction(code, notes, ctx), notes };
};

function edgeFunction(code: string, notes: readonly FidelityNote[], ctx: GeneratorContext): GeneratedFile[] {
  const fn = `${ctx.header('//', notes)}
// Netlify Edge Function (Deno). netlify.toml runs it on every path; preflights are answered here,
// before your site or functions see them (browsers send preflights without cookies).

${code}
/** The part of Netlify's Context this function uses (import Context from '@netlify/edge-functions' if you prefer). */
interface NextContext {
  next(): Promise<Response>;
}

export default async function cors(request: Request, context: NextContext): Promise<Response> {
  const preflight = corsPreflight(request);
  if (preflight !== null) return preflight;
  const response = await context.next();
  // The response from next() may have immutable headers: copy before changing them.
  const out = new Response(response.body, response);
  applyCors(request, out.headers);
  return out;
}
`;
  const toml = `${ctx.header('#', notes)}
# Runs netlify/edge-functions/cors.ts in front of every path (OPTIONS included). Merge into your netlify.toml.
[[edge_functions]]
  path = "/*"
  function = "cors"
`;
  return [
    { path: 'netlify/edge-functions/cors.ts', content: fn },
    { path: 'netlify.toml', content: toml },
  ];
}

/**
 * Generate `_headers` for Netlify, or the Edge Function when static headers cannot carry the policy.
 *
 * @example
 * generateNetlify(createCors({ origins: '*' }).options, ctx).files[0].content.includes('Access-Control-Allow-Origin: *'); // true
 */
export const generateNetlify: Generator = (o, ctx) => {
  const single = singleOrigin(o);
  if (single === undefined) {
    refuseCommon(o, 'netlify', true);
    const notes = preflightContinueNote(o, 'this Edge Function');
    return { files: edgeFunction(webCorsCode(o, true), notes, ctx), notes };
  }
  refuseCommon(o, 'netlify', false);
  const notes: FidelityNote[] = [];
  const methods = allowMethodsValue(o);
  const headers = allowHeadersValue(o);
  if (methods === undefined || headers === undefined)
    notes.push({
      code: 'GENERATE_REFLECT_UNSUPPORTED',
      message:
        "static headers cannot echo the requested method or headers; '*' with credentials allows only the CORS-safelisted ones",
    });
  notes.push({
    code: 'GENERATE_PREFLIGHT_NOT_ANSWERED',
    message:
      'Netlify does not answer preflights from _headers; OPTIONS requests must reach a function that returns 2xx',
  });
  const lines = [`  Access-Control-Allow-Origin: ${single}`];
  if (o.credentials) lines.push('  Access-Control-Allow-Credentials: true');
  lines.push(`  Access-Control-Allow-Methods: ${methods ?? '*'}`);
  if (headers !== '') lines.push(`  Access-Control-Allow-Headers: ${headers ?? '*'}`);
  const expose = exposeHeadersValue(o);
  if (expose !== '') lines.push(`  Access-Control-Expose-Headers: ${expose}`);
  if (o.maxAge !== undefined) lines.push(`  Access-Control-Max-Age: ${o.maxAge}`);
  if (!o.anyOrigin) lines.push('  Vary: Origin');
  const content = `${ctx.header('#', notes)}
# Netlify _headers (in the publish directory). Static: the same answer for every request.
/*
${lines.join('\n')}
`;
  return { files: [{ path: '_headers', content }], notes };
};
