import type { PreflightCache } from '../browser/preflight-cache.js';
import { browserProfiles } from '../browser/profile.js';
import { includesCredentials } from '../browser/request-builders.js';
import { simulateCors } from '../browser/simulate.js';
import type {
  BrowserName,
  ConsoleMessages,
  CorsErrorCode,
  CorsRequestInit,
  Outcome,
  Warning,
} from '../browser/types.js';
import { type HttpExchange, type HttpRequest, hasHeader } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { TransportError } from '../http/errors.js';
import { isSameSite, originOfUrl, parseOrigin } from '../origin/index.js';
import type { Send } from './types.js';

/**
 * What the failing request needs from the server: its origin, its non-safelisted method, its CORS-unsafe
 * header names (lowercase) and whether it carries credentials.
 *
 * @example
 * const needs: CorsNeeds = { origin: 'https://app.example.com', methods: ['PUT'], headers: ['content-type'], credentials: true };
 */
export interface CorsNeeds {
  readonly origin: string;
  /** The non-safelisted method the preflight asks for (empty when none). */
  readonly methods: readonly string[];
  /** CORS-unsafe request header names (lowercase). */
  readonly headers: readonly string[];
  readonly credentials: boolean;
}

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
    readonly messages: ConsoleMessages;
    readonly cause: string;
    readonly fix: string;
  };
  readonly exchanges: readonly HttpExchange[];
  readonly warnings: readonly Warning[];
  /** Lowercased response header names the page's script can read. */
  readonly exposedHeaders: readonly string[];
  readonly browser: BrowserName;
  /** What this request needs from the server (what `planFix` adds to what the server already allows). */
  readonly needs: CorsNeeds;
  /** The full engine outcome, with the checks of each step. */
  readonly outcome: Outcome;
  /** What the server said about its own refusal (corsair's `Corsair-Reason` debug header), if anything. */
  readonly serverReason: string | null;
  /**
   * A blocked request the server still received and answered (a state-changing method): CORS hid the
   * response from the page, it did not stop the request. Null when allowed, or when nothing but a
   * preflight (or a GET/HEAD) reached the server.
   */
  readonly executed: ExecutedRequest | null;
}

/**
 * The request the server ran although the page could not read the answer.
 *
 * @example
 * if (report.executed && !report.executed.preflighted) console.warn('any site can make browsers send this');
 */
export interface ExecutedRequest {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** Whether a preflight allowed it first (false: any page can send it, no server consent asked). */
  readonly preflighted: boolean;
  /** Whether the browser attached cookies/HTTP auth (credentials 'include'). */
  readonly credentials: boolean;
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
  /**
   * The browser's cookies for the URL, as a `Cookie` header value (`a=1; b=2`). Sent only where the
   * browser would send them (never on a preflight); when they are, the check is run again without them
   * and a warning says whether the verdict depends on them.
   */
  readonly cookies?: string;
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
  const cookies = options.cookies ?? '';
  if (cookies === '') return runCheck(init, options);
  const withCookie = new WeakSet<HttpRequest>();
  const send = sendingCookies(options.send, init, cookies, withCookie);
  const report = await runCheck(init, { ...options, send });
  // Show the requests as they went on the wire: the engine recorded them before the cookie was added.
  const wire = (r: HttpRequest): HttpRequest =>
    withCookie.has(r) ? { ...r, headers: [...r.headers, ['Cookie', cookies]] } : r;
  const steps = report.outcome.steps.map((s) => ({ ...s, request: wire(s.request) }));
  const exchanges = report.exchanges.map((x) => ({ ...x, request: wire(x.request) }));
  const sent = report.outcome.steps.some((s) => withCookie.has(s.request));
  const warnings = await cookieWarnings(init, options, report, sent);
  return {
    ...report,
    exchanges,
    outcome: { ...report.outcome, steps },
    warnings: [...report.warnings, ...warnings],
  };
}

/** The transport with the browser's cookies added where the browser adds them; `marked` keeps those requests. */
function sendingCookies(
  send: Send,
  init: CorsRequestInit,
  cookies: string,
  marked: WeakSet<HttpRequest>,
): Send {
  const mode = init.credentials ?? 'same-origin';
  return (req) => {
    const preflight = req.method === 'OPTIONS' && hasHeader(req.headers, 'access-control-request-method');
    if (preflight || !includesCredentials(mode, init.pageOrigin, req.url)) return send(req);
    marked.add(req);
    return send({ ...req, headers: [...req.headers, ['Cookie', cookies]] });
  };
}

/** Whether the cookies went out, whether a browser would really send them cross-site, and whether they change the verdict. */
async function cookieWarnings(
  init: CorsRequestInit,
  options: CheckOptions,
  report: CheckReport,
  sent: boolean,
): Promise<Warning[]> {
  if (!sent) {
    return [
      {
        code: 'cookie-not-sent',
        message: `The cookie was not sent: a browser attaches cookies with credentials 'include', or with 'same-origin' only to the page's own origin; this request uses '${init.credentials ?? 'same-origin'}'.`,
      },
    ];
  }
  const out: Warning[] = [];
  const page = parseOrigin(init.pageOrigin);
  if (page === null || !isSameSite(page, originOfUrl(init.url))) {
    out.push({
      code: 'cookie-cross-site',
      message:
        'This request is cross-site: a browser sends the cookie only if it was set with SameSite=None; Secure (Chromium treats a cookie without SameSite as Lax and keeps it off cross-site requests).',
    });
  }
  // The same request without cookies (no shared preflight cache: this run must not change it).
  const bare = await runCheck(init, {
    send: options.send,
    ...(options.browser ? { browser: options.browser } : {}),
  });
  if (bare.allowed !== report.allowed) {
    const without = bare.allowed ? 'ALLOWED' : `BLOCKED (${bare.error?.code ?? 'unknown'})`;
    out.push({
      code: 'verdict-depends-on-cookie',
      message: `Without the cookie this request is ${without}: the server's CORS answer depends on the cookie, so a logged-out visitor and a logged-in one get different answers (Starlette's CORSMiddleware with allow_origins=["*"] and allow_credentials=True reflects the origin only when a Cookie is sent). Name the allowed origins instead of '*'.`,
    });
  }
  return out;
}

async function runCheck(init: CorsRequestInit, options: CheckOptions): Promise<CheckReport> {
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
  const needs: CorsNeeds = {
    origin: init.pageOrigin,
    methods: isCorsSafelistedMethod(actualMethod) ? [] : [actualMethod],
    headers: acrh.split(',').filter(Boolean),
    credentials: init.credentials === 'include',
  };
  const e = outcome.error;
  const executed = executedRequest(init, outcome);
  return {
    allowed: outcome.allowed,
    preflight: outcome.preflight,
    error: e ? { code: e.code as CorsErrorCode, messages: e.messages, cause: e.cause, fix: e.fix } : null,
    exchanges,
    warnings: [
      ...outcome.warnings,
      ...crossBrowserWarnings(outcome),
      ...(executed ? [executedWarning(executed)] : []),
    ],
    exposedHeaders: outcome.exposedHeaders,
    browser: outcome.browser,
    needs,
    outcome,
    serverReason: serverReason(exchanges),
    executed,
  };
}

/** The last state-changing request the server answered, when the page was still blocked. */
function executedRequest(init: CorsRequestInit, outcome: Outcome): ExecutedRequest | null {
  if (outcome.allowed) return null;
  const actual = outcome.steps.findLast((s) => s.kind === 'actual' && s.response !== null);
  if (!actual?.response || ['GET', 'HEAD'].includes(actual.request.method)) return null;
  return {
    method: actual.request.method,
    url: actual.request.url,
    status: actual.response.status,
    preflighted: outcome.preflight || outcome.preflightFromCache,
    credentials: init.credentials === 'include',
  };
}

/** Blocked is not "not done": say that the server ran it, and (without a preflight) how to stop cross-site senders. */
function executedWarning(x: ExecutedRequest): Warning {
  const ran = `The server ran this ${x.method} (it answered ${x.status}); CORS only hid the response from the page, it did not stop the request.`;
  if (x.preflighted)
    return {
      code: 'request-executed',
      message: `${ran} Its preflight allowed it, so whatever it changes has changed: make the actual response carry the CORS headers too, so the page learns the result.`,
    };
  return {
    code: 'request-executed',
    message: `${ran} It needs no preflight, so any site can make a visitor's browser send it${x.credentials ? ' with their cookies' : ''} (cross-site request forgery). Defences: SameSite=Lax or Strict session cookies; a CSRF token checked on every state-changing request; require a preflight by accepting only a non-safelisted Content-Type (application/json) or a custom header; check Origin (or Sec-Fetch-Site) server-side and refuse origins you do not trust.`,
  };
}

/** corsair's debug header on the last response that has one: the server's own words for its refusal. */
function serverReason(exchanges: readonly HttpExchange[]): string | null {
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const reason = getCombined(exchanges[i]!.response.headers, 'corsair-reason');
    if (reason !== null) return reason;
  }
  return null;
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
