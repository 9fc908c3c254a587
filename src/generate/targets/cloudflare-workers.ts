// Cloudflare Workers: a module Worker wrapping your fetch handler; web-standard code, no package.
import { preflightContinueNote, refuseCommon } from '../model.js';
import type { Generator } from '../types.js';
import { webCorsCode } from './web-shared.js';

/**
 * Generate `worker.js`: `withCors(handler)` and a default export using it.
 *
 * @example
 * generateCloudflareWorkers(options, ctx).files[0].path; // 'worker.js'
 */
export const generateCloudflareWorkers: Generator = (o, ctx) => {
  refuseCommon(o, 'cloudflare-workers', true);
  const notes = preflightContinueNote(o, 'this Worker');
  const content = `${ctx.header('//', notes)}
// Deploy with wrangler (main = "worker.js"). Preflights are answered before your handler runs, so
// authentication never sees them (browsers send preflights without cookies).

${webCorsCode(o, false)}
/** Wrap a module Worker's fetch handler with the CORS policy above. */
export function withCors(handler) {
  return async (request, env, ctx) => {
    const preflight = corsPreflight(request);
    if (preflight !== null) return preflight;
    const response = await handler(request, env, ctx);
    // Responses from fetch() have immutable headers: copy before changing them.
    const out = new Response(response.body, response);
    applyCors(request, out.headers);
    return out;
  };
}

/** Your Worker's own logic goes here. */
async function handle(request, env, ctx) {
  return new Response('Hello from the Worker\\n', { headers: { 'Content-Type': 'text/plain' } });
}

export default { fetch: withCors(handle) };
`;
  return { files: [{ path: 'worker.js', content }], notes };
};
