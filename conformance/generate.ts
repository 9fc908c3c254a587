// The deterministic case generator: every family, in a fixed order, ids checked for uniqueness.
import type { ConformanceCase } from './case.js';
import { cacheCases } from './families/cache.js';
import { exposeCases } from './families/expose.js';
import { headerOrderCases } from './families/header-order.js';
import { simpleOriginCases } from './families/origin.js';
import { preflightCases } from './families/preflight.js';
import { redirectCases } from './families/redirect.js';
import { requestCases } from './families/request.js';

const ID = /^[a-z0-9][a-zA-Z0-9._/-]*$/;

/** Families replayed with XMLHttpRequest (its requests are the same; its messages say XMLHttpRequest). */
const XHR_FAMILIES = new Set([
  'simple-acao',
  'simple-acac',
  'preflight-acao',
  'preflight-acac',
  'preflight-status',
  'expose',
  'redirect',
  'redirect-userinfo',
  'redirect-odd',
]);

/**
 * Family `xhr`: the cases of XHR_FAMILIES whose credentials mode XMLHttpRequest can express
 * (`same-origin` without, `include` with `withCredentials`), made with XMLHttpRequest.
 *
 * @example
 * xhrCases(cases).every((c) => c.api === 'xhr'); // true
 */
export function xhrCases(cases: readonly ConformanceCase[]): ConformanceCase[] {
  return cases
    .filter((c) => XHR_FAMILIES.has(c.family) && c.init.credentials !== 'omit' && !c.before)
    .map((c) => ({ ...c, id: `xhr/${c.id}`, family: 'xhr', api: 'xhr' as const }));
}

/**
 * All conformance cases. Deterministic: the same list, in the same order, on every call.
 *
 * @example
 * const cases = generateCases();
 * cases.length; // ≥ 1500
 */
export function generateCases(): ConformanceCase[] {
  const fetchCases = [
    ...simpleOriginCases(),
    ...preflightCases(),
    ...requestCases(),
    ...exposeCases(),
    ...redirectCases(),
    ...cacheCases(),
    ...headerOrderCases(),
  ];
  const cases = [...fetchCases, ...xhrCases(fetchCases)];
  const seen = new Set<string>();
  for (const c of cases) {
    if (!ID.test(c.id))
      throw new Error(`conformance case id '${c.id}' has characters outside [a-zA-Z0-9._/-]`);
    if (seen.has(c.id)) throw new Error(`conformance case id '${c.id}' is not unique`);
    seen.add(c.id);
  }
  return cases;
}
