import type { HttpExchange, HttpRequest, HttpResponse } from '../exchange.js';
import { type RuleId, SEVERITIES, type Severity } from '../policy/rulebook.js';
import type { ScanCoverage } from './scan-coverage.js';

export { SEVERITIES, type Severity } from '../policy/rulebook.js';

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
 * The ids `scan` reports: the rulebook's rule ids (src/policy/rulebook.ts). Stable: CI configurations
 * and SARIF rules refer to them.
 *
 * @example
 * const id: FindingId = 'post-domain-bypass';
 */
export type FindingId = RuleId;

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
  /** The origin the bypass probes were derived from, and whether classes were left untried. */
  readonly coverage?: ScanCoverage;
  /** What scan noticed that is not a finding (coverage, caching), one sentence each. */
  readonly notes?: readonly string[];
}

/**
 * A `send(request) => response` function; the live one comes from `createHttpTransport`.
 *
 * @example
 * const send: Send = createHttpTransport().send;
 */
export type Send = (request: HttpRequest) => Promise<HttpResponse>;
