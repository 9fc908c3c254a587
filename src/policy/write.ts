// The one writer of a `Decision` to a response. Every host uses it: the node, koa, fastify and web
// adapters, the in-process `respondTo` (hence `verify`'s expected answers) and the dev proxy. A host
// describes its response object once, as a sink of three functions; the sink is a module constant and
// receives the response as an argument, so writing allocates nothing per request.
import type { HeaderLine } from '../exchange.js';
import { CORS_RESPONSE_HEADER_NAMES } from '../fetch/header-names.js';
import { mergeVary } from '../fetch/vary.js';
import type { Decision } from './types.js';

/**
 * How one kind of response takes headers: set a header (replacing any line of that name, so a
 * handler's own `Access-Control-Allow-Origin` never ends up beside ours), remove one (a CORS header the
 * handler or another middleware set and the policy did not), and read the current `Vary` (in whatever
 * shape the host keeps it: one value, several lines, or absent) for merging.
 *
 * @example
 * const headersSink: HeaderSink<Headers> = {
 *   set: (h, n, v) => h.set(n, v),
 *   remove: (h, n) => h.delete(n),
 *   vary: (h) => h.get('vary'),
 * };
 */
export interface HeaderSink<R> {
  set(res: R, name: string, value: string): void;
  remove(res: R, name: string): void;
  vary(res: R): string | readonly string[] | number | null | undefined;
}

/**
 * A `HeaderSink` that can also answer the request: `end` sends `status` and the text body, if any,
 * after the headers (`Content-Type` is already set when there is a body).
 *
 * @example
 * const sink: ResponseSink<ServerResponse> = {
 *   set: (res, n, v) => res.setHeader(n, v),
 *   remove: (res, n) => res.removeHeader(n),
 *   vary: (res) => res.getHeader('vary'),
 *   end: (res, status, body) => { res.statusCode = status; res.end(body); },
 * };
 */
export interface ResponseSink<R> extends HeaderSink<R> {
  end(res: R, status: number, body: string | undefined): void;
}

/**
 * The status of an answered, allowed preflight unless `preflightStatus` says otherwise, and the status
 * a host with no application behind it (the proxy, `respondTo`) answers a preflight the policy passes on
 * (`preflightContinue`). 204 No Content, as the Fetch Standard's examples and the peer libraries use.
 *
 * @example
 * res.statusCode = DEFAULT_PREFLIGHT_STATUS; // 204
 */
export const DEFAULT_PREFLIGHT_STATUS = 204;

/**
 * The CORS response headers a policy decides, lowercase (Private Network Access is not the policy's:
 * an application may answer it itself): the writer removes those the decision does not set.
 *
 * @example
 * DECIDED.includes('access-control-max-age'); // true
 */
export const DECIDED: readonly string[] = [...CORS_RESPONSE_HEADER_NAMES].filter(
  (n) => n !== 'access-control-allow-private-network',
);

/**
 * Set a decision's CORS headers, remove every other CORS response header (the policy alone decides
 * them: a handler's or another middleware's `Access-Control-Allow-Credentials` must not survive beside
 * ours), and merge its `Vary` names into the response's own `Vary` (never overwriting or duplicating
 * what the handler or upstream put there; repeated `Vary` lines become one). A decision for a path where
 * CORS is off (`off`) writes and removes nothing.
 *
 * @example
 * writeCorsHeaders(headersSink, response.headers, policy.decide(request) as Decision);
 */
export function writeCorsHeaders<R>(sink: HeaderSink<R>, res: R, d: Decision): void {
  if (d.off === true) return;
  // Every one is removed, the decision's own lines too (set just after): cheaper than finding which
  // ones the decision sets (~140 ns a request less on a real node ServerResponse, ~300 ns on Bun).
  for (let i = 0; i < DECIDED.length; i++) sink.remove(res, DECIDED[i]!);
  const lines = d.headers;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    sink.set(res, line[0], line[1]);
  }
  if (d.varyValue === '') return;
  const prev = sink.vary(res);
  sink.set(res, 'Vary', prev == null || prev === '' ? d.varyValue : mergeVary(prev, d.vary));
}

/**
 * Write a decision: the CORS headers and `Vary`, then, when the policy answers the request itself
 * (`status` set: preflights unless `preflightContinue`), the status and body. Returns whether the
 * request was answered; if not, the application answers it. A host with no application to pass a
 * preflight to sets `answerEveryPreflight`: passed-on preflights are then answered with
 * `DEFAULT_PREFLIGHT_STATUS`.
 *
 * @example
 * if (writeDecision(sink, res, decision)) return; // answered preflight
 * next();
 */
export function writeDecision<R>(
  sink: ResponseSink<R>,
  res: R,
  d: Decision,
  answerEveryPreflight = false,
): boolean {
  writeCorsHeaders(sink, res, d);
  const status =
    d.status ?? (answerEveryPreflight && d.kind === 'preflight' ? DEFAULT_PREFLIGHT_STATUS : undefined);
  if (status === undefined) return false;
  if (d.body !== undefined) sink.set(res, 'Content-Type', 'text/plain; charset=utf-8');
  sink.end(res, status, d.body);
  return true;
}

/**
 * A response under construction as header lines, for hosts that build the whole head before sending
 * it (the proxy, `respondTo`). `status` is 0 until `end`.
 *
 * @example
 * const draft = responseDraft();
 * writeDecision(draftSink, draft, decision, true);
 */
export interface ResponseDraft {
  status: number;
  readonly headers: HeaderLine[];
  body: string | undefined;
}

/**
 * A fresh, empty draft (or one holding lines already on the response, e.g. an upstream's).
 *
 * @example
 * const draft = responseDraft([['Content-Type', 'application/json']]);
 */
export function responseDraft(headers: HeaderLine[] = []): ResponseDraft {
  return { status: 0, headers, body: undefined };
}

function removeLines(lines: HeaderLine[], name: string): void {
  const lower = name.toLowerCase();
  let kept = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line[0].length !== lower.length || line[0].toLowerCase() !== lower) lines[kept++] = line;
  }
  lines.length = kept;
}

/**
 * The sink of a `ResponseDraft`: `set` drops every line of that name (case-insensitively) and appends
 * the new one; `remove` drops them; `vary` reads every `Vary` line.
 *
 * @example
 * writeCorsHeaders(draftSink, responseDraft([['Vary', 'Accept']]), decision);
 */
export const draftSink: ResponseSink<ResponseDraft> = {
  set(draft, name, value) {
    removeLines(draft.headers, name);
    draft.headers.push([name, value]);
  },
  remove(draft, name) {
    removeLines(draft.headers, name);
  },
  vary(draft) {
    const out: string[] = [];
    for (const [n, v] of draft.headers) if (n.length === 4 && n.toLowerCase() === 'vary') out.push(v);
    return out;
  },
  end(draft, status, body) {
    draft.status = status;
    draft.body = body;
  },
};
