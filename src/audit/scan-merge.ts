// `corsair scan merge`: results of several shards (or runs) as one report. Each target keeps one record:
// a scanned one beats an error, and otherwise the later one wins (a resumed run appends its rescans).
import { closeSync, openSync } from 'node:fs';
import type { ScanRecord } from './probe-dedup.js';
import { printable } from './report/text.js';
import { ScanError } from './scan-error.js';
import { forEachLine, isScanRecord, type RecordAt, readRecord } from './scan-results.js';

/**
 * The chosen record of every target across result files, in order of first appearance.
 *
 * @example
 * const merged = openMerged(['shard-1.jsonl', 'shard-2.jsonl']);
 * for (const r of merged.records()) console.log(r.target);
 * merged.close();
 */
export interface MergedResults {
  /** Targets seen. */
  readonly size: number;
  /** Lines skipped because a run was cut off in the middle of writing them, as `file:line`. */
  readonly cutLines: readonly string[];
  /** A fresh pass over the chosen records (each call reads the files again). */
  readonly records: () => Iterable<ScanRecord>;
  readonly close: () => void;
}

interface Chosen {
  file: number;
  at: RecordAt;
  error: boolean;
}

/**
 * Index JSON Lines result files for merging. Throws `SCAN_RESULTS_NOT_JSONL` naming the file and line
 * when a line is not a scan record (a cut-off last line is skipped and listed instead), and the `fs` error
 * when a file cannot be opened.
 *
 * @example
 * const merged = openMerged(['a.jsonl', 'b.jsonl']);
 */
export function openMerged(paths: readonly string[]): MergedResults {
  const fds: number[] = [];
  const chosen = new Map<string, Chosen>();
  const cutLines: string[] = [];
  try {
    for (const [file, path] of paths.entries()) {
      const fd = openSync(path, 'r');
      fds.push(fd);
      let lineNo = 0;
      forEachLine(fd, (line, at, cut) => {
        lineNo++;
        if (line.length === 0 || (line.length === 1 && line[0] === 13)) return;
        const record = parse(line);
        if (record === null) {
          if (cut) {
            cutLines.push(`${path}:${lineNo}`);
            return;
          }
          throw new ScanError(
            'SCAN_RESULTS_NOT_JSONL',
            `${printable(path)}: line ${lineNo} is not a corsair scan record.`,
            'Merge the JSON Lines files that `corsair scan --output` writes, one record per line.',
          );
        }
        const error = record.error !== null;
        const before = chosen.get(record.target);
        if (!before || error === before.error || before.error) chosen.set(record.target, { file, at, error });
      });
    }
  } catch (err) {
    for (const fd of fds) closeSync(fd);
    throw err;
  }
  return {
    size: chosen.size,
    cutLines,
    records: function* () {
      for (const c of chosen.values()) yield readRecord(fds[c.file] as number, c.at, paths[c.file] as string);
    },
    close: () => {
      for (const fd of fds) closeSync(fd);
    },
  };
}

function parse(line: Buffer): ScanRecord | null {
  try {
    const v: unknown = JSON.parse(line.toString('utf8'));
    return isScanRecord(v) ? v : null;
  } catch {
    return null;
  }
}
