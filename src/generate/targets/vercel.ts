// Vercel: vercel.json `headers` rules. Headers are static, so each exact origin gets its own rule with a
// `has` condition on the Origin header (an anchored, escaped regex) and that origin as a fixed
// Access-Control-Allow-Origin. Wildcard patterns cannot be echoed and are left out. Vercel does not
// answer preflights for you: your functions (or the nextjs target's middleware) must accept OPTIONS.
import { GenerateError } from '../errors.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  exactRegex,
  exposeHeadersValue,
  refuseCommon,
} from '../model.js';
import type { FidelityNote, Generator } from '../types.js';

/**
 * Generate `vercel.json` (merge its `headers` into yours).
 *
 * @example
 * JSON.parse(generateVercel(options, ctx).files[0].content).headers.length; // one rule per origin, plus Vary
 */
export const generateVercel: Generator = (o, ctx) => {
  refuseCommon(o, 'vercel', false);
  void ctx;
  const notes: FidelityNote[] = [];
  for (const p of o.patterns)
    notes.push({
      code: 'GENERATE_PATTERN_DROPPED',
      message: `vercel.json headers are static and cannot echo an origin matched by '${p.source}'; it is left out (use --target nextjs for patterns)`,
    });
  if (!o.anyOrigin && o.exactOrigins.length === 0)
    throw new GenerateError(
      'GENERATE_NOTHING_LEFT',
      'the policy has only wildcard patterns, which static vercel.json headers cannot express',
      'use --target nextjs (middleware) or list exact origins',
    );
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
      'Vercel does not answer preflights from vercel.json; every route must accept OPTIONS (with a 2xx status)',
  });
  const cors = (origin: string) => {
    const h: { key: string; value: string }[] = [{ key: 'Access-Control-Allow-Origin', value: origin }];
    if (o.credentials) h.push({ key: 'Access-Control-Allow-Credentials', value: 'true' });
    h.push({ key: 'Access-Control-Allow-Methods', value: methods ?? '*' });
    if (headers !== '') h.push({ key: 'Access-Control-Allow-Headers', value: headers ?? '*' });
    const expose = exposeHeadersValue(o);
    if (expose !== '') h.push({ key: 'Access-Control-Expose-Headers', value: expose });
    if (o.maxAge !== undefined) h.push({ key: 'Access-Control-Max-Age', value: String(o.maxAge) });
    return h;
  };
  const rules: unknown[] = [];
  if (o.anyOrigin) rules.push({ source: '/(.*)', headers: cors('*') });
  else {
    rules.push({ source: '/(.*)', headers: [{ key: 'Vary', value: 'Origin' }] });
    for (const e of o.exactOrigins)
      rules.push({
        source: '/(.*)',
        has: [{ type: 'header', key: 'origin', value: exactRegex(e, 'js').replace(/\\\//g, '/') }],
        headers: cors(e),
      });
  }
  return {
    files: [{ path: 'vercel.json', content: `${JSON.stringify({ headers: rules }, null, 2)}\n` }],
    notes,
  };
};
