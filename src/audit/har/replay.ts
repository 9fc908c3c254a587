import type { CacheQuery, PreflightResult } from '../../browser/index.js';
import {
  type BrowserProfile,
  type CredentialsMode,
  FORBIDDEN_REQUEST_HEADER_NAMES,
  isCorsSafelistedRequestHeader,
  PreflightCache,
} from '../../browser/index.js';
import {
  getAll,
  type HeaderLine,
  type HeaderList,
  type HttpRequest,
  type HttpResponse,
} from '../../exchange.js';
import type { RequestChain } from './chains.js';
import type { HarEntry } from './model.js';

/** The placeholder for a header value the HAR does not hold (a sanitized export, or a preflight alone). */
export const UNRECORDED_VALUE = '{unrecorded}';

// Headers the browser itself adds after the page's request is built (network stack, HTTP cache,
// DevTools): not the page's, so they never count toward the preflight.
const BROWSER_ADDED = new Set([
  'user-agent',
  'accept-language',
  'priority',
  'if-none-match',
  'if-modified-since',
  'upgrade-insecure-requests',
  'x-client-data',
]);

/** Names listed by a recorded preflight's Access-Control-Request-Headers, lowercased. */
export function requestedHeaderNames(preflight: HarEntry | undefined): Set<string> | null {
  if (!preflight) return null;
  const raw = getAll(preflight.request.headers, 'access-control-request-headers').join(',');
  return new Set(
    raw
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * The headers the page's script set, recovered from what the browser recorded: forbidden names and
 * the ones the browser adds itself are removed; when a preflight was recorded its
 * Access-Control-Request-Headers is the truth about the unsafe ones (a header it lists but the request
 * lacks was removed by a sanitized export and comes back as `{unrecorded}`).
 *
 * @example
 * authorHeaders(entry, preflight, chromium); // [['Content-Type', 'application/json'], ['X-Token', 'abc']]
 */
export function authorHeaders(
  entry: HarEntry,
  preflight: HarEntry | undefined,
  profile: BrowserProfile,
): { headers: HeaderLine[]; unrecorded: string[] } {
  const requested = requestedHeaderNames(preflight);
  const lines = entry === preflight ? [] : entry.request.headers;
  // The browser adds Pragma and Cache-Control together (cache: 'no-store', DevTools "Disable cache").
  const pairAdded =
    getAll(lines, 'pragma').join() === 'no-cache' &&
    /^(no-cache|max-age=0)$/.test(getAll(lines, 'cache-control').join());
  const out: HeaderLine[] = [];
  for (const [name, value] of lines) {
    const lower = name.toLowerCase();
    if (lower.startsWith(':') || lower.startsWith('sec-') || lower.startsWith('proxy-')) continue;
    if (FORBIDDEN_REQUEST_HEADER_NAMES.has(lower)) continue;
    if (requested?.has(lower)) {
      out.push([name, value]);
      continue;
    }
    if (BROWSER_ADDED.has(lower)) continue;
    // fetch() adds `Accept: */*` when the page sets none: the same request either way.
    if (lower === 'accept' && value === '*/*') continue;
    if (pairAdded && (lower === 'pragma' || lower === 'cache-control')) continue;
    // With the preflight recorded, an unsafe header it did not list was added by the browser.
    if (requested && !isCorsSafelistedRequestHeader(lower, value, profile)) continue;
    out.push([name, value]);
  }
  const unrecorded: string[] = [];
  for (const name of requested ?? []) {
    if (out.some(([n]) => n.toLowerCase() === name)) continue;
    out.push([name, UNRECORDED_VALUE]);
    unrecorded.push(name);
  }
  return { headers: out, unrecorded };
}

/**
 * What a HAR says of a request: the page got the response (`succeeded`), it did not (`failed`), or the
 * server answered and the exporter does not record whether the page could read it (`answered`:
 * Firefox keeps a CORS-blocked response with its status and headers and no mark).
 *
 * @example
 * const o: RecordedOutcome = 'answered';
 */
export type RecordedOutcome = 'succeeded' | 'failed' | 'answered';

/**
 * What the browser recorded of a request: whether the page got a response.
 *
 * @example
 * recordedOutcome(entry, true); // 'failed' for Playwright's status -1 with net::ERR_FAILED
 */
export function recordedOutcome(e: HarEntry, failuresMarked: boolean): RecordedOutcome {
  const f = e.response.failure ?? '';
  // An abort after the response arrived (the page never read the body) is not a failure of the request.
  if (e.response.status > 0 && (f === '' || /ABORTED/i.test(f)))
    return failuresMarked ? 'succeeded' : 'answered';
  return 'failed';
}

/** Whether the HAR holds the response the browser got (Playwright keeps none for a CORS failure). */
export function hasResponse(e: HarEntry): boolean {
  return e.response.status > 0;
}

/**
 * A preflight cache that replays the browser's: lookups and stores go to the page load's shared cache
 * when asked to, so a request the browser sent without a preflight (cache hit) is decided the same way.
 *
 * @example
 * const cache = new ReplayCache(shared, { lookup: true, store: true });
 */
export class ReplayCache extends PreflightCache {
  constructor(
    private readonly shared: PreflightCache,
    private readonly mode: { readonly lookup: boolean; readonly store: boolean },
  ) {
    super();
  }
  override lookup(
    origin: string,
    url: string,
    q: CacheQuery,
    profile: BrowserProfile,
    nowMs: number,
  ): boolean {
    return this.mode.lookup && this.shared.lookup(origin, url, q, profile, nowMs);
  }
  override store(
    origin: string,
    url: string,
    result: PreflightResult,
    nowMs: number,
    profile?: BrowserProfile,
  ): void {
    if (this.mode.store) this.shared.store(origin, url, result, nowMs, profile);
  }
}

/**
 * A transport that answers the engine from the recording: the recorded preflight of each hop, the
 * recorded response of each hop (what the HAR lacks ends up in `used.missing`), and the recording's
 * clock for the preflight cache (`now`). A preflight the HAR lacks is inferred as passed when the browser went
 * on to send the request and got its response (it only does that after a passing preflight).
 *
 * @example
 * const replay = replayTransport(chain, 'include');
 * await checkEndpoint(init, { send: replay.send });
 */
export function replayTransport(chain: RequestChain) {
  let hop = 0;
  // The recording's clock, for the preflight cache: the chain starts when its first request did; a
  // preflight's result is stored when its answer had arrived (start + total time), as browsers do.
  let at = chain.hops[0]?.startedMs ?? 0;
  const used = { inferredPreflight: false, recordedPreflight: false, missing: null as string | null };
  // The engine turns a transport failure into a network error; the first thing the HAR lacked is kept.
  const miss = (what: string) => {
    used.missing ??= what;
    return new Error(what);
  };
  const send = async (req: HttpRequest): Promise<HttpResponse> => {
    const isPreflight =
      req.method === 'OPTIONS' && getAll(req.headers, 'access-control-request-method').length > 0;
    if (isPreflight) {
      const recorded = chain.preflights.get(hop);
      if (recorded) {
        if (!hasResponse(recorded))
          throw miss(
            `the response to the preflight of ${req.url} (the browser recorded ${recorded.response.failure ?? 'no response'})`,
          );
        used.recordedPreflight = true;
        at = recorded.startedMs + Math.max(0, recorded.time);
        return { status: recorded.response.status, headers: recorded.response.headers };
      }
      const actual = chain.preflightOnly ? undefined : chain.hops[hop];
      if (actual && hasResponse(actual) && actual.request.url === req.url) {
        used.inferredPreflight = true;
        // Answered at the latest when the request it cleared started.
        at = actual.startedMs;
        return { status: 204, headers: passingPreflight(req) };
      }
      throw miss(`the preflight (OPTIONS ${req.url}): the HAR does not hold it`);
    }
    const entry = chain.preflightOnly ? undefined : chain.hops[hop];
    hop++;
    if (!entry || entry.request.url !== req.url)
      throw miss(`the request to ${req.url}: the HAR does not hold it`);
    if (!hasResponse(entry))
      throw miss(
        `the response to ${req.method} ${req.url} (the browser recorded ${entry.response.failure ?? `status ${entry.response.status}`} and no headers)`,
      );
    return { status: entry.response.status, headers: entry.response.headers };
  };
  return { send, used, now: () => at };
}

/** The answer a passing preflight gave, as far as the request shows: exactly what was asked, allowed. */
function passingPreflight(req: HttpRequest): HeaderList {
  const origin = getAll(req.headers, 'origin')[0] ?? 'null';
  const out: HeaderLine[] = [
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Access-Control-Allow-Methods', getAll(req.headers, 'access-control-request-method')[0] ?? ''],
  ];
  const acrh = getAll(req.headers, 'access-control-request-headers')[0];
  if (acrh) out.push(['Access-Control-Allow-Headers', acrh]);
  return out;
}

/**
 * When each host (by name: cookies ignore the port) was first seen receiving a Cookie in the HAR.
 *
 * @example
 * const jar = cookieJar(log.entries); jar.get('api.example.com'); // ms of the first request with a cookie
 */
export function cookieJar(entries: readonly HarEntry[]): Map<string, number> {
  const jar = new Map<string, number>();
  for (const e of entries) {
    if (e.request.cookies === 0 && getAll(e.request.headers, 'cookie').length === 0) continue;
    let host: string;
    try {
      host = new URL(e.request.url).hostname;
    } catch {
      continue;
    }
    jar.set(host, Math.min(jar.get(host) ?? Number.POSITIVE_INFINITY, e.startedMs));
  }
  return jar;
}

/**
 * The credentials mode the HAR proves: cookies on a cross-origin request mean `include`; no cookie on a
 * request to a host that already received cookies earlier in the HAR means the page sent none.
 *
 * @example
 * provenCredentials(chain, cookieJar(log.entries)); // { mode: 'include', from: 'cookie' } | null
 */
export function provenCredentials(
  chain: RequestChain,
  jar: ReadonlyMap<string, number>,
): { mode: CredentialsMode; from: 'cookie' | 'cookie-jar' } | null {
  if (chain.hops.some((h) => h.request.cookies > 0 || getAll(h.request.headers, 'cookie').length > 0))
    return { mode: 'include', from: 'cookie' };
  const first = chain.hops[0] as HarEntry;
  if (chain.preflightOnly) return null;
  const since = jar.get(new URL(first.request.url).hostname);
  return since !== undefined && since <= first.startedMs ? { mode: 'same-origin', from: 'cookie-jar' } : null;
}
