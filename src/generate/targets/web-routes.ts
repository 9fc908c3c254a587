// Web-standard per-path CORS code (Cloudflare Workers, Next.js, Netlify Edge Functions): one
// self-contained policy per route (the single-policy code of web-shared.ts, scoped in a function), and a
// dispatcher exporting the same corsPreflight/applyCors pair, so every wrapper works unchanged.
import type { NormalizedCorsOptions } from '../../policy/types.js';
import { sq } from '../model.js';
import { routeRegex, TRICKY_PATH_NOTE, trickyPathRegex } from '../paths.js';
import type { FidelityNote, RoutedPolicy } from '../types.js';
import { webCorsCode } from './web-shared.js';

function policyFactory(name: string, title: string, o: NormalizedCorsOptions, ts: boolean): string {
  const body = webCorsCode(o, ts, false)
    .trimEnd()
    .split('\n')
    .map((l) => (l === '' ? '' : `  ${l}`))
    .join('\n');
  return `// ${title}
function ${name}() {
${body}
  return { corsPreflight, applyCors };
}
`;
}

/**
 * Source for `corsPreflight(request)` and `applyCors(request, headers)` that pick the policy by the
 * request's path: the first route whose pattern matches, else the defaults; `null` is no CORS.
 *
 * @example
 * webRoutedCode({ routes: createCors(p).routes, defaults: null }, false).code.includes('const ROUTES'); // true
 */
export function webRoutedCode(p: RoutedPolicy, ts: boolean): { code: string; notes: FidelityNote[] } {
  const type = (t: string) => (ts ? `: ${t}` : '');
  const factories: string[] = [];
  const entries = p.routes.map((r, i) => {
    if (r.options !== null)
      factories.push(policyFactory(`route${i}`, `Route ${r.pattern.path}`, r.options, ts));
    const cors = r.options === null ? 'null' : `route${i}()`;
    return `  { path: ${sq(r.pattern.path)}, pattern: /${routeRegex(r.pattern, 'js')}/is, cors: ${cors} },`;
  });
  if (p.defaults !== null) factories.push(policyFactory('defaults', 'Every other path', p.defaults, ts));
  const policyType = ts
    ? `type CorsPolicy = {
  corsPreflight(request: Request): Response | null;
  applyCors(request: Request, headers: Headers): void;
} | null;

`
    : '';
  const code = `${factories.join('\n')}
${policyType}// Routes in order, first match wins; literal segments compare case-insensitively, :name is one
// segment, a trailing /* is the prefix and everything below it. null: no CORS on that path.
const ROUTES${ts ? ': { path: string; pattern: RegExp; cors: CorsPolicy }[]' : ''} = [
${entries.join('\n')}
];
const DEFAULTS = ${p.defaults === null ? 'null' : 'defaults()'};
// A path servers may read as another route (encoded characters, \\, ;, //, dot segments) gets no CORS.
const TRICKY_PATH = /${trickyPathRegex('js')}/;

function corsFor(request${type('Request')})${type('CorsPolicy')} {
  const path = new URL(request.url).pathname;
  if (TRICKY_PATH.test(path)) return null;
  for (const route of ROUTES) if (route.pattern.test(path)) return route.cors;
  return DEFAULTS;
}

/** Answer a CORS preflight by the policy of the request's path, or return null (not one, or no CORS there). */
export function corsPreflight(request${type('Request')})${type('Response | null')} {
  const cors = corsFor(request);
  return cors === null ? null : cors.corsPreflight(request);
}

/** Add the CORS headers of the request's path to an actual response's \`headers\`. */
export function applyCors(request${type('Request')}, headers${type('Headers')})${type('void')} {
  corsFor(request)?.applyCors(request, headers);
}
`;
  return { code, notes: [TRICKY_PATH_NOTE] };
}
