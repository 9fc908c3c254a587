import { compilePolicy } from './compile.js';
import { CorsConfigError } from './errors.js';
import type { CorsOptions, CorsPolicy } from './types.js';
import { analyzeCorsOptions } from './validate.js';

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
 * Validate options and compile them into a policy, once, at startup. Throws one `CorsConfigError`
 * listing every problem. Given a compiled policy, returns it unchanged.
 *
 * @example
 * const policy = createCors({
 *   origins: ['https://app.example.com', 'https://*.example.com', 'http://localhost:*'],
 *   methods: ['GET', 'POST', 'PUT', 'DELETE'],
 *   allowedHeaders: ['Content-Type', 'Authorization'],
 *   exposedHeaders: ['X-Request-Id'],
 *   credentials: true,
 *   maxAge: 600,
 * });
 */
export function createCors(options: CorsOptions | CorsPolicy): CorsPolicy {
  if (isCorsPolicy(options)) return options;
  const { issues, options: analyzed } = analyzeCorsOptions(options);
  if (analyzed === undefined) throw new CorsConfigError(issues);
  return compilePolicy(analyzed);
}
