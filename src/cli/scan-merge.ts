import { resolve } from 'node:path';
import type { Command } from 'commander';
import { printable } from '../audit/report/text.js';
import { openMerged } from '../audit/scan-merge.js';
import { CliError, type CliIO } from './io.js';
import { addReportOptions, report } from './scan-report.js';

interface MergeFlags {
  json?: boolean;
  sarif?: boolean;
  junit?: boolean;
  failOn: string;
}

/**
 * `corsair scan merge a.jsonl b.jsonl …`: the results of sharded (or resumed) scans as one report.
 *
 * @example
 * registerScanMerge(program.command('scan'), io, done);
 */
export function registerScanMerge(scan: Command, io: CliIO, done: (code: number) => void): void {
  const merge = scan
    .command('merge')
    .description('Combine the --output files of several scans (shards) into one report.')
    .argument('<files...>', 'JSON Lines files written by corsair scan --output');
  addReportOptions(merge)
    .addHelpText(
      'after',
      `
Each target is reported once: a scanned record wins over an error, otherwise the later file wins.
Exit: as for scan (0 clean, 1 findings at or above --fail-on, 2 bad input or a target unreachable).

Examples:
  corsair scan merge shard-1.jsonl shard-2.jsonl shard-3.jsonl shard-4.jsonl --fail-on high
  corsair scan merge results/*.jsonl --sarif > corsair.sarif`,
    )
    .action((files: string[], flags: MergeFlags) => {
      const merged = openOrExplain(files, io);
      try {
        for (const where of merged.cutLines)
          io.stderr(
            `corsair: warning: ${printable(where)} was cut off mid-record (an interrupted run); skipped\n`,
          );
        done(report(merged.records, flags, io));
      } finally {
        merged.close();
      }
    });
}

function openOrExplain(files: readonly string[], io: CliIO) {
  try {
    return openMerged(files.map((f) => resolve(io.cwd, f)));
  } catch (e) {
    if (
      e &&
      typeof e === 'object' &&
      'code' in e &&
      typeof e.code === 'string' &&
      !e.code.startsWith('SCAN_')
    ) {
      const path = 'path' in e && typeof e.path === 'string' ? e.path : '';
      throw new CliError(
        'CLI_FILE_UNREADABLE',
        `scan merge: cannot read ${printable(path || 'a file')} (${e.code}).`,
        'Check the paths: give the JSON Lines files corsair scan --output wrote.',
      );
    }
    throw e;
  }
}
