import type { HeaderList } from '../../exchange.js';

/**
 * The phases of one request as the HAR's `timings` record them, in milliseconds; -1 when not recorded.
 *
 * @example
 * const t: HarTimings = { blocked: 1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 12, receive: 3 };
 */
export interface HarTimings {
  readonly blocked: number;
  readonly dns: number;
  readonly connect: number;
  readonly ssl: number;
  readonly send: number;
  readonly wait: number;
  readonly receive: number;
}

/**
 * One HAR entry, reduced to what a CORS decision and a timeline need (bodies are never kept).
 *
 * @example
 * const e: HarEntry = await readHar(stream).then((log) => log.entries[0]!);
 */
export interface HarEntry {
  /** Position in the file's `log.entries`. */
  readonly index: number;
  readonly pageref: string | null;
  readonly startedDateTime: string;
  /** `startedDateTime` in milliseconds since the epoch. */
  readonly startedMs: number;
  /** Total duration in milliseconds, -1 when unknown. */
  readonly time: number;
  readonly timings: HarTimings | null;
  /** Chromium's and Playwright's `_resourceType` (document, fetch, xhr, preflight, …). */
  readonly resourceType: string | null;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: HeaderList;
    /** How many cookies the request carried (`request.cookies`). */
    readonly cookies: number;
  };
  readonly response: {
    /** 0 or -1 when the browser got no response (Playwright writes -1 for a CORS failure). */
    readonly status: number;
    readonly headers: HeaderList;
    readonly redirectURL: string;
    /** The browser's failure text: `_failureText` (Playwright) or `_error` (DevTools), e.g. `net::ERR_FAILED`. */
    readonly failure: string | null;
  };
}

/**
 * A page of the HAR (`log.pages`).
 *
 * @example
 * const p: HarPage = { id: 'page_1', title: 'https://app.example.com/', startedDateTime: '2026-01-01T00:00:00.000Z' };
 */
export interface HarPage {
  readonly id: string;
  readonly title: string;
  readonly startedDateTime: string;
}

/**
 * A HAR file as corsair keeps it: who wrote it, its pages, and its entries reduced to headers.
 *
 * @example
 * const log: HarLog = await readHar(createReadStream('page.har'));
 * log.creator?.name; // 'WebInspector'
 */
export interface HarLog {
  readonly version: string | null;
  readonly creator: { readonly name: string; readonly version: string } | null;
  readonly browser: { readonly name: string; readonly version: string } | null;
  readonly pages: readonly HarPage[];
  readonly entries: readonly HarEntry[];
}
