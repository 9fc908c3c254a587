// Shared pieces every generator builds from: anchored origin regexes per regex dialect, header values
// exactly as the policy engine (src/policy/compile.ts) sends them, and the refusals common to all targets.
import { CORS_SAFELISTED_METHODS } from '../fetch/methods.js';
import type { NormalizedCorsOptions, OriginPattern } from '../policy/types.js';
import { GenerateError } from './errors.js';
import type { FidelityNote, TargetName } from './types.js';

/**
 * Vary of an actual response whose CORS answer depends on Origin.
 *
 * @example
 * headers.set('Vary', VARY_ACTUAL);
 */
export const VARY_ACTUAL = 'Origin';
/**
 * Vary of any OPTIONS response (src/policy/compile.ts sends the same).
 *
 * @example
 * VARY_PREFLIGHT.split(', '); // ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']
 */
export const VARY_PREFLIGHT = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
/**
 * Vary of an OPTIONS response when any origin is allowed.
 *
 * @example
 * VARY_PREFLIGHT_ANY; // 'Access-Control-Request-Method, Access-Control-Request-Headers'
 */
export const VARY_PREFLIGHT_ANY = 'Access-Control-Request-Method, Access-Control-Request-Headers';

/**
 * Regex dialects (`const d: RegexDialect = 'python'`): where they differ is the end anchor (`$` matches before a final newline in Python,
 * Java and .NET, so those get `\Z`/`\z`) and whether `/` needs escaping (JS literals).
 */
export type RegexDialect = 'js' | 'pcre' | 'python' | 'java' | 'dotnet' | 're2';

const END: Record<RegexDialect, string> = {
  js: '$',
  pcre: '$',
  python: '\\Z',
  java: '\\z',
  dotnet: '\\z',
  re2: '$',
};

/**
 * The end anchor of a dialect (`\\Z`/`\\z` where `$` would also match before a final newline).
 *
 * @example
 * regexEnd('python'); // '\\Z'
 */
export function regexEnd(dialect: RegexDialect): string {
  return END[dialect];
}

/**
 * Escape every regex metacharacter (and `/` for JS literals).
 *
 * @example
 * escapeRegex('app.example.com', 'pcre'); // 'app\\.example\\.com'
 */
export function escapeRegex(s: string, dialect: RegexDialect): string {
  const out = s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return dialect === 'js' ? out.replace(/\//g, '\\/') : out;
}

// A DNS label as browsers serialize it (lowercase, punycode for IDN); `_` kept as src/policy accepts it.
const LABEL = '[a-z0-9_-]+';

/**
 * The unanchored regex body of one origin (exact) or wildcard pattern.
 *
 * @example
 * patternBody({ scheme: 'https', host: 'example.com', port: '', subdomains: true, anyPort: false, source: '' }, 'pcre');
 * // 'https://(?:[a-z0-9_-]+\\.)+example\\.com'
 */
export function patternBody(p: OriginPattern, dialect: RegexDialect): string {
  const scheme = escapeRegex(`${p.scheme}://`, dialect);
  const sub = p.subdomains ? `(?:${LABEL}\\.)+` : '';
  // Any port, or none (a browser omits the default port). No `{m,n}`: Caddy reads braces as placeholders.
  const port = p.anyPort ? '(?::[0-9]+)?' : p.port !== '' ? `:${p.port}` : '';
  return `${scheme}${sub}${escapeRegex(p.host, dialect)}${port}`;
}

/**
 * An anchored regex for one pattern.
 *
 * @example
 * patternRegex(parsePattern('https://*.example.com').pattern, 'python'); // '^https://(?:[a-z0-9_-]+\\.)+example\\.com\\Z'
 */
export function patternRegex(p: OriginPattern, dialect: RegexDialect): string {
  return `^${patternBody(p, dialect)}${END[dialect]}`;
}

/**
 * An anchored regex for one exact origin.
 *
 * @example
 * exactRegex('https://app.example.com', 'pcre'); // '^https://app\\.example\\.com$'
 */
export function exactRegex(origin: string, dialect: RegexDialect): string {
  return `^${escapeRegex(origin, dialect)}${END[dialect]}`;
}

/**
 * One anchored regex matching every exact origin and pattern (for targets that take a single regex).
 *
 * @example
 * combinedRegex(options, 'python'); // '^(?:https://app\\.example\\.com|https://(?:[a-z0-9_-]+\\.)+example\\.com)\\Z'
 */
export function combinedRegex(o: NormalizedCorsOptions, dialect: RegexDialect, includeExact = true): string {
  const parts = [
    ...(includeExact ? o.exactOrigins.map((e) => escapeRegex(e, dialect)) : []),
    ...o.patterns.map((p) => patternBody(p, dialect)),
  ];
  return `^(?:${parts.join('|')})${END[dialect]}`;
}

/**
 * A case-sensitive regex for one of the methods (browsers compare methods byte for byte).
 *
 * @example
 * methodRegex(['GET', 'PUT']); // '^(?:GET|PUT)$'
 */
export function methodRegex(methods: readonly string[], dialect: 'pcre' | 're2' = 'pcre'): string {
  return `^(?:${methods.map((m) => escapeRegex(m, dialect)).join('|')})$`;
}

/**
 * Access-Control-Allow-Methods exactly as the engine sends it; `undefined` = reflect the requested method.
 *
 * @example
 * allowMethodsValue(createCors({ origins: '*', methods: ['GET', 'PUT'] }).options); // 'GET, PUT'
 */
export function allowMethodsValue(o: NormalizedCorsOptions): string | undefined {
  if (o.methods === '*') return o.credentials ? undefined : '*';
  return o.methods.join(', ');
}

/**
 * Access-Control-Allow-Headers as the engine sends it; `undefined` = reflect, `''` = none.
 *
 * @example
 * allowHeadersValue(createCors({ origins: '*', allowedHeaders: '*' }).options); // '*, Authorization'
 */
export function allowHeadersValue(o: NormalizedCorsOptions): string | undefined {
  if (o.allowedHeaders === '*') return o.credentials ? undefined : '*, Authorization';
  return o.allowedHeaders.join(', ');
}

/**
 * Access-Control-Expose-Headers, `''` when none.
 *
 * @example
 * exposeHeadersValue(createCors({ origins: '*', exposedHeaders: ['ETag'] }).options); // 'ETag'
 */
export function exposeHeadersValue(o: NormalizedCorsOptions): string {
  return o.exposedHeaders === '*' ? '*' : o.exposedHeaders.join(', ');
}

/**
 * Every method a preflight may ask for (the configured ones plus GET, HEAD, POST), or `'*'`.
 *
 * @example
 * preflightMethods(createCors({ origins: '*', methods: ['PUT'] }).options); // ['PUT', 'GET', 'HEAD', 'POST']
 */
export function preflightMethods(o: NormalizedCorsOptions): '*' | readonly string[] {
  if (o.methods === '*') return '*';
  const out = [...o.methods];
  for (const m of CORS_SAFELISTED_METHODS) if (!out.includes(m)) out.push(m);
  return out;
}

/**
 * Refusals every target shares: predicates cannot leave the process, and code RegExps only travel
 * into JavaScript targets.
 *
 * @example
 * refuseCommon(options, 'nginx', false); // throws GenerateError GENERATE_REGEXP_UNSUPPORTED when options.regexps is not empty
 */
export function refuseCommon(o: NormalizedCorsOptions, target: TargetName, jsRegexps: boolean): void {
  if (o.predicates > 0) {
    throw new GenerateError(
      'GENERATE_PREDICATE',
      `the policy decides origins with ${o.predicates} function(s), which cannot be written into a ${target} configuration`,
      'list the origins (exact or wildcard patterns) in a policy file instead of a function',
    );
  }
  if (o.regexps.length > 0 && !jsRegexps) {
    throw new GenerateError(
      'GENERATE_REGEXP_UNSUPPORTED',
      `the policy has RegExp origins (${o.regexps.map(String).join(', ')}); only JavaScript targets can carry a JavaScript RegExp`,
      "replace them by wildcard patterns such as 'https://*.example.com' (they translate to every target)",
    );
  }
}

/**
 * A note for `preflightContinue`, which only frameworks can honour.
 *
 * @example
 * preflightContinueNote(options, 'this Worker'); // [] unless options.preflightContinue
 */
export function preflightContinueNote(o: NormalizedCorsOptions, target: string): FidelityNote[] {
  return o.preflightContinue
    ? [
        {
          code: 'GENERATE_PREFLIGHT_ANSWERED',
          message: `preflightContinue is not supported by ${target}: allowed preflights are answered here instead of reaching the application`,
        },
      ]
    : [];
}

/**
 * Quote a string for JavaScript/TypeScript, Python, Java and C# source (all accept this double-quoted form
 * for the ASCII values a validated policy holds).
 *
 * @example
 * q('https://app.example.com'); // '"https://app.example.com"'
 */
export function q(s: string): string {
  return JSON.stringify(s);
}

/**
 * A single-quoted JS string (the project's and most JS ecosystems' style).
 *
 * @example
 * sq("it's"); // "'it\\'s'"
 */
export function sq(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A Python raw string for a regex (no backslash doubling needed).
 *
 * @example
 * pyRaw('^a\\.b\\Z'); // 'r"^a\\.b\\Z"'
 */
export function pyRaw(s: string): string {
  return `r"${s}"`;
}

/**
 * Static Allow-Methods / Allow-Headers lists for targets that cannot reflect the request. `'*'` with
 * credentials means "reflect" in the policy; a static `*` is read literally by browsers when credentials
 * are included (so only safelisted methods/headers pass): stricter, and said in a note.
 *
 * @example
 * staticLists(options, 'koa'); // { methods: ['GET', 'PUT'], headers: ['Content-Type'], notes: [] }
 */
export function staticLists(
  o: NormalizedCorsOptions,
  target: string,
): { methods: readonly string[]; headers: readonly string[]; notes: FidelityNote[] } {
  const notes: FidelityNote[] = [];
  let methods: readonly string[];
  if (o.methods === '*') {
    methods = ['*'];
    if (o.credentials)
      notes.push({
        code: 'GENERATE_METHODS_WILDCARD_CREDENTIALS',
        message: `${target} cannot reflect the requested method; 'Access-Control-Allow-Methods: *' with credentials lets only GET, HEAD and POST through`,
      });
  } else methods = o.methods;
  let headers: readonly string[];
  if (o.allowedHeaders === '*') {
    headers = ['*', 'Authorization'];
    if (o.credentials) {
      headers = ['*'];
      notes.push({
        code: 'GENERATE_HEADERS_WILDCARD_CREDENTIALS',
        message: `${target} cannot reflect the requested headers; 'Access-Control-Allow-Headers: *' with credentials allows only CORS-safelisted request headers`,
      });
    }
  } else headers = o.allowedHeaders;
  return { methods, headers, notes };
}
