// The deterministic case generator: every family, in a fixed order, ids checked for uniqueness.
import type { ConformanceCase } from './case.js';
import { exposeCases } from './families/expose.js';
import { simpleOriginCases } from './families/origin.js';
import { preflightCases } from './families/preflight.js';
import { redirectCases } from './families/redirect.js';
import { requestCases } from './families/request.js';

const ID = /^[a-z0-9][a-zA-Z0-9._/-]*$/;

/**
 * All conformance cases. Deterministic: the same list, in the same order, on every call.
 *
 * @example
 * const cases = generateCases();
 * cases.length; // ≥ 1500
 */
export function generateCases(): ConformanceCase[] {
  const cases = [
    ...simpleOriginCases(),
    ...preflightCases(),
    ...requestCases(),
    ...exposeCases(),
    ...redirectCases(),
  ];
  const seen = new Set<string>();
  for (const c of cases) {
    if (!ID.test(c.id))
      throw new Error(`conformance case id '${c.id}' has characters outside [a-zA-Z0-9._/-]`);
    if (seen.has(c.id)) throw new Error(`conformance case id '${c.id}' is not unique`);
    seen.add(c.id);
  }
  return cases;
}
