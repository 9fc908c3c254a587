import { type BrowserProfile, browserProfiles } from '../browser/index.js';
import type { HeaderList, HttpRequest } from '../exchange.js';
import { ruleSeverity } from '../policy/rulebook.js';
import { type ProbeReading, readProbe } from './probe-reading.js';
import { deriveProbes, type Probe } from './probes.js';
import { ConfigurationFindings, evidenceOf, named } from './scan-config.js';
import { coverageOf, inferTrustedOrigin } from './scan-coverage.js';
import { FindingSet, type Verdict } from './scan-findings.js';
import type { FindingId, Send, Severity, TargetResult } from './types.js';
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

function lower(s: Severity, steps = 1): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + steps, SEVERITIES.length - 1)] as Severity;
}

/**
 * Probe one target with crafted origins on actual (GET) and preflight (OPTIONS) requests built by the
 * browser engine, judge every answer with the engine under each browser profile, and report every
 * finding, each with a severity rated by what a browser would really let an attacker do (credentials,
 * exposure, preflight, status), the origin that proved it, the evidence and the fix. Without
 * `trustedOrigin` the probes start from the target's own origin, and from an origin the target names in
 * Access-Control-Allow-Origin; `coverage` says which, and when classes were left untried.
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
  const config = new ConfigurationFindings(findings);
  const probed = new Set<string>();
  const run = async (probes: readonly Probe[]) => {
    for (const probe of probes) {
      if (probed.has(probe.origin)) continue;
      probed.add(probe.origin);
      const readings = await readProbe(target, probe.origin, { send, profiles, headers: options.headers });
      config.observe(probe.origin, readings);
      if (probe.id !== 'trusted') trustFinding(probe as Probe & { id: FindingId }, readings, findings);
    }
  };
  await run(deriveProbes(target, options.trustedOrigin));
  let coverage = coverageOf(target, options.trustedOrigin ? 'option' : 'target', options.trustedOrigin);
  const inferred = options.trustedOrigin ? null : inferTrustedOrigin(config.fixedOrigins, probed);
  if (inferred !== null) {
    await run(deriveProbes(target, inferred));
    coverage = coverageOf(target, 'allow-origin', inferred);
  }
  config.finish();
  const notes = coverage.note === null ? config.notes : [coverage.note, ...config.notes];
  return { target, findings: findings.result(), error: null, requests, coverage, notes };
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
    .map((r) => ({ r, v: trustVerdict(probe, r) }))
    .filter((x): x is { r: ProbeReading; v: Verdict } => x.v !== null)
    .sort((a, b) => SEVERITIES.indexOf(a.v.severity) - SEVERITIES.indexOf(b.v.severity));
  const worst = rated[0];
  if (!worst) return;
  const differ = disagreement(readings);
  const notes = differ ? [...worst.v.notes, differ] : worst.v.notes;
  findings.add(probe.id, probe.origin, evidenceOf(worst.r), { ...worst.v, notes });
}

/** What one browser lets the crafted origin do, or null when it refuses both requests. */
function trustVerdict(probe: Probe & { id: FindingId }, r: ProbeReading): Verdict | null {
  const readable = named(r);
  const preflightOpen = r.nonSimple.verdict !== 'refused';
  if (!readable && !preflightOpen) return null;
  const credentials = (readable && r.read === 'credentialed') || (preflightOpen && r.nonSimple.credentials);
  let severity = ruleSeverity(probe.id, credentials, probe.sameSite === true);
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
  if (probe.sameSite)
    notes.push(
      `${probe.origin} is inside the trusted registrable domain, so an attacker first needs a page on one of its subdomains; rated lower than an attacker's own domain.`,
    );
  return { credentials, preflight: preflightOpen, severity, notes, sameSite: probe.sameSite === true };
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
