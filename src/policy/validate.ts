// Up-front validation: every problem is collected (jub0bs/cors style), each with the option, the JSON
// path, what is wrong and the fix. Nothing here runs per request. One small validator per option lives
// in validate/; this file runs them in order and assembles the normalized options: the top level (the
// whole policy, or the defaults beside `routes`) and each route, validated as a policy of its own. The Public Suffix
// List (tldts) is not imported here but passed in, so that the edge adapters (corsair-cors/hono,
// corsair-cors/fetch) stay small.
import type { RoutePattern } from './routes/pattern.js';
import type { CorsConfigIssue, NormalizedCorsOptions, OriginPredicate } from './types.js';
import { describe, newContext, type ValidationContext } from './validate/context.js';
import { checkExposeWildcard, validateHeaderList } from './validate/headers.js';
import { validateMethods } from './validate/methods.js';
import { OPTION_NAMES, suggestOption, validateOptionNames } from './validate/names.js';
import { validateOrigins } from './validate/origins.js';
import { type ValidRoute, validateRoutes } from './validate/routes.js';
import { validateDebug, validateFlag, validateMaxAge, validatePreflightStatus } from './validate/scalars.js';
import type { ValidationTools } from './validate/tools.js';

export { OPTION_NAMES, suggestOption } from './validate/names.js';
export { regexProblem } from './validate/regexp.js';
export type {
  JudgedRegExp,
  PublicSuffixCheck,
  RegExpEngine,
  ValidationTools,
} from './validate/tools.js';

/**
 * One policy's options, validated and normalized: everything its compilation needs.
 *
 * @example
 * const { policy } = analyzeCorsOptions({ origins: '*' }); // policy?.defaults?.anyOrigin === true
 */
export interface AnalyzedOptions extends NormalizedCorsOptions {
  readonly predicateList: readonly OriginPredicate[];
  /** The RegExps' linear-time matchers, in the order of `regexps`. */
  readonly regexpTests: readonly ((origin: string) => boolean)[];
  readonly debugSink: ((reason: string) => void) | undefined;
}

/**
 * A validated route: its pattern and options, `null` when CORS is off for it.
 *
 * @example
 * const r: AnalyzedRoute = { pattern: parseRoutePattern('/webhooks/*') as RoutePattern, options: null };
 */
export interface AnalyzedRoute extends ValidRoute<AnalyzedOptions> {
  readonly pattern: RoutePattern;
}

/**
 * A whole validated policy: the top-level options (`null` when a policy with routes has no defaults)
 * and the routes in order (empty without `routes`).
 *
 * @example
 * const { policy } = analyzeCorsOptions({ routes: [{ path: '/webhooks/*', cors: false }] }); // policy?.defaults === null
 */
export interface AnalyzedPolicy {
  readonly defaults: AnalyzedOptions | null;
  readonly routes: readonly AnalyzedRoute[];
  /** The top level's `debug`: where the refusals that no route's policy decides are said. */
  readonly debugSink: ((reason: string) => void) | undefined;
}

/**
 * Issues, and the analyzed policy when there are none.
 *
 * @example
 * const { issues, policy }: Analysis = analyzeCorsOptions({ origins: [] }); // policy === undefined
 */
export interface Analysis {
  readonly issues: CorsConfigIssue[];
  readonly policy: AnalyzedPolicy | undefined;
}

/** One policy (the top level, or one route): every option validator in order. */
function analyzeSingle(
  input: Record<string, unknown>,
  root: string,
  tools: ValidationTools,
): { issues: CorsConfigIssue[]; options: AnalyzedOptions | undefined } {
  const ctx = newContext(input, root);
  const suggested = validateOptionNames(ctx);
  const credentials = validateFlag(ctx, 'credentials');
  const preflightContinue = validateFlag(ctx, 'preflightContinue');
  const allowInsecureOrigins = validateFlag(ctx, 'allowInsecureOrigins');
  const origins = validateOrigins(ctx, { credentials, allowInsecureOrigins, suggested, tools });
  const methods = validateMethods(ctx);
  const allowedHeaders = validateHeaderList(ctx, 'allowedHeaders');
  const exposedHeaders = validateHeaderList(ctx, 'exposedHeaders');
  checkExposeWildcard(ctx, exposedHeaders, credentials);
  const maxAge = validateMaxAge(ctx);
  const preflightStatus = validatePreflightStatus(ctx);
  const debugSink = validateDebug(ctx);
  if (ctx.issues.length > 0) return { issues: ctx.issues, options: undefined };
  const { anyOrigin, exactOrigins, patterns, regexps, regexpTests, predicateList } = origins;
  return {
    issues: ctx.issues,
    options: {
      anyOrigin,
      exactOrigins,
      patterns,
      regexps,
      regexpTests,
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

/**
 * Beside `routes` and without top-level `origins` there are no defaults: any other top-level option
 * would apply to nothing (routes do not inherit it), so it is refused rather than silently ignored.
 */
function analyzeNoDefaults(ctx: ValidationContext): void {
  const suggested = validateOptionNames(ctx);
  validateDebug(ctx);
  if (suggested.has('origins')) return;
  for (const key of Object.keys(ctx.options)) {
    if (key === 'routes' || key === 'debug' || key === '$schema') continue;
    if (!(OPTION_NAMES as readonly string[]).includes(key)) continue;
    ctx.add(
      'POLICY_DEFAULTS_WITHOUT_ORIGINS',
      key,
      `${ctx.root}.${key}`,
      `'${key}' is set at the top level, but without top-level origins there are no defaults: routes inherit only debug`,
      `move '${key}' into each route that needs it, or add top-level origins (the policy of paths no route matches)`,
    );
  }
}

/** A route `/*` matches every path: the defaults would never be used. */
function checkDefaultsReachable(ctx: ValidationContext, routes: readonly AnalyzedRoute[]): void {
  const all = routes.findIndex((r) => r.pattern.segments.length === 0 && r.pattern.rest);
  if (all === -1) return;
  ctx.add(
    'POLICY_DEFAULTS_UNREACHABLE',
    'origins',
    `${ctx.root}.origins`,
    `routes[${all}] ('${routes[all]!.pattern.path}') matches every path, so the top-level options are never used`,
    `remove the top-level options, or make routes[${all}] the top level`,
  );
}

/**
 * Validate and normalize in one pass (what `createCors` runs): the top level and every route. Without
 * the tools (`isPublicSuffix`, `regexps`…), wildcard subdomain patterns and RegExps cannot be proven
 * safe and are refused with a fix that says how to enable the checks.
 *
 * @example
 * const { issues, policy } = analyzeCorsOptions({ origins: ['https://app.example.com'] }, { isPublicSuffix });
 */
export function analyzeCorsOptions(
  input: unknown,
  { root = '$', ...tools }: { root?: string } & ValidationTools = {},
): Analysis {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const ctx = newContext({}, root);
    ctx.add(
      'POLICY_OPTIONS_TYPE',
      '(options)',
      root,
      `the options must be an object, got ${describe(input)}`,
      "pass an object such as { origins: ['https://app.example.com'] }",
    );
    return { issues: ctx.issues, policy: undefined };
  }
  const options = input as Record<string, unknown>;
  const ctx = newContext(options, root);
  // `resources: […]` (flask-cors) is reported as a misspelt `routes`, not as missing origins too.
  const routed =
    options.routes !== undefined ||
    Object.keys(options).some(
      (k) => !(OPTION_NAMES as readonly string[]).includes(k) && suggestOption(k) === 'routes',
    );
  let defaults: AnalyzedOptions | null = null;
  if (routed && options.origins === undefined) analyzeNoDefaults(ctx);
  else {
    const top = analyzeSingle(options, root, tools);
    for (const issue of top.issues) ctx.issues.push(issue);
    defaults = top.options ?? null;
  }
  // Routes inherit the top level's debug sink unless they set their own.
  const inherited = validateDebug(newContext(options, root));
  const routes =
    validateRoutes<AnalyzedOptions>(ctx, (routeInput, at) => {
      const r = analyzeSingle(routeInput, at, tools);
      if (r.options === undefined || routeInput.debug !== undefined || inherited === undefined) return r;
      return { issues: r.issues, options: { ...r.options, debugSink: inherited } };
    }) ?? [];
  if (defaults !== null) checkDefaultsReachable(ctx, routes);
  else if (ctx.issues.length === 0 && routes.length === 0) {
    ctx.add(
      'POLICY_ORIGINS_MISSING',
      'origins',
      `${root}.origins`,
      'origins is required when routes is empty: corsair never guesses which origins to trust',
      "set origins: ['https://app.example.com'], or add routes",
    );
  }
  if (ctx.issues.length > 0) return { issues: ctx.issues, policy: undefined };
  return { issues: ctx.issues, policy: { defaults, routes, debugSink: inherited } };
}
