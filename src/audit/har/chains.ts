import { getAll, hasHeader } from '../../exchange.js';
import type { HarEntry, HarLog } from './model.js';

/**
 * Where a request's page origin came from.
 *
 * @example
 * const from: OriginSource = 'origin-header';
 */
export type OriginSource = 'option' | 'origin-header' | 'referer' | 'page';

/**
 * One request as the page made it: the first entry, each redirect hop after it, and the preflight the
 * browser recorded before each hop (when it did).
 *
 * @example
 * for (const chain of buildChains(log, {})) console.log(chain.hops[0]!.request.url, chain.preflights.size);
 */
export interface RequestChain {
  readonly hops: readonly HarEntry[];
  /** Recorded preflights by hop position. */
  readonly preflights: ReadonlyMap<number, HarEntry>;
  readonly pageOrigin: string | null;
  readonly originFrom: OriginSource | null;
  /** A preflight with no actual request after it: the chain is that preflight alone. */
  readonly preflightOnly: boolean;
}

function httpOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether an entry is a CORS preflight: OPTIONS with Access-Control-Request-Method, or what Chromium's
 * DevTools labels `preflight`.
 *
 * @example
 * isPreflightEntry(entry); // true for the OPTIONS request before a PUT
 */
export function isPreflightEntry(e: HarEntry): boolean {
  return (
    e.resourceType === 'preflight' ||
    (e.request.method.toUpperCase() === 'OPTIONS' &&
      hasHeader(e.request.headers, 'access-control-request-method'))
  );
}

const NOT_CORS_TYPES = new Set([
  'document',
  'image',
  'media',
  'script',
  'stylesheet',
  'manifest',
  'ping',
  'websocket',
  'other',
  'texttrack',
  'signedexchange',
  'prefetch',
  'cspviolationreport',
]);

/**
 * Whether the page made this request in CORS mode: Sec-Fetch-Mode says so when recorded; else the
 * resource type (fetch, xhr, eventsource, font…), else an Origin header on a non-navigation.
 *
 * @example
 * isCorsMode(entry); // true for fetch() from a page, false for an <img>
 */
export function isCorsMode(e: HarEntry): boolean {
  const mode = getAll(e.request.headers, 'sec-fetch-mode')[0];
  if (mode) return mode.trim().toLowerCase() === 'cors';
  const type = e.resourceType?.toLowerCase();
  if (type === 'fetch' || type === 'xhr' || type === 'eventsource') return true;
  if (type && NOT_CORS_TYPES.has(type)) return false;
  return hasHeader(e.request.headers, 'origin');
}

function isDocument(e: HarEntry): boolean {
  const dest = getAll(e.request.headers, 'sec-fetch-dest')[0]?.toLowerCase();
  return e.resourceType === 'document' || dest === 'document';
}

/** The page origin of each entry: `--origin`, its Origin header, its Referer, its page's document. */
function originOf(
  e: HarEntry,
  documents: ReadonlyMap<string, { url: string; at: number }[]>,
  pageTitles: ReadonlyMap<string, string>,
  fallback: string | null,
): { origin: string; from: OriginSource } | null {
  const header = getAll(e.request.headers, 'origin')[0]?.trim();
  if (header && header !== 'null') {
    const o = httpOrigin(header);
    if (o === header) return { origin: o, from: 'origin-header' };
  }
  const referer = getAll(e.request.headers, 'referer')[0];
  const fromReferer = referer ? httpOrigin(referer) : null;
  if (fromReferer) return { origin: fromReferer, from: 'referer' };
  const docs = documents.get(e.pageref ?? '') ?? [];
  const doc = docs.filter((d) => d.at <= e.startedMs).at(-1) ?? docs[0];
  if (doc) return { origin: httpOrigin(doc.url) as string, from: 'page' };
  const title = pageTitles.get(e.pageref ?? '');
  const fromTitle = title ? httpOrigin(title) : null;
  if (fromTitle) return { origin: fromTitle, from: 'page' };
  return fallback ? { origin: fallback, from: 'page' } : null;
}

function redirectTarget(e: HarEntry): string | null {
  if (e.response.status < 300 || e.response.status > 399) return null;
  const location = e.response.redirectURL || getAll(e.response.headers, 'location')[0] || '';
  if (!location) return null;
  try {
    return new URL(location, e.request.url).href;
  } catch {
    return null;
  }
}

type Found = { origin: string; from: OriginSource } | null;
interface Resolved {
  readonly hops: HarEntry[];
  readonly found: Found;
  readonly paired: Map<number, HarEntry>;
}

/** Step 1: the page origin of any entry, from `--origin` or what the HAR shows. */
function originFinder(log: HarLog, sorted: readonly HarEntry[], option?: string): (e: HarEntry) => Found {
  if (option) return () => ({ origin: option, from: 'option' });
  const documents = new Map<string, { url: string; at: number }[]>();
  for (const e of sorted) {
    if (!isDocument(e) || redirectTarget(e) || !httpOrigin(e.request.url)) continue;
    const list = documents.get(e.pageref ?? '') ?? [];
    list.push({ url: e.request.url, at: e.startedMs });
    documents.set(e.pageref ?? '', list);
  }
  const titles = new Map(log.pages.map((p) => [p.id, p.title]));
  // With one page document, it is every entry's page (entries without a pageref included).
  const onlyDoc = documents.size === 1 ? ([...documents.values()][0]?.[0]?.url ?? null) : null;
  const fallback = onlyDoc ? httpOrigin(onlyDoc) : null;
  return (e) => originOf(e, documents, titles, fallback);
}

/** Step 2: each request with its redirect hops (joined through redirectURL/Location), and the preflights apart. */
function joinRedirects(sorted: readonly HarEntry[]): { hopsOf: HarEntry[][]; preflights: HarEntry[] } {
  const hopsOf: HarEntry[][] = [];
  const waiting = new Map<string, HarEntry[]>();
  const preflights: HarEntry[] = [];
  for (const e of sorted) {
    if (isPreflightEntry(e)) {
      preflights.push(e);
      continue;
    }
    const key = `${e.pageref ?? ''} ${e.request.url}`;
    const chain = waiting.get(key);
    if (chain) waiting.delete(key);
    const hops = chain ?? [];
    if (!chain) hopsOf.push(hops);
    hops.push(e);
    const next = redirectTarget(e);
    if (next) waiting.set(`${e.pageref ?? ''} ${next}`, hops);
  }
  return { hopsOf, preflights };
}

/**
 * Step 3: each preflight to the nearest unpaired hop with the same URL and the method it asked for
 * (Chromium records the preflight first, Firefox the request first). Unpaired preflights are returned.
 */
function pairPreflights(resolved: readonly Resolved[], preflights: readonly HarEntry[]): HarEntry[] {
  const byUrl = new Map<string, { r: Resolved; hop: number }[]>();
  for (const r of resolved)
    r.hops.forEach((h, hop) => {
      const list = byUrl.get(h.request.url) ?? [];
      list.push({ r, hop });
      byUrl.set(h.request.url, list);
    });
  const orphans: HarEntry[] = [];
  for (const p of preflights) {
    const method = getAll(p.request.headers, 'access-control-request-method')[0]?.trim() ?? '';
    let best: { r: Resolved; hop: number; distance: number } | null = null;
    for (const c of byUrl.get(p.request.url) ?? []) {
      const h = c.r.hops[c.hop] as HarEntry;
      if (h.request.method !== method || c.r.paired.has(c.hop)) continue;
      const distance = Math.abs(h.startedMs - p.startedMs);
      if (!best || distance < best.distance) best = { ...c, distance };
    }
    if (best) best.r.paired.set(best.hop, p);
    else orphans.push(p);
  }
  return orphans;
}

const byStart = (a: RequestChain, b: RequestChain) =>
  (a.hops[0] as HarEntry).startedMs - (b.hops[0] as HarEntry).startedMs ||
  (a.hops[0] as HarEntry).index - (b.hops[0] as HarEntry).index;

/**
 * Group the HAR's entries into the requests the page made: redirect hops joined, each preflight paired
 * with the request it belongs to, and the page origin of each found. Only chains the browser ran in CORS
 * mode and that leave the page's origin are returned; `notCors` counts the others, `noOrigin` those
 * whose page origin the HAR does not show.
 *
 * @example
 * const { chains } = buildChains(log, { origin: 'https://app.example.com' });
 */
export function buildChains(
  log: HarLog,
  options: { readonly origin?: string },
): { chains: RequestChain[]; notCors: number; noOrigin: number } {
  const sorted = [...log.entries].sort((a, b) => a.startedMs - b.startedMs || a.index - b.index);
  const originFor = originFinder(log, sorted, options.origin);
  const { hopsOf, preflights } = joinRedirects(sorted);
  const resolved: Resolved[] = hopsOf.map((hops) => ({
    hops,
    found: originFor(hops[0] as HarEntry),
    paired: new Map(),
  }));
  const chains: RequestChain[] = pairPreflights(resolved, preflights).map((p) => {
    const found = originFor(p);
    return {
      hops: [p],
      preflights: new Map([[0, p]]),
      pageOrigin: found?.origin ?? null,
      originFrom: found?.from ?? null,
      preflightOnly: true,
    };
  });
  let notCors = 0;
  let noOrigin = 0;
  for (const r of resolved) {
    const first = r.hops[0] as HarEntry;
    if (!httpOrigin(first.request.url) || !isCorsMode(first)) notCors++;
    else if (!r.found) noOrigin++;
    else if (r.paired.size === 0 && r.hops.every((h) => httpOrigin(h.request.url) === r.found?.origin))
      notCors++;
    else
      chains.push({
        hops: r.hops,
        preflights: r.paired,
        pageOrigin: r.found.origin,
        originFrom: r.found.from,
        preflightOnly: false,
      });
  }
  return { chains: chains.sort(byStart), notCors, noOrigin };
}
