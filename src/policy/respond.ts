// Play a whole server answer in-process: the policy's answer, or the one an application behind the
// middleware sends, written by the same `writeDecision` as every adapter.
import type { HttpRequest, HttpResponse } from '../exchange.js';
import type { CorsPolicy, Decision } from './types.js';
import { draftSink, responseDraft, writeDecision } from './write.js';

/** The status the application behind the middleware answers a request it is passed with. */
const APPLICATION_STATUS = 200;

function toResponse(d: Decision): HttpResponse {
  const draft = responseDraft();
  // No application answers preflights here: one passed on (`preflightContinue`) gets the default status.
  if (!writeDecision(draftSink, draft, d, true)) draft.status = APPLICATION_STATUS;
  return { status: draft.status, headers: draft.headers };
}

/**
 * Play a whole server answer in-process: an answered preflight (a preflight the policy passes on gets
 * `DEFAULT_PREFLIGHT_STATUS`, 204), or the 200 an application behind the middleware would send with the
 * CORS headers added. A transport for the browser engine and for tools. Sync unless a predicate is async.
 *
 * @example
 * const res = respondTo(policy, { method: 'OPTIONS', url: 'https://api.example.com/x', headers: [['Origin', 'https://app.example.com'], ['Access-Control-Request-Method', 'PUT']] });
 * // { status: 204, headers: [['Access-Control-Allow-Origin', 'https://app.example.com'], …, ['Vary', 'Origin, …']] }
 */
export function respondTo(policy: CorsPolicy, request: HttpRequest): HttpResponse | Promise<HttpResponse> {
  const d = policy.decide(request);
  return d instanceof Promise ? d.then(toResponse) : toResponse(d);
}
