// Opt-in (`--dedupe`): targets on one host whose paths differ only in identifiers (/users/1, /users/2)
// almost always share one CORS configuration. The first of a group gets every probe; each other one gets
// three (the trusted origin, an arbitrary origin, its preflight) and, when its CORS answers are identical
// to the first one's, inherits its findings; any difference means a full scan of its own.
import { getAll, type HeaderList, type HttpRequest } from '../exchange.js';
import { deriveProbes } from './probes.js';
import type { Send, TargetResult } from './types.js';

const SEGMENT_CLASSES: readonly (readonly [RegExp, string])[] = [
  [/^\d+$/, '{n}'],
  [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, '{uuid}'],
  [/^[0-9a-f]{12,}$/i, '{hex}'],
  // Opaque tokens: long, and letters mixed with digits (base64url ids, slugs with hashes).
  [/^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/, '{id}'],
];

/**
 * The group a target belongs to: origin plus its path with identifiers replaced by their class, and the
 * sorted query parameter names (values dropped). Null when `target` is not a URL.
 *
 * @example
 * pathPattern('https://api.example.com/users/42/orders?page=2'); // 'https://api.example.com/users/{n}/orders?page'
 */
export function pathPattern(target: string): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  const path = url.pathname
    .split('/')
    .map((seg) => SEGMENT_CLASSES.find(([re]) => re.test(seg))?.[1] ?? seg)
    .join('/');
  const keys = [...new Set(url.searchParams.keys())].sort();
  return `${url.origin}${path}${keys.length ? `?${keys.join('&')}` : ''}`;
}

/**
 * The requests that tell two endpoints' CORS configurations apart: a GET from the trusted origin, and a
 * GET and a preflight from an arbitrary origin (what scan's own probes send).
 *
 * @example
 * fingerprintRequests('https://api.example.com/users/1', 'https://app.example.com').length; // 3
 */
export function fingerprintRequests(
  target: string,
  trustedOrigin?: string,
  headers: HeaderList = [],
): HttpRequest[] {
  const probes = deriveProbes(target, trustedOrigin);
  const trusted = probes.find((p) => p.id === 'trusted')?.origin;
  const arbitrary = probes.find((p) => p.id === 'origin-reflection')?.origin;
  const get = (origin: string): HttpRequest => ({
    method: 'GET',
    url: target,
    headers: [['Accept', '*/*'], ['Origin', origin], ...headers],
  });
  const out: HttpRequest[] = [];
  if (trusted) out.push(get(trusted));
  if (arbitrary) {
    out.push(get(arbitrary));
    out.push({
      method: 'OPTIONS',
      url: target,
      headers: [
        ['Accept', '*/*'],
        ['Origin', arbitrary],
        ['Access-Control-Request-Method', 'PUT'],
        ['Access-Control-Request-Headers', 'x-corsair-probe'],
      ],
    });
  }
  return out;
}

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
  'vary',
];

/**
 * Send the fingerprint requests and reduce the answers to what CORS reads: status and CORS header values.
 *
 * @example
 * const fp = await fingerprint(send, 'https://api.example.com/users/1', 'https://app.example.com');
 */
export async function fingerprint(
  send: Send,
  target: string,
  trustedOrigin?: string,
  headers: HeaderList = [],
): Promise<{ readonly key: string; readonly requests: number }> {
  const parts: unknown[] = [];
  const requests = fingerprintRequests(target, trustedOrigin, headers);
  for (const req of requests) {
    const res = await send(req);
    parts.push([res.status, CORS_HEADERS.map((h) => getAll(res.headers, h))]);
  }
  return { key: JSON.stringify(parts), requests: requests.length };
}

/**
 * A result copied from the group's first target (`sameAs`): same findings, evidence from that target.
 *
 * @example
 * const r: ScanRecord = { target: 'https://api.example.com/users/2', findings: [], error: null, requests: 3, sameAs: 'https://api.example.com/users/1' };
 */
export interface ScanRecord extends TargetResult {
  /** Set when the findings were inherited from this target after identical fingerprint answers. */
  readonly sameAs?: string;
}

/**
 * `leader`'s result restated for `target`.
 *
 * @example
 * inherit(leaderResult, 'https://api.example.com/users/2', 3).sameAs; // leaderResult.target
 */
export function inherit(leader: TargetResult, target: string, requests: number): ScanRecord {
  return {
    target,
    findings: leader.findings.map((f) => ({ ...f, target })),
    error: null,
    requests,
    sameAs: leader.target,
  };
}
