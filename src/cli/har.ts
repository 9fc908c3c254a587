import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Option } from 'commander';
import { analyzeHar } from '../audit/har/analyze.js';
import { harReportJson, harToJUnit, harToSarif } from '../audit/har/ci.js';
import { HarError } from '../audit/har/errors.js';
import type { HarLog } from '../audit/har/model.js';
import { readHar } from '../audit/har/read.js';
import { formatHarText } from '../audit/har/text.js';
import { profiles } from '../browser/profile.js';
import type { BrowserName } from '../browser/types.js';
import { createHttpTransport } from '../http/transport.js';
import { choiceOption } from './choice.js';
import type { RegisterCommand } from './commands.js';
import { type CliIO, EXIT } from './io.js';
import { parseOriginArg, transportOptions } from './options.js';
import { VERSION } from './program.js';

interface HarFlags {
  origin?: string;
  browser?: BrowserName;
  probe?: boolean;
  json?: boolean;
  sarif?: boolean;
  junit?: boolean;
  all?: boolean;
  progress: boolean;
  timeout?: string;
  insecure?: boolean;
  ca?: string;
}

/**
 * `corsair har`: a recorded page load (HAR file) re-decided by the browser engine.
 *
 * @example
 * registerHar(program, io, (code) => { exitCode = code; });
 */
export const registerHar: RegisterCommand = (program, io, done) => {
  program
    .command('har')
    .description(
      'Re-decide every cross-origin request of a recorded page load (a HAR file from DevTools, Playwright or a proxy) as the browser that recorded it: what was blocked, why, and how to fix it.',
    )
    .argument('<file>', "the .har file (or .har.gz), or '-' for standard input")
    .option('--origin <origin>', "the page's origin, when the HAR does not show it")
    .addOption(
      choiceOption(
        '--browser <name>',
        'which browser decides (default: the one that recorded the HAR)',
        Object.keys(profiles),
      ),
    )
    .option('--probe', 're-send the requests the HAR cannot decide, as corsair check does (real requests)')
    .addOption(
      new Option('--json', 'print the report as JSON (schemaVersion 1)').conflicts(['sarif', 'junit']),
    )
    .addOption(new Option('--sarif', 'print a SARIF 2.1.0 log (code scanning)').conflicts(['json', 'junit']))
    .addOption(new Option('--junit', 'print JUnit XML (CI test reports)').conflicts(['json', 'sarif']))
    .option('--all', 'print allowed requests in full too')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .option('--timeout <ms>', 'per-request deadline for --probe, in milliseconds', '10000')
    .option('--insecure', 'skip TLS certificate verification for --probe (testing only)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file for --probe')
    .addHelpText(
      'after',
      `
Exit: 0 nothing blocked, 1 a request was blocked, 2 bad input (HAR_* codes) or --probe failure.

Examples:
  corsair har page.har
  corsair har page.har --origin https://app.example.com --browser firefox
  corsair har page.har --probe
  corsair har test-results/trace.har --junit > corsair-har.xml
  gunzip -c page.har.gz | corsair har -`,
    )
    .action(async (file: string, flags: HarFlags) => {
      const origin = flags.origin === undefined ? undefined : parseOriginArg(flags.origin, false);
      const log = await readInput(file, io, flags.progress);
      const http = flags.probe ? createHttpTransport(transportOptions(flags, io)) : null;
      const bar = progressBar(io, flags.progress, 'deciding [{bar}] {value}/{total} requests');
      let started = false;
      try {
        const report = await analyzeHar(log, {
          ...(origin ? { origin } : {}),
          ...(flags.browser ? { browser: flags.browser } : {}),
          ...(http ? { probe: http.send } : {}),
          onRequest: (n, total) => {
            if (!started) bar?.start(total, 0);
            started = true;
            bar?.update(n);
          },
        });
        bar?.stop();
        if (flags.json) io.stdout(`${JSON.stringify(harReportJson(report), null, 2)}\n`);
        else if (flags.sarif) io.stdout(`${JSON.stringify(harToSarif(report, VERSION), null, 2)}\n`);
        else if (flags.junit) io.stdout(harToJUnit(report));
        else io.stdout(formatHarText(report, { color: io.color, all: flags.all === true }));
        done(report.summary.blocked > 0 ? EXIT.FAIL : EXIT.OK);
      } finally {
        bar?.stop();
        await http?.close();
      }
    });
};

function progressBar(io: CliIO, wanted: boolean, format: string): SingleBar | null {
  if (!wanted || !io.isTTY || !io.progressStream) return null;
  return new SingleBar({ stream: io.progressStream, format, hideCursor: true, clearOnComplete: true });
}

async function readInput(file: string, io: CliIO, progress: boolean): Promise<HarLog> {
  if (file === '-') {
    if (!io.stdin)
      throw new HarError(
        'HAR_UNREADABLE',
        'Standard input is a terminal, not a HAR.',
        'Pipe the file in (corsair har - < page.har) or name it (corsair har page.har).',
      );
    return readHar(io.stdin as AsyncIterable<Uint8Array>);
  }
  const path = resolve(io.cwd, file);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = st.size;
  } catch (e) {
    const why = e && typeof e === 'object' && 'code' in e ? String(e.code) : 'unreadable';
    throw new HarError(
      'HAR_UNREADABLE',
      `${file}: cannot read the file (${why}).`,
      'Check the path and permissions.',
    );
  }
  const bar =
    size > 0 ? progressBar(io, progress, 'reading HAR [{bar}] {percentage}% | {value}/{total} MB') : null;
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  bar?.start(mb(size), 0);
  try {
    return await readHar(createReadStream(path), { onProgress: (n) => bar?.update(mb(n)) });
  } finally {
    bar?.stop();
  }
}
