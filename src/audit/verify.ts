import {
  type BrowserName,
  type BrowserProfile,
  browserProfiles,
  checkPreflightResponse,
  corsCheck,
} from '../browser/index.js';
import {
  getAll,
  getCombined,
  type HeaderLine,
  type HttpExchange,
  type HttpRequest,
  type HttpResponse,
} from '../exchange.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { parseVary } from '../fetch/vary.js';
import { createHttpTransport, type HttpTransportOptions } from '../http/transport.js';
import { createCors } from '../policy/create.js';
import { respondTo } from '../policy/respond.js';
import type { CorsOptions, CorsPolicy, NormalizedCorsOptions } from '../policy/types.js';
import { deriveProbes } from './probes.js';
import type { Send } from './types.js';

/**
 * One request `verify` sends and judges against the policy.
 *
 * @example
 * const c: VerifyCase = { name: 'exact origin https://app.example.com (preflight PUT)', kind: 'preflight', origin: 'https://app.example.com', method: 'PUT', headers: ['content-type'], credentials: true };
 */
export interface VerifyCase {
  readonly name: string;
  readonly kind: 'actual' | 'preflight';
  readonly origin: string | null;
  /** The actual request's method (for a preflight: the one Access-Control-Request-Method names). */
  readonly method: string;
  /** CORS-unsafe request header names (lowercase, sorted): what Access-Control-Request-Headers lists. */
  readonly headers: readonly string[];
  /** Whether the page sends credentials (`credentials: 'include'`). */
  readonly credentials: boolean;
}

/**
 * How a deployment differs from its policy.
 *
 * @example
 * const k: DriftKind = 'too-permissive';
 */
export type DriftKind =
  | 'too-permissive'
  | 'too-strict'
  | 'credentials'
  | 'exposed-headers'
  | 'max-age'
  | 'missing-vary';

/**
 * One difference between what the policy says and what the live endpoint did, with the evidence.
 *
 * @example
 * for (const d of result.drifts) console.log(d.kind, d.case.name, d.expected, d.actual);
 */
export interface Drift {
  readonly kind: DriftKind;
  readonly case: VerifyCase;
  readonly message: string;
  readonly expected: string;
  readonly actual: string;
  readonly exchange: HttpExchange;
}

/**
 * One browser profile's verdict on a case: under the policy's answer and under the live one.
 *
 * @example
 * const v: BrowserVerdict = { browser: 'firefox', expectedAllowed: true, actualAllowed: false };
 */
export interface BrowserVerdict {
  readonly browser: BrowserName;
  readonly expectedAllowed: boolean;
  readonly actualAllowed: boolean;
}

/**
 * A case, the live exchange, and whether the browsers would allow it under the policy and live.
 *
 * @example
 * result.cases.filter((r: CaseResult) => r.expectedAllowed !== r.actualAllowed);
 */
export interface CaseResult {
  readonly case: VerifyCase;
  /** Whether every browser profile allows the request under the policy's answer. */
  readonly expectedAllowed: boolean;
  /** Whether every browser profile allows the request under the live answer. */
  readonly actualAllowed: boolean;
  /** Each browser profile's verdicts (they can differ: the drift then names the browsers). */
  readonly browsers: readonly BrowserVerdict[];
  readonly exchange: HttpExchange;
  readonly drifts: readonly Drift[];
}

/**
 * The result of `verifyDeployment`.
 *
 * @example
 * const { ok, drifts } = await verifyDeployment('https://api.example.com/items', options);
 */
export interface VerifyResult {
  readonly ok: boolean;
  readonly url: string;
  readonly drifts: readonly Drift[];
  readonly cases: readonly CaseResult[];
}

/**
 * Options of `verifyDeployment`.
 *
 * @example
 * const opts: VerifyOptions = { send: myTransport.send };
 */
export interface VerifyOptions {
  /** Transport; without it a live HTTP transport is created (and closed) with `transport` options. */
  readonly send?: Send;
  readonly transport?: HttpTransportOptions;
  /** The browser profiles that judge each answer; defaults to every shipped browser's (`browserProfiles`). */
  readonly profiles?: readonly BrowserProfile[];
}

const UNLISTED_HEADER = 'x-corsair-unlisted';
const UNLISTED_METHODS = ['PATCH', 'DELETE', 'PUT', 'PURGE'];

/** Concrete origins that a wildcard pattern matches (and its apex, which it must not). */
function patternSamples(p: NormalizedCorsOptions['patterns'][number]): string[] {
  const port = p.anyPort ? ':5173' : p.port ? `:${p.port}` : '';
  const out: string[] = [];
  if (p.subdomains) {
    out.push(
      `${p.scheme}://corsair-verify.${p.host}${port}`,
      `${p.scheme}://a.b.${p.host}${port}`,
      `${p.scheme}://${p.host}${port}`,
    );
    out.push(
      `${p.scheme}://evil${p.host}${port}`,
      `${p.scheme}://corsair-verify.${p.host}.corsair-attacker.net${port}`,
    );
  } else {
    out.push(`${p.scheme}://${p.host}${port}`);
  }
  if (p.anyPort) out.push(`${p.scheme}://${p.host}`);
  return out;
}

/**
 * Derive the cases that matter for a policy: each exact origin and each pattern (with concrete samples),
 * near-miss origins that must be refused (the `scan` bypass classes), every configured method and header
 * (and one that is not configured), with and without credentials, as preflights and actual requests.
 *
 * @example
 * deriveVerifyCases(createCors({ origins: ['https://app.example.com'], methods: ['PUT'] }).options, 'https://api.example.com/').length; // > 10
 */
export function deriveVerifyCases(o: NormalizedCorsOptions, url: string): VerifyCase[] {
  const cases: VerifyCase[] = [];
  const seen = new Set<string>();
  const add = (c: VerifyCase) => {
    const key = `${c.kind} ${c.origin} ${c.method} ${c.headers.join(',')} ${c.credentials}`;
    if (!seen.has(key)) {
      seen.add(key);
      cases.push(c);
    }
  };
  const allowedOrigins = [...o.exactOrigins, ...o.patterns.flatMap(patternSamples)];
  if (o.anyOrigin) allowedOrigins.push('https://corsair-any.example');
  const configuredMethods =
    o.methods === '*' ? ['PUT', 'DELETE'] : o.methods.filter((m) => !isCorsSafelistedMethod(m));
  const configuredHeaders =
    o.allowedHeaders === '*' ? ['x-corsair-any'] : o.allowedHeaders.map((h) => h.toLowerCase());
  const unlistedMethod =
    o.methods === '*' ? null : (UNLISTED_METHODS.find((m) => !configuredMethods.includes(m)) ?? null);
  const credentials = o.credentials;

  for (const origin of allowedOrigins) {
    const label = o.exactOrigins.includes(origin) ? `origin ${origin}` : `pattern sample ${origin}`;
    add({ name: `${label}: GET`, kind: 'actual', origin, method: 'GET', headers: [], credentials });
    if (credentials === false)
      add({
        name: `${label}: GET with credentials`,
        kind: 'actual',
        origin,
        method: 'GET',
        headers: [],
        credentials: true,
      });
    for (const m of configuredMethods)
      add({
        name: `${label}: preflight ${m}`,
        kind: 'preflight',
        origin,
        method: m,
        headers: [],
        credentials,
      });
    if (configuredHeaders.length)
      add({
        name: `${label}: preflight with ${configuredHeaders.join(', ')}`,
        kind: 'preflight',
        origin,
        method: configuredMethods[0] ?? 'POST',
        headers: [...configuredHeaders].sort(),
        credentials,
      });
    if (unlistedMethod)
      add({
        name: `${label}: preflight ${unlistedMethod} (not in methods)`,
        kind: 'preflight',
        origin,
        method: unlistedMethod,
        headers: [],
        credentials,
      });
    if (o.allowedHeaders !== '*')
      add({
        name: `${label}: preflight with ${UNLISTED_HEADER} (not in allowedHeaders)`,
        kind: 'preflight',
        origin,
        method: 'POST',
        headers: [UNLISTED_HEADER],
        credentials,
      });
    else
      add({
        name: `${label}: preflight with authorization ('*' never covers it)`,
        kind: 'preflight',
        origin,
        method: 'POST',
        headers: ['authorization'],
        credentials,
      });
  }
  // Near misses: every bypass class `scan` knows, derived from each exact origin.
  const nearMiss = new Set<string>();
  for (const origin of o.exactOrigins.length ? o.exactOrigins : [new URL(url).origin]) {
    for (const p of deriveProbes(url, origin)) if (p.id !== 'trusted') nearMiss.add(p.origin);
    // A subdomain of the exact host itself (scan's any-subdomain probe sits under the registrable
    // domain): catches a deployment that trusts `*.app.example.com` when the policy lists only the host.
    const u = new URL(origin);
    if (!/^[\d.]+$|^\[/.test(u.hostname)) nearMiss.add(`${u.protocol}//corsair-verify.${u.host}`);
  }
  for (const origin of nearMiss) {
    add({
      name: `near-miss ${origin}: GET`,
      kind: 'actual',
      origin,
      method: 'GET',
      headers: [],
      credentials,
    });
    add({
      name: `near-miss ${origin}: preflight PUT`,
      kind: 'preflight',
      origin,
      method: 'PUT',
      headers: [],
      credentials,
    });
  }
  add({
    name: 'no Origin: GET',
    kind: 'actual',
    origin: null,
    method: 'GET',
    headers: [],
    credentials: false,
  });
  return cases;
}

/**
 * The request a browser sends for a case (Fetch Standard §4.8 "CORS-preflight fetch" for preflights).
 *
 * @example
 * caseRequest({ name: 'x', kind: 'preflight', origin: 'https://a.example', method: 'PUT', headers: [], credentials: false }, 'https://api.example/').method; // 'OPTIONS'
 */
export function caseRequest(c: VerifyCase, url: string): HttpRequest {
  const headers: HeaderLine[] = [['Accept', '*/*']];
  if (c.origin !== null) headers.push(['Origin', c.origin]);
  if (c.kind === 'preflight') {
    headers.push(['Access-Control-Request-Method', c.method]);
    if (c.headers.length) headers.push(['Access-Control-Request-Headers', c.headers.join(',')]);
    return { method: 'OPTIONS', url, headers };
  }
  return { method: c.method, url, headers };
}

/** The engine's verdict: the CORS check for an actual request, the CORS-preflight check for a preflight. */
function refusalOf(c: VerifyCase, res: HttpResponse, profile: BrowserProfile): string | null {
  if (c.origin === null) return null;
  if (c.kind === 'actual') return corsCheck(res.headers, c.origin, c.credentials, profile)?.code ?? null;
  const r = checkPreflightResponse(
    res,
    {
      origin: c.origin,
      include: c.credentials,
      method: c.method,
      unsafeHeaderNames: c.headers,
      hasAuthorization: c.headers.includes('authorization'),
    },
    profile,
  );
  return r.ok ? null : r.failure.code;
}

function tokens(res: HttpResponse, name: string): string[] {
  return (getCombined(res.headers, name) ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .sort();
}

/** The browsers' verdicts under each answer; the case drifts where some browser's verdicts differ. */
function judge(
  c: VerifyCase,
  expected: HttpResponse,
  exchange: HttpExchange,
  profiles: readonly BrowserProfile[],
): CaseResult {
  const actual = exchange.response;
  const verdicts = profiles.map((p) => ({
    profile: p,
    expectedAllowed: refusalOf(c, expected, p) === null,
    actualRefusal: refusalOf(c, actual, p),
  }));
  const browsers: BrowserVerdict[] = verdicts.map((v) => ({
    browser: v.profile.name,
    expectedAllowed: v.expectedAllowed,
    actualAllowed: v.actualRefusal === null,
  }));
  const expectedAllowed = browsers.every((b) => b.expectedAllowed);
  const actualAllowed = browsers.every((b) => b.actualAllowed);
  const drifts: Drift[] = [];
  const drift = (kind: DriftKind, message: string, exp: string, act: string) =>
    drifts.push({ kind, case: c, message, expected: exp, actual: act, exchange });
  const acao = (r: HttpResponse) => {
    const v = getAll(r.headers, 'access-control-allow-origin');
    return v.length ? `Access-Control-Allow-Origin: ${v.join(', ')}` : 'no Access-Control-Allow-Origin';
  };
  // "In Firefox ESR 153 only" when the browsers do not all see the difference.
  const only = (some: readonly { profile: BrowserProfile }[]) =>
    some.length < verdicts.length ? ` In ${some.map((v) => v.profile.label).join(' and ')} only.` : '';
  const permissive = verdicts.filter((v) => v.actualRefusal === null && !v.expectedAllowed);
  if (permissive.length > 0)
    drift(
      'too-permissive',
      `The deployment allows what the policy refuses: ${c.name}.${only(permissive)}`,
      `refused (${acao(expected)})`,
      `allowed (${acao(actual)})`,
    );
  const strict = verdicts.filter((v) => v.actualRefusal !== null && v.expectedAllowed);
  if (strict.length > 0)
    drift(
      'too-strict',
      `The deployment refuses what the policy allows: ${c.name}.${only(strict)}`,
      `allowed (${acao(expected)})`,
      `refused (${strict[0]!.actualRefusal}, status ${actual.status})`,
    );
  if (c.origin !== null && expectedAllowed && actualAllowed) headerDrifts(c, expected, actual, drift);
  // The Vary the policy sends for this answer must be there too, or caches mix origins.
  const ev = parseVary(getCombined(expected.headers, 'vary')).sort();
  const av = parseVary(getCombined(actual.headers, 'vary')).sort();
  if (ev.includes('origin') && !av.includes('origin') && !av.includes('*'))
    drift(
      'missing-vary',
      `Vary lacks Origin: ${c.name}.`,
      `Vary: ${ev.join(', ')}`,
      av.length ? `Vary: ${av.join(', ')}` : '(no Vary)',
    );
  return { case: c, expectedAllowed, actualAllowed, browsers, exchange, drifts };
}

/** Where both answers allow the request: the credentials, exposed headers and max-age they grant. */
function headerDrifts(
  c: VerifyCase,
  expected: HttpResponse,
  actual: HttpResponse,
  drift: (kind: DriftKind, message: string, exp: string, act: string) => void,
): void {
  const ec = getCombined(expected.headers, 'access-control-allow-credentials') ?? '(none)';
  const ac = getCombined(actual.headers, 'access-control-allow-credentials') ?? '(none)';
  if ((ec === 'true') !== (ac === 'true'))
    drift('credentials', `Access-Control-Allow-Credentials differs: ${c.name}.`, ec, ac);
  if (c.kind === 'actual') {
    const ee = tokens(expected, 'access-control-expose-headers').join(', ');
    const ae = tokens(actual, 'access-control-expose-headers').join(', ');
    if (ee !== ae)
      drift(
        'exposed-headers',
        `Access-Control-Expose-Headers differs: ${c.name}.`,
        ee || '(none)',
        ae || '(none)',
      );
  } else {
    const em = getCombined(expected.headers, 'access-control-max-age') ?? '(none)';
    const am = getCombined(actual.headers, 'access-control-max-age') ?? '(none)';
    if (em.trim() !== am.trim()) drift('max-age', `Access-Control-Max-Age differs: ${c.name}.`, em, am);
  }
}

/**
 * Check that a live endpoint behaves exactly as a policy says: derive the cases (`deriveVerifyCases`),
 * send each as a browser would, compute what the policy engine answers for the same request, and compare
 * what a browser would conclude from each (plus credentials, exposed headers, max-age and Vary).
 * Options are validated as `createCors` does (throws `CorsConfigError`).
 *
 * @example
 * const { ok, drifts } = await verifyDeployment('https://api.example.com/items', { origins: ['https://app.example.com'], credentials: true });
 * if (!ok) for (const d of drifts) console.log(d.kind, d.message);
 */
export async function verifyDeployment(
  url: string,
  options: CorsOptions | CorsPolicy,
  verifyOptions: VerifyOptions = {},
): Promise<VerifyResult> {
  const policy = createCors(options);
  const own = verifyOptions.send ? null : createHttpTransport(verifyOptions.transport);
  const send = verifyOptions.send ?? (own?.send as Send);
  const profiles = verifyOptions.profiles ?? browserProfiles;
  try {
    const cases = deriveVerifyCases(policy.options, url);
    const results: CaseResult[] = [];
    for (const c of cases) {
      const request = caseRequest(c, url);
      const expected = await respondTo(policy, request);
      const response = await send(request);
      results.push(judge(c, expected, { request, response }, profiles));
    }
    const drifts = results.flatMap((r) => r.drifts);
    return { ok: drifts.length === 0, url, drifts, cases: results };
  } finally {
    await own?.close();
  }
}
