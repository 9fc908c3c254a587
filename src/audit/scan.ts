import { type BrowserProfile, browserProfiles } from '../browser/index.js';
import type { HeaderList, HttpRequest } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import { variesOn } from '../fetch/vary.js';
import { FINDING_TEXT } from './finding-text.js';
import { type ProbeReading, readProbe } from './probe-reading.js';
import { deriveProbes, type Probe } from './probes.js';
import type { Evidence, Finding, FindingId, Send, Severity, TargetResult } from './types.js';
import { SEVERITIES } from './types.js';

/**
 * Options of `scanTarget`.
 *
 * @example
 * const opts: ScanOptions = { send: http.send, trustedOrigin: 'https://app.example.com' };
 */
export interface ScanOptions {
  readonly send: Send;
  /** An origin the target legitimately trusts; attacker variants are derived from it. */
  readonly trustedOrigin?: string;
  /** Extra header lines for the actual requests (e.g. a session cookie for an authenticated endpoint). */
  readonly headers?: HeaderList;
  /** Called before each request (rate limiting). */
  readonly beforeRequest?: (request: HttpRequest) => Promise<void> | void;
  /**
   * The browser profiles that judge each answer; defaults to every shipped browser's
   * (`browserProfiles`). A finding is rated by the most permissive of them, and says so when they differ.
   */
  readonly profiles?: readonly BrowserProfile[];
}

const BASE_SEVERITY: Readonly<Record<FindingId, readonly [withCredentials: Severity, without: Severity]>> = {
  'origin-reflection': ['critical', 'low'],
  'null-origin': ['high', 'low'],
  'pre-domain-bypass': ['high', 'low'],
  'post-domain-bypass': ['high', 'low'],
  'unescaped-dot-bypass': ['high', 'low'],
  'third-party-origin': ['high', 'low'],
  // Only Safari builds origins with these characters.
  'special-char-bypass': ['medium', 'info'],
  'any-subdomain': ['medium', 'info'],
  'insecure-origin': ['medium', 'info'],
  'localhost-origin': ['medium', 'info'],
  'wildcard-credentials': ['low', 'low'],
  'missing-vary': ['medium', 'low'],
  'malformed-allow-origin': ['low', 'low'],
  'wildcard-origin': ['info', 'info'],
};

function lower(s: Severity, steps = 1): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + steps, SEVERITIES.length - 1)] as Severity;
}

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

/** A finding's facts, before its text. */
interface Verdict {
  readonly credentials: boolean;
  readonly preflight: boolean;
  readonly severity: Severity;
  readonly notes: readonly string[];
}

/** The findings of one target: each id once, the broader one kept (SUBSUMED_BY), worst first. */
class FindingSet {
  private readonly list: Finding[] = [];
  private readonly seen = new Set<FindingId>();
  constructor(private readonly target: string) {}

  add(id: FindingId, origin: string, evidence: readonly Evidence[], v: Verdict): void {
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
    });
  }

  result(): Finding[] {
    let out = this.list;
    for (const [broad, narrow] of Object.entries(SUBSUMED_BY) as [FindingId, readonly FindingId[]][]) {
      if (this.seen.has(broad)) out = out.filter((f) => !narrow.includes(f.id));
    }
    return out.sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity));
  }
}

/** Configuration findings are reported once per target, from the first probe that shows them. */
interface Reported {
  malformed: boolean;
  wildcard: boolean;
  vary: boolean;
}

function evidenceOf(r: ProbeReading): Evidence[] {
  return [
    { kind: 'actual', exchange: r.actual },
    { kind: 'preflight', exchange: r.preflight },
  ];
}

const named = (r: ProbeReading) => r.read === 'credentialed' || r.read === 'anonymous';

/**
 * Probe one target with crafted origins on actual (GET) and preflight (OPTIONS) requests built by the
 * browser engine, judge every answer with the engine under each browser profile, and report every
 * finding, each with a severity rated by what a browser would really let an attacker do (credentials,
 * exposure, preflight, status), the origin that proved it, the evidence and the fix.
 *
 * @example
 * const http = createHttpTransport();
 * const result = await scanTarget('https://api.example.com/me', { send: http.send, trustedOrigin: 'https://app.example.com' });
 * for (const f of result.findings) console.log(f.severity, f.id, f.origin);
 */
export async function scanTarget(target: string, options: ScanOptions): Promise<TargetResult> {
  let requests = 0;
  const send = async (req: HttpRequest) => {
    await options.beforeRequest?.(req);
    requests++;
    return options.send(req);
  };
  const profiles = options.profiles ?? browserProfiles;
  const findings = new FindingSet(target);
  const reported: Reported = { malformed: false, wildcard: false, vary: false };
  for (const probe of deriveProbes(target, options.trustedOrigin)) {
    const readings = await readProbe(target, probe.origin, { send, profiles, headers: options.headers });
    configurationFindings(readings, probe.origin, findings, reported);
    if (probe.id !== 'trusted') trustFinding(probe as Probe & { id: FindingId }, readings, findings);
  }
  return { target, findings: findings.result(), error: null, requests };
}

/** Several Access-Control-Allow-Origin values, `*` (with credentials), a named origin without Vary. */
function configurationFindings(
  readings: readonly ProbeReading[],
  origin: string,
  findings: FindingSet,
  reported: Reported,
): void {
  const evidence = evidenceOf(readings[0]!);
  const multiple = (f: { code: string } | null) => f?.code === 'MultipleAllowOriginValues';
  const malformedActual = readings.some((r) => multiple(r.readFailure));
  const malformedPreflight = readings.some((r) => multiple(r.preflightAccessFailure));
  if (!reported.malformed && (malformedActual || malformedPreflight)) {
    reported.malformed = true;
    const v = { credentials: false, preflight: malformedPreflight, severity: 'low', notes: [] } as const;
    findings.add('malformed-allow-origin', origin, evidence, v);
  }
  const anyActual = readings.filter((r) => r.read === 'any-origin');
  const anyPreflight = readings.filter((r) => r.preflightGrant === 'any-origin');
  if (!reported.wildcard && (anyActual.length > 0 || anyPreflight.length > 0)) {
    reported.wildcard = true;
    const preflight = anyPreflight.length > 0;
    const askedCredentials =
      anyActual.some((r) => r.allowsCredentials.actual) ||
      anyPreflight.some((r) => r.allowsCredentials.preflight);
    if (askedCredentials)
      findings.add('wildcard-credentials', origin, evidence, {
        credentials: true,
        preflight,
        severity: 'low',
        notes: [],
      });
    // Either way, any page reads the response without credentials (real Chromium confirms it).
    findings.add('wildcard-origin', origin, evidence, {
      credentials: false,
      preflight,
      severity: 'info',
      notes: [],
    });
  }
  // Missing Vary: a response that names one origin, cached by a shared cache, is served to others.
  const naming = readings.filter(named);
  if (!reported.vary && naming.length > 0 && !variesOn(naming[0]!.actual.response.headers, 'origin')) {
    reported.vary = true;
    const credentials = naming.some((r) => r.read === 'credentialed');
    const cc = (getCombined(naming[0]!.actual.response.headers, 'cache-control') ?? '').toLowerCase();
    const severity: Severity = /no-store|private/.test(cc) ? 'info' : credentials ? 'medium' : 'low';
    findings.add('missing-vary', origin, evidenceOf(naming[0]!), {
      credentials,
      preflight: false,
      severity,
      notes: [],
    });
  }
}

/**
 * The finding a crafted origin proves, rated by the most permissive browser (an attacker meets whichever
 * one the victim runs); the description names the browsers when they do not agree.
 */
function trustFinding(
  probe: Probe & { id: FindingId },
  readings: readonly ProbeReading[],
  findings: FindingSet,
) {
  const rated = readings
    .map((r) => ({ r, v: trustVerdict(probe.id, r) }))
    .filter((x): x is { r: ProbeReading; v: Verdict } => x.v !== null)
    .sort((a, b) => SEVERITIES.indexOf(a.v.severity) - SEVERITIES.indexOf(b.v.severity));
  const worst = rated[0];
  if (!worst) return;
  const differ = disagreement(readings);
  const notes = differ ? [...worst.v.notes, differ] : worst.v.notes;
  findings.add(probe.id, probe.origin, evidenceOf(worst.r), { ...worst.v, notes });
}

/** What one browser lets the crafted origin do, or null when it refuses both requests. */
function trustVerdict(id: FindingId, r: ProbeReading): Verdict | null {
  const readable = named(r);
  const preflightOpen = r.nonSimple.verdict !== 'refused';
  if (!readable && !preflightOpen) return null;
  const credentials = (readable && r.read === 'credentialed') || (preflightOpen && r.nonSimple.credentials);
  const [withCreds, without] = BASE_SEVERITY[id];
  let severity = credentials ? withCreds : without;
  const notes: string[] = [];
  if (!readable) {
    severity = lower(severity);
    notes.push(
      'Only the preflight trusts it: the attacker can send non-simple requests (PUT, DELETE, JSON bodies) but cannot read GET responses.',
    );
  } else if (!preflightOpen) {
    notes.push('The preflight refused it, so only simple requests (GET, HEAD, form POST) are exposed.');
  }
  if (preflightOpen && r.nonSimple.failure !== null) notes.push(preflightDetail(r));
  const status = readable ? r.actual.response.status : r.preflight.response.status;
  if (status === 404 || status >= 500) {
    severity = lower(severity);
    notes.push(`The endpoint answered ${status}, so it may expose little; rated one level lower.`);
  }
  return { credentials, preflight: preflightOpen, severity, notes };
}

/** Why a preflight that trusts the origin still refused the probe's PUT with a custom header. */
function preflightDetail(r: ProbeReading): string {
  const { verdict, failure } = r.nonSimple;
  return verdict === 'open'
    ? `With credentials the preflight refuses a PUT with a custom header (${failure}); without credentials it allows it.`
    : `The preflight trusts this origin but refuses a PUT with a custom header (${failure}): only the methods and headers it lists are open.`;
}

/** A sentence naming each browser's verdict, when the browsers do not all reach the same one. */
function disagreement(readings: readonly ProbeReading[]): string | null {
  const said = readings.map(summary);
  if (new Set(said).size <= 1) return null;
  return `Browsers differ: ${readings.map((r, i) => `${r.profile.label} ${said[i]}`).join('; ')}.`;
}

function summary(r: ProbeReading): string {
  const read = {
    credentialed: 'reads the response with credentials',
    anonymous: 'reads the response without credentials',
    'any-origin': 'reads the response without credentials, as any origin may',
    none: `refuses the response (${r.readFailure?.code})`,
  }[r.read];
  const { verdict, credentials, failure } = r.nonSimple;
  const preflight =
    verdict === 'open'
      ? `allows a PUT with a custom header${credentials ? ' with credentials' : ''}`
      : verdict === 'origin-trusted'
        ? `trusts the origin on the preflight but refuses a PUT with a custom header (${failure})`
        : 'refuses the preflight';
  return `${read} and ${preflight}`;
}
