import { FINDING_TEXT } from '../finding-text.js';
import { atLeast, type FindingId, type Severity, type TargetResult } from '../types.js';

/**
 * Escape text for XML 1.0 attributes and text (control characters it cannot carry become U+FFFD).
 *
 * @example
 * xml(`a<b & "c"`); // "a&lt;b &amp; &quot;c&quot;"
 */
export function xml(s: string): string {
  // XML 1.0 cannot carry most control characters at all; replace them so hostile values stay well-formed.
  return s
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * One target's JUnit test suite and its counts.
 *
 * @example
 * junitSuite(result, 'high').failures;
 */
export function junitSuite(
  r: TargetResult,
  failOn: Severity = 'low',
): { xml: string; tests: number; failures: number; errors: number } {
  const ids = Object.keys(FINDING_TEXT) as FindingId[];
  const cases: string[] = [];
  let f = 0;
  if (r.error) {
    cases.push(
      `    <testcase classname="${xml(r.target)}" name="reachable"><error type="${xml(r.error.code)}" message="${xml(r.error.message)}">${xml(r.error.fix)}</error></testcase>`,
    );
  } else {
    for (const id of ids) {
      const found = r.findings.find((x) => x.id === id);
      let body = '';
      if (found && atLeast(found.severity, failOn)) {
        f++;
        body = `<failure type="${found.severity}" message="${xml(found.title)}">${xml(`${found.description}\nOrigin: ${found.origin}\nFix: ${found.fix}`)}</failure>`;
      } else if (found) {
        body = `<system-out>${xml(`${found.severity}: ${found.description}`)}</system-out>`;
      }
      cases.push(`    <testcase classname="${xml(r.target)}" name="${id}">${body}</testcase>`);
    }
  }
  const errors = r.error ? 1 : 0;
  return {
    xml: `  <testsuite name="${xml(r.target)}" tests="${cases.length}" failures="${f}" errors="${errors}">\n${cases.join('\n')}\n  </testsuite>`,
    tests: cases.length,
    failures: f,
    errors,
  };
}

/**
 * The first two lines of the JUnit document, with the totals.
 *
 * @example
 * junitHeader({ tests: 14, failures: 1, errors: 0 });
 */
export function junitHeader(totals: { tests: number; failures: number; errors: number }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="corsair scan" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}">\n`;
}

/**
 * Scan results as JUnit XML: one test suite per target, one test case per finding id; a finding at or
 * above `failOn` is a failure, lower ones are reported as passing with the finding in system-out, and an
 * unreachable target is an error.
 *
 * @example
 * writeFileSync('corsair.xml', toJUnit(results, 'high'));
 */
export function toJUnit(results: readonly TargetResult[], failOn: Severity = 'low'): string {
  const suites = results.map((r) => junitSuite(r, failOn));
  const totals = { tests: 0, failures: 0, errors: 0 };
  for (const s of suites) {
    totals.tests += s.tests;
    totals.failures += s.failures;
    totals.errors += s.errors;
  }
  return `${junitHeader(totals)}${suites.map((s) => `${s.xml}\n`).join('')}</testsuites>\n`;
}
