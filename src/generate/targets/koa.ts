// Koa: @koa/cors (default) or corsair's own middleware (`--flavor corsair`).
// @koa/cors takes one origin or a function; the function returns the origin to allow, '' to skip CORS.

import { refuseCommon, staticLists } from '../model.js';
import type { Generator } from '../types.js';
import { corsairOptionsLiteral, echoingPackageHeaderLines, jsList, jsOriginCheck } from './js-shared.js';

/**
 * Generate `cors.js` for Koa.
 *
 * @example
 * generateKoa(options, ctx).files[0].content.includes("@koa/cors"); // true
 */
export const generateKoa: Generator = (o, ctx) => {
  refuseCommon(o, 'koa', true);
  if (ctx.flavor === 'corsair') {
    const content = `${ctx.header('//')}
// corsair's own Koa middleware: the policy above, decided exactly as \`corsair verify\` expects.
import { cors } from 'corsair-cors/koa';

/** Use first: \`app.use(corsMiddleware)\`. */
export const corsMiddleware = cors(${corsairOptionsLiteral(o)});
`;
    return { files: [{ path: 'cors.js', content }], notes: [] };
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
