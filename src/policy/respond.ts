import type { HeaderLine, HttpRequest, HttpResponse } from '../exchange.js';
import type { CorsPolicy, Decision } from './types.js';

function toResponse(d: Decision): HttpResponse {
  const headers: HeaderLine[] = [...d.headers];
  if (d.varyValue !== '') headers.push(['Vary', d.varyValue]);
  return { status: d.status ?? 200, headers };
}

/**
 * Play a whole server answer in-process: an answered preflight, or the 200 an application behind the
 * middleware would send with the CORS headers added. A transport for the browser engine and for tools.
 * Sync unless a predicate is async.
 *
 * @example
 * const res = respondTo(policy, { method: 'OPTIONS', url: 'https://api.example.com/x', headers: [['Origin', 'https://app.example.com'], ['Access-Control-Request-Method', 'PUT']] });
 * // { status: 204, headers: [['Access-Control-Allow-Origin', 'https://app.example.com'], …, ['Vary', 'Origin, …']] }
 */
export function respondTo(policy: CorsPolicy, request: HttpRequest): HttpResponse | Promise<HttpResponse> {
  const d = policy.decide(request);
  return d instanceof Promise ? d.then(toResponse) : toResponse(d);
}
