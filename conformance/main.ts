// `npm run conformance [-- --browser chromium|firefox|webkit] [--filter text] [--no-write]`
// Plays every case in real Chromium, Firefox and WebKit, predicts it with the engine, prints the agreement table
// and writes conformance/report.json. Exit 1 on any disagreement.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { browserAvailable } from '../test/real-browsers/launch.js';
import { formatDisagreements, formatTable, writeReports } from './report.js';
import { runConformance } from './run.js';
import type { RealBrowser } from './sessions.js';

const { values } = parseArgs({
  options: {
    browser: { type: 'string', multiple: true },
    filter: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    concurrency: { type: 'string' },
  },
});

const ALL: readonly RealBrowser[] = ['chromium', 'firefox', 'webkit'];
const wanted = (values.browser ?? ALL) as RealBrowser[];
for (const b of wanted)
  if (!ALL.includes(b)) {
    console.error(`conformance: unknown browser '${b}'. Use --browser ${ALL.join(', --browser ')}.`);
    process.exit(2);
  }
const browsers = wanted.filter((b) => browserAvailable(b));
if (browsers.length === 0) {
  console.error('conformance: no browser available, nothing to run (see the messages above).');
  process.exit(process.env.CORSAIR_REQUIRE_BROWSERS === '1' ? 1 : 0);
}

const started = Date.now();
const run = await runConformance({
  browsers,
  filter: values.filter,
  concurrency: values.concurrency ? Number(values.concurrency) : undefined,
  log: (line) => console.error(line),
});
const seconds = (Date.now() - started) / 1000;
console.log(
  `\ncorsair conformance: ${run.cases} cases, ${Object.entries(run.versions)
    .map(([b, v]) => `${b} ${v}`)
    .join(', ')}, ${seconds.toFixed(1)} s\n`,
);
console.log(formatTable(run));
const bad = run.verdicts.filter((v) => v.disagree.length > 0);
if (bad.length > 0) console.log(`\n${formatDisagreements(bad, run.origins)}`);
if (!values['no-write'] && values.filter === undefined) {
  writeReports(run, dirname(fileURLToPath(import.meta.url)), {
    command: 'npm run conformance',
    totalSeconds: seconds,
  });
  console.log('\nwrote conformance/report.json');
}
process.exit(bad.length > 0 || !run.engine ? 1 : 0);
