// Pieces shared by the JavaScript/TypeScript targets: the origin check as source code, and the
// corsair-adapter flavor (the policy itself, verbatim, for corsair's own middleware).
import type { NormalizedCorsOptions } from '../../policy/types.js';
import { patternRegex, sq } from '../model.js';
import type { RoutedPolicy } from '../types.js';

/**
 * JS RegExp literals for the patterns, then the code RegExps as given (without g/y, which make test() stateful).
 *
 * @example
 * jsRegexLiterals(createCors({ origins: ['https://*.example.com'] }).options); // ['/^https:\\/\\/(?:[a-z0-9_-]+\\.)+example\\.com$/']
 */
export function jsRegexLiterals(o: NormalizedCorsOptions): string[] {
  return [
    ...o.patterns.map((p) => `/${patternRegex(p, 'js')}/`),
    ...o.regexps.map((r) => `/${r.source}/${r.flags.replace(/[gy]/g, '')}`),
  ];
}

/**
 * Source lines declaring `allowedOrigins` (a Set) and `allowedOriginPatterns` (anchored RegExps) and an
 * `isAllowedOrigin(origin)` function. `ts` adds type annotations.
 *
 * @example
 * jsOriginCheck(createCors({ origins: ['https://a.example.com'] }).options); // "// Exact origins…\nconst allowedOrigins = new Set([…"
 */
export function jsOriginCheck(o: NormalizedCorsOptions, ts = false): string {
  const s = ts ? ': string' : '';
  const b = ts ? ': boolean' : '';
  const exact = o.exactOrigins.map((e) => `  ${sq(e)},`).join('\n');
  const pats = jsRegexLiterals(o);
  const lines = [
    '// Exact origins, compared byte for byte with the Origin header (browsers send it lowercase, without a default port).',
    `const allowedOrigins = new Set${ts ? '<string>' : ''}([${o.exactOrigins.length > 0 ? `\n${exact}\n` : ''}]);`,
  ];
  if (pats.length > 0) {
    lines.push(
      "// Wildcard patterns as anchored regexes: dots escaped, '^…$' so 'https://example.com.evil.test' never matches.",
      `const allowedOriginPatterns = [\n${pats.map((p) => `  ${p},`).join('\n')}\n];`,
      `function isAllowedOrigin(origin${s})${b} {`,
      '  return allowedOrigins.has(origin) || allowedOriginPatterns.some((re) => re.test(origin));',
      '}',
    );
  } else {
    lines.push(`function isAllowedOrigin(origin${s})${b} {`, '  return allowedOrigins.has(origin);', '}');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The policy as a `CorsOptions` object literal for corsair's own adapters (exact fidelity).
 *
 * @example
 * corsairOptionsLiteral(options); // "{\n  origins: ['https://app.example.com'],\n …}"
 */
export function corsairOptionsLiteral(o: NormalizedCorsOptions): string {
  const arr = (v: '*' | readonly string[]) => (v === '*' ? sq('*') : `[${v.map(sq).join(', ')}]`);
  const origins = o.anyOrigin
    ? sq('*')
    : `[${[...o.exactOrigins.map(sq), ...o.patterns.map((p) => sq(p.source)), ...o.regexps.map((r) => `/${r.source}/${r.flags.replace(/[gy]/g, '')}`)].join(', ')}]`;
  const lines = [
    `  origins: ${origins},`,
    `  methods: ${arr(o.methods)},`,
    `  allowedHeaders: ${arr(o.allowedHeaders)},`,
  ];
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    lines.push(`  exposedHeaders: ${arr(o.exposedHeaders)},`);
  if (o.credentials) lines.push('  credentials: true,');
  if (o.maxAge !== undefined) lines.push(`  maxAge: ${o.maxAge},`);
  if (o.preflightStatus !== 204) lines.push(`  preflightStatus: ${o.preflightStatus},`);
  if (o.preflightContinue) lines.push('  preflightContinue: true,');
  if (o.allowInsecureOrigins) lines.push('  allowInsecureOrigins: true,');
  return `{\n${lines.join('\n')}\n}`;
}

/**
 * `[a, b]` as a JS array of single-quoted strings.
 *
 * @example
 * jsList(['GET', 'PUT']); // "['GET', 'PUT']"
 */
export function jsList(v: readonly string[]): string {
  return `[${v.map(sq).join(', ')}]`;
}

/**
 * The header options of @koa/cors and hono/cors, which share their names and one trap: an empty
 * allowHeaders echoes whatever a preflight asks for, so "no extra header" is written as ['Origin'].
 *
 * @example
 * echoingPackageHeaderLines(o, ['content-type'], { pkg: 'hono/cors', omitted: 'left empty', echoer: 'hono' });
 */
export function echoingPackageHeaderLines(
  o: NormalizedCorsOptions,
  headers: readonly string[],
  words: { pkg: string; omitted: string; echoer: string },
): string[] {
  const lines: string[] = [];
  if (o.allowedHeaders === '*' && o.credentials) {
    lines.push(
      `  // allowHeaders ${words.omitted} on purpose: the policy allows any header with credentials, so ${words.echoer} echoes the request.`,
    );
  } else if (headers.length > 0) {
    lines.push(`  allowHeaders: ${jsList(headers)},`);
  } else {
    lines.push(
      `  // The policy allows no extra request header, but an empty list makes ${words.pkg} echo whatever a`,
      "  // preflight asks for. 'Origin' is a forbidden request header no page can send, so it allows nothing.",
      "  allowHeaders: ['Origin'],",
    );
  }
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    lines.push(`  exposeHeaders: ${jsList(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)},`);
  if (o.credentials) lines.push('  credentials: true,');
  if (o.maxAge !== undefined) lines.push(`  maxAge: ${o.maxAge},`);
  return lines;
}

/**
 * A policy with routes as a `CorsOptions` literal for corsair's own adapters, which decide by path with
 * the same compiled route table as the policy engine (exact fidelity, path tricks included).
 *
 * @example
 * corsairRoutedLiteral({ routes: createCors(p).routes, defaults: null }); // "{\n  routes: [\n    { path: '/webhooks/*', cors: false },\n  ],\n}"
 */
export function corsairRoutedLiteral(p: RoutedPolicy): string {
  const body = (o: NormalizedCorsOptions) => corsairOptionsLiteral(o).slice(2, -2).split('\n');
  const routes = p.routes.map((r) =>
    r.options === null
      ? `    { path: ${sq(r.pattern.path)}, cors: false },`
      : `    {\n      path: ${sq(r.pattern.path)},\n${body(r.options)
          .map((l) => `    ${l}`)
          .join('\n')}\n    },`,
  );
  const top = p.defaults === null ? [] : body(p.defaults);
  return `{\n${[...top, '  routes: [', ...routes, '  ],'].join('\n')}\n}`;
}

/** Whether any route (or the defaults) holds patterns or RegExps. */
export function routedNeedsFullEngine(p: RoutedPolicy): boolean {
  return [p.defaults, ...p.routes.map((r) => r.options)].some(
    (o) => o !== null && (o.patterns.length > 0 || o.regexps.length > 0),
  );
}
