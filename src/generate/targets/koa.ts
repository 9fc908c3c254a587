// Koa: @koa/cors (default) or corsair's own middleware (`--flavor corsair`).
// @koa/cors takes one origin or a function; the function returns the origin to allow, '' to skip CORS.

import { refuseCommon, staticLists } from '../model.js';
import type { Generator, GeneratorContext, RoutesGenerator } from '../types.js';
import {
  corsairOptionsLiteral,
  corsairRoutedLiteral,
  echoingPackageHeaderLines,
  jsList,
  jsOriginCheck,
} from './js-shared.js';

/**
 * Generate `cors.js` for Koa.
 *
 * @example
 * generateKoa(options, ctx).files[0].content.includes("@koa/cors"); // true
 */
export const generateKoa: Generator = (o, ctx) => {
  refuseCommon(o, 'koa', true);
  if (ctx.flavor === 'corsair') {
    return corsairFlavor(corsairOptionsLiteral(o), ctx);
  }
  const { methods, headers, notes } = staticLists(o, '@koa/cors');
  const lines = [
    o.anyOrigin
      ? "  origin: '*',"
      : "  // Return the request's origin only when it is allowed; '' leaves the response without CORS headers.\n  origin: (ctx) => (isAllowedOrigin(ctx.get('Origin')) ? ctx.get('Origin') : ''),",
    `  allowMethods: ${jsList(methods)},`,
  ];
  lines.push(
    ...echoingPackageHeaderLines(o, headers, { pkg: '@koa/cors', omitted: 'left out', echoer: '@koa/cors' }),
  );
  lines.push('  // Keep the CORS headers on error responses, so the page can read the error.');
  lines.push('  keepHeadersOnError: true,');
  if (o.preflightContinue || o.preflightStatus !== 204)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: '@koa/cors always answers preflights itself, with status 204',
    });
  const content = `${ctx.header('//', notes)}
import cors from '@koa/cors';

${o.anyOrigin ? '' : `${jsOriginCheck(o)}\n`}/** Use before your routes and before authentication: \`app.use(corsMiddleware)\`. */
export const corsMiddleware = cors({
${lines.join('\n')}
});
`;
  return { files: [{ path: 'cors.js', content }], notes };
};

/** corsair's own middleware for an options literal (with or without routes). */
function corsairFlavor(literal: string, ctx: GeneratorContext) {
  const content = `${ctx.header('//')}
// corsair's own Koa middleware: the policy above, decided exactly as \`corsair verify\` expects.
import { cors } from 'corsair-cors/koa';

/** Use first: \`app.use(corsMiddleware)\`. */
export const corsMiddleware = cors(${literal});
`;
  return { files: [{ path: 'cors.js', content }], notes: [] };
}

/**
 * Generate `cors.js` for Koa with per-path policies: corsair's own middleware decides by path with the
 * policy engine's route table (`--flavor corsair`).
 *
 * @example
 * generateKoaRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].path; // 'cors.js'
 */
export const generateKoaRoutes: RoutesGenerator = (p, ctx) => {
  for (const o of [p.defaults, ...p.routes.map((r) => r.options)])
    if (o !== null) refuseCommon(o, 'koa', true);
  return corsairFlavor(corsairRoutedLiteral(p), ctx);
};
