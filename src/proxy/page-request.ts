// One request from the page as the proxy's steps see it, and its single log entry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderLine } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import type { ProxyConfig } from './config.js';
import { toHeaderList } from './headers.js';
import type { ProxyLogEntry } from './types.js';

/**
 * How a request ended, for its log entry.
 *
 * @example
 * const o: Outcome = { status: 403, error: 'PROXY_ORIGIN_REFUSED' };
 */
export interface Outcome {
  readonly status: number;
  readonly error?: string;
  readonly reason?: string;
  readonly upstream?: string;
  readonly upstreamVerdict?: string;
}

/**
 * The page's request, read once, and where its outcome is logged.
 *
 * @example
 * const page = pageRequest(req, res, config);
 * page.log({ status: 200 });
 */
export interface PageRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly config: ProxyConfig;
  /** The request's header lines as received, order and duplicates kept. */
  readonly lines: readonly HeaderLine[];
  readonly origin: string | null;
  readonly method: string;
  /** The request target (`req.url`). */
  readonly path: string;
  /** The Host the page used to reach the proxy. */
  readonly host: string;
  /** The policy engine's decision so far. */
  cors: ProxyLogEntry['cors'];
  /** Log the outcome (once per request). */
  log(outcome: Outcome): void;
}

/**
 * Read the page's request.
 *
 * @example
 * const page = pageRequest(req, res, config);
 */
export function pageRequest(req: IncomingMessage, res: ServerResponse, config: ProxyConfig): PageRequest {
  const start = performance.now();
  const time = new Date();
  const lines = toHeaderList(req.rawHeaders);
  const page: PageRequest = {
    req,
    res,
    config,
    lines,
    origin: getCombined(lines, 'origin'),
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    host: req.headers.host ?? '127.0.0.1',
    cors: 'not-cors',
    log(o) {
      config.onLog?.({
        time,
        origin: page.origin,
        method: page.method,
        path: page.path,
        status: o.status,
        cors: page.cors,
        durationMs: Math.round(performance.now() - start),
        ...(o.upstream !== undefined ? { upstream: o.upstream } : {}),
        ...(o.error !== undefined ? { error: o.error } : {}),
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
        ...(o.upstreamVerdict !== undefined ? { upstreamVerdict: o.upstreamVerdict } : {}),
      });
    },
  };
  return page;
}
