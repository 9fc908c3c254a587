// The request-time engine: validated options in, a `decide` closure out, in named steps: the origin
// matcher, the checks of a preflight's method and headers, the answers (answers.ts: precomputed header
// lines and prebuilt decisions), and `decideValues`, which only looks things up.
import type { HeaderList } from '../exchange.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { isToken, isTokenCodeUnit } from '../fetch/token.js';
import { parseSerializedOriginFast } from '../origin/fast.js';
import { type Answers, compileAnswers } from './answers.js';
import type { CorsPolicy, CorsRequest, Decision, HeaderGetter, NormalizedCorsOptions } from './types.js';
import type { AnalyzedOptions } from './validate.js';

/**
 * Longest Access-Control-Request-Headers value accepted; longer preflights are refused unread.
 *
 * @example
 * if (value.length > MAX_REQUEST_HEADERS_LENGTH) console.log('refused without parsing');
 */
export const MAX_REQUEST_HEADERS_LENGTH = 4096;

type Match = boolean | Promise<boolean>;

/** Build the origin matcher: O(1) for exact origins, O(labels) for any number of wildcard patterns. */
function compileOriginMatcher(o: AnalyzedOptions): (origin: string) => Match {
  const exact = new Set(o.exactOrigins);
  // `scheme://host` of any-port patterns without subdomains.
  const anyPortHosts = new Set<string>();
  // `scheme|port` (port '*' for any) → parent domains whose strict subdomains match.
  const subdomainSuffixes = new Map<string, Set<string>>();
  for (const p of o.patterns) {
    if (!p.subdomains) {
      anyPortHosts.add(`${p.scheme}://${p.host}`);
      continue;
    }
    const key = `${p.scheme}|${p.anyPort ? '*' : p.port}`;
    let set = subdomainSuffixes.get(key);
    if (set === undefined) {
      set = new Set();
      subdomainSuffixes.set(key, set);
    }
    set.add(p.host);
  }
  // Never the user's RegExp objects: their linear-time matchers (regexp-engine.ts), which only ever see
  // a well-formed serialized origin of bounded length (parseSerializedOriginFast, below).
  const regexps = o.regexpTests;
  const predicates = o.predicateList;
  const hasMore =
    anyPortHosts.size > 0 || subdomainSuffixes.size > 0 || regexps.length > 0 || predicates.length > 0;
  if (!hasMore) return (origin) => exact.has(origin);

  const subdomainMatch = (scheme: string, port: string, host: string): boolean => {
    const a = subdomainSuffixes.get(`${scheme}|${port}`);
    const b = subdomainSuffixes.get(`${scheme}|*`);
    if (a === undefined && b === undefined) return false;
    // Each parent of host, strictly below it: a.b.example.com → b.example.com, example.com, com.
    for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) {
      const parent = host.slice(i + 1);
      if (a?.has(parent) || b?.has(parent)) return true;
    }
    return false;
  };

  return (origin) => {
    if (exact.has(origin)) return true;
    const off = parseSerializedOriginFast(origin);
    if (off === null) return false;
    if (anyPortHosts.size > 0 && anyPortHosts.has(origin.slice(0, off.hostEnd))) return true;
    if (subdomainSuffixes.size > 0) {
      const scheme = origin.slice(0, off.schemeEnd);
      const host = origin.slice(off.hostStart, off.hostEnd);
      const port = off.hostEnd === origin.length ? '' : origin.slice(off.hostEnd + 1);
      if (subdomainMatch(scheme, port, host)) return true;
    }
    for (const test of regexps) if (test(origin)) return true;
    if (predicates.length === 0) return false;
    const pending: Promise<boolean>[] = [];
    for (const pred of predicates) {
      const r = pred(origin);
      if (r === true) return true;
      if (r !== false && typeof (r as Promise<boolean>)?.then === 'function')
        pending.push(r as Promise<boolean>);
    }
    if (pending.length === 0) return false;
    return Promise.all(pending).then((rs) => rs.includes(true));
  };
}

/**
 * Check every name of an Access-Control-Request-Headers value in one linear pass (no split, no regex).
 * Returns `undefined` when all are allowed, else the reason.
 */
function checkRequestHeaders(value: string, allowed: Set<string> | null): PreflightProblem | undefined {
  const n = value.length;
  if (n > MAX_REQUEST_HEADERS_LENGTH) {
    return {
      reason: `Access-Control-Request-Headers is ${n} characters long, more than the ${MAX_REQUEST_HEADERS_LENGTH} accepted`,
      unlisted: false,
    };
  }
  let i = 0;
  while (i < n) {
    // skip OWS and empty items
    let c = value.charCodeAt(i);
    while (i < n && (c === 32 || c === 9 || c === 44)) c = value.charCodeAt(++i);
    if (i >= n) break;
    const start = i;
    while (i < n && isTokenCodeUnit(value.charCodeAt(i))) i++;
    const end = i;
    while (i < n) {
      c = value.charCodeAt(i);
      if (c !== 32 && c !== 9) break;
      i++;
    }
    if (end === start || (i < n && value.charCodeAt(i) !== 44)) {
      return {
        reason: 'Access-Control-Request-Headers is not a comma-separated list of header names',
        unlisted: false,
      };
    }
    if (allowed !== null) {
      const name = value.slice(start, end).toLowerCase();
      if (!allowed.has(name))
        return { reason: `the request header '${name}' is not in allowedHeaders`, unlisted: true };
    }
  }
  return undefined;
}

/** A method in Access-Control-Request-Method: a token of a sane length (no method name is longer). */
function isRequestedMethod(s: string): boolean {
  return s.length <= 64 && isToken(s);
}

/**
 * A request header from ordered lines or a getter, repeated lines joined as Fetch "get" joins them.
 *
 * @example
 * readHeader([['Origin', 'https://a.example']], 'origin'); // 'https://a.example'
 */
export function readHeader(headers: HeaderList | HeaderGetter, name: string): string | null | undefined {
  if (!Array.isArray(headers)) return (headers as HeaderGetter).get(name);
  // Fetch "get": all lines joined by ', ' — a repeated Origin becomes 'a, b', which never matches.
  let out: string | undefined;
  for (const line of headers as HeaderList) {
    if (line[0].length === name.length && line[0].toLowerCase() === name) {
      out = out === undefined ? line[1] : `${out}, ${line[1]}`;
    }
  }
  return out;
}

/**
 * Why a preflight is refused. `unlisted`: a well-formed method or header name the policy does not list
 * (what a real browser asks for), as opposed to a malformed or oversized request.
 */
interface PreflightProblem {
  readonly reason: string;
  readonly unlisted: boolean;
}

/**
 * The checks of a preflight's Access-Control-Request-Method and -Headers against the policy: the
 * problem, or `undefined`.
 */
function compilePreflightCheck(
  o: AnalyzedOptions,
): (acrm: string, acrh: string | null | undefined) => PreflightProblem | undefined {
  const methodSet = o.methods === '*' ? null : new Set(o.methods);
  const headerSet = o.allowedHeaders === '*' ? null : new Set(o.allowedHeaders.map((h) => h.toLowerCase()));
  // Access-Control-Request-Headers values seen recently and found acceptable: browsers send the same
  // few values again and again. Bounded, and cleared when full, so hostile values cannot grow it.
  const acceptedRequestHeaders = new Set<string>();
  const requestHeadersProblem = (acrh: string): PreflightProblem | undefined => {
    if (acceptedRequestHeaders.has(acrh)) return undefined;
    const problem = checkRequestHeaders(acrh, headerSet);
    if (problem === undefined) {
      if (acceptedRequestHeaders.size >= 256) acceptedRequestHeaders.clear();
      acceptedRequestHeaders.add(acrh);
    }
    return problem;
  };
  return (acrm, acrh) => {
    if (!isRequestedMethod(acrm))
      return {
        reason: `Access-Control-Request-Method '${acrm.slice(0, 64)}' is not a method name`,
        unlisted: false,
      };
    if (methodSet !== null && !methodSet.has(acrm) && !isCorsSafelistedMethod(acrm)) {
      return { reason: `the method '${acrm}' is not in methods`, unlisted: true };
    }
    if (acrh !== null && acrh !== undefined && acrh !== '') return requestHeadersProblem(acrh);
    return undefined;
  };
}

type DecideValues = CorsPolicy['decideValues'];

const NO_ROUTES: CorsPolicy['routes'] = Object.freeze([]);

/** `decideValues`: classify the request, check the origin (maybe async), then look the answer up. */
function compileDecide(
  anyOrigin: boolean,
  checkOrigin: (origin: string) => Match,
  preflightProblem: (acrm: string, acrh: string | null | undefined) => PreflightProblem | undefined,
  answers: Answers,
): DecideValues {
  const {
    exactActual,
    notCorsActual,
    notCorsOptions,
    allowActual,
    allowPreflight,
    refuse,
    refuseUnlisted,
    asOptions,
  } = answers;
  // origins '*' answers every actual request alike, even one whose Origin is malformed (see answers.ts).
  const finishActual = (origin: string, ok: boolean): Decision =>
    ok || anyOrigin ? allowActual(origin) : refuse('actual', `the origin '${origin}' is not allowed`);
  const finishPreflight = (
    origin: string,
    ok: boolean,
    acrm: string,
    acrh: string | null | undefined,
  ): Decision => {
    if (!ok) return refuse('preflight', `the origin '${origin}' is not allowed`);
    const problem = preflightProblem(acrm, acrh);
    if (problem === undefined) return allowPreflight(origin, acrm, acrh);
    return problem.unlisted
      ? refuseUnlisted(origin, acrm, problem.reason)
      : refuse('preflight', problem.reason);
  };

  return (method, origin, acrm, acrh) => {
    const isOptions = method === 'OPTIONS';
    if (origin === undefined || origin === null) return isOptions ? notCorsOptions : notCorsActual;
    if (!isOptions) {
      // The common case, an exact allowed origin: one Map lookup, nothing allocated.
      const exact = exactActual.get(origin);
      if (exact !== undefined) return exact;
    }
    const ok = checkOrigin(origin);
    if (isOptions && acrm !== undefined && acrm !== null) {
      if (typeof ok === 'boolean') return finishPreflight(origin, ok, acrm, acrh);
      return ok.then((r) => finishPreflight(origin, r, acrm, acrh));
    }
    if (typeof ok === 'boolean') {
      // A non-preflight OPTIONS still varies on the preflight headers.
      return isOptions ? asOptions(finishActual(origin, ok)) : finishActual(origin, ok);
    }
    return ok.then((r) => (isOptions ? asOptions(finishActual(origin, r)) : finishActual(origin, r)));
  };
}

/** The validated options as tools read them (`policy.options`), frozen. */
function normalizedOptions(o: AnalyzedOptions): NormalizedCorsOptions {
  return Object.freeze({
    anyOrigin: o.anyOrigin,
    exactOrigins: Object.freeze([...o.exactOrigins]),
    patterns: Object.freeze([...o.patterns]),
    regexps: Object.freeze([...o.regexps]),
    predicates: o.predicates,
    methods: o.methods === '*' ? '*' : Object.freeze([...o.methods]),
    allowedHeaders: o.allowedHeaders === '*' ? '*' : Object.freeze([...o.allowedHeaders]),
    exposedHeaders: o.exposedHeaders === '*' ? '*' : Object.freeze([...o.exposedHeaders]),
    credentials: o.credentials,
    maxAge: o.maxAge,
    preflightStatus: o.preflightStatus,
    preflightContinue: o.preflightContinue,
    allowInsecureOrigins: o.allowInsecureOrigins,
  } as const);
}

/**
 * Compile validated options into a policy. Prefer `createCors`, which validates first.
 *
 * @example
 * const { options } = analyzeCorsOptions({ origins: ['https://app.example.com'] }, { isPublicSuffix });
 * const policy = compilePolicy(options!);
 */
export function compilePolicy(o: AnalyzedOptions): CorsPolicy {
  const match = compileOriginMatcher(o);
  // With origins '*' any well-formed origin (or the opaque 'null') is allowed.
  const checkOrigin = (origin: string): Match =>
    o.anyOrigin ? origin === 'null' || parseSerializedOriginFast(origin) !== null : match(origin);
  const decideValues = compileDecide(o.anyOrigin, checkOrigin, compilePreflightCheck(o), compileAnswers(o));
  const options = normalizedOptions(o);
  return Object.freeze({
    options,
    defaults: options,
    routes: NO_ROUTES,
    isAsync: o.predicateList.length > 0,
    decideValues,
    decide(request: CorsRequest) {
      const h = request.headers;
      return decideValues(
        request.method,
        readHeader(h, 'origin'),
        readHeader(h, 'access-control-request-method'),
        readHeader(h, 'access-control-request-headers'),
      );
    },
    allowsOrigin: checkOrigin,
  }) satisfies CorsPolicy;
}
