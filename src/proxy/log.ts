import type { ProxyLogEntry } from './types.js';

/**
 * One log line per request: time, origin, method, path, status, CORS decision, duration (and the
 * error code or refusal reason; with `--verbose`, the upstream verdict on an indented second line).
 *
 * @example
 * formatLogEntry({ time: new Date(0), origin: 'http://localhost:5173', method: 'GET', path: '/items', status: 200, cors: 'allowed', durationMs: 12 });
 * // '1970-01-01T00:00:00.000Z http://localhost:5173 GET /items 200 cors=allowed 12ms'
 */
export function formatLogEntry(e: ProxyLogEntry): string {
  const parts = [
    e.time.toISOString(),
    e.origin ?? '-',
    e.method,
    e.path,
    String(e.status),
    `cors=${e.cors}`,
    `${e.durationMs}ms`,
  ];
  if (e.error !== undefined) parts.push(e.error);
  if (e.reason !== undefined) parts.push(`(${e.reason})`);
  const line = parts.join(' ');
  return e.upstreamVerdict === undefined ? line : `${line}\n    upstream alone: ${e.upstreamVerdict}`;
}
