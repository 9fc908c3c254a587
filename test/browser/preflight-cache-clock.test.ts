// The preflight cache decides with the time that passed between two fetches, read from the `now` clock
// the caller passes (the conformance harness passes the real browser's timings, the HAR replay the
// recorded ones), never from a sleep: a second fetch 1 ms before the result expires reuses it, one at
// the expiry sends a new preflight. Limits per profile: Chromium's 5 s default and 7200 s cap
// (services/network/cors/preflight_result.cc), Firefox's 5 s default, 86400 s cap and no caching of an
// invalid value (nsCORSListenerProxy), the Fetch Standard's 5 s default and no cap. Checked in real
// browsers by the conformance cases preflight-cache/max-age-* (timed by the page and the case server).
import { describe, expect, it } from 'vitest';
import { PreflightCache } from '../../src/browser/preflight-cache.js';
import { chromium } from '../../src/browser/profile.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName } from '../../src/browser/types.js';
import type { HeaderList, HttpRequest, HttpResponse } from '../../src/exchange.js';

const PAGE = 'https://app.example.com';
const API_URL = 'https://api.example.com/items';

/** Seconds each browser keeps a preflight for the given Access-Control-Max-Age (null: absent). */
const LIMITS: readonly (readonly [maxAge: string | null, chromium: number, firefox: number, spec: number])[] =
  [
    [null, 5, 5, 5],
    ['600', 600, 600, 600],
    ['86400', 7200, 86400, 86400],
    ['100000', 7200, 86400, 100000],
    ['abc', 5, 0, 5],
    ['0', 0, 0, 0],
  ];

function send(maxAge: string | null) {
  return (r: HttpRequest): HttpResponse => {
    const headers: HeaderList = [['Access-Control-Allow-Origin', PAGE]];
    if (r.method !== 'OPTIONS') return { status: 200, headers };
    const preflight: HeaderList = [...headers, ['Access-Control-Allow-Methods', 'PUT']];
    return {
      status: 204,
      headers: maxAge === null ? preflight : [...preflight, ['Access-Control-Max-Age', maxAge]],
    };
  };
}

/** Whether a second PUT, `elapsedMs` after the first one's preflight was answered, reuses it. */
async function reusedAfter(browser: BrowserName, maxAge: string | null, elapsedMs: number): Promise<boolean> {
  let now = 1_000_000;
  const options = { browser, send: send(maxAge), cache: new PreflightCache(), now: () => now };
  const init = { pageOrigin: PAGE, url: API_URL, method: 'PUT' };
  const first = await simulateCors(init, options);
  expect(first.preflight).toBe(true);
  now += elapsedMs;
  const second = await simulateCors(init, options);
  expect(second.preflight).toBe(!second.preflightFromCache);
  return second.preflightFromCache;
}

describe.each(['chromium', 'firefox', 'spec'] as const)(
  '%s: a cached preflight lasts exactly its limit',
  (browser) => {
    const column = { chromium: 1, firefox: 2, spec: 3 }[browser];
    it.each(LIMITS.map((row) => [row[0] ?? 'absent', row[column] as number, row[0]] as const))(
      'Access-Control-Max-Age %s: %i s',
      async (_label, seconds, maxAge) => {
        if (seconds === 0) {
          expect(await reusedAfter(browser, maxAge, 0)).toBe(false);
          return;
        }
        expect(await reusedAfter(browser, maxAge, 0)).toBe(true);
        expect(await reusedAfter(browser, maxAge, seconds * 1000 - 1)).toBe(true);
        expect(await reusedAfter(browser, maxAge, seconds * 1000)).toBe(false);
      },
    );
  },
);

describe('the default clock', () => {
  it('is Date.now: two calls in a row share the cached result', async () => {
    const options = { browser: 'chromium' as const, send: send(null), cache: new PreflightCache() };
    const init = { pageOrigin: PAGE, url: API_URL, method: 'PUT' };
    await simulateCors(init, options);
    expect((await simulateCors(init, options)).preflightFromCache).toBe(true);
  });
});

describe('PreflightCache bookkeeping', () => {
  const result = (seconds: number) => ({
    methods: new Set(['PUT']),
    headers: new Set<string>(),
    credentials: false,
    maxAge: { seconds, raw: String(seconds), note: null },
  });
  const q = { method: 'PUT', include: false, unsafeHeaderNames: [], hasAuthorization: false };

  it('keeps nothing for a max-age of 0, one entry per origin and URL otherwise, and forgets on clear()', () => {
    const cache = new PreflightCache();
    cache.store('https://a.example', 'https://b.example/x', result(0), 0);
    expect(cache.size).toBe(0);
    cache.store('https://a.example', 'https://b.example/x', result(10), 0);
    cache.store('https://a.example', 'https://b.example/x', result(20), 0);
    cache.store('https://a.example', 'https://b.example/y', result(10), 0);
    expect(cache.size).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('stores without a profile as the Fetch Standard does (one entry for both credentials modes)', () => {
    const cache = new PreflightCache();
    cache.store('https://a.example', 'https://b.example/x', result(10), 0);
    expect(cache.lookup('https://a.example', 'https://b.example/x', q, chromium, 1000)).toBe(true);
  });
});
