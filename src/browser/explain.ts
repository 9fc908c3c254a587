import { advise } from './advice.js';
import type { FailureDetail } from './failure.js';
import {
  CHROMIUM_DETAILS,
  CHROMIUM_FETCH_VALUE_HINT,
  CHROMIUM_PREFLIGHT_PREFIX,
  CHROMIUM_PREFLIGHT_PREFIXED,
  CHROMIUM_XHR_CREDENTIALS_NOTE,
  chromiumMessage,
  FIREFOX_REASONS,
  firefoxMessage,
  type MessageContext,
} from './messages.js';
import type { CorsErrorCode, CorsFailure, Initiator } from './types.js';

/**
 * A console message understood: which browser printed it, the failure it reports, and the cause and
 * fix. `origin` is empty for Firefox messages (Firefox does not print the page's origin).
 *
 * @example
 * const e = explainMessage(pasted); if (e) console.log(e.code, e.fix);
 */
export interface ExplainedMessage extends CorsFailure {
  readonly browser: 'chromium' | 'firefox';
  readonly initiator: Initiator;
  /** For Chromium messages after a redirect: the URL the page asked for. */
  readonly redirectedFrom: string | null;
}

const CHROMIUM_HEAD =
  /Access to (fetch|XMLHttpRequest|[A-Za-z ]+?) at '([^']*)' (?:\(redirected from '([^']*)'\) )?from origin '([^']*)' has been blocked by CORS policy: ([\s\S]*)$/;
const FIREFOX_HEAD =
  /Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at [‘']?(\S+?)[’']?\. \(Reason: ([\s\S]*?)\)(?:\.\s*Status code: (\S+?))?\.?\s*$/;

/** Turn a message template into an anchored regex with one named group per placeholder. */
function templateRegex(template: string): RegExp {
  let source = '';
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    source += `${escapeRegex(template.slice(last, m.index))}(?<${m[1]}>[\\s\\S]*?)`;
    last = (m.index ?? 0) + m[0].length;
  }
  source += escapeRegex(template.slice(last));
  return new RegExp(`^${source}$`);
}

function escapeRegex(s: string): string {
  // Pasted text often has straight quotes where the browser printed curly ones.
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[‘’]/g, "['‘’]");
}

const CHROMIUM_PARSERS: readonly (readonly [CorsErrorCode, RegExp])[] = Object.entries(CHROMIUM_DETAILS).map(
  ([code, t]) => [code as CorsErrorCode, templateRegex(t as string)] as const,
);
const FIREFOX_PARSERS = Object.entries(FIREFOX_REASONS).map(([key, t]) => [key, templateRegex(t)] as const);

const FIREFOX_CODES: Readonly<Record<string, CorsErrorCode>> = {
  missing: 'MissingAllowOriginHeader',
  mismatch: 'AllowOriginMismatch',
  multiple: 'MultipleAllowOriginValues',
  wildcard: 'WildcardOriginNotAllowed',
  credentials: 'InvalidAllowCredentials',
  preflightStatus: 'PreflightInvalidStatus',
  method: 'MethodDisallowedByPreflightResponse',
  header: 'HeaderDisallowedByPreflightResponse',
  invalidMethod: 'InvalidAllowMethodsPreflightResponse',
  invalidHeader: 'InvalidAllowHeadersPreflightResponse',
  redirect: 'PreflightDisallowedRedirect',
  notHttp: 'CorsDisabledScheme',
  didNotSucceed: 'NetworkError',
};

/**
 * Parse a console message pasted from Chromium or Firefox (fetch or XMLHttpRequest forms, extra text
 * around it allowed, straight or curly quotes) into the failure it reports, with cause and fix.
 * Returns `null` when the text is not a CORS message corsair knows.
 *
 * @example
 * explainMessage("Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")?.code;
 * // 'MissingAllowOriginHeader'
 */
export function explainMessage(text: string): ExplainedMessage | null {
  const input = String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .trim();
  return explainChromium(input) ?? explainFirefox(input);
}

function explainChromium(input: string): ExplainedMessage | null {
  const start = input.search(/Access to [A-Za-z ]+? at '/);
  if (start < 0) return null;
  const head = CHROMIUM_HEAD.exec(input.slice(start));
  if (!head) return null;
  const [, kind, url = '', redirectedFrom, origin = ''] = head;
  const initiator: Initiator = kind === 'XMLHttpRequest' ? 'xhr' : 'fetch';
  let detailText = (head[5] ?? '').split('\n')[0]?.trim() ?? '';
  if (detailText.endsWith(CHROMIUM_XHR_CREDENTIALS_NOTE.trim())) {
    detailText = detailText.slice(0, -CHROMIUM_XHR_CREDENTIALS_NOTE.length).trim();
  }
  // fetch() adds this hint to the Access-Control-Allow-Origin value errors; XMLHttpRequest does not.
  if (detailText.endsWith(CHROMIUM_FETCH_VALUE_HINT.trim())) {
    detailText = detailText.slice(0, -CHROMIUM_FETCH_VALUE_HINT.length).trim();
  }
  const preflight = detailText.startsWith(CHROMIUM_PREFLIGHT_PREFIX);
  if (preflight) detailText = detailText.slice(CHROMIUM_PREFLIGHT_PREFIX.length);
  // Older Chromium versions appended the opaque-response hint; it carries no information.
  detailText = detailText.replace(/ If an opaque response serves your needs,[\s\S]*$/, '').trim();
  for (const [baseCode, re] of CHROMIUM_PARSERS) {
    const m = re.exec(detailText);
    if (!m) continue;
    const g = m.groups ?? {};
    const code =
      preflight && !CHROMIUM_PREFLIGHT_PREFIXED.has(baseCode)
        ? (`Preflight${baseCode}` as CorsErrorCode)
        : baseCode;
    if (preflight !== CHROMIUM_PREFLIGHT_PREFIXED.has(code)) continue;
    const detail = detailFrom(code, g);
    return finish('chromium', initiator, detail, {
      url,
      origin,
      redirectedFrom: redirectedFrom ?? null,
      status: null,
    });
  }
  return null;
}

function explainFirefox(input: string): ExplainedMessage | null {
  const start = input.indexOf('Cross-Origin Request Blocked:');
  if (start < 0) return null;
  const head = FIREFOX_HEAD.exec(input.slice(start).split('\n')[0] ?? '');
  if (!head) return null;
  const [, url = '', reason = '', statusText] = head;
  for (const [key, re] of FIREFOX_PARSERS) {
    const m = re.exec(reason.trim());
    if (!m) continue;
    const code = FIREFOX_CODES[key] as CorsErrorCode;
    const status = statusText !== undefined && /^\d+$/.test(statusText) ? Number(statusText) : null;
    const g: Record<string, string | undefined> = { ...(m.groups ?? {}), status: String(status ?? 0) };
    if (key === 'multiple') g.lines = '2';
    return finish('firefox', 'fetch', detailFrom(code, g), { url, origin: '', redirectedFrom: null, status });
  }
  return null;
}

function detailFrom(code: CorsErrorCode, g: Record<string, string | undefined>): FailureDetail {
  const value = g.value ?? '';
  switch (code) {
    case 'PreflightInvalidStatus':
      return { code, status: Number(g.status ?? 0) };
    case 'PreflightDisallowedRedirect':
      return { code, status: 0, location: '' };
    case 'InvalidAllowMethodsPreflightResponse':
    case 'InvalidAllowHeadersPreflightResponse':
      return { code, value: g.token ?? '', token: g.token ?? '' };
    case 'MethodDisallowedByPreflightResponse':
      return { code, method: g.method ?? '', allowed: [] };
    case 'HeaderDisallowedByPreflightResponse':
      return { code, header: g.header ?? '', allowed: [], wildcardAuthorization: false };
    case 'RedirectContainsCredentials':
    case 'RedirectDisallowedScheme':
      return { code, location: g.location ?? '' };
    case 'NetworkError':
      return {
        code,
        reason: 'the request failed before a response arrived (Firefox: "CORS request did not succeed")',
      };
    case 'CorsDisabledScheme':
      return {
        code,
        message:
          'The page fetched a URL whose scheme is not http or https (file:, data:, a custom scheme) from another origin; browsers only use CORS over HTTP(S).',
        fix: 'Serve both the page and the resource over http(s) (e.g. a local dev server instead of opening the page from file://).',
      };
    default:
      return {
        code: code as Extract<FailureDetail, { lines: number }>['code'],
        value,
        lines: Number(g.lines ?? (value === '' ? 0 : 1)),
      };
  }
}

function finish(
  browser: 'chromium' | 'firefox',
  initiator: Initiator,
  detail: FailureDetail,
  at: { url: string; origin: string; redirectedFrom: string | null; status: number | null },
): ExplainedMessage {
  const ctx: MessageContext = {
    initiator,
    url: at.url,
    initialUrl: at.redirectedFrom ?? at.url,
    origin: at.origin || 'null',
    method: 'GET',
    status: at.status,
  };
  const advice = advise(detail, {
    origin: at.origin || "your page's origin",
    url: at.url,
    method: 'method' in detail ? detail.method : 'GET',
    include: detail.code.includes('Credentials') || detail.code.includes('Wildcard'),
  });
  return {
    browser,
    initiator,
    code: detail.code,
    messages: { chromium: chromiumMessage(detail, ctx), firefox: firefoxMessage(detail, ctx) },
    cause: advice.cause,
    fix: advice.fix,
    url: at.url,
    origin: at.origin,
    detail,
    redirectedFrom: at.redirectedFrom,
  };
}
