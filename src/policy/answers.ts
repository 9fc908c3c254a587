// What a policy answers, worked out once from the options: the header lines and Vary lists that do not
// depend on the request, and the decisions that are the same every time (an exact origin's answers,
// the answers to any origin), so that deciding is a lookup. Fetch Standard §3.2 (CORS protocol)
// describes what the browser expects of these headers.
import type { HeaderLine, HeaderList } from '../exchange.js';
import type { Decision } from './types.js';
import type { AnalyzedOptions } from './validate.js';

const NO_HEADERS: HeaderList = Object.freeze([]);

/** The parts of every answer that depend only on the options. */
interface HeaderSets {
  /** Vary of a response to any request but OPTIONS, and of a response to OPTIONS. */
  readonly actualVary: readonly string[];
  readonly actualVaryValue: string;
  readonly optionsVary: readonly string[];
  readonly optionsVaryValue: string;
  readonly credLine: HeaderLine | undefined;
  /** The lines that follow Access-Control-Allow-Origin on an allowed actual response. */
  readonly actualTail: HeaderList;
  /** `undefined`: echo the requested method (`methods: '*'` with credentials). */
  readonly methodsValue: string | undefined;
  /** `undefined`: send no Access-Control-Allow-Headers, or echo the request's (`echoHeaders`). */
  readonly headersValue: string | undefined;
  readonly echoHeaders: boolean;
  readonly maxAgeLine: HeaderLine | undefined;
}

function precomputeHeaders(o: AnalyzedOptions): HeaderSets {
  const credentials = o.credentials;
  const actualVary: readonly string[] = Object.freeze(o.anyOrigin ? [] : ['Origin']);
  const optionsVary: readonly string[] = Object.freeze([
    ...actualVary,
    'Access-Control-Request-Method',
    'Access-Control-Request-Headers',
  ]);
  const credLine: HeaderLine | undefined = credentials
    ? ['Access-Control-Allow-Credentials', 'true']
    : undefined;
  const exposeValue =
    o.exposedHeaders === '*' ? '*' : o.exposedHeaders.length > 0 ? o.exposedHeaders.join(', ') : undefined;
  const actualTail: HeaderLine[] = [];
  if (credLine) actualTail.push(credLine);
  if (exposeValue !== undefined) actualTail.push(['Access-Control-Expose-Headers', exposeValue]);
  // `*` never covers Authorization (Fetch §3.2.5), so name it when "any" is meant.
  const anyHeaders = credentials ? undefined : '*, Authorization';
  return {
    actualVary,
    actualVaryValue: actualVary.join(', '),
    optionsVary,
    optionsVaryValue: optionsVary.join(', '),
    credLine,
    actualTail: Object.freeze(actualTail),
    methodsValue: o.methods === '*' ? (credentials ? undefined : '*') : o.methods.join(', '),
    headersValue:
      o.allowedHeaders === '*'
        ? anyHeaders
        : o.allowedHeaders.length > 0
          ? o.allowedHeaders.join(', ')
          : undefined,
    // With credentials, `*` is read literally, so "any header" means echoing the validated request.
    echoHeaders: o.allowedHeaders === '*' && credentials,
    maxAgeLine: o.maxAge !== undefined ? ['Access-Control-Max-Age', String(o.maxAge)] : undefined,
  };
}

function freezeDecision(d: Decision): Decision {
  for (const line of d.headers) Object.freeze(line);
  Object.freeze(d.headers);
  return Object.freeze(d);
}

/**
 * Every answer a compiled policy gives, by case. The `allow…` builders return a prebuilt, frozen
 * decision whenever the answer does not depend on the request beyond the origin.
 */
export interface Answers {
  /** Prebuilt allowed answers to actual requests from the exact origins: the hot path's one lookup. */
  readonly exactActual: ReadonlyMap<string, Decision>;
  /** No Origin: nothing to add but Vary (OPTIONS also varies on the preflight headers). */
  readonly notCorsActual: Decision;
  readonly notCorsOptions: Decision;
  allowActual(origin: string): Decision;
  /** An allowed preflight; `acrm` and `acrh` are already checked against the policy. */
  allowPreflight(origin: string, acrm: string, acrh: string | null | undefined): Decision;
  refuse(kind: 'actual' | 'preflight', reason: string): Decision;
  /**
   * A refused preflight from an allowed origin that asks for a method or header the policy does not
   * list: answered like an allowed one, naming what is allowed, so the browser's own console line names
   * the method or header (as the `cors` and `@fastify/cors` packages do) instead of a missing
   * Access-Control-Allow-Origin.
   */
  refuseUnlisted(origin: string, acrm: string, reason: string): Decision;
  /** The same answer for an OPTIONS request that is not a preflight (it varies like one). */
  asOptions(d: Decision): Decision;
}

/**
 * Work out every answer of a policy from its validated options.
 *
 * @example
 * const answers = compileAnswers(analyzed);
 * answers.allowActual('https://app.example.com').headers; // [['Access-Control-Allow-Origin', 'https://app.example.com'], …]
 */
export function compileAnswers(o: AnalyzedOptions): Answers {
  const h = precomputeHeaders(o);
  const allowActual = compileActualAnswers(o, h);
  const allowPreflight = compilePreflightAnswers(o, h);
  // With origins '*' every response says `Access-Control-Allow-Origin: *`, with or without Origin: a
  // cache (a CDN, the browser's HTTP cache) may store a response to a request without Origin and serve
  // it to any page, and nothing in it varies on Origin, so no Vary is needed either.
  const anyLines = o.anyOrigin ? allowActual.build('*').headers : NO_HEADERS;
  const notCors = (vary: readonly string[], varyValue: string): Decision =>
    Object.freeze({ kind: 'not-cors', allowed: true, headers: anyLines, vary, varyValue });
  return {
    exactActual: allowActual.exact,
    notCorsActual: notCors(h.actualVary, h.actualVaryValue),
    notCorsOptions: notCors(h.optionsVary, h.optionsVaryValue),
    allowActual: allowActual.build,
    allowPreflight,
    refuse: compileRefusal(o, h),
    refuseUnlisted: compileUnlistedRefusal(o, h),
    asOptions: (d) => ({ ...d, vary: h.optionsVary, varyValue: h.optionsVaryValue }),
  };
}

function compileActualAnswers(
  o: AnalyzedOptions,
  h: HeaderSets,
): { exact: ReadonlyMap<string, Decision>; build: (origin: string) => Decision } {
  const { actualTail, actualVary: vary, actualVaryValue: varyValue } = h;
  const make = (origin: string): Decision => {
    const headers: HeaderLine[] = [['Access-Control-Allow-Origin', origin]];
    for (const l of actualTail) headers.push(l);
    return { kind: 'actual', allowed: true, headers, vary, varyValue };
  };
  // Exact origins are a closed set: their answers are built once, so the hot path allocates nothing.
  const exact = new Map<string, Decision>();
  for (const origin of o.exactOrigins) exact.set(origin, freezeDecision(make(origin)));
  const any = freezeDecision(make('*'));
  return { exact, build: (origin) => (o.anyOrigin ? any : (exact.get(origin) ?? make(origin))) };
}

function compilePreflightAnswers(
  o: AnalyzedOptions,
  h: HeaderSets,
): (origin: string, acrm: string, acrh: string | null | undefined) => Decision {
  const { credLine, methodsValue, headersValue, echoHeaders, maxAgeLine } = h;
  const vary = h.optionsVary;
  const varyValue = h.optionsVaryValue;
  const make = (origin: string, acrm: string, acrh: string | null | undefined): Decision => {
    const headers: HeaderLine[] = [['Access-Control-Allow-Origin', o.anyOrigin ? '*' : origin]];
    if (credLine) headers.push(credLine);
    headers.push(['Access-Control-Allow-Methods', methodsValue ?? acrm]);
    if (headersValue !== undefined) headers.push(['Access-Control-Allow-Headers', headersValue]);
    else if (echoHeaders && acrh !== null && acrh !== undefined && acrh !== '')
      headers.push(['Access-Control-Allow-Headers', acrh]);
    if (maxAgeLine) headers.push(maxAgeLine);
    return o.preflightContinue
      ? { kind: 'preflight', allowed: true, headers, vary, varyValue }
      : { kind: 'preflight', allowed: true, status: o.preflightStatus, headers, vary, varyValue };
  };
  // When nothing is echoed, an exact origin's allowed preflight answer is constant: build it once.
  if (methodsValue === undefined || echoHeaders) return make;
  if (o.anyOrigin) {
    const any = freezeDecision(make('*', '', null));
    return () => any;
  }
  const exact = new Map<string, Decision>();
  for (const origin of o.exactOrigins) exact.set(origin, freezeDecision(make(origin, '', null)));
  return (origin, acrm, acrh) => exact.get(origin) ?? make(origin, acrm, acrh);
}

function compileRefusal(
  o: AnalyzedOptions,
  h: HeaderSets,
): (kind: 'actual' | 'preflight', reason: string) => Decision {
  const debug = o.debugSink;
  return (kind, reason) => {
    if (debug) debug(reason);
    const preflight = kind === 'preflight';
    const headers: HeaderList = debug ? [['Corsair-Reason', reason]] : NO_HEADERS;
    const vary = preflight ? h.optionsVary : h.actualVary;
    const varyValue = preflight ? h.optionsVaryValue : h.actualVaryValue;
    if (!preflight || o.preflightContinue) return { kind, allowed: false, headers, vary, varyValue, reason };
    const status = 403;
    if (!debug) return { kind, allowed: false, status, headers, vary, varyValue, reason };
    const body = `CORS preflight refused: ${reason}\n`;
    return { kind, allowed: false, status, headers, vary, varyValue, reason, body };
  };
}

function compileUnlistedRefusal(
  o: AnalyzedOptions,
  h: HeaderSets,
): (origin: string, acrm: string, reason: string) => Decision {
  const debug = o.debugSink;
  const { credLine, methodsValue, headersValue } = h;
  const vary = h.optionsVary;
  const varyValue = h.optionsVaryValue;
  return (origin, acrm, reason) => {
    if (debug) debug(reason);
    const headers: HeaderLine[] = [['Access-Control-Allow-Origin', o.anyOrigin ? '*' : origin]];
    if (credLine) headers.push(credLine);
    // `methods: '*'` with credentials echoes: here only a header can be unlisted, and acrm is a checked token.
    headers.push(['Access-Control-Allow-Methods', methodsValue ?? acrm]);
    // Never echo the request's headers on a refusal; no Max-Age, so nothing of it is cached longer than 5 s.
    if (headersValue !== undefined) headers.push(['Access-Control-Allow-Headers', headersValue]);
    if (debug) headers.push(['Corsair-Reason', reason]);
    // An ok status: a 403 would make the browser report the status, not the method or header.
    return o.preflightContinue
      ? { kind: 'preflight', allowed: false, headers, vary, varyValue, reason }
      : { kind: 'preflight', allowed: false, status: o.preflightStatus, headers, vary, varyValue, reason };
  };
}
