import { getAll, getCombined, type HeaderList, type HttpRequest, type HttpResponse } from '../exchange.js';
import { variesOn } from '../fetch/vary.js';
import { FINDING_TEXT } from './finding-text.js';
import { deriveProbes } from './probes.js';
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
}

/** What one response says about one origin, read the way a browser reads it. */
interface Reading {
  /** ACAO is exactly this origin, on one line. */
  readonly reflected: boolean;
  readonly wildcard: boolean;
  /** Access-Control-Allow-Credentials is exactly `true`. */
  readonly credentials: boolean;
  /** More than one ACAO line or a list in one line. */
  readonly malformed: boolean;
  readonly varyOrigin: boolean;
  readonly ok: boolean;
  readonly status: number;
}

// Fetch Standard §3.2.5 "CORS check": one value, byte-equal to the origin (or `*` without credentials).
function read(res: HttpResponse, origin: string): Reading {
  const acao = getAll(res.headers, 'access-control-allow-origin').map((v) => v.trim());
  const acac = getCombined(res.headers, 'access-control-allow-credentials');
  return {
    reflected: acao.length === 1 && acao[0] === origin,
    wildcard: acao.length === 1 && acao[0] === '*',
    credentials: acac === 'true',
    malformed: acao.length > 1 || (acao.length === 1 && /[ ,]/.test(acao[0] ?? '')),
    varyOrigin: variesOn(res.headers, 'origin'),
    ok: res.status >= 200 && res.status < 300,
    status: res.status,
  };
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

/**
 * Probe one target with crafted origins on actual (GET) and preflight (OPTIONS) requests and report every
 * finding, each with a severity rated by what a browser would really let an attacker do (credentials,
 * exposure, preflight, status), the origin that proved it, the evidence and the fix.
 *
 * @example
 * const http = createHttpTransport();
 * const result = await scanTarget('https://api.example.com/me', { send: http.send, trustedOrigin: 'https://app.example.com' });
 * for (const f of result.findings) console.log(f.severity, f.id, f.origin);
 */
export async function scanTarget(target: string, options: ScanOptions): Promise<TargetResult> {
  const probes = deriveProbes(target, options.trustedOrigin);
  let requests = 0;
  const send = async (req: HttpRequest) => {
    await options.beforeRequest?.(req);
    requests++;
    return options.send(req);
  };
  const findings: Finding[] = [];
  const seen = new Set<FindingId>();
  let varyChecked = false;
  let wildcardSeen = false;
  let malformedSeen = false;
  for (const probe of probes) {
    const actualReq: HttpRequest = {
      method: 'GET',
      url: target,
      headers: [['Accept', '*/*'], ['Origin', probe.origin], ...(options.headers ?? [])],
    };
    const actualRes = await send(actualReq);
    // Chromium's preflight for a PUT with a custom header (no credentials on a preflight, ever).
    const preReq: HttpRequest = {
      method: 'OPTIONS',
      url: target,
      headers: [
        ['Accept', '*/*'],
        ['Origin', probe.origin],
        ['Access-Control-Request-Method', 'PUT'],
        ['Access-Control-Request-Headers', 'x-corsair-probe'],
      ],
    };
    const preRes = await send(preReq);
    const a = read(actualRes, probe.origin);
    const p = read(preRes, probe.origin);
    const evidence: Evidence[] = [
      { kind: 'actual', exchange: { request: actualReq, response: actualRes } },
      { kind: 'preflight', exchange: { request: preReq, response: preRes } },
    ];
    const push = (
      id: FindingId,
      credentials: boolean,
      preflight: boolean,
      severity: Severity,
      notes: string[] = [],
    ) => {
      if (seen.has(id)) return;
      seen.add(id);
      const text = FINDING_TEXT[id];
      findings.push({
        id,
        severity,
        title: text.title,
        target,
        origin: probe.origin,
        credentials,
        preflight,
        description: [text.describe(probe.origin, credentials), ...notes].join(' '),
        fix: text.fix,
        evidence,
      });
    };

    if (!malformedSeen && (a.malformed || p.malformed)) {
      malformedSeen = true;
      push('malformed-allow-origin', false, p.malformed, 'low');
    }
    if (!wildcardSeen && (a.wildcard || p.wildcard)) {
      wildcardSeen = true;
      const creds = (a.wildcard && a.credentials) || (p.wildcard && p.credentials);
      if (creds) push('wildcard-credentials', true, p.wildcard, 'low');
      // Either way, any page reads the response without credentials (real Chromium confirms it).
      push('wildcard-origin', false, p.wildcard, 'info');
    }
    const readable = a.reflected;
    const preflightOpen = p.reflected && p.ok;
    // Missing Vary: a response that names one origin, cached by a shared cache, is served to others.
    if (!varyChecked && a.reflected && !a.varyOrigin) {
      varyChecked = true;
      const cc = (getCombined(actualRes.headers, 'cache-control') ?? '').toLowerCase();
      const uncacheable = /no-store|private/.test(cc);
      const sev: Severity = uncacheable ? 'info' : a.credentials ? 'medium' : 'low';
      push('missing-vary', a.credentials, false, sev);
    }
    if (probe.id === 'trusted' || !(readable || preflightOpen)) continue;

    const credentials = (readable && a.credentials) || (preflightOpen && p.credentials);
    const [withCreds, without] = BASE_SEVERITY[probe.id];
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
    const status = readable ? a.status : p.status;
    if (status === 404 || status >= 500) {
      severity = lower(severity);
      notes.push(`The endpoint answered ${status}, so it may expose little; rated one level lower.`);
    }
    push(probe.id, credentials, preflightOpen, severity, notes);
  }
  for (const [broad, narrow] of Object.entries(SUBSUMED_BY) as [FindingId, readonly FindingId[]][]) {
    if (!seen.has(broad)) continue;
    for (let i = findings.length - 1; i >= 0; i--) {
      const f = findings[i] as Finding;
      if (narrow.includes(f.id)) findings.splice(i, 1);
    }
  }
  findings.sort((x, y) => SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity));
  return { target, findings, error: null, requests };
}
