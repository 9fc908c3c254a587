// The request-time engine: validated options in, a `decide` closure out. Everything that does not
// depend on the request is computed here once (Sets, Maps, header strings, frozen Vary lists).
// Fetch Standard §3.2 (CORS protocol) describes what the browser expects of these headers.
import type { HeaderLine, HeaderList } from '../exchange.js';
import { isCorsSafelistedMethod } from '../fetch/methods.js';
import { isToken, isTokenCodeUnit } from '../fetch/token.js';
import { parseSerializedOriginFast } from './origin-syntax.js';
import type { CorsPolicy, CorsRequest, Decision, HeaderGetter } from './types.js';
import type { AnalyzedOptions } from './validate.js';

/**
 * Longest Access-Control-Request-Headers value accepted; longer preflights are refused unread.
 *
 * @example
 * if (value.length > MAX_REQUEST_HEADERS_LENGTH) console.log('refused without parsing');
 */
export const MAX_REQUEST_HEADERS_LENGTH = 4096;

const NO_HEADERS: HeaderList = Object.freeze([]);

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
  const regexps = o.regexps;
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
    for (const re of regexps) if (re.test(origin)) return true;
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
function checkRequestHeaders(value: string, allowed: Set<string> | null): string | undefined {
  const n = value.length;
  if (n > MAX_REQUEST_HEADERS_LENGTH) {
    return `Access-Control-Request-Headers is ${n} characters long, more than the ${MAX_REQUEST_HEADERS_LENGTH} accepted`;
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
      return 'Access-Control-Request-Headers is not a comma-separated list of header names';
    }
    if (allowed !== null) {
      const name = value.slice(start, end).toLowerCase();
      if (!allowed.has(name)) return `the request header '${name}' is not in allowedHeaders`;
    }
  }
  return undefined;
}

/** A method in Access-Control-Request-Method: a token of a sane length (no method name is longer). */
function isRequestedMethod(s: string): boolean {
  return s.length <= 64 && isToken(s);
}

function freezeDecision(d: Decision): Decision {
  for (const line of d.headers) Object.freeze(line);
  Object.freeze(d.headers);
  return Object.freeze(d);
}

function readHeader(headers: HeaderList | HeaderGetter, name: string): string | null | undefined {
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
 * Compile validated options into a policy. Prefer `createCors`, which validates first.
 *
 * @example
 * const { options } = analyzeCorsOptions({ origins: ['https://app.example.com'] }, { isPublicSuffix: isListedPublicSuffix });
 * const policy = compilePolicy(options!);
 */
export function compilePolicy(o: AnalyzedOptions): CorsPolicy {
  const match = compileOriginMatcher(o);
  const isAsync = o.predicateList.length > 0;
  const credentials = o.credentials;
  const dependsOnOrigin = !o.anyOrigin;
  const debug = o.debugSink;

  const actualVary: readonly string[] = Object.freeze(dependsOnOrigin ? ['Origin'] : []);
  const optionsVary: readonly string[] = Object.freeze(
    dependsOnOrigin
      ? ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']
      : ['Access-Control-Request-Method', 'Access-Control-Request-Headers'],
  );
  const actualVaryValue = actualVary.join(', ');
  const optionsVaryValue = optionsVary.join(', ');

  // Lines that do not depend on the request.
  const credLine: HeaderLine | undefined = credentials
    ? ['Access-Control-Allow-Credentials', 'true']
    : undefined;
  const exposeValue =
    o.exposedHeaders === '*' ? '*' : o.exposedHeaders.length > 0 ? o.exposedHeaders.join(', ') : undefined;
  const actualTail: HeaderLine[] = [];
  if (credLine) actualTail.push(credLine);
  if (exposeValue !== undefined) actualTail.push(['Access-Control-Expose-Headers', exposeValue]);

  const methodSet = o.methods === '*' ? null : new Set(o.methods);
  const methodsValue = o.methods === '*' ? (credentials ? undefined : '*') : o.methods.join(', ');
  const headerSet = o.allowedHeaders === '*' ? null : new Set(o.allowedHeaders.map((h) => h.toLowerCase()));
  // `*` never covers Authorization (Fetch §3.2.5), so name it when "any" is meant.
  const headersValue =
    o.allowedHeaders === '*'
      ? credentials
        ? undefined
        : '*, Authorization'
      : o.allowedHeaders.length > 0
        ? o.allowedHeaders.join(', ')
        : undefined;
  // With credentials, `*` is read literally, so "any header" means echoing the validated request.
  const echoHeaders = o.allowedHeaders === '*' && credentials;
  const maxAgeLine: HeaderLine | undefined =
    o.maxAge !== undefined ? ['Access-Control-Max-Age', String(o.maxAge)] : undefined;

  const anyOriginLine: HeaderLine = ['Access-Control-Allow-Origin', '*'];
  const anyActualHeaders: HeaderList = Object.freeze([anyOriginLine, ...actualTail]);

  const notCorsActual: Decision = Object.freeze({
    kind: 'not-cors',
    allowed: true,
    headers: NO_HEADERS,
    vary: actualVary,
    varyValue: actualVaryValue,
  });
  const notCorsOptions: Decision = Object.freeze({
    kind: 'not-cors',
    allowed: true,
    headers: NO_HEADERS,
    vary: optionsVary,
    varyValue: optionsVaryValue,
  });
  const anyActual: Decision = Object.freeze({
    kind: 'actual',
    allowed: true,
    headers: anyActualHeaders,
    vary: actualVary,
    varyValue: actualVaryValue,
  });

  const refuse = (kind: 'actual' | 'preflight', reason: string): Decision => {
    const preflight = kind === 'preflight';
    if (debug) debug(reason);
    const headers: HeaderList = debug ? [['Corsair-Reason', reason]] : NO_HEADERS;
    const status = preflight && !o.preflightContinue ? 403 : undefined;
    const vary = preflight ? optionsVary : actualVary;
    const varyValue = preflight ? optionsVaryValue : actualVaryValue;
    if (status === undefined) return { kind, allowed: false, headers, vary, varyValue, reason };
    return debug
      ? {
          kind,
          allowed: false,
          status,
          headers,
          vary,
          varyValue,
          reason,
          body: `CORS preflight refused: ${reason}\n`,
        }
      : { kind, allowed: false, status, headers, vary, varyValue, reason };
  };

  const buildActual = (origin: string): Decision => {
    const headers: HeaderLine[] = [['Access-Control-Allow-Origin', origin]];
    for (const l of actualTail) headers.push(l);
    return { kind: 'actual', allowed: true, headers, vary: actualVary, varyValue: actualVaryValue };
  };
  // Exact origins are a closed set: their answers are built once, so the hot path allocates nothing.
  const exactActual = new Map<string, Decision>();
  for (const origin of o.exactOrigins) exactActual.set(origin, freezeDecision(buildActual(origin)));

  const finishActual = (origin: string, ok: boolean): Decision => {
    if (!ok) return refuse('actual', `the origin '${origin}' is not allowed`);
    if (o.anyOrigin) return anyActual;
    return exactActual.get(origin) ?? buildActual(origin);
  };

  // Access-Control-Request-Headers values seen recently and found acceptable: browsers send the same
  // few values again and again. Bounded, and cleared when full, so hostile values cannot grow it.
  const acceptedRequestHeaders = new Set<string>();
  const requestHeadersProblem = (acrh: string): string | undefined => {
    if (acceptedRequestHeaders.has(acrh)) return undefined;
    const problem = checkRequestHeaders(acrh, headerSet);
    if (problem === undefined) {
      if (acceptedRequestHeaders.size >= 256) acceptedRequestHeaders.clear();
      acceptedRequestHeaders.add(acrh);
    }
    return problem;
  };

  const buildPreflight = (origin: string, acrm: string, acrh: string | null | undefined): Decision => {
    const hasAcrh = acrh !== null && acrh !== undefined && acrh !== '';
    const headers: HeaderLine[] = [anyOriginLine];
    if (!o.anyOrigin) headers[0] = ['Access-Control-Allow-Origin', origin];
    if (credLine) headers.push(credLine);
    headers.push(['Access-Control-Allow-Methods', methodsValue ?? acrm]);
    if (headersValue !== undefined) headers.push(['Access-Control-Allow-Headers', headersValue]);
    else if (echoHeaders && hasAcrh) headers.push(['Access-Control-Allow-Headers', acrh]);
    if (maxAgeLine) headers.push(maxAgeLine);
    return o.preflightContinue
      ? { kind: 'preflight', allowed: true, headers, vary: optionsVary, varyValue: optionsVaryValue }
      : {
          kind: 'preflight',
          allowed: true,
          status: o.preflightStatus,
          headers,
          vary: optionsVary,
          varyValue: optionsVaryValue,
        };
  };
  // When nothing is echoed, an exact origin's allowed preflight answer is constant: build it once.
  const fixedPreflight = methodsValue !== undefined && !echoHeaders;
  const exactPreflight = new Map<string, Decision>();
  if (fixedPreflight) {
    for (const origin of o.exactOrigins)
      exactPreflight.set(origin, freezeDecision(buildPreflight(origin, '', null)));
  }
  const anyPreflight =
    fixedPreflight && o.anyOrigin ? freezeDecision(buildPreflight('*', '', null)) : undefined;

  const finishPreflight = (
    origin: string,
    ok: boolean,
    acrm: string,
    acrh: string | null | undefined,
  ): Decision => {
    if (!ok) return refuse('preflight', `the origin '${origin}' is not allowed`);
    if (!isRequestedMethod(acrm))
      return refuse('preflight', `Access-Control-Request-Method '${acrm.slice(0, 64)}' is not a method name`);
    if (methodSet !== null && !methodSet.has(acrm) && !isCorsSafelistedMethod(acrm)) {
      return refuse('preflight', `the method '${acrm}' is not in methods`);
    }
    if (acrh !== null && acrh !== undefined && acrh !== '') {
      const problem = requestHeadersProblem(acrh);
      if (problem !== undefined) return refuse('preflight', problem);
    }
    if (fixedPreflight) {
      const d = anyPreflight ?? exactPreflight.get(origin);
      if (d !== undefined) return d;
    }
    return buildPreflight(origin, acrm, acrh);
  };

  const checkOrigin = (origin: string): Match => {
    if (o.anyOrigin) return origin === 'null' || parseSerializedOriginFast(origin) !== null;
    return match(origin);
  };

  const decideValues = (
    method: string,
    origin: string | null | undefined,
    acrm: string | null | undefined,
    acrh: string | null | undefined,
  ): Decision | Promise<Decision> => {
    const isOptions = method === 'OPTIONS';
    if (origin === undefined || origin === null) return isOptions ? notCorsOptions : notCorsActual;
    if (!isOptions) {
      // The common case, an exact allowed origin: one Map lookup, nothing allocated.
      const exact = exactActual.get(origin);
      if (exact !== undefined) return exact;
    }
    if (isOptions && acrm !== undefined && acrm !== null) {
      const ok = checkOrigin(origin);
      if (typeof ok === 'boolean') return finishPreflight(origin, ok, acrm, acrh);
      return ok.then((r) => finishPreflight(origin, r, acrm, acrh));
    }
    const ok = checkOrigin(origin);
    if (typeof ok === 'boolean') {
      if (!isOptions) return finishActual(origin, ok);
      // A non-preflight OPTIONS still varies on the preflight headers.
      const d = finishActual(origin, ok);
      return { ...d, vary: optionsVary, varyValue: optionsVaryValue };
    }
    return ok.then((r) => {
      const d = finishActual(origin, r);
      return isOptions ? { ...d, vary: optionsVary, varyValue: optionsVaryValue } : d;
    });
  };

  const options = Object.freeze({
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

  return Object.freeze({
    options,
    isAsync,
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
    allowsOrigin(origin: string) {
      return checkOrigin(origin);
    },
  }) satisfies CorsPolicy;
}
