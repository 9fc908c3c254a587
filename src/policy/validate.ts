// Up-front validation: every problem is collected (jub0bs/cors style), each with the option, the JSON
// path, what is wrong and the fix. Nothing here runs per request. One small validator per option lives
// in validate/; this file runs them in order and assembles the normalized options. The Public Suffix
// List (tldts) is not imported here but passed in, so that the edge adapters (corsair-cors/hono,
// corsair-cors/fetch) stay small.
import type { CorsConfigIssue, NormalizedCorsOptions, OriginPredicate } from './types.js';
import { describe, newContext } from './validate/context.js';
import { checkExposeWildcard, validateHeaderList } from './validate/headers.js';
import { validateMethods } from './validate/methods.js';
import { validateOptionNames } from './validate/names.js';
import { type PublicSuffixCheck, validateOrigins } from './validate/origins.js';
import { validateDebug, validateFlag, validateMaxAge, validatePreflightStatus } from './validate/scalars.js';

export { OPTION_NAMES, suggestOption } from './validate/names.js';
export type { PublicSuffixCheck } from './validate/origins.js';
export { regexProblem } from './validate/regexp.js';

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

/**
 * Validate and normalize in one pass (what `createCors` runs). Without `isPublicSuffix`, wildcard
 * subdomain patterns cannot be proven safe and are refused with a fix that says how to enable the check.
 *
 * @example
 * const { issues, options } = analyzeCorsOptions({ origins: ['https://app.example.com'] }, { isPublicSuffix });
 */
export function analyzeCorsOptions(
  input: unknown,
  { root = '$', isPublicSuffix }: { root?: string; isPublicSuffix?: PublicSuffixCheck | undefined } = {},
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
    return { issues: ctx.issues, options: undefined };
  }
  const ctx = newContext(input as Record<string, unknown>, root);
  const suggested = validateOptionNames(ctx);
  const credentials = validateFlag(ctx, 'credentials');
  const preflightContinue = validateFlag(ctx, 'preflightContinue');
  const allowInsecureOrigins = validateFlag(ctx, 'allowInsecureOrigins');
  const origins = validateOrigins(ctx, { credentials, allowInsecureOrigins, suggested, isPublicSuffix });
  const methods = validateMethods(ctx);
  const allowedHeaders = validateHeaderList(ctx, 'allowedHeaders');
  const exposedHeaders = validateHeaderList(ctx, 'exposedHeaders');
  checkExposeWildcard(ctx, exposedHeaders, credentials);
  const maxAge = validateMaxAge(ctx);
  const preflightStatus = validatePreflightStatus(ctx);
  const debugSink = validateDebug(ctx);
  if (ctx.issues.length > 0) return { issues: ctx.issues, options: undefined };
  const { anyOrigin, exactOrigins, patterns, regexps, predicateList } = origins;
  return {
    issues: ctx.issues,
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
