// Web-standard (Request/Response) CORS code for runtimes without a CORS package: Cloudflare Workers and
// Next.js middleware. The generated code follows src/policy/compile.ts decision by decision.
import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  exposeHeadersValue,
  preflightMethods,
  sq,
  VARY_ACTUAL,
  VARY_PREFLIGHT,
  VARY_PREFLIGHT_ANY,
} from '../model.js';
import { jsOriginCheck } from './js-shared.js';

/**
 * Source for `corsPreflight(request)` (a Response for a preflight, or null) and
 * `applyCors(request, headers)` (adds the CORS headers of an actual response). `ts` adds types.
 *
 * @example
 * webCorsCode(createCors({ origins: ['https://a.example.com'] }).options, false).includes('export function corsPreflight'); // true
 */
export function webCorsCode(o: NormalizedCorsOptions, ts: boolean, exported = true): string {
  const ex = exported ? 'export ' : '';
  const type = (t: string) => (ts ? `: ${t}` : '');
  const methods = preflightMethods(o);
  const allowMethods = allowMethodsValue(o);
  const allowHeaders = allowHeadersValue(o);
  const expose = exposeHeadersValue(o);
  const lines: string[] = [];
  if (!o.anyOrigin) lines.push(jsOriginCheck(o, ts));
  else
    lines.push(
      '// Any origin: the answer is `*` and never depends on who asks (no credentials).',
      `function isAllowedOrigin(origin${type('string')})${type('boolean')} {`,
      "  return origin !== '';",
      '}',
      '',
    );
  const methodCheck =
    methods === '*'
      ? ['// Any method that is a token is listed.', 'const ALLOWED_METHODS = null;']
      : [
          '// Compared case-sensitively, as browsers do; GET, HEAD and POST always pass.',
          `const ALLOWED_METHODS${ts ? ': Set<string> | null' : ''} = new Set([${methods.map(sq).join(', ')}]);`,
        ];
  const headerList =
    o.allowedHeaders === '*'
      ? ['// Any header name is listed.', 'const ALLOWED_HEADERS = null;']
      : [
          '// Request header names, compared case-insensitively.',
          `const ALLOWED_HEADERS${ts ? ': Set<string> | null' : ''} = new Set([${o.allowedHeaders.map((h) => sq(h.toLowerCase())).join(', ')}]);`,
        ];
  const problem = ts ? ": 'malformed' | 'unlisted' | null" : '';
  lines.push(
    '// An HTTP token (RFC 9110 §5.6.2); anything else in a method or header list is refused.',
    "const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;",
    ...methodCheck,
    ...headerList,
    '',
    '// What is wrong with the requested method and headers: malformed, unlisted (well-formed, not in the',
    '// policy), or nothing (null); the first problem found, in the order corsair checks.',
    `function preflightProblem(method${type('string')}, requested${type('string | null')})${problem} {`,
    "  if (method.length > 64 || !TOKEN.test(method)) return 'malformed';",
    "  if (ALLOWED_METHODS !== null && !ALLOWED_METHODS.has(method)) return 'unlisted';",
    "  if (requested === null || requested.trim() === '') return null;",
    "  if (requested.length > 4096) return 'malformed';",
    "  for (const item of requested.split(',')) {",
    '    const name = item.trim();',
    "    if (name === '') continue;",
    "    if (!TOKEN.test(name)) return 'malformed';",
    "    if (ALLOWED_HEADERS !== null && !ALLOWED_HEADERS.has(name.toLowerCase())) return 'unlisted';",
    '  }',
    '  return null;',
    '}',
    '',
    '/** Answer a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method), or return null. */',
    `${ex}function corsPreflight(request${type('Request')})${type('Response | null')} {`,
    "  const origin = request.headers.get('Origin');",
    "  const method = request.headers.get('Access-Control-Request-Method');",
    "  if (request.method !== 'OPTIONS' || origin === null || method === null) return null;",
    `  const headers = new Headers({ Vary: ${sq(o.anyOrigin ? VARY_PREFLIGHT_ANY : VARY_PREFLIGHT)} });`,
    "  const requested = request.headers.get('Access-Control-Request-Headers');",
    "  const problem = isAllowedOrigin(origin) ? preflightProblem(method, requested) : 'malformed';",
    '  // A refused origin or a malformed request: no CORS headers at all, so the browser blocks it.',
    "  if (problem === 'malformed') return new Response(null, { status: 403, headers });",
    '  // An unlisted method or header from an allowed origin is answered with what is allowed (never',
    "  // the request's own names, no Max-Age): the browser refuses it and its console names the method or header.",
    `  headers.set('Access-Control-Allow-Origin', ${o.anyOrigin ? "'*'" : 'origin'});`,
  );
  if (o.credentials) lines.push("  headers.set('Access-Control-Allow-Credentials', 'true');");
  lines.push(
    `  headers.set('Access-Control-Allow-Methods', ${allowMethods === undefined ? 'method' : sq(allowMethods)});`,
  );
  if (allowHeaders === undefined)
    lines.push(
      "  if (problem === null && requested !== null && requested !== '') headers.set('Access-Control-Allow-Headers', requested);",
    );
  else if (allowHeaders !== '')
    lines.push(`  headers.set('Access-Control-Allow-Headers', ${sq(allowHeaders)});`);
  if (o.maxAge !== undefined)
    lines.push(`  if (problem === null) headers.set('Access-Control-Max-Age', '${o.maxAge}');`);
  lines.push(
    `  return new Response(null, { status: ${o.preflightStatus}, headers });`,
    '}',
    '',
    '/** Add the CORS headers of an actual (non-preflight) response to `headers`. */',
    `${ex}function applyCors(request${type('Request')}, headers${type('Headers')})${type('void')} {`,
  );
  if (!o.anyOrigin) {
    lines.push(
      '  // The answer depends on Origin: say so on every response, allowed or not, so caches keep them apart.',
      "  const vary = headers.get('Vary');",
      `  if (vary === null || vary.trim() === '') headers.set('Vary', ${sq(VARY_ACTUAL)});`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is generated JavaScript, not a template
      "  else if (!vary.split(',').some((v) => ['origin', '*'].includes(v.trim().toLowerCase()))) headers.set('Vary', `${vary}, Origin`);",
    );
  }
  if (o.anyOrigin)
    // As corsair's engine answers: `*` on every response, with or without Origin, so a cache that stored
    // the answer to a request without Origin can serve it to any page.
    lines.push("  headers.set('Access-Control-Allow-Origin', '*');");
  else
    lines.push(
      "  const origin = request.headers.get('Origin');",
      '  if (origin === null || !isAllowedOrigin(origin)) return;',
      "  headers.set('Access-Control-Allow-Origin', origin);",
    );
  if (o.credentials) lines.push("  headers.set('Access-Control-Allow-Credentials', 'true');");
  if (expose !== '') lines.push(`  headers.set('Access-Control-Expose-Headers', ${sq(expose)});`);
  lines.push('}', '');
  return lines.join('\n');
}
