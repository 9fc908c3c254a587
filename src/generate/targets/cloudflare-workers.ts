// Cloudflare Workers: a module Worker wrapping your fetch handler; web-standard code, no package.
import { preflightContinueNote, refuseCommon } from '../model.js';
import type { FidelityNote, Generator, GeneratorContext, RoutesGenerator } from '../types.js';
import { webRoutedCode } from './web-routes.js';
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
  return workerModule(webCorsCode(o, false), notes, ctx);
};

/**
 * Generate `worker.js` for a policy with routes: the policy of each path, picked by the Worker.
 *
 * @example
 * generateCloudflareWorkersRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].path; // 'worker.js'
 */
export const generateCloudflareWorkersRoutes: RoutesGenerator = (p, ctx) => {
  const all = [p.defaults, ...p.routes.map((r) => r.options)].filter((o) => o !== null);
  for (const o of all) refuseCommon(o, 'cloudflare-workers', true);
  const { code, notes } = webRoutedCode(p, false);
  if (all.some((o) => o.preflightContinue))
    notes.push(...preflightContinueNote(all.find((o) => o.preflightContinue)!, 'this Worker'));
  return workerModule(code, notes, ctx);
};

function workerModule(code: string, notes: FidelityNote[], ctx: GeneratorContext) {
  const content = `${ctx.header('//', notes)}
// Deploy with wrangler (main = "worker.js"). Preflights are answered before your handler runs, so
// authentication never sees them (browsers send preflights without cookies).

${code}
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
}
