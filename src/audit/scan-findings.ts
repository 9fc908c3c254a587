// The findings of one target as scan collects them: each id once, the broader one kept, worst first.
import { FINDING_TEXT } from './finding-text.js';
import type { Evidence, Finding, FindingId, Severity } from './types.js';
import { SEVERITIES } from './types.js';

/** Findings implied by a broader one: reported once, under the broader id. */
const SUBSUMED_BY: Partial<Record<FindingId, readonly FindingId[]>> = {
  'origin-reflection': [
    'pre-domain-bypass',
    'post-domain-bypass',
    'unescaped-dot-bypass',
    'special-char-bypass',
    'any-subdomain',
    'insecure-origin',
    'third-party-origin',
    'localhost-origin',
  ],
  'post-domain-bypass': ['special-char-bypass'],
  // appxexample.com also ends with example.com: a suffix match explains it.
  'pre-domain-bypass': ['unescaped-dot-bypass'],
};

/**
 * A finding's facts, before its text.
 *
 * @example
 * const v: Verdict = { credentials: true, preflight: false, severity: 'high', notes: [] };
 */
export interface Verdict {
  readonly credentials: boolean;
  readonly preflight: boolean;
  readonly severity: Severity;
  readonly notes: readonly string[];
  /** Proved by an origin inside the trusted registrable domain (a trusted subdomain explains it). */
  readonly sameSite?: boolean;
}

/**
 * The findings of one target: each id once (the first proof wins: probes run worst case first), the
 * broader one kept (SUBSUMED_BY; a trusted subdomain of a parent explains the same-site tricks under
 * that parent), worst first.
 *
 * @example
 * const set = new FindingSet('https://api.example.com/'); set.add('null-origin', 'null', [], verdict); set.result();
 */
export class FindingSet {
  private readonly list: (Finding & { sameSite: boolean })[] = [];
  private readonly seen = new Set<FindingId>();
  private readonly trustedParents: string[] = [];
  constructor(private readonly target: string) {}

  has(id: FindingId): boolean {
    return this.seen.has(id);
  }

  add(id: FindingId, origin: string, evidence: readonly Evidence[], v: Verdict): void {
    // A trusted `corsair-probe.<parent>` proves every subdomain of <parent> trusted.
    if (id === 'any-subdomain') this.trustedParents.push(new URL(origin).hostname.replace(/^[^.]+\./, '.'));
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const text = FINDING_TEXT[id];
    this.list.push({
      id,
      severity: v.severity,
      title: text.title,
      target: this.target,
      origin,
      credentials: v.credentials,
      preflight: v.preflight,
      description: [text.describe(origin, v.credentials), ...v.notes].join(' '),
      fix: text.fix,
      evidence,
      sameSite: v.sameSite === true,
    });
  }

  private explainedBySubdomains(origin: string): boolean {
    const host = new URL(origin).hostname;
    return this.trustedParents.some((parent) => host.endsWith(parent));
  }

  result(): Finding[] {
    let out = this.list;
    for (const [broad, narrow] of Object.entries(SUBSUMED_BY) as [FindingId, readonly FindingId[]][]) {
      if (this.seen.has(broad)) out = out.filter((f) => !narrow.includes(f.id));
    }
    out = out.filter((f) => !f.sameSite || !this.explainedBySubdomains(f.origin));
    return out
      .map(({ sameSite: _, ...f }) => f)
      .sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity));
  }
}
