import { headerDisallowed, methodDisallowed, type PreflightResult } from './preflight-check.js';
import type { BrowserProfile } from './profile.js';

/** What a cached preflight must cover for the browser to skip a new one. */
export interface CacheQuery {
  readonly method: string;
  readonly include: boolean;
  readonly unsafeHeaderNames: readonly string[];
  readonly hasAuthorization: boolean;
}

interface Entry {
  readonly result: PreflightResult;
  readonly expiresAt: number;
}

/**
 * The CORS-preflight cache (Fetch Standard §4.8 "CORS-preflight cache"; Chromium
 * services/network/cors/preflight_cache.cc): one entry per origin and URL, holding the allowed
 * methods and headers until max-age runs out. Keep one instance across `simulateCors` calls to
 * model a page that makes several requests.
 *
 * @example
 * const cache = new PreflightCache();
 * await simulateCors(init, { send, cache });           // preflight sent
 * (await simulateCors(init, { send, cache })).preflightFromCache; // true within max-age
 */
export class PreflightCache {
  readonly #entries = new Map<string, Entry>();

  /** Number of entries, expired ones included until they are looked up. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether a fresh entry allows the request, so no preflight goes out. */
  lookup(origin: string, url: string, q: CacheQuery, profile: BrowserProfile, nowMs: number): boolean {
    const key = keyOf(origin, url, profile.preflightCacheKeyedByCredentials ? q.include : null);
    const entry = this.#entries.get(key);
    if (!entry) return false;
    if (entry.expiresAt <= nowMs) {
      this.#entries.delete(key);
      return false;
    }
    // A result obtained without credentials never serves a credentialed request (Chromium EnsureAllowedRequest).
    if (q.include && !entry.result.credentials) return false;
    // Firefox keeps `*` as a literal name in its cache: only a fresh preflight treats it as a wildcard.
    const literal = q.include || !profile.cacheHonoursWildcards;
    if (methodDisallowed(entry.result, q.method, literal, profile)) return false;
    return headerDisallowed(entry.result, q.unsafeHeaderNames, q.hasAuthorization, literal, profile) === null;
  }

  /** Keep a successful preflight's result for its max-age (nothing is kept for 0). */
  store(origin: string, url: string, result: PreflightResult, nowMs: number, profile?: BrowserProfile): void {
    if (result.maxAge.seconds <= 0) return;
    const key = keyOf(origin, url, profile?.preflightCacheKeyedByCredentials ? result.credentials : null);
    this.#entries.set(key, { result, expiresAt: nowMs + result.maxAge.seconds * 1000 });
  }

  /** Forget everything. */
  clear(): void {
    this.#entries.clear();
  }
}

/** One entry per origin and URL, and per credentials mode where the profile keys by it (Firefox). */
function keyOf(origin: string, url: string, credentials: boolean | null): string {
  return credentials === null ? `${origin} ${url}` : `${origin} ${url} ${credentials ? 'include' : 'omit'}`;
}
