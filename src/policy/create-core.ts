import { compilePolicy } from './compile.js';
import { CorsConfigError } from './errors.js';
import type { CorsOptions, CorsPolicy } from './types.js';
import { analyzeCorsOptions, type PublicSuffixCheck } from './validate.js';

/**
 * Whether `value` is an already compiled policy (so adapters accept either options or a policy).
 *
 * @example
 * isCorsPolicy(createCors({ origins: '*' })); // true
 */
export function isCorsPolicy(value: unknown): value is CorsPolicy {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CorsPolicy).decideValues === 'function' &&
    typeof (value as CorsPolicy).decide === 'function'
  );
}

/**
 * `createCors` with the public-suffix check passed in (or not: then wildcard subdomain patterns are
 * refused). Entry points choose; the engine never imports the list itself.
 *
 * @example
 * const policy = createCorsWith({ origins: ['https://app.example.com'] }, undefined);
 */
export function createCorsWith(
  options: CorsOptions | CorsPolicy,
  isPublicSuffix: PublicSuffixCheck | undefined,
): CorsPolicy {
  if (isCorsPolicy(options)) return options;
  const { issues, options: analyzed } = analyzeCorsOptions(options, { isPublicSuffix });
  if (analyzed === undefined) throw CorsConfigError.of(issues);
  return compilePolicy(analyzed);
}
