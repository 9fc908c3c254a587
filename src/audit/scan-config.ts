// The findings about how a target answers rather than whom it trusts: several Allow-Origin values, `*`
// (with credentials), a missing Vary: Origin (only once a second origin has shown that the answer
// depends on the Origin), and what Access-Control-Expose-Headers hands to the origins it trusts.
import { getAll } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import { isCorsSafelistedResponseHeaderName, isForbiddenResponseHeaderName } from '../fetch/header-names.js';
import { variesOn } from '../fetch/vary.js';
import { isSensitiveHeaderName, ruleSeverity } from '../policy/rulebook.js';
import type { ProbeReading } from './probe-reading.js';
import type { FindingSet } from './scan-findings.js';
import type { Evidence, Severity } from './types.js';

/**
 * The exchanges of a reading as a finding's evidence.
 *
 * @example
 * findings.add('null-origin', 'null', evidenceOf(reading), verdict);
 */
export function evidenceOf(r: ProbeReading): Evidence[] {
  return [
    { kind: 'actual', exchange: r.actual },
    { kind: 'preflight', exchange: r.preflight },
  ];
}

/**
 * Whether the engine lets the reading's origin read the actual response by name (not through `*`).
 *
 * @example
 * readings.filter(named);
 */
export const named = (r: ProbeReading) => r.read === 'credentialed' || r.read === 'anonymous';

const acaoOf = (headers: ProbeReading['actual']['response']['headers']) =>
  getAll(headers, 'access-control-allow-origin').join('\n') || '(none)';

/**
 * Watches every probe's answers; reports each configuration finding once, and the Vary one at the end,
 * when all origins have been seen.
 *
 * @example
 * const config = new ConfigurationFindings(findings);
 * config.observe('null', readings); // for each probe
 * config.finish(); // Vary: Origin, once the answers of several origins are known
 */
export class ConfigurationFindings {
  private readonly allowOrigins = new Set<string>();
  private readonly preflightAllowOrigins = new Set<string>();
  private firstNamed: { origin: string; reading: ProbeReading } | null = null;
  private wildcard = false;
  /** Access-Control-Allow-Origin values naming an origin other than the one asking (fixed values). */
  readonly fixedOrigins: string[] = [];
  /** What scan noticed and is not a finding (said in the report). */
  readonly notes: string[] = [];

  constructor(private readonly findings: FindingSet) {}

  observe(origin: string, readings: readonly ProbeReading[]): void {
    const first = readings[0]!;
    this.allowOrigins.add(acaoOf(first.actual.response.headers));
    this.preflightAllowOrigins.add(acaoOf(first.preflight.response.headers));
    for (const v of getAll(first.actual.response.headers, 'access-control-allow-origin'))
      if (/^https?:\/\/[^\s,]+$/.test(v.trim()) && v.trim() !== origin) this.fixedOrigins.push(v.trim());
    this.malformed(origin, readings);
    this.wildcardFindings(origin, readings);
    this.exposed(origin, readings);
    const naming = readings.find(named);
    if (this.firstNamed === null && naming) this.firstNamed = { origin, reading: naming };
  }

  /** Vary: Origin is needed when the answer depends on the Origin: two origins got different ones. */
  finish(): void {
    const named = this.firstNamed;
    if (named === null) return;
    const headers = named.reading.actual.response.headers;
    const dependent = this.allowOrigins.size > 1 || this.preflightAllowOrigins.size > 1;
    const cc = (getCombined(headers, 'cache-control') ?? '').toLowerCase();
    const uncached = /no-store|private/.test(cc);
    if (!dependent) {
      if (named.reading.read === 'credentialed' && !uncached && !variesOn(headers, 'cookie'))
        this.notes.push(
          `Access-Control-Allow-Origin is the same for every origin (${acaoOf(headers)}), so Vary: Origin is not needed; the response allows credentials, so if its body depends on the user keep it out of shared caches (Cache-Control: private, or Vary: Cookie).`,
        );
      return;
    }
    if (variesOn(headers, 'origin')) return;
    const credentials = named.reading.read === 'credentialed';
    const severity: Severity = uncached ? 'info' : ruleSeverity('missing-vary', credentials);
    this.findings.add('missing-vary', named.origin, evidenceOf(named.reading), {
      credentials,
      preflight: false,
      severity,
      notes: [],
    });
  }

  private malformed(origin: string, readings: readonly ProbeReading[]): void {
    const multiple = (f: { code: string } | null) => f?.code === 'MultipleAllowOriginValues';
    const actual = readings.some((r) => multiple(r.readFailure));
    const preflight = readings.some((r) => multiple(r.preflightAccessFailure));
    if (!actual && !preflight) return;
    const severity = ruleSeverity('malformed-allow-origin', false);
    const v = { credentials: false, preflight, severity, notes: [] };
    this.findings.add('malformed-allow-origin', origin, evidenceOf(readings[0]!), v);
  }

  private wildcardFindings(origin: string, readings: readonly ProbeReading[]): void {
    const anyActual = readings.filter((r) => r.read === 'any-origin');
    const anyPreflight = readings.filter((r) => r.preflightGrant === 'any-origin');
    if (this.wildcard || (anyActual.length === 0 && anyPreflight.length === 0)) return;
    this.wildcard = true;
    const preflight = anyPreflight.length > 0;
    const evidence = evidenceOf(readings[0]!);
    const askedCredentials =
      anyActual.some((r) => r.allowsCredentials.actual) ||
      anyPreflight.some((r) => r.allowsCredentials.preflight);
    const severity = (id: 'wildcard-credentials' | 'wildcard-origin') => ruleSeverity(id, false);
    if (askedCredentials)
      this.findings.add('wildcard-credentials', origin, evidence, {
        credentials: true,
        preflight,
        severity: severity('wildcard-credentials'),
        notes: [],
      });
    // Either way, any page reads the response without credentials (real Chromium confirms it).
    const v = { credentials: false, preflight, severity: severity('wildcard-origin'), notes: [] };
    this.findings.add('wildcard-origin', origin, evidence, v);
  }

  /** What the origin's scripts may read: the names Expose-Headers lists (all of them for `*`). */
  private exposed(origin: string, readings: readonly ProbeReading[]): void {
    const r = readings.find((x) => x.read !== 'none');
    if (!r) return;
    const headers = r.actual.response.headers;
    const listed = (getCombined(headers, 'access-control-expose-headers') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // `*` exposes every header of a response read without credentials.
    const wildcard = listed.includes('*') && r.read !== 'credentialed';
    const names = wildcard
      ? headers.map(([n]) => n).filter((n) => !isCorsSafelistedResponseHeaderName(n))
      : listed;
    const credentials = r.read === 'credentialed';
    const setCookie = listed.filter((n) => isForbiddenResponseHeaderName(n));
    if (setCookie.length > 0 && !this.findings.has('set-cookie-exposed'))
      this.findings.add('set-cookie-exposed', origin, evidenceOf(r), {
        credentials,
        preflight: false,
        severity: ruleSeverity('set-cookie-exposed', credentials),
        notes: [`Listed: ${setCookie.join(', ')}.`],
      });
    const sensitive = [
      ...new Set(names.filter((n) => isSensitiveHeaderName(n) && !isForbiddenResponseHeaderName(n))),
    ];
    if (sensitive.length === 0 || this.findings.has('sensitive-exposed-header')) return;
    const via = wildcard ? ' (Access-Control-Expose-Headers: * exposes every header of this response)' : '';
    this.findings.add('sensitive-exposed-header', origin, evidenceOf(r), {
      credentials,
      preflight: false,
      severity: ruleSeverity('sensitive-exposed-header', credentials),
      notes: [`Exposed: ${sensitive.join(', ')}${via}.`],
    });
  }
}
