// What the server answers besides the one request `check` made: the evidence a fix and a root cause are
// built from. A check sees one origin, one method and one path; these few extra requests (at most seven,
// all GET or OPTIONS, never with real cookies) show what the server allows elsewhere, so a fix can keep
// it and a diagnosis can point at the place where the answers differ.
import type { CorsRequestInit } from '../../browser/types.js';
import type { HttpExchange, HttpRequest } from '../../exchange.js';
import { hasHeader } from '../../exchange.js';
import { getCombined } from '../../fetch/header-list.js';
import type { CheckReport } from '../check.js';
import type { Send } from '../types.js';

/**
 * The server's answers `planFix` and `findRootCauses` read.
 *
 * @example
 * const obs: ServerObservations = await observeServer(init, report, http.send);
 * obs.preflight?.response.headers; // the Access-Control-Allow-Methods the server already sends
 */
export interface ServerObservations {
  /** The browser's preflight from the check, or one corsair sent when the browser sent none. */
  readonly preflight: HttpExchange | null;
  /** Whether `preflight` was sent by corsair (the browser needed none). */
  readonly preflightProbed: boolean;
  /**
   * A preflight asking for a method and a header no application uses: when its answer lists them, the
   * server echoes whatever a preflight asks for (e.g. the `cors` package's default allowedHeaders), so
   * it allows any, not only the ones the check's preflight happened to ask for.
   */
  readonly echo: HttpExchange | null;
  /** A plain GET from the page's origin, no cookie: the server's answer to the simplest request. */
  readonly plain: HttpExchange | null;
  /** The same GET with a throwaway cookie, sent only when `plain` answered `*` with credentials. */
  readonly withCookie: HttpExchange | null;
  /** Plain GETs to the path's ancestors (nearest first), sent only when this path has no usable answer. */
  readonly ancestors: readonly HttpExchange[];
}

/** The cookie of the cookie probe: a name no application uses, so it changes no session. */
export const PROBE_COOKIE = 'corsair_probe=1';

const MAX_ANCESTORS = 3;

/**
 * Ask the server the few extra questions a fix needs. Transport failures of these probes are ignored:
 * they only cost evidence, never the verdict.
 *
 * @example
 * const obs = await observeServer({ pageOrigin: 'https://app.example.com', url, method: 'DELETE' }, report, http.send);
 */
export async function observeServer(
  init: CorsRequestInit,
  report: CheckReport,
  send: Send,
): Promise<ServerObservations> {
  const ask = async (request: HttpRequest): Promise<HttpExchange | null> => {
    try {
      return { request, response: await send(request) };
    } catch {
      return null;
    }
  };
  const origin = init.pageOrigin;
  const url = report.outcome.steps[0]?.request.url ?? init.url;
  const seen = report.exchanges.find((x) => isPreflight(x.request)) ?? null;
  const preflight = seen ?? (await ask(preflightProbe(url, origin, report)));
  const echo = await ask(echoProbe(url, origin));
  const plain = await ask(plainGet(url, origin));
  const starWithCredentials =
    plain !== null &&
    getCombined(plain.response.headers, 'access-control-allow-origin')?.trim() === '*' &&
    getCombined(plain.response.headers, 'access-control-allow-credentials')?.trim() === 'true';
  const withCookie = starWithCredentials ? await ask(plainGet(url, origin, PROBE_COOKIE)) : null;
  const ancestors: HttpExchange[] = [];
  if (!answersRequest(plain, origin, report.needs.credentials))
    for (const a of ancestorUrls(url).slice(0, MAX_ANCESTORS)) {
      const x = await ask(plainGet(a, origin));
      if (x) ancestors.push(x);
    }
  return { preflight, preflightProbed: seen === null, echo, plain, withCookie, ancestors };
}

function isPreflight(r: HttpRequest): boolean {
  return r.method === 'OPTIONS' && hasHeader(r.headers, 'access-control-request-method');
}

/** A preflight for the request's own method and headers (a simple request's method when it had none). */
function preflightProbe(url: string, origin: string, report: CheckReport): HttpRequest {
  const actual = report.outcome.steps.find((s) => s.kind === 'actual')?.request;
  const headers: [string, string][] = [
    ['Origin', origin],
    ['Access-Control-Request-Method', actual?.method ?? 'GET'],
  ];
  if (report.needs.headers.length > 0)
    headers.push(['Access-Control-Request-Headers', report.needs.headers.join(',')]);
  return { method: 'OPTIONS', url, headers: [...headers, ['Accept', '*/*']] };
}

/** The method and header of the echo probe (tokens no application uses). */
export const ECHO_METHOD = 'CORSAIRPROBE';
export const ECHO_HEADER = 'x-corsair-probe';

function echoProbe(url: string, origin: string): HttpRequest {
  const headers: [string, string][] = [
    ['Origin', origin],
    ['Access-Control-Request-Method', ECHO_METHOD],
    ['Access-Control-Request-Headers', ECHO_HEADER],
    ['Accept', '*/*'],
  ];
  return { method: 'OPTIONS', url, headers };
}

function plainGet(url: string, origin: string, cookie?: string): HttpRequest {
  const headers: [string, string][] = [
    ['Origin', origin],
    ['Accept', '*/*'],
  ];
  if (cookie) headers.push(['Cookie', cookie]);
  return { method: 'GET', url, headers };
}

/** Whether the answer carries an Access-Control-Allow-Origin for this origin (or `*`). */
export function answersOrigin(x: HttpExchange | null, origin: string): boolean {
  const v = x ? getCombined(x.response.headers, 'access-control-allow-origin')?.trim() : undefined;
  return v === origin || v === '*';
}

/** Whether the answer lets this origin read it, with credentials when `credentials` (the CORS check's two headers). */
export function answersRequest(x: HttpExchange | null, origin: string, credentials: boolean): boolean {
  if (!credentials) return answersOrigin(x, origin);
  const v = x ? getCombined(x.response.headers, 'access-control-allow-origin')?.trim() : undefined;
  const c = x ? getCombined(x.response.headers, 'access-control-allow-credentials')?.trim() : undefined;
  return v === origin && c === 'true';
}

/** `/a/b/c` → `/a/b/`, `/a/b`, `/a/`, `/a`, `/` … nearest first, without the query. */
export function ancestorUrls(url: string): string[] {
  const u = new URL(url);
  const parts = u.pathname.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) out.push(`${u.origin}/${parts.slice(0, i).join('/')}`);
  return [...new Set(out.map((p) => (p.endsWith('/') ? p : `${p}/`)))];
}
