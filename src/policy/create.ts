// `createCors`: construction with the Public Suffix List, for `corsair` and the Node adapters. The edge
// adapters call `buildPolicy` without it, so their bundles never import the list (tldts).

import { buildPolicy } from './build.js';
import { FULL_TOOLS } from './full-tools.js';
import type { CorsConfigIssue, CorsOptions, CorsPolicy } from './types.js';
import { analyzeCorsOptions } from './validate.js';

export { isCorsPolicy } from './build.js';

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
  return buildPolicy(options, FULL_TOOLS);
}

/**
 * Validate `createCors` options without throwing: every problem at once, in option order.
 *
 * @example
 * validateCorsOptions({ origins: '*', credentials: true }); // [{ code: 'POLICY_WILDCARD_WITH_CREDENTIALS', option: 'origins', … }]
 */
export function validateCorsOptions(options: unknown): CorsConfigIssue[] {
  return analyzeCorsOptions(options, FULL_TOOLS).issues;
}
