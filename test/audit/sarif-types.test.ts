// corsair's own SARIF types (src/audit/report/sarif-types.ts) keep the published declarations free of
// @types/sarif; these assignments to @types/sarif's `Log` keep them SARIF 2.1.0 (npm run typecheck
// fails otherwise).
import type { Log } from 'sarif';
import { expect, it } from 'vitest';
import type { HarReport } from '../../src/audit/har/report.js';
import { harToSarif, toSarif } from '../../src/audit/index.js';
import type { TargetResult } from '../../src/audit/types.js';

const scanLog: (results: readonly TargetResult[]) => Log = toSarif;
const harLog: (report: HarReport) => Log = harToSarif;

it('toSarif and harToSarif return logs @types/sarif accepts, naming the package on npm', () => {
  const log = scanLog([]);
  expect(log.version).toBe('2.1.0');
  expect(log.runs[0]?.tool.driver.informationUri).toBe('https://www.npmjs.com/package/corsair-cors');
  expect(typeof harLog).toBe('function');
});
