// Answers the proxy writes itself: preflights and coded errors (which still carry the CORS headers, so
// the page can read them).
import type { ServerResponse } from 'node:http';
import type { HeaderLine } from '../exchange.js';
import type { Decision } from '../policy/types.js';
import { draftSink, responseDraft, writeCorsHeaders, writeDecision } from '../policy/write.js';
import type { ProxyError } from './errors.js';
import { flatten } from './headers.js';

/**
 * Answer a preflight from the policy engine's decision; it never reaches the upstream. Returns the status.
 *
 * @example
 * answerPreflight(res, decision); // 204
 */
export function answerPreflight(res: ServerResponse, decision: Decision): number {
  // Nothing behind the proxy answers preflights: one the policy passes on is answered here too.
  const answer = responseDraft();
  writeDecision(draftSink, answer, decision, true);
  res.writeHead(answer.status, flatten(answer.headers)).end(answer.body);
  return answer.status;
}

/**
 * Answer with a coded JSON error carrying the CORS headers. `close` ends the page's connection after
 * it (its framing is in doubt). After the headers went out, the connection is cut instead.
 *
 * @example
 * sendError(res, new ProxyError('PROXY_NO_ROUTE', 'No target is mounted at /x.', 'Use /api.', 404), undefined);
 */
export function sendError(
  res: ServerResponse,
  err: ProxyError,
  decision: Decision | undefined,
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
  ];
  if (decision !== undefined) writeCorsHeaders(draftSink, responseDraft(headers), decision);
  if (close) headers.push(['Connection', 'close']);
  const body = JSON.stringify({ error: { code: err.code, message: err.message, fix: err.fix } });
  res.writeHead(err.status, flatten(headers)).end(`${body}\n`);
}
