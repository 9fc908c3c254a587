// Fetch Standard §5.1 "fetch() method" (Request constructor, Headers guard "request") and §4.1 "main
// fetch" (CORS-preflight flag): what a page's fetch() call turns into before any network I/O.
import type { HeaderLine, HeaderList } from '../exchange.js';
import { combineHeaderLines } from '../fetch/header-list.js';
import { isHeaderName } from '../fetch/header-names.js';
import { isCorsSafelistedMethod, isForbiddenMethod, isMethod, normalizeMethod } from '../fetch/methods.js';
import {
  isOpaqueOrigin,
  isSameOrigin,
  type Origin,
  originOfUrl,
  parseOrigin,
  serializeOrigin,
} from '../origin/index.js';
import type { BrowserProfile } from './profile.js';
import {
  corsUnsafeRequestHeaderNames,
  forbiddenRequestHeaderReason,
  isHeaderValue,
  normalizeHeaderValue,
  withDefaultAccept,
} from './request-headers.js';
import type { CorsRequestInit, CredentialsMode } from './types.js';

/** A header the browser will not send, and why. */
export interface DroppedHeader {
  readonly name: string;
  readonly value: string;
  readonly reason: string;
}

/** Why fetch() throws or refuses before anything goes on the wire. */
export interface RequestRefusal {
  readonly code: 'ForbiddenMethod' | 'InvalidRequest' | 'CorsDisabledScheme';
  readonly message: string;
  readonly fix: string;
}

/**
 * A page's request as the browser will really make it.
 *
 * @example
 * const c: ClassifiedRequest = classifyRequest({ pageOrigin: 'https://app.example.com', url: 'https://api.example.com/' }, profiles.chromium);
 */
export interface ClassifiedRequest {
  /** The URL, parsed and serialized by WHATWG URL (the input as given when it does not parse). */
  readonly url: string;
  readonly urlOrigin: Origin;
  /** The serialized page origin (`null` for an opaque one). */
  readonly origin: string;
  /** The method after fetch()'s normalization. */
  readonly method: string;
  /** What the browser sends: forbidden headers dropped, values normalized, names lowercased, same names combined with `, `. */
  readonly headers: HeaderList;
  /**
   * The same header list before same-name lines are joined (names lowercased): what a browser that
   * judges each line alone lists in Access-Control-Request-Headers (Firefox sends `x-a,x-a`).
   */
  readonly lines: HeaderList;
  readonly dropped: readonly DroppedHeader[];
  readonly credentials: CredentialsMode;
  /** CORS-unsafe request-header names (lowercase, sorted): what Access-Control-Request-Headers lists. */
  readonly unsafeHeaderNames: readonly string[];
  /** The CORS-preflight flag: cross-origin and (method not safelisted or any unsafe header). */
  readonly needsPreflight: boolean;
  readonly sameOrigin: boolean;
  /** Non-null when fetch() throws or refuses before any network I/O. */
  readonly refusal: RequestRefusal | null;
}

const OPAQUE: Origin = { opaque: true };

function toLines(headers: CorsRequestInit['headers']): HeaderLine[] {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers as HeaderLine[];
  return Object.entries(headers as Readonly<Record<string, string>>);
}

/**
 * Classify a page's request as fetch() would: parse the URL and page origin, normalize the method,
 * filter the headers through the "request" guard (forbidden ones dropped, each with a plain reason),
 * combine same-name headers, compute the CORS-unsafe header names and whether a preflight is needed,
 * and report what makes fetch() throw before any network I/O (`refusal`).
 *
 * @example
 * const c = classifyRequest(
 *   { pageOrigin: 'https://app.example.com', url: 'https://api.example.com/items', method: 'put',
 *     headers: { 'Content-Type': 'application/json', Cookie: 'a=b' } },
 *   profiles.chromium,
 * );
 * c.method;            // 'PUT'
 * c.unsafeHeaderNames; // ['content-type']
 * c.needsPreflight;    // true
 * c.dropped[0].name;   // 'Cookie'
 */
export function classifyRequest(init: CorsRequestInit, profile: BrowserProfile): ClassifiedRequest {
  let refusal: RequestRefusal | null = null;
  const refuse: Refuse = (r) => {
    refusal ??= r;
  };
  const pageOrigin = requestPageOrigin(init, refuse);
  const origin = serializeOrigin(pageOrigin);
  const parsedUrl = requestUrl(init, pageOrigin, origin, refuse);
  const url = parsedUrl ? parsedUrl.href : String(init.url ?? '');
  const urlOrigin = parsedUrl ? originOfUrl(parsedUrl) : OPAQUE;
  const method = requestMethod(init, refuse);
  const { kept, dropped } = requestHeaders(init, profile, refuse);
  requestBody(init, method, kept, refuse);
  const headers: HeaderLine[] = combineHeaderLines(kept);
  const sameOrigin = isSameOrigin(pageOrigin, urlOrigin);
  if (parsedUrl && !sameOrigin) schemeCheck(parsedUrl, url, origin, refuse);

  const unsafeHeaderNames = corsUnsafeRequestHeaderNames(withDefaultAccept(kept), profile);
  // Only http(s) requests reach the network with a CORS preflight; data: needs none, others are refused.
  const crossOriginHttp =
    !sameOrigin && parsedUrl !== null && (parsedUrl.protocol === 'http:' || parsedUrl.protocol === 'https:');
  const needsPreflight = crossOriginHttp && (!isCorsSafelistedMethod(method) || unsafeHeaderNames.length > 0);

  return {
    url,
    urlOrigin,
    origin,
    method,
    headers,
    lines: kept,
    dropped,
    credentials: init.credentials ?? 'same-origin',
    unsafeHeaderNames,
    needsPreflight,
    sameOrigin,
    refusal,
  };
}

/** Records a reason fetch() refuses the request; the first one wins. */
type Refuse = (r: RequestRefusal) => void;

/** The page origin: a serialized origin, or 'null' for an opaque one. */
function requestPageOrigin(init: CorsRequestInit, refuse: Refuse): Origin {
  const pageText = String(init.pageOrigin ?? '');
  let pageOrigin: Origin = OPAQUE;
  if (pageText !== 'null') {
    const parsed = parseOrigin(pageText);
    if (parsed) pageOrigin = parsed;
    else
      refuse({
        code: 'InvalidRequest',
        message: `The page origin '${pageText}' is not an origin.`,
        fix: "give the page's origin as scheme://host[:port], e.g. 'https://app.example.com', or 'null' for an opaque origin",
      });
  }

  return pageOrigin;
}

/** The URL, resolved against the page as fetch() resolves it against the document's base URL. */
function requestUrl(init: CorsRequestInit, pageOrigin: Origin, origin: string, refuse: Refuse): URL | null {
  const rawUrl = String(init.url ?? '');
  let parsedUrl: URL | null = null;
  try {
    parsedUrl = isOpaqueOrigin(pageOrigin) ? new URL(rawUrl) : new URL(rawUrl, `${origin}/`);
  } catch {
    refuse({
      code: 'InvalidRequest',
      message: `Failed to execute 'fetch' on 'Window': Failed to parse URL from ${rawUrl}`,
      fix: "pass an absolute URL such as 'https://api.example.com/items'",
    });
  }
  if (parsedUrl && (parsedUrl.username !== '' || parsedUrl.password !== '')) {
    refuse({
      code: 'InvalidRequest',
      message: `Failed to execute 'fetch' on 'Window': Request cannot be constructed from a URL that includes credentials: ${parsedUrl.href}`,
      fix: 'remove the user name and password from the URL and send credentials in an Authorization header instead',
    });
  }

  return parsedUrl;
}

/** The method, normalized as fetch() does. */
function requestMethod(init: CorsRequestInit, refuse: Refuse): string {
  const rawMethod = init.method ?? 'GET';
  let method = rawMethod;
  if (!isMethod(rawMethod)) {
    refuse({
      code: 'InvalidRequest',
      message: `Failed to execute 'fetch' on 'Window': '${rawMethod}' is not a valid HTTP method.`,
      fix: 'use an HTTP method name made of token characters, such as GET, POST, PUT, PATCH or DELETE',
    });
  } else if (isForbiddenMethod(rawMethod)) {
    refuse({
      code: 'ForbiddenMethod',
      message: `Failed to execute 'fetch' on 'Window': '${rawMethod}' HTTP method is unsupported.`,
      fix: `${rawMethod.toUpperCase()} can never be sent from a page; use another method`,
    });
  } else method = normalizeMethod(rawMethod);

  return method;
}

/** The headers, through a Headers object with guard "request": kept lines (names lowercased) and dropped ones. */
function requestHeaders(
  init: CorsRequestInit,
  profile: BrowserProfile,
  refuse: Refuse,
): { kept: HeaderLine[]; dropped: DroppedHeader[] } {
  // The header list before joining: what the spec and Firefox judge line by line.
  const kept: HeaderLine[] = [];
  const dropped: DroppedHeader[] = [];
  for (const line of toLines(init.headers)) {
    const name = String(line[0]);
    const value = normalizeHeaderValue(String(line[1]));
    if (!isHeaderName(name)) {
      refuse({
        code: 'InvalidRequest',
        message: `Failed to execute 'fetch' on 'Window': Invalid name`,
        fix: `the header name '${name}' must be a token (letters, digits and !#$%&'*+-.^_\`|~ only)`,
      });
      continue;
    }
    if (!isHeaderValue(value)) {
      refuse({
        code: 'InvalidRequest',
        message: `Failed to execute 'fetch' on 'Window': Invalid value`,
        fix: `remove NUL, CR, LF and characters beyond U+00FF from the value of '${name}'`,
      });
      continue;
    }
    const reason = forbiddenRequestHeaderReason(name, value, profile);
    if (reason !== null) {
      dropped.push({ name, value, reason });
      continue;
    }
    const lower = name.toLowerCase();
    kept.push([lower, value]);
  }

  return { kept, dropped };
}

/**
 * A string body: fetch() refuses one on GET and HEAD (Request constructor) and XMLHttpRequest's send()
 * drops it there; otherwise it brings `Content-Type: text/plain;charset=UTF-8` when the page set none
 * (Fetch Standard "extract a body", appended after the page's own headers).
 */
function requestBody(init: CorsRequestInit, method: string, kept: HeaderLine[], refuse: Refuse): void {
  if (init.body === undefined) return;
  if (method === 'GET' || method === 'HEAD') {
    if ((init.initiator ?? 'fetch') === 'fetch')
      refuse({
        code: 'InvalidRequest',
        message: "Failed to execute 'fetch' on 'Window': Request with GET/HEAD method cannot have body.",
        fix: 'send the body with POST, PUT or PATCH, or move the data into the URL',
      });
    return;
  }
  if (!kept.some(([n]) => n === 'content-type')) kept.push(['content-type', 'text/plain;charset=UTF-8']);
}

/** A cross-origin request must use a scheme CORS supports. */
function schemeCheck(parsedUrl: URL, url: string, origin: string, refuse: Refuse): void {
  const scheme = parsedUrl.protocol;
  if (scheme !== 'http:' && scheme !== 'https:' && scheme !== 'data:') {
    refuse({
      code: 'CorsDisabledScheme',
      message: `Access to fetch at '${url}' from origin '${origin}' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.`,
      fix: `serve the resource over http or https; a page cannot read a cross-origin ${scheme} URL`,
    });
  }
}
