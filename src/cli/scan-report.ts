import { type Command, Option } from 'commander';
import type { ScanRecord } from '../audit/probe-dedup.js';
import { type ReportFormat, writeScanReport } from '../audit/report/stream.js';
import { printable } from '../audit/report/text.js';
import { SEVERITIES, type Severity } from '../audit/types.js';
import { choiceOption } from './choice.js';
import { type CliIO, EXIT } from './io.js';

/**
 * The report options `scan` and `scan merge` share.
 *
 * @example
 * addReportOptions(program.command('scan'));
 */
export function addReportOptions<C extends Command>(command: C): C {
  return command
    .addOption(new Option('--json', 'print the results as JSON').conflicts(['sarif', 'junit']))
    .addOption(new Option('--sarif', 'print a SARIF 2.1.0 log (code scanning)').conflicts(['json', 'junit']))
    .addOption(new Option('--junit', 'print JUnit XML (CI test reports)').conflicts(['json', 'sarif']))
    .addOption(
      choiceOption(
        '--fail-on <severity>',
        'exit 1 when a finding is at least this severe',
        SEVERITIES,
      ).default('low'),
    );
}

/**
 * The report format the flags ask for.
 *
 * @example
 * reportFormat({ sarif: true }); // 'sarif'
 */
export function reportFormat(flags: { json?: boolean; sarif?: boolean; junit?: boolean }): ReportFormat {
  return flags.json ? 'json' : flags.sarif ? 'sarif' : flags.junit ? 'junit' : 'text';
}

/**
 * Write the report over `pass` in the format the flags ask for, say each unreachable target on stderr
 * (the first 20), and return the exit code.
 *
 * @example
 * return report(() => records, flags, io);
 */
export function report(
  pass: () => Iterable<ScanRecord>,
  flags: { json?: boolean; sarif?: boolean; junit?: boolean; failOn: string },
  io: CliIO,
): number {
  const failOn = flags.failOn as Severity;
  const outcome = writeScanReport(pass, {
    format: reportFormat(flags),
    failOn,
    write: io.stdout,
    color: io.color,
  });
  if (outcome.tally.unreachable > 0) {
    let shown = 0;
    for (const r of pass()) {
      if (!r.error) continue;
      if (++shown > 20) break;
      io.stderr(
        `corsair: error ${r.error.code}: ${printable(r.target, 2000)}: ${printable(r.error.message, 2000)} Fix: ${r.error.fix}\n`,
      );
    }
    if (outcome.tally.unreachable > 20)
      io.stderr(
        `corsair: … and ${outcome.tally.unreachable - 20} more unreachable targets (see the report)\n`,
      );
  }
  return outcome.failed ? EXIT.FAIL : outcome.tally.unreachable > 0 ? EXIT.ERROR : EXIT.OK;
}
