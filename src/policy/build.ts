// Construction: validate options, then compile them. The one path behind `createCors` (which passes
// the Public Suffix List check) and the edge adapters (which leave the list out of their bundle and
// so refuse wildcard subdomain patterns, with a fix pointing at `createCors` from 'corsair-cors').

import { CorsConfigError } from './errors.js';
import { compileCorsPolicy } from './routes/compile.js';
import type { CorsOptions, CorsPolicy } from './types.js';
import { analyzeCorsOptions, type ValidationTools } from './validate.js';

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
 * Validate options (throwing one `CorsConfigError` listing every problem) and compile them; a compiled
 * policy is returned unchanged. Without the tools (createCors passes them), wildcard subdomain patterns
 * and RegExps are refused.
 *
 * @example
 * const policy = buildPolicy({ origins: ['https://app.example.com', 'http://localhost:*'] });
 */
export function buildPolicy(options: CorsOptions | CorsPolicy, tools: ValidationTools = {}): CorsPolicy {
  if (isCorsPolicy(options)) return options;
  const { issues, policy } = analyzeCorsOptions(options, tools);
  if (policy === undefined) throw CorsConfigError.of(issues);
  return compileCorsPolicy(policy);
}
