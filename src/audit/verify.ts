import {
  type BrowserName,
  type BrowserProfile,
  browserProfiles,
  buildActualRequest,
  buildPreflightRequest,
  checkPreflightResponse,
  chromium,
  classifyRequest,
  corsCheck,
} from '../browser/index.js';
import { getAll, type HttpExchange, type HttpRequest, type HttpResponse } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { parseVary } from '../fetch/vary.js';
import { createHttpTransport, type HttpTransportOptions } from '../http/transport.js';
import { createCors } from '../policy/create.js';
import { respondTo } from '../policy/respond.js';
import type { CorsOptions, CorsPolicy, NormalizedCorsOptions } from '../policy/types.js';
import { type PolicyWarning, policyWarnings } from '../policy/validate/warnings.js';
import { corsPageRequest } from './page-request.js';
import { deriveProbes } from './probes.js';
import type { Send } from './types.js';
import { type RouteTarget, routeTargets } from './verify-routes.js';

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
  /** With a policy with routes: the route whose policy decides the case (`(no route)`: none matches). */
  readonly route?: string;
  /** The URL the case was sent to. */
  readonly url: string;
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
  /**
   * The policy's own risks (the rulebook's warnings, as `createCors` and `generate` give them): a
   * deployment that matches a risky policy faithfully is still risky. They never change `ok`.
   */
  readonly warnings: readonly PolicyWarning[];
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
  const cases = new CaseList();
  const allowedOrigins = [...o.exactOrigins, ...o.patterns.flatMap(patternSamples)];
  if (o.anyOrigin) allowedOrigins.push('https://corsair-any.example');
  const shape = caseShape(o);
  for (const origin of allowedOrigins) {
    const label = o.exactOrigins.includes(origin) ? `origin ${origin}` : `pattern sample ${origin}`;
    allowedOriginCases(cases, o, shape, origin, label);
  }
  const first = allowedOrigins[0];
  if (first !== undefined) beyondPolicyCases(cases, o, first);
  for (const origin of nearMissOrigins(o, url)) {
    const base = { origin, headers: [], credentials: o.credentials } as const;
    cases.add({ ...base, name: `near-miss ${origin}: GET`, kind: 'actual', method: 'GET' });
    cases.add({ ...base, name: `near-miss ${origin}: preflight PUT`, kind: 'preflight', method: 'PUT' });
  }
  const own = { origin: null, headers: [], credentials: false } as const;
  cases.add({ ...own, name: 'no Origin: GET', kind: 'actual', method: 'GET' });
  return cases.list;
}

/** Cases in order, each request shape once. */
class CaseList {
  readonly list: VerifyCase[] = [];
  private readonly seen = new Set<string>();

  add(c: VerifyCase): void {
    // JSON keeps the origin `null` (no Origin header) apart from the origin 'null' (an opaque page).
    const key = JSON.stringify([c.kind, c.origin, c.method, c.headers, c.credentials]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(c);
  }
}

/** What the policy's cases ask for: its methods and headers, and one of each it does not list. */
interface CaseShape {
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  readonly unlistedMethod: string | null;
}

function caseShape(o: NormalizedCorsOptions): CaseShape {
  const methods = o.methods === '*' ? ['PUT', 'DELETE'] : o.methods.filter((m) => !isCorsSafelistedMethod(m));
  const headers = o.allowedHeaders === '*' ? ['x-corsair-any'] : o.allowedHeaders.map((h) => h.toLowerCase());
  const unlistedMethod =
    o.methods === '*' ? null : (UNLISTED_METHODS.find((m) => !methods.includes(m)) ?? null);
  return { methods, headers, unlistedMethod };
}

/** The cases of one origin the policy allows: GET, each method and the headers, and what it does not list. */
function allowedOriginCases(
  cases: CaseList,
  o: NormalizedCorsOptions,
  shape: CaseShape,
  origin: string,
  label: string,
): void {
  const credentials = o.credentials;
  const preflight = (name: string, method: string, headers: readonly string[]) =>
    cases.add({ name: `${label}: ${name}`, kind: 'preflight', origin, method, headers, credentials });
  cases.add({ name: `${label}: GET`, kind: 'actual', origin, method: 'GET', headers: [], credentials });
  if (credentials === false) {
    const name = `${label}: GET with credentials`;
    cases.add({ name, kind: 'actual', origin, method: 'GET', headers: [], credentials: true });
  }
  for (const m of shape.methods) preflight(`preflight ${m}`, m, []);
  if (shape.headers.length)
    preflight(
      `preflight with ${shape.headers.join(', ')}`,
      shape.methods[0] ?? 'POST',
      [...shape.headers].sort(),
    );
  if (shape.unlistedMethod)
    preflight(`preflight ${shape.unlistedMethod} (not in methods)`, shape.unlistedMethod, []);
  if (o.allowedHeaders !== '*')
    preflight(`preflight with ${UNLISTED_HEADER} (not in allowedHeaders)`, 'POST', [UNLISTED_HEADER]);
  else preflight(`preflight with authorization ('*' never covers it)`, 'POST', ['authorization']);
}

/**
 * What deployments commonly allow beyond a policy, asked from the first allowed origin only (at most
 * eight cases, so the probe count stays bounded): the methods people add to a server (PUT, DELETE,
 * PATCH) and a made-up one (a server that echoes Access-Control-Request-Method allows anything), and
 * the headers people add (Authorization, X-API-Key, X-Requested-With, Content-Type: application/json).
 */
export const BEYOND_POLICY = {
  methods: ['PUT', 'DELETE', 'PATCH', 'CORSAIR-VERIFY'],
  headers: ['authorization', 'x-api-key', 'x-requested-with', 'content-type'],
} as const;

function beyondPolicyCases(cases: CaseList, o: NormalizedCorsOptions, origin: string): void {
  const credentials = o.credentials;
  const add = (name: string, method: string, headers: readonly string[]) =>
    cases.add({
      name: `beyond the policy, ${origin}: ${name}`,
      kind: 'preflight',
      origin,
      method,
      headers,
      credentials,
    });
  if (o.methods !== '*')
    for (const m of BEYOND_POLICY.methods) if (!o.methods.includes(m)) add(`preflight ${m}`, m, []);
  const listed = o.allowedHeaders === '*' ? ['*'] : o.allowedHeaders.map((h) => h.toLowerCase());
  for (const h of BEYOND_POLICY.headers)
    if (!listed.includes(h) && (h === 'authorization' || !listed.includes('*')))
      add(`preflight with ${h === 'content-type' ? 'content-type: application/json' : h}`, 'POST', [h]);
}

/**
 * Origins that must be refused: every bypass class `scan` knows, derived from each exact origin, and a
 * subdomain of each exact host (scan's any-subdomain probe sits under the registrable domain): it catches
 * a deployment that trusts `*.app.example.com` when the policy lists only the host.
 */
function nearMissOrigins(o: NormalizedCorsOptions, url: string): Set<string> {
  const nearMiss = new Set<string>();
  for (const origin of o.exactOrigins.length ? o.exactOrigins : [new URL(url).origin]) {
    for (const p of deriveProbes(url, origin)) if (p.id !== 'trusted') nearMiss.add(p.origin);
    const u = new URL(origin);
    if (!/^[\d.]+$|^\[/.test(u.hostname)) nearMiss.add(`${u.protocol}//corsair-verify.${u.host}`);
  }
  return nearMiss;
}

// '@' is a CORS-unsafe request-header byte and in no safelisted value: any name sent with it is
// CORS-unsafe in every profile, so the preflight lists exactly the case's names.
const UNSAFE_VALUE = 'corsair@verify';

/**
 * The request a browser sends for a case, built by the browser engine for `profile` (Fetch Standard
 * §4.8 "CORS-preflight fetch" for preflights); a case without Origin is the page's own same-origin GET.
 *
 * @example
 * caseRequest({ name: 'x', kind: 'preflight', origin: 'https://a.example', method: 'PUT', headers: [], credentials: false }, 'https://api.example/').method; // 'OPTIONS'
 */
export function caseRequest(c: VerifyCase, url: string, profile: BrowserProfile = chromium): HttpRequest {
  const credentials = c.credentials ? 'include' : 'omit';
  if (c.origin === null) {
    const own = classifyRequest(
      { pageOrigin: new URL(url).origin, url, method: c.method, credentials },
      profile,
    );
    return buildActualRequest(own, own.origin);
  }
  // Content-Type carries what pages send (JSON); any other name carries a value no safelist accepts.
  const headers = c.headers.map(
    (name) => [name, name === 'content-type' ? 'application/json' : UNSAFE_VALUE] as const,
  );
  const page = corsPageRequest(url, c.origin, { method: c.method, headers, credentials }, profile);
  return c.kind === 'preflight' ? buildPreflightRequest(page, c.origin) : buildActualRequest(page, c.origin);
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

/** What the policy and the deployment answered to the request one profile's browser sends. */
interface Answer {
  readonly profile: BrowserProfile;
  readonly expected: HttpResponse;
  readonly exchange: HttpExchange;
}

/** The browsers' verdicts under each answer; the case drifts where some browser's verdicts differ. */
function judge(c: VerifyCase, url: string, answers: readonly Answer[]): CaseResult {
  const verdicts = answers.map((a) => ({
    ...a,
    expectedAllowed: refusalOf(c, a.expected, a.profile) === null,
    actualRefusal: refusalOf(c, a.exchange.response, a.profile),
  }));
  const browsers: BrowserVerdict[] = verdicts.map((v) => ({
    browser: v.profile.name,
    expectedAllowed: v.expectedAllowed,
    actualAllowed: v.actualRefusal === null,
  }));
  const expectedAllowed = browsers.every((b) => b.expectedAllowed);
  const actualAllowed = browsers.every((b) => b.actualAllowed);
  // Evidence and the header comparisons come from the first profile's exchange (they are one request
  // unless the browsers build different ones).
  const { expected, exchange } = answers[0]!;
  const actual = exchange.response;
  const drifts: Drift[] = [];
  const drift = (kind: DriftKind, message: string, exp: string, act: string, ex = exchange) =>
    drifts.push({ kind, case: c, message, expected: exp, actual: act, exchange: ex });
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
      `refused (${acao(permissive[0]!.expected)})`,
      `allowed (${acao(permissive[0]!.exchange.response)})`,
      permissive[0]!.exchange,
    );
  const strict = verdicts.filter((v) => v.actualRefusal !== null && v.expectedAllowed);
  if (strict.length > 0)
    drift(
      'too-strict',
      `The deployment refuses what the policy allows: ${c.name}.${only(strict)}`,
      `allowed (${acao(strict[0]!.expected)})`,
      `refused (${strict[0]!.actualRefusal}, status ${strict[0]!.exchange.response.status})`,
      strict[0]!.exchange,
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
  return { case: c, url, expectedAllowed, actualAllowed, browsers, exchange, drifts };
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

/** Each profile's request for a case, answered by the policy and the deployment; a request the
 * profiles build alike goes on the wire once. */
async function answersFor(
  c: VerifyCase,
  url: string,
  policy: CorsPolicy,
  send: Send,
  profiles: readonly BrowserProfile[],
): Promise<Answer[]> {
  const answered = new Map<string, Omit<Answer, 'profile'>>();
  const answers: Answer[] = [];
  for (const profile of profiles) {
    const request = caseRequest(c, url, profile);
    const key = JSON.stringify([request.method, request.url, request.headers]);
    let answer = answered.get(key);
    if (!answer) {
      const expected = await respondTo(policy, request);
      answer = { expected, exchange: { request, response: await send(request) } };
      answered.set(key, answer);
    }
    answers.push({ profile, ...answer });
  }
  return answers;
}

/**
 * The cases of a path where the policy sends no CORS headers (`cors: false`, or no route and no
 * defaults): the origins the policy trusts elsewhere, and one it never names, must all be refused.
 */
function offCases(policy: CorsPolicy): VerifyCase[] {
  const options = [policy.defaults, ...policy.routes.map((r) => r.options)];
  const origins = new Set(options.flatMap((o) => o?.exactOrigins ?? []));
  origins.add('https://corsair-verify.example');
  return [...origins].flatMap((origin): VerifyCase[] => [
    { name: `origin ${origin}: GET`, kind: 'actual', origin, method: 'GET', headers: [], credentials: true },
    {
      name: `origin ${origin}: preflight PUT`,
      kind: 'preflight',
      origin,
      method: 'PUT',
      headers: [],
      credentials: false,
    },
  ]);
}

/** The URLs verify probes and the options deciding each: one per route (and unrouted paths), or `url`. */
function targetsOf(policy: CorsPolicy, url: string): RouteTarget[] {
  return policy.routes.length > 0 ? routeTargets(policy, url) : [{ route: '', url, options: policy.options }];
}

/**
 * Check that a live endpoint behaves exactly as a policy says: derive the cases (`deriveVerifyCases`),
 * send each as a browser would, compute what the policy engine answers for the same request, and compare
 * what a browser would conclude from each (plus credentials, exposed headers, max-age and Vary).
 * With `routes`, the deployment at `url`'s origin is probed on one path per route and on one path no
 * route matches, each against its own policy (`cors: false` paths must answer without CORS headers).
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
    const results: CaseResult[] = [];
    for (const t of targetsOf(policy, url)) {
      const cases = t.options === null ? offCases(policy) : deriveVerifyCases(t.options, t.url);
      for (const raw of cases) {
        const c = t.route === '' ? raw : { ...raw, name: `${t.route}: ${raw.name}` };
        const result = judge(c, t.url, await answersFor(c, t.url, policy, send, profiles));
        results.push(t.route === '' ? result : { ...result, route: t.route });
      }
    }
    const drifts = results.flatMap((r) => r.drifts);
    return { ok: drifts.length === 0, url, drifts, cases: results, warnings: policyWarnings(policy) };
  } finally {
    await own?.close();
  }
}
