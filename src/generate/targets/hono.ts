// Hono: hono/cors (default) or corsair's own middleware (`--flavor corsair`).

import { refuseCommon, staticLists } from '../model.js';
import type { Generator, GeneratorContext, RoutesGenerator } from '../types.js';
import {
  corsairOptionsLiteral,
  corsairRoutedLiteral,
  echoingPackageHeaderLines,
  jsList,
  jsOriginCheck,
  routedNeedsFullEngine,
} from './js-shared.js';

/**
 * Generate `cors.ts` for Hono (any runtime: Node, Bun, Deno, Workers).
 *
 * @example
 * generateHono(options, ctx).files[0].content.includes("from 'hono/cors'"); // true
 */
export const generateHono: Generator = (o, ctx) => {
  refuseCommon(o, 'hono', true);
  if (ctx.flavor === 'corsair') {
    return corsairFlavor(corsairOptionsLiteral(o), ctx, o.patterns.length > 0 || o.regexps.length > 0);
  }
  const { methods, headers, notes } = staticLists(o, 'hono/cors');
  const lines = [
    o.anyOrigin
      ? "  origin: '*',"
      : '  // Return the origin only when it is allowed; null leaves the response without Access-Control-Allow-Origin.\n  origin: (origin) => (isAllowedOrigin(origin) ? origin : null),',
    `  allowMethods: ${jsList(methods)},`,
  ];
  lines.push(
    ...echoingPackageHeaderLines(o, headers, { pkg: 'hono/cors', omitted: 'left empty', echoer: 'hono' }),
  );
  if (o.preflightContinue || o.preflightStatus !== 204)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'hono/cors always answers OPTIONS itself, with status 204',
    });
  const content = `${ctx.header('//', notes)}
import { cors } from 'hono/cors';

${o.anyOrigin ? '' : `${jsOriginCheck(o, true)}\n`}/** Use before your routes and before authentication: \`app.use('*', corsMiddleware)\`. */
export const corsMiddleware = cors({
${lines.join('\n')}
});
`;
  return { files: [{ path: 'cors.ts', content }], notes };
};

/** corsair's own middleware for an options literal (with or without routes). */
function corsairFlavor(literal: string, ctx: GeneratorContext, full: boolean) {
  const content = `${ctx.header('//')}
// corsair's own Hono middleware: the policy above, decided exactly as \`corsair verify\` expects.
${full ? "import { createCors } from 'corsair-cors';\n" : ''}import { cors } from 'corsair-cors/hono';

/** Use first: \`app.use('*', corsMiddleware)\`. */
export const corsMiddleware = cors(${full ? `createCors(${literal})` : literal});
`;
  return { files: [{ path: 'cors.ts', content }], notes: [] };
}

/**
 * Generate `cors.ts` for Hono with per-path policies: corsair's own middleware decides by path with the
 * policy engine's route table (`--flavor corsair`).
 *
 * @example
 * generateHonoRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].path; // 'cors.ts'
 */
export const generateHonoRoutes: RoutesGenerator = (p, ctx) => {
  for (const o of [p.defaults, ...p.routes.map((r) => r.options)])
    if (o !== null) refuseCommon(o, 'hono', true);
  return corsairFlavor(corsairRoutedLiteral(p), ctx, routedNeedsFullEngine(p));
};
