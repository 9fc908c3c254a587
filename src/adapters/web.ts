// Shared by the fetch and hono adapters: web-standard Request/Response only (no node:*), so they run
// on workerd, Deno, Bun and Node alike.
import type { CorsPolicy, Decision } from '../policy/types.js';
import { mergeVary } from '../policy/vary.js';

/**
 * Decide a web-standard request.
 *
 * @example
 * const d = decideRequest(policy, request);
 */
export function decideRequest(
  policy: CorsPolicy,
  method: string,
  headers: Headers,
): Decision | Promise<Decision> {
  // Headers.get is costly on some runtimes: read the preflight headers only for OPTIONS.
  const origin = headers.get('origin');
  if (method !== 'OPTIONS' || origin === null) return policy.decideValues(method, origin, null, null);
  return policy.decideValues(
    method,
    origin,
    headers.get('access-control-request-method'),
    headers.get('access-control-request-headers'),
  );
}

/**
 * The Response that answers a preflight decision (`status` set).
 *
 * @example
 * if (d.status !== undefined) return preflightResponse(d);
 */
export function preflightResponse(d: Decision): Response {
  const headers = new Headers();
  for (const [n, v] of d.headers) headers.set(n, v);
  if (d.varyValue !== '') headers.set('Vary', d.varyValue);
  if (d.body !== undefined) headers.set('Content-Type', 'text/plain; charset=utf-8');
  return new Response(d.body ?? null, { status: d.status ?? 204, headers });
}

/**
 * Add a decision's headers to response headers, merging `Vary`.
 *
 * @example
 * applyToHeaders(response.headers, d);
 */
export function applyToHeaders(headers: Headers, d: Decision): void {
  for (const [n, v] of d.headers) headers.set(n, v);
  if (d.varyValue !== '') {
    const prev = headers.get('vary');
    headers.set('Vary', prev === null ? d.varyValue : mergeVary(prev, d.vary));
  }
}
