// Every check of createCors and parsePolicyFile: the Public Suffix List and the linear RegExp engine.
import { isPublicSuffix, siteOfHost } from '../origin/public-suffix.js';
import { publicSuffixBelow } from '../origin/suffix-below.js';
import { linearRegExpEngine } from './regexp-engine.js';
import type { ValidationTools } from './validate/tools.js';

/**
 * The validation tools `createCors`, `validateCorsOptions` and `parsePolicyFile` pass.
 *
 * @example
 * analyzeCorsOptions({ origins: ['https://*.example.com'] }, FULL_TOOLS).issues; // []
 */
export const FULL_TOOLS: ValidationTools = {
  isPublicSuffix,
  publicSuffixBelow,
  regexps: linearRegExpEngine(siteOfHost),
};
