import type { BrowserName, ConsoleMessages } from '../../browser/index.js';
import { xml } from '../report/junit.js';
import { sarifRun } from '../report/sarif.js';
import type { SarifLog as Log, SarifResult as Result } from '../report/sarif-types.js';
import type { HarReport, HarRequestReport } from './report.js';

/**
 * The report as `corsair har --json` prints it: each check in the shape of `corsair check --json`
 * (verdict, preflight, error, exchanges, warnings, readable headers), without the engine's internals.
 *
 * @example
 * const json = JSON.stringify(harReportJson(report), null, 2);
 */
export function harReportJson(report: HarReport): unknown {
  return {
    ...report,
    requests: report.requests.map((r) => {
      if (!r.check) return r;
      const { allowed, preflight, error, exchanges, warnings, exposedHeaders } = r.check;
      return { ...r, check: { allowed, preflight, error, exchanges, warnings, exposedHeaders } };
    }),
  };
}

function ruleOf(r: HarRequestReport): string {
  return r.check?.error?.code ?? (r.verdict === 'blocked' ? 'unknown-cause' : 'undecided');
}

// The console line of the browser the HAR was decided as; the spec profile (a HAR from a browser corsair
// cannot name) has no console of its own, so Chromium's wording stands in for it.
function consoleLine(messages: ConsoleMessages, browser: BrowserName): string {
  return messages[browser === 'spec' ? 'chromium' : browser];
}

function messageOf(r: HarRequestReport, browser: BrowserName): string {
  const e = r.check?.error;
  if (e) return `${consoleLine(e.messages, browser)}\nCause: ${e.cause}\nFix: ${e.fix}`;
  const missing = r.missing.length ? ` Missing from the HAR: ${r.missing.join('; ')}.` : '';
  return `${r.method} ${r.url}: the browser recorded ${r.recorded.failure ?? `status ${r.recorded.status}`}.${missing} Reproduce: ${r.reproduce}`;
}

/**
 * A HAR report as a SARIF 2.1.0 log: one result per blocked (error) or undecided (warning) request,
 * its rule the browser engine's error code, located at the request's URL.
 *
 * @example
 * writeFileSync('har.sarif', JSON.stringify(harToSarif(report), null, 2));
 */
export function harToSarif(report: HarReport, version = '0.1.0'): Log {
  const failing = report.requests.filter((r) => r.verdict !== 'allowed');
  const ids = [...new Set(failing.map(ruleOf))].sort();
  const results: Result[] = failing.map((r) => ({
    ruleId: ruleOf(r),
    ruleIndex: ids.indexOf(ruleOf(r)),
    level: r.verdict === 'blocked' ? 'error' : 'warning',
    message: { text: messageOf(r, report.browser) },
    locations: [{ physicalLocation: { artifactLocation: { uri: r.url } } }],
    partialFingerprints: { corsairHar: `${r.pageOrigin} ${r.method} ${r.url}#${ruleOf(r)}` },
    properties: {
      pageOrigin: r.pageOrigin,
      method: r.method,
      entries: r.entries,
      reproduce: r.reproduce,
      missing: r.missing,
    },
  }));
  const rules = ids.map((id) => ({
    id,
    shortDescription: {
      text:
        id === 'unknown-cause'
          ? 'Blocked by CORS; the HAR does not say why'
          : id === 'undecided'
            ? 'The HAR lacks what the decision needs'
            : `CORS failure ${id}`,
    },
    properties: { tags: ['cors'] },
  }));
  return sarifRun(rules, version, results);
}

/**
 * A HAR report as JUnit XML: one test suite per page origin, one test case per cross-origin request;
 * blocked is a failure, undecided is skipped with what is missing.
 *
 * @example
 * writeFileSync('har-junit.xml', harToJUnit(report));
 */
export function harToJUnit(report: HarReport): string {
  const suites: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const origin of report.pageOrigins) {
    const rs = report.requests.filter((r) => r.pageOrigin === origin);
    const cases = rs.map((r) => {
      const name = xml(`${r.method} ${r.url} (entry ${r.entries.join(', ')})`);
      if (r.verdict === 'blocked') {
        failures++;
        return `    <testcase classname="${xml(origin)}" name="${name}"><failure type="${xml(ruleOf(r))}" message="${xml(r.check?.error ? consoleLine(r.check.error.messages, report.browser) : `the browser recorded ${r.recorded.failure ?? r.recorded.status}`)}">${xml(messageOf(r, report.browser))}</failure></testcase>`;
      }
      if (r.verdict === 'unknown') {
        skipped++;
        return `    <testcase classname="${xml(origin)}" name="${name}"><skipped message="${xml(`undecided: ${r.missing.join('; ')}`)}"/></testcase>`;
      }
      return `    <testcase classname="${xml(origin)}" name="${name}"/>`;
    });
    const f = rs.filter((r) => r.verdict === 'blocked').length;
    const sk = rs.filter((r) => r.verdict === 'unknown').length;
    suites.push(
      `  <testsuite name="${xml(origin)}" tests="${rs.length}" failures="${f}" skipped="${sk}" errors="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="corsair har" tests="${report.requests.length}" failures="${failures}" skipped="${skipped}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
