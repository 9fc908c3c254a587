// What is compared for each case, built the same way from a real browser and from the engine.

import type { Outcome } from '../src/browser/types.js';
import type { HeaderList } from '../src/exchange.js';
import { getCombined } from '../src/fetch/header-list.js';
import type { RecordedRequest } from '../test/real-browsers/case-server.js';
import type { PageResult } from './browser-runner.js';
import { isPreflight } from './case.js';

/** The compared fields of one case in one browser (or as the engine predicts it). */
export interface Observation {
  /** The fetch resolved (true) or rejected with a TypeError (false). */
  readonly allowed: boolean;
  /** A preflight went on the wire. */
  readonly preflight: boolean;
  /** Access-Control-Request-Headers of each preflight sent, in order (`null`: header absent). */
  readonly requestHeaders: readonly (string | null)[];
  /** Response header names the script could read: lowercased, sorted, unique. */
  readonly exposed: readonly string[];
  /**
   * The console line, verbatim: the CORS line (Chromium's "Access to fetch at …", Firefox's first
   * "Cross-Origin Request Blocked: …"); when there is none, the failed load as Chromium's DevTools prints
   * it (`GET <url> net::ERR_…`), or the TypeError fetch() threw before the network; else `null`.
   */
  readonly console: string | null;
  /** Every request on the wire, `METHOD URL origin=<Origin header or ->`, in order. */
  readonly requests: readonly string[];
}

/** The fields, in report order. */
export const FIELDS = ['allowed', 'preflight', 'requestHeaders', 'exposed', 'console', 'requests'] as const;
export type Field = (typeof FIELDS)[number];

type Browser = 'chromium' | 'firefox' | 'webkit';

const CORS_LINE: Readonly<Record<Browser, RegExp>> = {
  chromium: /has been blocked by CORS policy|^Access to fetch at /,
  firefox: /^Cross-Origin Request Blocked/,
  // Every line but the network domain's echo of the reason ("Failed to load resource: <reason>").
  webkit: /^(?!Failed to load resource: )/,
};

/**
 * How a browser's lines for one case make the compared console text: Chromium and WebKit print one
 * failure as one line (WebKit: two, the reason and "… cannot load <url> …"), all kept; Firefox follows a
 * specific reason with a generic "CORS request did not succeed" line, so only its first line says why.
 */
const ALL_LINES: Readonly<Record<Browser, boolean>> = { chromium: true, firefox: false, webkit: true };

function stripFragment(url: string): string {
  const i = url.indexOf('#');
  return i === -1 ? url : url.slice(0, i);
}

/**
 * A TypeError fetch() threw before anything went on the wire (a forbidden method, an invalid header):
 * the page sees `TypeError: <message>`, which is what the console prints when it is not caught.
 * The generic network-failure rejections carry no information and are not messages.
 */
const GENERIC_REJECTIONS = /^TypeError: (Failed to fetch|NetworkError when attempting to fetch resource\.)$/;
function scriptError(error: string | null): string | null {
  return error === null || error === 'timeout' || GENERIC_REJECTIONS.test(error) ? null : error;
}

/** One request as compared: method, URL (fragments never go on the wire) and the Origin it carried. */
function wire(method: string, url: string, headers: HeaderList): string {
  return `${method} ${url} origin=${getCombined(headers, 'origin') ?? '-'}`;
}

/**
 * Sorted, lowercased, unique names.
 *
 * @example
 * nameSet(['X-B', 'x-a', 'x-b']); // ['x-a', 'x-b']
 */
export function nameSet(names: Iterable<string>): string[] {
  return [...new Set([...names].map((n) => n.toLowerCase()))].sort();
}

/**
 * The observation of a real browser: the page's result, the requests the server received, the console.
 *
 * @example
 * const seen = observeBrowser('chromium', pageResult, server.requests(id), session.consoleLines(id));
 */
export function observeBrowser(
  browser: Browser,
  page: PageResult,
  received: readonly RecordedRequest[],
  consoleLines: readonly string[],
  networkErrors: readonly string[] = [],
): Observation {
  const preflights = received.filter((r) =>
    isPreflight({ method: r.method, url: r.path, headers: r.headers }),
  );
  const cors = consoleLines.filter((l) => CORS_LINE[browser].test(l));
  return {
    allowed: page.allowed,
    preflight: preflights.length > 0,
    requestHeaders: preflights.map((r) => getCombined(r.headers, 'access-control-request-headers')),
    exposed: nameSet(page.exposed),
    console:
      cors.length > 0
        ? ALL_LINES[browser]
          ? cors.join('\n')
          : cors[0]!
        : (networkErrors[0] ?? scriptError(page.error)),
    requests: received.map((r) => wire(r.method, `${r.origin}${r.path}`, r.headers)),
  };
}

/**
 * The engine's prediction in the same shape, for one fetch or a sequence of fetches of the same URL
 * (the last one decides `allowed` and `exposed`; requests and preflights of all of them count; the
 * console gets each failed fetch's line, Firefox's first one only, as observed).
 *
 * @example
 * const predicted = observeOutcome([await simulateCors(init, { browser: 'chromium', send })], 'chromium');
 */
export function observeOutcome(outcomes: readonly Outcome[], browser: Browser): Observation {
  const last = outcomes.at(-1)!;
  const steps = outcomes.flatMap((o) => o.steps);
  const preflights = steps.filter((s) => s.kind === 'preflight');
  const messages = outcomes.flatMap((o) => (o.error?.messages[browser] ? [o.error.messages[browser]] : []));
  return {
    allowed: last.allowed,
    preflight: preflights.length > 0,
    requestHeaders: preflights.map((s) => getCombined(s.request.headers, 'access-control-request-headers')),
    exposed: last.allowed ? nameSet(last.exposedHeaders) : [],
    console: messages.length === 0 ? null : ALL_LINES[browser] ? messages.join('\n') : messages[0]!,
    requests: steps.map((s) => wire(s.request.method, stripFragment(s.request.url), s.request.headers)),
  };
}

/**
 * The fields on which a prediction disagrees with the browser (every field, both browsers; the console
 * line of each browser against that browser's message).
 *
 * @example
 * disagreements(seen, predicted); // [] when they agree
 */
export function disagreements(seen: Observation, predicted: Observation): Field[] {
  return FIELDS.filter((f) => JSON.stringify(seen[f]) !== JSON.stringify(predicted[f]));
}
