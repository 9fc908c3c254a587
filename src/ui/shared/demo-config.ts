// The demo API's answer, as the page configures it. Shared by the server (which answers with it) and the
// client (which edits it), so it holds no Node or DOM code. Unlike src/policy it can express every mistake:
// the point of the demo is to reproduce the errors a real server makes.
import type { HeaderLine } from '../../exchange.js';

/**
 * How the demo API fills `Access-Control-Allow-Origin`: `none` omits it, `reflect` echoes the request's
 * Origin, `any` sends `*`, `exact` sends `originValue` verbatim (to reproduce a mismatch).
 *
 * @example
 * const mode: OriginMode = 'exact';
 */
export type OriginMode = 'none' | 'reflect' | 'any' | 'exact';

/**
 * Where the demo API answers with a redirect: nowhere, on the actual request, or (an error) on the preflight.
 *
 * @example
 * const redirect: RedirectMode = 'preflight';
 */
export type RedirectMode = 'none' | 'actual' | 'preflight';

/**
 * The demo API's CORS answer. Empty strings mean "header not sent".
 *
 * @example
 * const config: DemoConfig = { ...DEFAULT_DEMO_CONFIG, allowMethods: 'GET, POST' };
 */
export interface DemoConfig {
  readonly originMode: OriginMode;
  /** The literal `Access-Control-Allow-Origin` value when `originMode` is `exact`. */
  readonly originValue: string;
  /** `Access-Control-Allow-Methods` on preflights. */
  readonly allowMethods: string;
  /** `Access-Control-Allow-Headers` on preflights. */
  readonly allowHeaders: string;
  /** Send `Access-Control-Allow-Credentials: true`. */
  readonly credentials: boolean;
  /** `Access-Control-Expose-Headers` on actual responses. */
  readonly exposeHeaders: string;
  /** `Access-Control-Max-Age` on preflights. */
  readonly maxAge: string;
  /** Status of the actual response (200–599). */
  readonly status: number;
  /** Status of the preflight response (200–599). */
  readonly preflightStatus: number;
  readonly redirect: RedirectMode;
  /** 301, 302, 303, 307 or 308. */
  readonly redirectStatus: number;
}

/**
 * A working, permissive-for-the-page configuration: the page's origin reflected, common methods and
 * headers allowed.
 *
 * @example
 * normalizeDemoConfig(DEFAULT_DEMO_CONFIG).ok; // true
 */
export const DEFAULT_DEMO_CONFIG: DemoConfig = {
  originMode: 'reflect',
  originValue: '',
  allowMethods: 'GET, POST, PUT, PATCH, DELETE',
  allowHeaders: 'Content-Type, Authorization, X-Requested-With',
  credentials: false,
  exposeHeaders: '',
  maxAge: '',
  status: 200,
  preflightStatus: 204,
  redirect: 'none',
  redirectStatus: 307,
};

const ORIGIN_MODES: readonly OriginMode[] = ['none', 'reflect', 'any', 'exact'];
const REDIRECT_MODES: readonly RedirectMode[] = ['none', 'actual', 'preflight'];
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
const MAX_VALUE_LENGTH = 300;
// A header value the demo can put on the wire: visible ASCII and spaces only, so nothing can inject a line.
const SAFE_VALUE = /^[\x20-\x7e]*$/;

/**
 * The result of `normalizeDemoConfig`: the config, or every problem found (field and sentence).
 *
 * @example
 * const r: DemoConfigResult = normalizeDemoConfig({ status: 99 });
 * if (!r.ok) console.log(r.problems[0]?.field); // 'status'
 */
export type DemoConfigResult =
  | { readonly ok: true; readonly config: DemoConfig }
  | {
      readonly ok: false;
      readonly problems: readonly { readonly field: string; readonly message: string }[];
    };

/**
 * Check untrusted input (JSON from the page or the URL) and fill missing fields from the default.
 *
 * @example
 * normalizeDemoConfig({ originMode: 'any', credentials: true }); // { ok: true, config: { ...DEFAULT_DEMO_CONFIG, originMode: 'any', credentials: true } }
 */
export function normalizeDemoConfig(input: unknown): DemoConfigResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: '$', message: 'the demo configuration must be an object' }] };
  }
  const raw = input as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  const out: Record<string, unknown> = { ...DEFAULT_DEMO_CONFIG };
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(DEFAULT_DEMO_CONFIG, key)) {
      problems.push({ field: key, message: `unknown field '${key}'` });
      continue;
    }
    const expected = typeof DEFAULT_DEMO_CONFIG[key as keyof DemoConfig];
    if (typeof value !== expected) {
      problems.push({ field: key, message: `${key} must be a ${expected}` });
      continue;
    }
    out[key] = value;
  }
  const c = out as unknown as DemoConfig;
  if (!ORIGIN_MODES.includes(c.originMode))
    problems.push({ field: 'originMode', message: `originMode must be one of ${ORIGIN_MODES.join(', ')}` });
  if (!REDIRECT_MODES.includes(c.redirect))
    problems.push({ field: 'redirect', message: `redirect must be one of ${REDIRECT_MODES.join(', ')}` });
  if (!REDIRECT_STATUSES.includes(c.redirectStatus))
    problems.push({
      field: 'redirectStatus',
      message: `redirectStatus must be one of ${REDIRECT_STATUSES.join(', ')}`,
    });
  for (const key of ['status', 'preflightStatus'] as const) {
    const n = c[key];
    if (!Number.isInteger(n) || n < 200 || n > 599)
      problems.push({ field: key, message: `${key} must be an integer from 200 to 599` });
  }
  for (const key of ['originValue', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'maxAge'] as const) {
    const v = c[key];
    if (v.length > MAX_VALUE_LENGTH)
      problems.push({ field: key, message: `${key} is longer than ${MAX_VALUE_LENGTH} characters` });
    else if (!SAFE_VALUE.test(v))
      problems.push({ field: key, message: `${key} may hold printable ASCII characters only` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: c };
}

/**
 * The CORS header lines the demo API sends, for a preflight or an actual response, to a request from
 * `origin`.
 *
 * @example
 * demoCorsHeaders({ ...DEFAULT_DEMO_CONFIG, originMode: 'any' }, 'actual', 'http://127.0.0.1:4000');
 * // [['Access-Control-Allow-Origin', '*'], ['Vary', 'Origin']]
 */
export function demoCorsHeaders(
  config: DemoConfig,
  kind: 'preflight' | 'actual',
  origin: string,
): HeaderLine[] {
  const lines: HeaderLine[] = [];
  const allowOrigin =
    config.originMode === 'reflect'
      ? origin
      : config.originMode === 'any'
        ? '*'
        : config.originMode === 'exact'
          ? config.originValue
          : null;
  if (allowOrigin !== null) lines.push(['Access-Control-Allow-Origin', allowOrigin]);
  if (config.credentials) lines.push(['Access-Control-Allow-Credentials', 'true']);
  if (kind === 'preflight') {
    if (config.allowMethods) lines.push(['Access-Control-Allow-Methods', config.allowMethods]);
    if (config.allowHeaders) lines.push(['Access-Control-Allow-Headers', config.allowHeaders]);
    if (config.maxAge) lines.push(['Access-Control-Max-Age', config.maxAge]);
  } else if (config.exposeHeaders) {
    lines.push(['Access-Control-Expose-Headers', config.exposeHeaders]);
  }
  lines.push(['Vary', 'Origin']);
  return lines;
}
