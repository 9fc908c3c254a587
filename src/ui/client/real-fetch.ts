// The real verdict: the browser itself makes the request. A CORS failure is, by design, only a
// TypeError to the page; the console message is what the prediction supplies.

/**
 * What the page's own `fetch()` saw.
 *
 * @example
 * const r = await realFetch(url, init); if (!r.ok) console.log(r.error);
 */
export interface RealResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly statusText?: string;
  /** `cors`, `basic`, … (Response.type). */
  readonly type?: string;
  readonly finalUrl?: string;
  readonly redirected?: boolean;
  /** The headers the script can read (only the CORS-exposed ones), lowercased. */
  readonly headers: readonly [string, string][];
  readonly body?: string;
  /** `TypeError: Failed to fetch` and the like. */
  readonly error?: string;
  readonly elapsedMs: number;
}

const BODY_PREVIEW = 4000;

/**
 * Run `fetch(url, init)` and report what a script sees. Never throws.
 *
 * @example
 * await realFetch('http://localhost:4001/c/abc/items', { method: 'GET', headers: [], credentials: 'omit' });
 */
export async function realFetch(url: string, init: RequestInit): Promise<RealResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, { ...init, cache: 'no-store', signal: AbortSignal.timeout(15_000) });
    const text = await res.text().catch(() => '');
    return {
      ok: true,
      status: res.status,
      statusText: res.statusText,
      type: res.type,
      finalUrl: res.url,
      redirected: res.redirected,
      headers: [...res.headers],
      body: text.length > BODY_PREVIEW ? `${text.slice(0, BODY_PREVIEW)}…` : text,
      elapsedMs: elapsed(),
    };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, headers: [], error, elapsedMs: elapsed() };
  }
}
