import type { HttpExchange, HttpRequest, HttpResponse } from '../exchange.js';

/**
 * How bad a finding is, by what an attacker can really do with it in a browser.
 *
 * @example
 * const s: Severity = 'high';
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * Severities from worst to mildest.
 *
 * @example
 * SEVERITIES[0]; // 'critical'
 */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * Whether `a` is at least as severe as `b`.
 *
 * @example
 * atLeast('high', 'medium'); // true
 */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}

/**
 * The ids `scan` reports. Stable: CI configurations and SARIF rules refer to them.
 *
 * @example
 * const id: FindingId = 'post-domain-bypass';
 */
export type FindingId =
  | 'origin-reflection'
  | 'null-origin'
  | 'pre-domain-bypass'
  | 'post-domain-bypass'
  | 'unescaped-dot-bypass'
  | 'special-char-bypass'
  | 'any-subdomain'
  | 'insecure-origin'
  | 'third-party-origin'
  | 'localhost-origin'
  | 'wildcard-credentials'
  | 'missing-vary'
  | 'malformed-allow-origin'
  | 'wildcard-origin';

/**
 * A request/response pair kept as proof, named by what it was.
 *
 * @example
 * const e: Evidence = { kind: 'preflight', exchange };
 */
export interface Evidence {
  readonly kind: 'actual' | 'preflight';
  readonly exchange: HttpExchange;
}

/**
 * One problem `scan` proved on one target.
 *
 * @example
 * const f: Finding = { id: 'null-origin', severity: 'high', title: '…', target: 'https://api.example.com/', origin: 'null', credentials: true, preflight: false, description: '…', fix: '…', evidence: [] };
 */
export interface Finding {
  readonly id: FindingId;
  readonly severity: Severity;
  readonly title: string;
  readonly target: string;
  /** The crafted origin that proved it (or the one whose response showed it). */
  readonly origin: string;
  /** Whether the server allowed credentials for that origin (cookies readable cross-origin). */
  readonly credentials: boolean;
  /** Whether the preflight also allowed it (so non-simple methods and headers are open too). */
  readonly preflight: boolean;
  readonly description: string;
  readonly fix: string;
  readonly evidence: readonly Evidence[];
}

/**
 * The outcome of scanning one target.
 *
 * @example
 * const r: TargetResult = await scanTarget('https://api.example.com/', { send });
 */
export interface TargetResult {
  readonly target: string;
  readonly findings: readonly Finding[];
  /** Set when the target could not be scanned (network failure, bad URL). */
  readonly error: { readonly code: string; readonly message: string; readonly fix: string } | null;
  /** Number of requests sent. */
  readonly requests: number;
}

/**
 * A `send(request) => response` function; the live one comes from `createHttpTransport`.
 *
 * @example
 * const send: Send = createHttpTransport().send;
 */
export type Send = (request: HttpRequest) => Promise<HttpResponse>;
