// Netlify: the `_headers` file. Its headers are static and cannot depend on the request, so it can carry
// a policy only when the answer is the same for everyone: any origin, or exactly one origin.
import { GenerateError } from '../errors.js';
import { allowHeadersValue, allowMethodsValue, exposeHeadersValue, refuseCommon } from '../model.js';
import type { FidelityNote, Generator } from '../types.js';

/**
 * Generate `_headers` for Netlify.
 *
 * @example
 * generateNetlify(createCors({ origins: '*' }).options, ctx).files[0].content.includes('Access-Control-Allow-Origin: *'); // true
 */
export const generateNetlify: Generator = (o, ctx) => {
  refuseCommon(o, 'netlify', false);
  const single = o.anyOrigin
    ? '*'
    : o.exactOrigins.length === 1 && o.patterns.length === 0
      ? o.exactOrigins[0]
      : undefined;
  if (single === undefined)
    throw new GenerateError(
      'GENERATE_STATIC_SINGLE_ORIGIN',
      "Netlify's _headers are static, so they can allow any origin or exactly one, not a list or a pattern",
      'use a Netlify Edge Function (adapt the web-standard code of --target cloudflare-workers), or allow a single origin',
    );
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
