// The conformance suite: every generated case played in real Chromium, Firefox and WebKit and predicted by the
// engine (`simulateCors` with that browser's profile); any disagreement on any compared field fails,
// listed case by case. Skips loudly without the browsers; fails without them under
// CORSAIR_REQUIRE_BROWSERS=1. `CORSAIR_CONFORMANCE_FILTER=<substring>` narrows the cases while developing.
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDisagreements } from '../../conformance/report.js';
import { type ConformanceRun, runConformance, selectCases } from '../../conformance/run.js';
import { browserAvailable } from './launch.js';

const filter = process.env.CORSAIR_CONFORMANCE_FILTER || undefined;
const families = [...new Set(selectCases(filter).map((c) => c.family))];

for (const browser of ['chromium', 'firefox', 'webkit'] as const) {
  describe.skipIf(!browserAvailable(browser))(`conformance with real ${browser}`, () => {
    let run: ConformanceRun;
    beforeAll(async () => {
      run = await runConformance({ browsers: [browser], filter });
    }, 600_000);

    it('plays every case and has an engine to compare with', () => {
      expect(run.engine).toBe(true);
      expect(run.verdicts.length).toBe(run.cases);
      if (filter === undefined) expect(run.cases).toBeGreaterThanOrEqual(1500);
    });

    it.each(families)('%s: the engine agrees with the browser on every case', (family) => {
      const bad = run.verdicts.filter((v) => v.family === family && v.disagree.length > 0);
      expect(bad.length, `\n${formatDisagreements(bad, run.origins)}\n`).toBe(0);
    });
  });
}
