// Fastify: @fastify/cors (default) or corsair's own plugin (`--flavor corsair`).
import { refuseCommon, sq, staticLists } from '../model.js';
import type { Generator, GeneratorContext, RoutesGenerator } from '../types.js';
import { corsairOptionsLiteral, corsairRoutedLiteral, jsList, jsRegexLiterals } from './js-shared.js';

/**
 * Generate `cors.js` for Fastify.
 *
 * @example
 * generateFastify(options, ctx).files[0].path; // 'cors.js'
 */
export const generateFastify: Generator = (o, ctx) => {
  refuseCommon(o, 'fastify', true);
  if (ctx.flavor === 'corsair') {
    return corsairFlavor(corsairOptionsLiteral(o), ctx);
  }
  const { methods, headers, notes } = staticLists(o, '@fastify/cors');
  const origin = o.anyOrigin
    ? sq('*')
    : `[\n${[...o.exactOrigins.map(sq), ...jsRegexLiterals(o)].map((x) => `    ${x},`).join('\n')}\n  ]`;
  const lines = [
    '  // Exact origins compared with ===; patterns as anchored RegExps (dots escaped).',
    `  origin: ${origin},`,
    `  methods: ${jsList(methods)},`,
    // @fastify/cors echoes Access-Control-Request-Headers when allowedHeaders is empty: only for '*' with credentials.
    o.allowedHeaders === '*' && o.credentials
      ? '  // allowedHeaders left out on purpose: the policy allows any header with credentials, so the plugin echoes the request.'
      : `  allowedHeaders: ${jsList(headers.length > 0 ? headers : [])},`,
  ];
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    lines.push(`  exposedHeaders: ${jsList(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)},`);
  if (o.credentials) lines.push('  credentials: true,');
  if (o.maxAge !== undefined) lines.push(`  maxAge: ${o.maxAge},`);
  lines.push(`  optionsSuccessStatus: ${o.preflightStatus},`);
  lines.push(`  preflightContinue: ${o.preflightContinue},`);
  lines.push('  // Preflights need Origin and Access-Control-Request-Method; anything else is not one.');
  lines.push('  strictPreflight: true,');
  const content = `${ctx.header('//', notes)}
import fastifyCors from '@fastify/cors';

/**
 * Register before your routes (and before any auth hook) so preflights are answered first:
 * \`await fastify.register(fastifyCors, corsOptions)\`.
 */
export const corsOptions = {
${lines.join('\n')}
};
export { fastifyCors };
`;
  return { files: [{ path: 'cors.js', content }], notes };
};

/** corsair's own middleware for an options literal (with or without routes). */
function corsairFlavor(literal: string, ctx: GeneratorContext) {
  const content = `${ctx.header('//')}
// corsair's own Fastify plugin: the policy above, decided exactly as \`corsair verify\` expects.
import { corsairFastify } from 'corsair-cors/fastify';

/** Register before your routes: \`await fastify.register(corsairFastify, corsOptions)\`. */
export const corsOptions = ${literal};
export { corsairFastify };
`;
  return { files: [{ path: 'cors.js', content }], notes: [] };
}

/**
 * Generate `cors.js` for Fastify with per-path policies: corsair's own middleware decides by path with the
 * policy engine's route table (`--flavor corsair`).
 *
 * @example
 * generateFastifyRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].path; // 'cors.js'
 */
export const generateFastifyRoutes: RoutesGenerator = (p, ctx) => {
  for (const o of [p.defaults, ...p.routes.map((r) => r.options)])
    if (o !== null) refuseCommon(o, 'fastify', true);
  return corsairFlavor(corsairRoutedLiteral(p), ctx);
};
