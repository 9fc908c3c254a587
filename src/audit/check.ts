import type { PreflightCache } from '../browser/preflight-cache.js';
import { browserProfiles } from '../browser/profile.js';
import { simulateCors } from '../browser/simulate.js';
import type { BrowserName, CorsErrorCode, CorsRequestInit, Outcome, Warning } from '../browser/types.js';
import type { HttpExchange } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { TransportError } from '../http/errors.js';
import type { CorsNeeds } from './server-fix.js';
import type { Send } from './types.js';

/**
 * The result of `checkEndpoint`, in the shape `corsair check --json` prints.
 *
 * @example
 * const r: CheckReport = await checkEndpoint(init, { send: http.send });
 * if (!r.allowed) console.log(r.error?.messages.chromium);
 */
export interface CheckReport {
  readonly allowed: boolean;
  /** Whether a preflight went on the wire. */
  readonly preflight: boolean;
  readonly error: null | {
    readonly code: CorsErrorCode | 'NetworkError';
    readonly messages: { readonly chromium: string; readonly firefox: string };
    readonly cause: string;
    readonly fix: string;
  };
  readonly exchanges: readonly HttpExchange[];
  readonly warnings: readonly Warning[];
  /** Lowercased response header names the page's script can read. */
  readonly exposedHeaders: readonly string[];
  readonly browser: BrowserName;
  /** What the server must allow for this request (for `serverFix`). */
  readonly needs: CorsNeeds;
  /** The full engine outcome, with the checks of each step. */
  readonly outcome: Outcome;
}

/**
 * Options of `checkEndpoint`.
 *
 * @example
 * const opts: CheckOptions = { send: createHttpTransport().send, browser: 'firefox' };
 */
export interface CheckOptions {
  readonly send: Send;
  readonly browser?: BrowserName;
  /** A preflight cache shared across checks (a recorded page load replays the browser's cache). */
  readonly cache?: PreflightCache;
  /** Milliseconds clock for the cache. */
  readonly now?: () => number;
}

/**
 * Send the preflight (when the browser would) and the actual request exactly as the browser would,
 * through `send`, and decide with the browser engine. A transport failure (refused, timeout, TLS) is
 * thrown as the `TransportError` it is: that is a broken check, not a CORS verdict.
 *
 * @example
 * const http = createHttpTransport();
 * const report = await checkEndpoint(
 *   { pageOrigin: 'https://app.example.com', url: 'https://api.example.com/items', method: 'PUT', headers: [['Content-Type', 'application/json']], credentials: 'include' },
 *   { send: http.send, browser: 'chromium' },
 * );
 * await http.close();
 */
export async function checkEndpoint(init: CorsRequestInit, options: CheckOptions): Promise<CheckReport> {
  let transportError: TransportError | null = null;
  const outcome = await simulateCors(init, {
    browser: options.browser ?? 'chromium',
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.now ? { now: options.now } : {}),
    send: async (req) => {
      try {
        return await options.send(req);
      } catch (e) {
        if (e instanceof TransportError) transportError = e;
        throw e;
      }
    },
  });
  if (transportError) throw transportError;
  const exchanges: HttpExchange[] = [];
  for (const s of outcome.steps) if (s.response) exchanges.push({ request: s.request, response: s.response });
  const preflightStep = outcome.steps.find((s) => s.kind === 'preflight');
  const acrh = preflightStep
    ? (getCombined(preflightStep.request.headers, 'access-control-request-headers') ?? '')
    : '';
  const method = outcome.steps[0]?.request.method ?? init.method ?? 'GET';
  const actualMethod = preflightStep
    ? (getCombined(preflightStep.request.headers, 'access-control-request-method') ?? method)
    : method;
  // Keep what the server already allows, so a suggested configuration fixes this request without breaking others.
  const allowed = (name: string) =>
    preflightStep?.response
      ? (getCombined(preflightStep.response.headers, name) ?? '')
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v && v !== '*')
      : [];
  const methods = [
    ...new Set([...allowed('access-control-allow-methods').map((m) => m.toUpperCase()), actualMethod]),
  ];
  const headers = [
    ...new Set([
      ...allowed('access-control-allow-headers').map((h) => h.toLowerCase()),
      ...acrh.split(',').filter(Boolean),
    ]),
  ];
  const needs: CorsNeeds = {
    origin: init.pageOrigin,
    methods: methods.filter((m) => !isCorsSafelistedMethod(m)),
    headers,
    credentials: init.credentials === 'include',
  };
  const e = outcome.error;
  return {
    allowed: outcome.allowed,
    preflight: outcome.preflight,
    error: e ? { code: e.code as CorsErrorCode, messages: e.messages, cause: e.cause, fix: e.fix } : null,
    exchanges,
    warnings: [...outcome.warnings, ...crossBrowserWarnings(outcome)],
    exposedHeaders: outcome.exposedHeaders,
    browser: outcome.browser,
    needs,
    outcome,
  };
}

/** Risks the chosen browser does not see but another one will: max-age above another browser's cap. */
function crossBrowserWarnings(outcome: Outcome): Warning[] {
  const out: Warning[] = [];
  const pre = outcome.steps.find((s) => s.kind === 'preflight' && s.response);
  const raw = pre?.response ? getCombined(pre.response.headers, 'access-control-max-age') : null;
  if (raw !== null && /^\d+$/.test(raw.trim())) {
    const secs = Number(raw.trim());
    for (const p of browserProfiles) {
      if (p.name === outcome.browser || secs <= p.maxAgeCap) continue;
      out.push({
        code: 'max-age-capped',
        message: `Access-Control-Max-Age ${secs} is above ${p.label}'s cap: it keeps the preflight for ${p.maxAgeCap} s.`,
      });
    }
  }
  return out;
}
