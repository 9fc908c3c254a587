// One conformance case: what the page asks for and what the server answers at every URL it may reach.
// The same script drives the real case server and the engine's `send`, so there is one source of truth.
import { type HeaderList, type HttpRequest, type HttpResponse, hasHeader } from '../src/exchange.js';

/** Placeholders a case may use in URLs and header values; replaced by real origins at run time. */
export type OriginSlot = 'page' | 'api' | 'api2';

/** The concrete origins of one run, e.g. `{ page: 'http://127.0.0.1:4100', api: 'http://localhost:4101', … }`. */
export type Origins = Readonly<Record<OriginSlot, string>>;

/** A scripted response: status and raw header lines, sent exactly (placeholders resolved). */
export interface ScriptedResponse {
  readonly status: number;
  readonly headers: HeaderList;
}

/** What one resource of a case answers: to OPTIONS (a preflight) and to anything else. */
export interface Resource {
  readonly preflight?: ScriptedResponse;
  readonly actual: ScriptedResponse;
}

/**
 * A case. `url` and every header value may contain `{page}`, `{api}`, `{api2}` (origins), `{page-host}` etc. (host:port) and `{base}`
 * (the case's own path prefix, `/case/<id>`); resources are served at `{base}/<index>`.
 *
 * @example
 * const c: ConformanceCase = { id: 'simple/acao-star', family: 'simple', init: { method: 'GET', headers: [], credentials: 'omit' }, start: 'api', resources: [{ actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } }] };
 */
export interface ConformanceCase {
  /** Stable, readable, unique: `family/variant`. Only `[a-z0-9._/-]`. */
  readonly id: string;
  readonly family: string;
  readonly init: {
    readonly method: string;
    readonly headers: HeaderList;
    readonly credentials: 'omit' | 'same-origin' | 'include';
    /** A string body: fetch()'s `body`, XMLHttpRequest's `send(body)`. */
    readonly body?: string;
    /**
     * How the page hands fetch() its headers: an array of pairs (default), an object literal or a
     * Headers object (XMLHttpRequest always calls setRequestHeader in list order).
     */
    readonly headersAs?: HeadersForm;
  };
  /** Which origin serves resource 0 (the URL the page fetches). */
  readonly start: OriginSlot;
  /**
   * Fetches of the same URL the page makes first, one after the other, before `init` (the preflight
   * cache at work). The comparison covers every request of the sequence; `allowed` and `exposed` are
   * those of `init`, the last fetch.
   */
  readonly before?: readonly ConformanceCase['init'][];
  /**
   * Milliseconds the page waits after the earlier fetches before the case's own: lets a cached
   * preflight expire in the browser (the engine is told the time that really passed, see engine.ts).
   */
  readonly gapMs?: number;
  /**
   * Which API the page uses: `fetch` (default) or `xhr` (XMLHttpRequest: `withCredentials` for
   * `include`, `same-origin` otherwise; Chromium words its messages "Access to XMLHttpRequest at …").
   */
  readonly api?: 'fetch' | 'xhr';
  readonly resources: readonly Resource[];
}

/** How a page passes fetch() its headers. */
export type HeadersForm = 'array' | 'object' | 'headers';

/** The concrete request of a case for a run (with the further fetches of a sequence). */
export interface ResolvedInit {
  readonly pageOrigin: string;
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderList;
  readonly credentials: 'omit' | 'same-origin' | 'include';
  readonly body?: string;
  readonly headersAs?: HeadersForm;
  readonly gapMs?: number;
  readonly before?: readonly Omit<
    ResolvedInit,
    'before' | 'pageOrigin' | 'url' | 'api' | 'body' | 'headersAs' | 'gapMs'
  >[];
  readonly api: 'fetch' | 'xhr';
}

/**
 * The path prefix of a case: every URL of the case lives under it, so preflight caches never mix cases.
 *
 * @example
 * caseBase('redirect/get.302'); // '/case/redirect/get.302'
 */
export function caseBase(id: string): string {
  return `/case/${id}`;
}

/**
 * Replace `{page}`, `{api}`, `{api2}`, their `-host` forms and `{base}` in a string.
 *
 * @example
 * resolveText('{api}{base}/1', origins, 'x'); // 'http://localhost:4101/case/x/1'
 */
export function resolveText(text: string, origins: Origins, id: string): string {
  return text.replace(/\{(page|api|api2|base)(-host)?\}/g, (_, slot: string, host?: string) => {
    if (slot === 'base') return caseBase(id);
    const origin = origins[slot as OriginSlot];
    return host ? origin.replace(/^[a-z]+:\/\//, '') : origin;
  });
}

/**
 * The fetch a page makes for this case, with real origins.
 *
 * @example
 * resolveInit(c, origins).url; // 'http://localhost:4101/case/<id>/0'
 */
export function resolveInit(c: ConformanceCase, origins: Origins): ResolvedInit {
  return {
    pageOrigin: origins.page,
    url: `${origins[c.start]}${caseBase(c.id)}/0`,
    method: c.init.method,
    headers: c.init.headers.map(([n, v]) => [n, resolveText(v, origins, c.id)] as const),
    credentials: c.init.credentials,
    ...(c.init.body === undefined ? {} : { body: c.init.body }),
    ...(c.init.headersAs === undefined ? {} : { headersAs: c.init.headersAs }),
    ...(c.gapMs === undefined ? {} : { gapMs: c.gapMs }),
    api: c.api ?? 'fetch',
    ...(c.before
      ? {
          before: c.before.map((t) => ({
            method: t.method,
            headers: t.headers.map(([n, v]) => [n, resolveText(v, origins, c.id)] as const),
            credentials: t.credentials,
          })),
        }
      : {}),
  };
}

/**
 * Headers every scripted response ends with, on the wire and in the engine alike (framing only).
 *
 * @example
 * FRAMING; // [['Connection', 'close']]
 */
export const FRAMING: HeaderList = [['Connection', 'close']];

/** The response for resources that do not exist (a case reaching an unscripted URL). */
const NOT_FOUND: ScriptedResponse = { status: 404, headers: [] };

/**
 * Answer a request from a case's script. Used by the case server and by the engine's `send`.
 * Returns `null` when the URL does not belong to the case.
 *
 * @example
 * respond(c, { method: 'OPTIONS', url: 'http://localhost:4101/case/x/0', headers: [] }, origins);
 */
export function respond(c: ConformanceCase, request: HttpRequest, origins: Origins): HttpResponse | null {
  let path: string;
  try {
    path = new URL(request.url).pathname;
  } catch {
    return null;
  }
  const base = `${caseBase(c.id)}/`;
  if (!path.startsWith(base)) return null;
  const index = Number(path.slice(base.length));
  const resource = Number.isInteger(index) ? c.resources[index] : undefined;
  const scripted =
    resource === undefined
      ? NOT_FOUND
      : isPreflight(request)
        ? (resource.preflight ?? NOT_FOUND)
        : resource.actual;
  return {
    status: scripted.status,
    headers: [...scripted.headers.map(([n, v]) => [n, resolveText(v, origins, c.id)] as const), ...FRAMING],
  };
}

/**
 * A CORS preflight: OPTIONS carrying Access-Control-Request-Method (a page's own OPTIONS lacks it).
 *
 * @example
 * isPreflight({ method: 'OPTIONS', url: '/', headers: [['Access-Control-Request-Method', 'PUT']] }); // true
 */
export function isPreflight(request: HttpRequest): boolean {
  return request.method === 'OPTIONS' && hasHeader(request.headers, 'access-control-request-method');
}
