// Express: the `cors` package (default) or corsair's own middleware (`--flavor corsair`).
// cors compares string origins with === and tests RegExps; a refused origin gets no ACAO but still Vary: Origin.

import { refuseCommon, sq, staticLists } from '../model.js';
import type { Generator, GeneratorContext, RoutesGenerator } from '../types.js';
import { corsairOptionsLiteral, corsairRoutedLiteral, jsList, jsRegexLiterals } from './js-shared.js';

/**
 * Generate `cors.js` for Express.
 *
 * @example
 * generateExpress(createCors({ origins: ['https://app.example.com'] }).options, ctx).files[0].content; // "import cors from 'cors'; …"
 */
export const generateExpress: Generator = (o, ctx) => {
  refuseCommon(o, 'express', true);
  if (ctx.flavor === 'corsair') {
    return corsairFlavor(corsairOptionsLiteral(o), ctx);
  }
  const { methods, notes } = staticLists(o, 'the cors package');
  const origin = o.anyOrigin
    ? sq('*')
    : `[\n${[...o.exactOrigins.map(sq), ...jsRegexLiterals(o)].map((x) => `    ${x},`).join('\n')}\n  ]`;
  // cors reflects Access-Control-Request-Headers when allowedHeaders is undefined: that is the policy's
  // '*' with credentials; everywhere else the list is explicit ([] = none).
  const headers =
    o.allowedHeaders === '*' ? (o.credentials ? undefined : ['*', 'Authorization']) : o.allowedHeaders;
  const lines = [
    `  // Exact origins compared with ===; patterns as anchored RegExps (dots escaped).`,
    `  origin: ${origin},`,
    `  methods: ${jsList(methods)},`,
    headers === undefined
      ? '  // allowedHeaders left out on purpose: the policy allows any header with credentials, so cors echoes the request.'
      : `  allowedHeaders: ${jsList(headers)},`,
  ];
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    lines.push(`  exposedHeaders: ${jsList(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)},`);
  if (o.credentials) lines.push('  credentials: true,');
  if (o.maxAge !== undefined) lines.push(`  maxAge: ${o.maxAge},`);
  lines.push(`  optionsSuccessStatus: ${o.preflightStatus},`);
  lines.push(`  preflightContinue: ${o.preflightContinue},`);
  const content = `${ctx.header('//', notes)}
import cors from 'cors';

/**
 * Use app-wide, before any route and before authentication, so preflights (which never carry
 * cookies) are answered first: \`app.use(corsMiddleware)\`.
 */
export const corsMiddleware = cors({
${lines.join('\n')}
});
`;
  return { files: [{ path: 'cors.js', content }], notes };
};

/** corsair's own middleware for an options literal (with or without routes). */
function corsairFlavor(literal: string, ctx: GeneratorContext) {
  const content = `${ctx.header('//')}
// corsair's own middleware: the policy above, decided exactly as \`corsair verify\` expects.
import { cors } from 'corsair-cors/node';

/** Use app-wide, before your routes: \`app.use(corsMiddleware)\`. Preflights are answered here. */
export const corsMiddleware = cors(${literal});
`;
  return { files: [{ path: 'cors.js', content }], notes: [] };
}

/**
 * Generate `cors.js` for Express with per-path policies: corsair's own middleware decides by path with the
 * policy engine's route table (`--flavor corsair`).
 *
 * @example
 * generateExpressRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].path; // 'cors.js'
 */
export const generateExpressRoutes: RoutesGenerator = (p, ctx) => {
  for (const o of [p.defaults, ...p.routes.map((r) => r.options)])
    if (o !== null) refuseCommon(o, 'express', true);
  return corsairFlavor(corsairRoutedLiteral(p), ctx);
};
