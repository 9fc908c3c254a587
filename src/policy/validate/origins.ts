// The `origins` option: '*', or a list of exact origins, wildcard patterns, anchored RegExps and
// predicates. Exact origins and patterns are judged by the one strict origin parser (src/origin).
import { isLoopbackHost } from '../../origin/loopback.js';
import { parseOriginPattern } from '../../origin/pattern.js';
import { type OriginParseOptions, parseSerializedOrigin } from '../../origin/strict.js';
import type { OriginPattern, OriginPredicate } from '../types.js';
import { describe, type ValidationContext } from './context.js';
import { validateRegExp } from './regexp.js';
import type { ValidationTools } from './tools.js';

/**
 * The `origins` option, normalized.
 *
 * @example
 * const o: ValidOrigins = { anyOrigin: false, exactOrigins: ['https://a.com'], patterns: [], regexps: [], regexpTests: [], predicateList: [] };
 */
export interface ValidOrigins {
  anyOrigin: boolean;
  readonly exactOrigins: string[];
  readonly patterns: OriginPattern[];
  readonly regexps: RegExp[];
  readonly regexpTests: ((origin: string) => boolean)[];
  readonly predicateList: OriginPredicate[];
}

/**
 * What a policy may list: http(s) origins, and the exact origins of browser extensions and app shells
 * (`chrome-extension://<id>`, `capacitor://localhost`); `null` names no site and cannot be trusted.
 */
const LISTABLE: OriginParseOptions = { opaque: false, schemes: ['http', 'https'], appOrigins: true };

/**
 * The settings the origin checks depend on.
 *
 * @example
 * const s: OriginSettings = { credentials: true, allowInsecureOrigins: false, suggested: new Set(), tools: {} };
 */
export interface OriginSettings {
  readonly credentials: boolean;
  readonly allowInsecureOrigins: boolean;
  /** Options already suggested for a misspelt name (then a missing `origins` is not reported again). */
  readonly suggested: ReadonlySet<string>;
  readonly tools: ValidationTools;
}

/**
 * Validate `origins` and collect it, reporting every problem with its JSON path.
 *
 * @example
 * validateOrigins(ctx, settings).exactOrigins; // ['https://app.example.com']
 */
export function validateOrigins(ctx: ValidationContext, s: OriginSettings): ValidOrigins {
  const out: ValidOrigins = {
    anyOrigin: false,
    exactOrigins: [],
    patterns: [],
    regexps: [],
    regexpTests: [],
    predicateList: [],
  };
  const ov = ctx.options.origins;
  const op = `${ctx.root}.origins`;
  if (ov === undefined) {
    if (!s.suggested.has('origins'))
      ctx.add(
        'POLICY_ORIGINS_MISSING',
        'origins',
        op,
        'origins is required: corsair never guesses which origins to trust',
        "set origins: ['https://app.example.com'] (or '*' for a public API without credentials)",
      );
  } else if (ov === '*' || (Array.isArray(ov) && ov.length === 1 && ov[0] === '*')) {
    // `['*']` alone is how Starlette and jub0bs/cors spell the wildcard: the same policy as '*'.
    out.anyOrigin = true;
    if (s.credentials)
      ctx.add(
        'POLICY_WILDCARD_WITH_CREDENTIALS',
        'origins',
        op,
        "origins '*' cannot be combined with credentials: true (browsers refuse 'Access-Control-Allow-Origin: *' with credentials, and reflecting any origin would let every site act as your users)",
        'list the origins you trust, or set credentials: false',
      );
  } else if (!Array.isArray(ov)) {
    ctx.add(
      'POLICY_OPTION_TYPE',
      'origins',
      op,
      `origins must be '*' or an array, got ${describe(ov)}`,
      typeof ov === 'string' ? `use origins: ['${ov}']` : "use origins: ['https://app.example.com']",
    );
  } else if (ov.length === 0) {
    ctx.add(
      'POLICY_ORIGINS_EMPTY',
      'origins',
      op,
      'origins is empty, so no cross-origin request would ever be allowed',
      'list at least one origin, or remove the CORS middleware',
    );
  } else {
    const seen = new Set<string>();
    ov.forEach((entry: unknown, i: number) => {
      validateEntry(ctx, s, out, seen, entry, i);
    });
  }
  return out;
}

function validateEntry(
  ctx: ValidationContext,
  s: OriginSettings,
  out: ValidOrigins,
  seen: Set<string>,
  entry: unknown,
  i: number,
): void {
  const p = `${ctx.root}.origins[${i}]`;
  if (typeof entry === 'function') {
    out.predicateList.push(entry as OriginPredicate);
    return;
  }
  if (entry instanceof RegExp) {
    const test = validateRegExp(ctx, s.tools, entry, p);
    if (test !== undefined) {
      out.regexps.push(entry);
      out.regexpTests.push(test);
    }
    return;
  }
  if (typeof entry !== 'string') {
    ctx.add(
      'POLICY_OPTION_TYPE',
      'origins',
      p,
      `origins[${i}] must be a string, RegExp or function, got ${describe(entry)}`,
      "write the origin as a string, e.g. 'https://app.example.com'",
    );
    return;
  }
  if (entry === '*') {
    ctx.add(
      'POLICY_WILDCARD_IN_LIST',
      'origins',
      p,
      "'*' beside other origins is ambiguous: it would make the other entries meaningless, or read as a literal origin",
      "use origins: ['*'] alone (a public API without credentials), or list only the origins you trust",
    );
    return;
  }
  if (seen.has(entry)) return;
  seen.add(entry);
  const where = entry.includes('*') ? patternEntry(ctx, s, out, entry, p) : exactEntry(ctx, out, entry, p);
  if (where !== undefined) insecureCheck(ctx, s, entry, p, where);
}

type SchemeHost = { readonly scheme: string; readonly host: string };

function exactEntry(
  ctx: ValidationContext,
  out: ValidOrigins,
  entry: string,
  p: string,
): SchemeHost | undefined {
  const d = parseSerializedOrigin(entry, LISTABLE);
  if (!d.ok) {
    ctx.add(d.code, 'origins', p, d.message, d.fix);
    return undefined;
  }
  if ('opaque' in d.origin) return undefined; // LISTABLE refuses it; kept for the type
  out.exactOrigins.push(d.serialized);
  return d.origin;
}

function patternEntry(
  ctx: ValidationContext,
  s: OriginSettings,
  out: ValidOrigins,
  entry: string,
  p: string,
): SchemeHost | undefined {
  const r = parseOriginPattern(entry, LISTABLE);
  if (!r.ok) {
    ctx.add(r.code, 'origins', p, r.message, r.fix);
    return undefined;
  }
  const { pattern } = r;
  if (pattern.subdomains && !subdomainsAreOwned(ctx, s.tools, entry, pattern, p)) return undefined;
  out.patterns.push(pattern);
  return pattern;
}

/** Whether `*.host` covers only sites of one owner: no public suffix at or below `host`. */
function subdomainsAreOwned(
  ctx: ValidationContext,
  tools: ValidationTools,
  entry: string,
  pattern: OriginPattern,
  p: string,
): boolean {
  const { isPublicSuffix, publicSuffixBelow } = tools;
  if (isPublicSuffix === undefined) {
    ctx.add(
      'POLICY_PATTERN_NEEDS_PUBLIC_SUFFIX_LIST',
      'origins',
      p,
      `'${entry}' must be checked against the Public Suffix List, which this entry point does not bundle`,
      "build the policy with createCors from 'corsair-cors' and pass it in: cors(createCors({ origins: [...] }))",
    );
    return false;
  }
  const { scheme, host } = pattern;
  if (isPublicSuffix(host)) {
    // Under a wildcard rule (`*.ck`) every label is a suffix too: a registrable name sits one lower.
    const own = isPublicSuffix(`x.${host}`) ? `your-name.x.${host}` : `your-name.${host}`;
    ctx.add(
      'ORIGIN_PATTERN_PUBLIC_SUFFIX',
      'origins',
      p,
      `'${entry}' covers the public suffix '${host}': anyone can register a site under it`,
      `list your own domain under it, e.g. '${scheme}://*.${own}'`,
    );
    return false;
  }
  const below = publicSuffixBelow?.(host);
  if (below === undefined) return true;
  const concrete = below.replace(/^\*\./, 'x.');
  ctx.add(
    'ORIGIN_PATTERN_PUBLIC_SUFFIX',
    'origins',
    p,
    `'${entry}' also matches hosts under the public suffix '${below}' (listed below '${host}'), where anyone can register a site, e.g. '${scheme}://evil.${concrete}'`,
    `list the hosts you own, or a pattern under your own name, e.g. '${scheme}://*.your-name.${concrete}'`,
  );
  return false;
}

function insecureCheck(
  ctx: ValidationContext,
  s: OriginSettings,
  entry: string,
  p: string,
  where: SchemeHost,
): void {
  if (!s.credentials || where.scheme !== 'http' || s.allowInsecureOrigins || isLoopbackHost(where.host))
    return;
  ctx.add(
    'POLICY_INSECURE_ORIGIN',
    'origins',
    p,
    `'${entry}' is plain http with credentials: true; anyone on the network path can inject script into that origin and act as your users`,
    `use '${entry.replace(/^http:/, 'https:')}', or set allowInsecureOrigins: true if you accept the risk`,
  );
}
