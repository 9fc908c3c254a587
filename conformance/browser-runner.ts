// Plays cases in a real browser: one page on the page origin runs every case's fetch, in batches with
// bounded concurrency, and reports what the script could see. Console lines are captured per case
// (Chromium via playwright's console event, Firefox via BiDi log entries surfaced as page errors).
import type { ResolvedInit } from './case.js';

/** What the page saw for one case. */
export interface PageResult {
  readonly id: string;
  readonly allowed: boolean;
  readonly status: number | null;
  /** The TypeError's message when the fetch failed. */
  readonly error: string | null;
  /** Names the script could read (iterating `response.headers`), lowercased, sorted, unique. */
  readonly exposed: readonly string[];
  /**
   * When each fetch of the case started (the sequence's earlier ones, then the case's own), in the
   * page's wall-clock milliseconds (`performance.timeOrigin + performance.now()`): how much time the
   * browser's preflight cache really saw pass.
   */
  readonly startedAt: readonly number[];
}

/** A case as the page receives it. */
export interface PageCase extends ResolvedInit {
  readonly id: string;
}

/** A page that can evaluate a function with one serializable argument (playwright and puppeteer alike). */
export interface EvaluatingPage {
  evaluate(expression: string): Promise<unknown>;
}

/**
 * Runs inside the page. Kept as JavaScript source, not a function, so no transpiler (tsx, vitest) can
 * inject helpers into it before it is serialized into the page.
 */
const IN_PAGE = `async (arg) => {
  const results = [];
  let next = 0;
  const clock = () => performance.timeOrigin + performance.now();
  const one = async (c) => {
    const startedAt = [];
    // A sequence: the earlier fetches of the same URL (c.before) run first, one after the other.
    for (const step of c.before || []) {
      try {
        startedAt.push(clock());
        const r = await fetch(c.url, { method: step.method, headers: step.headers, credentials: step.credentials, mode: 'cors' });
        await r.arrayBuffer().catch(() => undefined);
      } catch {}
    }
    if (c.gapMs) await new Promise((resolve) => setTimeout(resolve, c.gapMs));
    const result = await (c.api === 'xhr' ? xhr(c, startedAt) : last(c, startedAt));
    return { ...result, startedAt };
  };
  const last = async (c, startedAt) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), arg.timeoutMs);
    try {
      const pairs = c.headers.map(([n, v]) => [n, v]);
      const headers =
        c.headersAs === 'object' ? Object.fromEntries(pairs) : c.headersAs === 'headers' ? new Headers(pairs) : pairs;
      startedAt.push(clock());
      const response = await fetch(c.url, {
        method: c.method,
        headers,
        ...(c.body === undefined ? {} : { body: c.body }),
        credentials: c.credentials,
        mode: 'cors',
        signal: controller.signal,
      });
      const names = new Set();
      for (const [name] of response.headers) names.add(name.toLowerCase());
      await response.arrayBuffer().catch(() => undefined);
      return { id: c.id, allowed: true, status: response.status, error: null, exposed: [...names].sort() };
    } catch (e) {
      const error = controller.signal.aborted ? 'timeout' : String(e && e.name) + ': ' + String(e && e.message);
      return { id: c.id, allowed: false, status: null, error, exposed: [] };
    } finally {
      clearTimeout(timer);
    }
  };
  // XMLHttpRequest: the exposed names are those getAllResponseHeaders() lists.
  const xhr = (c, startedAt) =>
    new Promise((resolve) => {
      const x = new XMLHttpRequest();
      const fail = (error) => resolve({ id: c.id, allowed: false, status: null, error, exposed: [] });
      try {
        x.open(c.method, c.url);
        for (const [n, v] of c.headers) x.setRequestHeader(n, v);
        x.withCredentials = c.credentials === 'include';
        x.timeout = arg.timeoutMs;
      } catch (e) {
        return fail(String(e && e.name) + ': ' + String(e && e.message));
      }
      x.onload = () => {
        const names = new Set();
        for (const line of x.getAllResponseHeaders().split('\\r\\n')) {
          const i = line.indexOf(':');
          if (i > 0) names.add(line.slice(0, i).trim().toLowerCase());
        }
        resolve({ id: c.id, allowed: true, status: x.status, error: null, exposed: [...names].sort() });
      };
      x.onerror = () => fail('TypeError: Failed to fetch');
      x.ontimeout = () => fail('timeout');
      startedAt.push(clock());
      x.send(c.body === undefined ? null : c.body);
    });
  const worker = async () => {
    while (next < arg.cases.length) {
      const c = arg.cases[next++];
      results.push(await one(c));
    }
  };
  await Promise.all(Array.from({ length: arg.concurrency }, worker));
  return results;
}`;

/** Options for {@link runCasesInPage}. */
export interface RunOptions {
  readonly concurrency?: number;
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Run cases in a page already open on the page origin.
 *
 * @example
 * const results = await runCasesInPage(page, cases, { concurrency: 12 });
 */
export async function runCasesInPage(
  page: EvaluatingPage,
  cases: readonly PageCase[],
  options: RunOptions = {},
): Promise<Map<string, PageResult>> {
  const out = new Map<string, PageResult>();
  const batch = options.batchSize ?? 300;
  for (let i = 0; i < cases.length; i += batch) {
    const slice = cases.slice(i, i + batch);
    const arg = {
      cases: slice,
      concurrency: options.concurrency ?? 12,
      timeoutMs: options.timeoutMs ?? 15_000,
    };
    const results = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify(arg)})`)) as PageResult[];
    for (const r of results) out.set(r.id, r);
    options.onProgress?.(Math.min(i + batch, cases.length), cases.length);
  }
  return out;
}
