// `createCors` for the edge adapters (corsair/hono, corsair/fetch): every check except the Public
// Suffix List, which would add ~48 KB gzipped to a Worker. Wildcard subdomain patterns are refused
// here with a fix; a policy built by the full `createCors` from 'corsair' is accepted as is.
import { createCorsWith } from './create-core.js';
import type { CorsOptions, CorsPolicy } from './types.js';

/**
 * Validate and compile without the Public Suffix List (patterns like `https://*.example.com` need the
 * full `createCors` from `corsair`).
 *
 * @example
 * const policy = createCorsLite({ origins: ['https://app.example.com', 'http://localhost:*'] });
 */
export function createCorsLite(options: CorsOptions | CorsPolicy): CorsPolicy {
  return createCorsWith(options, undefined);
}
