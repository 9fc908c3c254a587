// Answers the proxy writes itself: preflights and coded errors (which still carry the CORS headers, so
// the page can read them).
import type { ServerResponse } from 'node:http';
import type { HeaderLine, HeaderList } from '../exchange.js';
import type { Decision } from '../policy/types.js';
import type { ProxyError } from './errors.js';
import { flatten } from './headers.js';

/**
 * Answer a preflight from the policy engine's decision; it never reaches the upstream. Returns the status.
 *
 * @example
 * answerPreflight(res, decision); // 204
 */
export function answerPreflight(res: ServerResponse, decision: Decision): number {
  const status = decision.status ?? 204;
  const headers: HeaderLine[] = [...decision.headers];
  if (decision.varyValue !== '') headers.push(['Vary', decision.varyValue]);
  if (decision.body !== undefined) headers.push(['Content-Type', 'text/plain; charset=utf-8']);
  res.writeHead(status, flatten(headers)).end(decision.body);
  return status;
}

/**
 * Answer with a coded JSON error carrying the CORS headers. `close` ends the page's connection after
 * it (its framing is in doubt). After the headers went out, the connection is cut instead.
 *
 * @example
 * sendError(res, new ProxyError('PROXY_NO_ROUTE', 'No target is mounted at /x.', 'Use /api.', 404), [], []);
 */
export function sendError(
  res: ServerResponse,
  err: ProxyError,
  corsLines: HeaderList,
  vary: readonly string[],
  close = false,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: HeaderLine[] = [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Cache-Control', 'no-store'],
    ['Corsair-Proxy-Error', err.code],
    ...corsLines,
  ];
  if (vary.length > 0) headers.push(['Vary', vary.join(', ')]);
  if (close) headers.push(['Connection', 'close']);
  const body = JSON.stringify({ error: { code: err.code, message: err.message, fix: err.fix } });
  res.writeHead(err.status, flatten(headers)).end(`${body}\n`);
}
