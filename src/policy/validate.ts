// Up-front validation: every problem is collected (jub0bs/cors style), each with the option, the JSON
// path, what is wrong and the fix. Nothing here runs per request. The Public Suffix List (tldts) is not
// imported here but passed in, so that the edge adapters (corsair/hono, corsair/fetch) stay small.

import {
  isForbiddenRequestHeaderName,
  isForbiddenResponseHeaderName,
  isHeaderName,
} from '../fetch/header-names.js';
import {
  CORS_SAFELISTED_METHODS,
  isForbiddenMethod,
  isMethod,
  NORMALIZED_METHODS,
} from '../fetch/methods.js';
import { diagnoseOrigin, isLoopbackHost, parsePattern } from './origin-config.js';
import type { CorsConfigIssue, NormalizedCorsOptions, OriginPattern, OriginPredicate } from './types.js';

/**
 * The option names `createCors` knows, in documentation order.
 *
 * @example
 * OPTION_NAMES.includes('origins'); // true
 */
export const OPTION_NAMES = [
  'origins',
  'methods',
  'allowedHeaders',
  'exposedHeaders',
  'credentials',
  'maxAge',
  'preflightStatus',
  'preflightContinue',
  'debug',
  'allowInsecureOrigins',
] as const;

// Names people bring from other middlewares (cors, @fastify/cors, hono/cors, @koa/cors, jub0bs/cors).
const ALIASES: Readonly<Record<string, string>> = {
  origin: 'origins',
  allowedorigins: 'origins',
  alloworigins: 'origins',
  alloworigin: 'origins',
  allowmethods: 'methods',
  allowedmethods: 'methods',
  method: 'methods',
  allowheaders: 'allowedHeaders',
  allowedrequestheaders: 'allowedHeaders',
  headers: 'allowedHeaders',
  exposeheaders: 'exposedHeaders',
  exposedresponseheaders: 'exposedHeaders',
  credentialed: 'credentials',
  allowcredentials: 'credentials',
  maxage: 'maxAge',
  maxageinseconds: 'maxAge',
  optionssuccessstatus: 'preflightStatus',
  strictpreflight: 'preflightContinue',
};

/**
 * Everything compilation needs, already normalized.
 *
 * @example
 * const { options } = analyzeCorsOptions({ origins: '*' }); // options?.anyOrigin === true
 */
export interface AnalyzedOptions extends NormalizedCorsOptions {
  readonly predicateList: readonly OriginPredicate[];
  readonly debugSink: ((reason: string) => void) | undefined;
}

/**
 * Issues, and the normalized options when there are none.
 *
 * @example
 * const { issues, options }: Analysis = analyzeCorsOptions({ origins: [] }); // options === undefined
 */
export interface Analysis {
  readonly issues: CorsConfigIssue[];
  readonly options: AnalyzedOptions | undefined;
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * The known option an unknown name most likely meant, or `undefined`.
 *
 * @example
 * suggestOption('allowHeaders'); // 'allowedHeaders'
 */
export function suggestOption(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/[-_]/g, '');
  const alias = ALIASES[lower];
  if (alias !== undefined) return alias;
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const o of OPTION_NAMES) {
    const d = levenshtein(lower, o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof RegExp) return `the RegExp ${String(v)}`;
  if (typeof v === 'string') return `'${v}'`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/**
 * Why a RegExp is unsafe as an origin matcher, or `undefined` when it is anchored at both ends, has no
 * top-level alternation escaping the anchors, no unescaped `.` standing for a dot, and no stateful flag.
 *
 * @example
 * regexProblem(/example\.com$/); // 'it is not anchored with ^ …'
 */
export function regexProblem(re: RegExp): string | undefined {
  if (re.global || re.sticky) {
    return `the flag '${re.global ? 'g' : 'y'}' makes test() stateful (lastIndex), so the same origin alternates between allowed and refused`;
  }
  const src = re.source;
  if (!src.startsWith('^') || !src.endsWith('$') || src.endsWith('\\$')) {
    return "it is not anchored with ^ at the start and $ at the end, so 'https://evil.com/?https://app.example.com' or 'https://app.example.com.evil.com' would match";
  }
  if (re.multiline) return "the flag 'm' makes ^ and $ match at line breaks";
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      return "a top-level '|' escapes the anchors (^a|b$ means ^a or b$); wrap the alternatives in a group: ^(?:a|b)$";
    } else if (c === '.') {
      const next = src[i + 1];
      if (next !== '*' && next !== '+' && next !== '?' && next !== '{') {
        return "it has an unescaped '.', which matches any character ('api.example.com' also matches 'apixexample.com'); write '\\.'";
      }
    }
  }
  return undefined;
}

/**
 * Whether a host is itself a public suffix (`com`, `github.io`); see public-suffix.ts.
 *
 * @example
 * const check: PublicSuffixCheck = (host) => host === 'com';
 */
export type PublicSuffixCheck = (host: string) => boolean;

/**
 * Validate and normalize in one pass (what `createCors` runs). Without `isPublicSuffix`, wildcard
 * subdomain patterns cannot be proven safe and are refused with a fix that says how to enable the check.
 *
 * @example
 * const { issues, options } = analyzeCorsOptions({ origins: ['https://app.example.com'] }, { isPublicSuffix: isListedPublicSuffix });
 */
export function analyzeCorsOptions(
  input: unknown,
  { root = '$', isPublicSuffix }: { root?: string; isPublicSuffix?: PublicSuffixCheck | undefined } = {},
): Analysis {
  const issues: CorsConfigIssue[] = [];
  const add = (code: string, option: string, path: string, message: string, fix?: string) =>
    issues.push(fix === undefined ? { code, option, path, message } : { code, option, path, message, fix });

  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    add(
      'POLICY_OPTIONS_TYPE',
      '(options)',
      root,
      `the options must be an object, got ${describe(input)}`,
      "pass an object such as { origins: ['https://app.example.com'] }",
    );
    return { issues, options: undefined };
  }
  const o = input as Record<string, unknown>;
  const suggested = new Set<string>();
  for (const key of Object.keys(o)) {
    if ((OPTION_NAMES as readonly string[]).includes(key) || key === '$schema') continue;
    const s = suggestOption(key);
    if (s !== undefined) suggested.add(s);
    add(
      'POLICY_UNKNOWN_OPTION',
      key,
      `${root}.${key}`,
      `unknown option '${key}'${s !== undefined ? ` (did you mean '${s}'?)` : ''}`,
      s !== undefined ? `rename '${key}' to '${s}'` : `remove it; known options: ${OPTION_NAMES.join(', ')}`,
    );
  }

  const bool = (name: string): boolean => {
    const v = o[name];
    if (v === undefined) return false;
    if (typeof v !== 'boolean') {
      add(
        'POLICY_OPTION_TYPE',
        name,
        `${root}.${name}`,
        `${name} must be true or false, got ${describe(v)}`,
        `set ${name}: true or remove it`,
      );
      return false;
    }
    return v;
  };
  const credentials = bool('credentials');
  const preflightContinue = bool('preflightContinue');
  const allowInsecureOrigins = bool('allowInsecureOrigins');

  // origins
  let anyOrigin = false;
  const exactOrigins: string[] = [];
  const patterns: OriginPattern[] = [];
  const regexps: RegExp[] = [];
  const predicateList: OriginPredicate[] = [];
  const ov = o.origins;
  const op = `${root}.origins`;
  if (ov === undefined) {
    // A misspelt 'origin' already says what to do; do not report it twice.
    if (!suggested.has('origins'))
      add(
        'POLICY_ORIGINS_MISSING',
        'origins',
        op,
        'origins is required: corsair never guesses which origins to trust',
        "set origins: ['https://app.example.com'] (or '*' for a public API without credentials)",
      );
  } else if (ov === '*') {
    anyOrigin = true;
    if (credentials) {
      add(
        'POLICY_WILDCARD_WITH_CREDENTIALS',
        'origins',
        op,
        "origins '*' cannot be combined with credentials: true (browsers refuse 'Access-Control-Allow-Origin: *' on credentialed requests, and reflecting any origin would let every site act as your users)",
        'list the origins you trust, or set credentials: false',
      );
    }
  } else if (!Array.isArray(ov)) {
    add(
      'POLICY_OPTION_TYPE',
      'origins',
      op,
      `origins must be '*' or an array, got ${describe(ov)}`,
      typeof ov === 'string' ? `use origins: ['${ov}']` : "use origins: ['https://app.example.com']",
    );
  } else if (ov.length === 0) {
    add(
      'POLICY_ORIGINS_EMPTY',
      'origins',
      op,
      'origins is empty, so no cross-origin request would ever be allowed',
      'list at least one origin, or remove the CORS middleware',
    );
  } else {
    const seen = new Set<string>();
    ov.forEach((entry: unknown, i: number) => {
      const p = `${op}[${i}]`;
      if (typeof entry === 'function') {
        predicateList.push(entry as OriginPredicate);
        return;
      }
      if (entry instanceof RegExp) {
        const problem = regexProblem(entry);
        if (problem !== undefined)
          add(
            'POLICY_REGEXP_UNSAFE',
            'origins',
            p,
            `the RegExp ${String(entry)} is unsafe: ${problem}`,
            'anchor it, e.g. /^https:\\/\\/(?:app|admin)\\.example\\.com$/, or list exact origins and patterns',
          );
        else regexps.push(entry);
        return;
      }
      if (typeof entry !== 'string') {
        add(
          'POLICY_OPTION_TYPE',
          'origins',
          p,
          `origins[${i}] must be a string, RegExp or function, got ${describe(entry)}`,
          "write the origin as a string, e.g. 'https://app.example.com'",
        );
        return;
      }
      if (entry === '*') {
        add(
          'POLICY_WILDCARD_IN_LIST',
          'origins',
          p,
          "'*' inside the origins list is ambiguous",
          "use origins: '*' (without credentials) or list origins only",
        );
        return;
      }
      if (seen.has(entry)) return;
      seen.add(entry);
      let scheme: string;
      let host: string;
      if (entry.includes('*')) {
        const r = parsePattern(entry);
        if (!r.ok) {
          add(r.code, 'origins', p, r.message, r.fix);
          return;
        }
        if (r.pattern.subdomains && isPublicSuffix === undefined) {
          add(
            'POLICY_PATTERN_NEEDS_PUBLIC_SUFFIX_LIST',
            'origins',
            p,
            `'${entry}' must be checked against the Public Suffix List, which this entry point does not bundle (it adds about 48 KB gzipped)`,
            "build the policy with createCors from 'corsair' and pass it in: cors(createCors({ origins: [...] }))",
          );
          return;
        }
        if (r.pattern.subdomains && isPublicSuffix?.(r.pattern.host)) {
          add(
            'ORIGIN_PATTERN_PUBLIC_SUFFIX',
            'origins',
            p,
            `'${entry}' covers the public suffix '${r.pattern.host}': anyone can register a site under it`,
            `list your own domain under it, e.g. '${r.pattern.scheme}://*.your-name.${r.pattern.host}'`,
          );
          return;
        }
        patterns.push(r.pattern);
        scheme = r.pattern.scheme;
        host = r.pattern.host;
      } else {
        const d = diagnoseOrigin(entry);
        if (!d.ok) {
          add(d.code, 'origins', p, d.message, d.fix);
          return;
        }
        exactOrigins.push(d.origin);
        scheme = d.scheme;
        host = d.host;
      }
      if (credentials && scheme === 'http' && !allowInsecureOrigins && !isLoopbackHost(host)) {
        add(
          'POLICY_INSECURE_ORIGIN',
          'origins',
          p,
          `'${entry}' is plain http with credentials: true; anyone on the network path can inject script into that origin and act as your users`,
          `use '${entry.replace(/^http:/, 'https:')}', or set allowInsecureOrigins: true if you accept the risk`,
        );
      }
    });
  }

  // methods
  let methods: '*' | string[] = [...CORS_SAFELISTED_METHODS];
  const mv = o.methods;
  if (mv === '*') methods = '*';
  else if (mv !== undefined) {
    if (!Array.isArray(mv)) {
      add(
        'POLICY_OPTION_TYPE',
        'methods',
        `${root}.methods`,
        `methods must be '*' or an array of method names, got ${describe(mv)}`,
        typeof mv === 'string'
          ? `use methods: [${mv
              .split(/[\s,]+/)
              .filter(Boolean)
              .map((m) => `'${m}'`)
              .join(', ')}]`
          : "use methods: ['GET', 'POST']",
      );
    } else {
      methods = [];
      mv.forEach((m: unknown, i: number) => {
        const p = `${root}.methods[${i}]`;
        if (typeof m !== 'string' || !isMethod(m)) {
          add(
            'POLICY_METHOD_INVALID',
            'methods',
            p,
            `${describe(m)} is not a valid method name (an HTTP token)`,
            typeof m === 'string' && /[\s,]/.test(m)
              ? `split it: ${m
                  .split(/[\s,]+/)
                  .filter(Boolean)
                  .map((x) => `'${x}'`)
                  .join(', ')}`
              : "use a name such as 'PUT'",
          );
          return;
        }
        const upper = m.toUpperCase();
        if (isForbiddenMethod(m)) {
          add(
            'POLICY_METHOD_FORBIDDEN',
            'methods',
            p,
            `'${m}' is a forbidden method: browsers never send it from a page`,
            `remove '${m}'`,
          );
          return;
        }
        if (m !== upper && NORMALIZED_METHODS.has(upper)) {
          add(
            'POLICY_METHOD_CASE',
            'methods',
            p,
            `'${m}' would never match: fetch() uppercases it to '${upper}' and browsers compare methods case-sensitively`,
            `use '${upper}'`,
          );
          return;
        }
        if (!(methods as string[]).includes(m)) (methods as string[]).push(m);
      });
    }
  }

  const headerList = (name: 'allowedHeaders' | 'exposedHeaders'): '*' | string[] => {
    const v = o[name];
    if (v === undefined) return [];
    if (v === '*') return '*';
    if (!Array.isArray(v)) {
      add(
        'POLICY_OPTION_TYPE',
        name,
        `${root}.${name}`,
        `${name} must be '*' or an array of header names, got ${describe(v)}`,
        typeof v === 'string'
          ? `use ${name}: [${v
              .split(/[\s,]+/)
              .filter(Boolean)
              .map((h) => `'${h}'`)
              .join(', ')}]`
          : `use ${name}: ['X-Request-Id']`,
      );
      return [];
    }
    const out: string[] = [];
    const seen = new Set<string>();
    v.forEach((h: unknown, i: number) => {
      const p = `${root}.${name}[${i}]`;
      if (typeof h !== 'string' || !isHeaderName(h) || h === '*') {
        add(
          'POLICY_HEADER_INVALID',
          name,
          p,
          `${describe(h)} is not a valid header name (an HTTP token)`,
          typeof h === 'string' && /[\s,]/.test(h)
            ? `split it or fix it: ${h
                .split(/[\s,]+/)
                .filter(Boolean)
                .map((x) => `'${x}'`)
                .join(', ')}`
            : h === '*'
              ? `use ${name}: '*'`
              : "use a name such as 'X-Request-Id'",
        );
        return;
      }
      const lower = h.toLowerCase();
      if (name === 'allowedHeaders' && isForbiddenRequestHeaderName(lower)) {
        add(
          'POLICY_HEADER_FORBIDDEN',
          name,
          p,
          `'${h}' is a forbidden request header: the browser sets it itself and a page can never send it, so listing it does nothing`,
          `remove '${h}'${lower === 'cookie' ? '; cookies travel with credentials: true' : ''}`,
        );
        return;
      }
      if (name === 'exposedHeaders' && isForbiddenResponseHeaderName(lower)) {
        add(
          'POLICY_HEADER_FORBIDDEN',
          name,
          p,
          `'${h}' can never be exposed to a page (browsers filter it out)`,
          `remove '${h}'`,
        );
        return;
      }
      if (!seen.has(lower)) {
        seen.add(lower);
        out.push(h);
      }
    });
    return out;
  };
  const allowedHeaders = headerList('allowedHeaders');
  const exposedHeaders = headerList('exposedHeaders');
  if (exposedHeaders === '*' && credentials) {
    add(
      'POLICY_EXPOSE_WILDCARD_WITH_CREDENTIALS',
      'exposedHeaders',
      `${root}.exposedHeaders`,
      "exposedHeaders '*' is read literally (a header named '*') on credentialed requests, so nothing would be exposed",
      "list the header names, e.g. exposedHeaders: ['X-Request-Id']",
    );
  }

  let maxAge: number | undefined;
  if (o.maxAge !== undefined) {
    const v = o.maxAge;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 86400) {
      add(
        'POLICY_MAX_AGE_RANGE',
        'maxAge',
        `${root}.maxAge`,
        `maxAge must be an integer number of seconds from 0 to 86400, got ${describe(v)}`,
        typeof v === 'number' && v > 86400
          ? 'use 86400 (Firefox caps there; Chromium at 7200)'
          : 'use e.g. maxAge: 600',
      );
    } else maxAge = v;
  }
  let preflightStatus = 204;
  if (o.preflightStatus !== undefined) {
    const v = o.preflightStatus;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 200 || v > 299) {
      add(
        'POLICY_PREFLIGHT_STATUS',
        'preflightStatus',
        `${root}.preflightStatus`,
        `preflightStatus must be an integer from 200 to 299 (browsers fail a preflight otherwise), got ${describe(v)}`,
        'use 204 (or 200 for very old clients)',
      );
    } else preflightStatus = v;
  }
  let debugSink: ((reason: string) => void) | undefined;
  if (o.debug !== undefined) {
    if (typeof o.debug === 'function') debugSink = o.debug as (reason: string) => void;
    else if (o.debug === true) debugSink = (reason) => console.warn(`corsair: ${reason}`);
    else if (o.debug !== false)
      add(
        'POLICY_OPTION_TYPE',
        'debug',
        `${root}.debug`,
        `debug must be true, false or a function, got ${describe(o.debug)}`,
        'set debug: true',
      );
  }

  if (issues.length > 0) return { issues, options: undefined };
  return {
    issues,
    options: {
      anyOrigin,
      exactOrigins,
      patterns,
      regexps,
      predicates: predicateList.length,
      predicateList,
      methods,
      allowedHeaders,
      exposedHeaders,
      credentials,
      maxAge,
      preflightStatus,
      preflightContinue,
      allowInsecureOrigins,
      debugSink,
    },
  };
}
