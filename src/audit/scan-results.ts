// Scan results on disk as JSON Lines, one record per target: written as each target finishes, found again
// by byte position, so a report over 100,000 targets holds positions, not results.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { ScanRecord } from './probe-dedup.js';
import { ScanError } from './scan-error.js';
import { SEVERITIES } from './types.js';

/**
 * Where one record sits in a results file.
 *
 * @example
 * const at: RecordAt = { pos: 0, len: 120 };
 */
export interface RecordAt {
  readonly pos: number;
  readonly len: number;
}

const CHUNK = 1 << 16;

/**
 * Call `onLine` for every line of the open file `fd` with its byte position (the newline excluded); the
 * last line is passed even without a newline, flagged `cut`.
 *
 * @example
 * forEachLine(fd, (line, at, cut) => console.log(at.pos, line.length, cut));
 */
export function forEachLine(fd: number, onLine: (line: Buffer, at: RecordAt, cut: boolean) => void): void {
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer = Buffer.alloc(0);
  let carryPos = 0;
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    if (n === 0) break;
    let data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      onLine(data.subarray(start, nl), { pos: carryPos + start, len: nl - start }, false);
      start = nl + 1;
    }
    carryPos += start;
    data = data.subarray(start);
    carry = Buffer.from(data);
    pos += n;
  }
  if (carry.length) onLine(carry, { pos: carryPos, len: carry.length }, true);
}

/**
 * Whether a parsed JSON value has the shape of a scan record (what the reporters rely on).
 *
 * @example
 * isScanRecord({ target: 'http://x/', findings: [], error: null, requests: 0 }); // true
 */
export function isScanRecord(v: unknown): v is ScanRecord {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  if (typeof r.target !== 'string' || !Array.isArray(r.findings) || typeof r.requests !== 'number')
    return false;
  const e = r.error as Record<string, unknown> | null;
  if (e !== null && (typeof e !== 'object' || typeof e.code !== 'string' || typeof e.message !== 'string'))
    return false;
  return r.findings.every((f: unknown) => {
    const x = f as Record<string, unknown>;
    return (
      !!x &&
      typeof x.id === 'string' &&
      SEVERITIES.includes(x.severity as never) &&
      typeof x.origin === 'string' &&
      Array.isArray(x.evidence)
    );
  });
}

function parseLine(line: Buffer): ScanRecord | null {
  try {
    const v: unknown = JSON.parse(line.toString('utf8'));
    return isScanRecord(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * A JSON Lines results file open for appending (`--output`, or a spool file): indexes what an earlier run
 * left (resume), appends records, reads any record back by position.
 *
 * @example
 * const file = ResultsFile.open('scan.jsonl');
 * file.done.has('https://api.example.com/'); // recorded by an earlier run without error
 * const at = file.append(result); file.read(at).target; file.close();
 */
export class ResultsFile {
  /** Targets an earlier run recorded without error, and where (the last such record of each wins). */
  readonly done = new Map<string, RecordAt>();
  private size: number;

  private constructor(
    private readonly fd: number,
    readonly path: string,
  ) {
    this.size = fstatSync(fd).size;
    forEachLine(fd, (line, at) => {
      const r = parseLine(line);
      if (r && r.error === null) this.done.set(r.target, at);
    });
    // A run cut off mid-line: start on a fresh line so the next record stays readable.
    if (this.size > 0 && this.lastByte() !== 10) this.write('\n');
  }

  /**
   * Open (or create) a results file. Throws the `fs` error when it cannot be opened.
   *
   * @example
   * const file = ResultsFile.open('/tmp/scan.jsonl');
   */
  static open(path: string): ResultsFile {
    return new ResultsFile(openSync(path, 'a+'), path);
  }

  /** Write one record as a line; returns where it is. */
  append(record: ScanRecord): RecordAt {
    const text = JSON.stringify(record);
    const pos = this.size;
    const len = this.write(`${text}\n`) - 1;
    return { pos, len };
  }

  /** Read the record at `at` back. */
  read(at: RecordAt): ScanRecord {
    return readRecord(this.fd, at, this.path);
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(text: string): number {
    const bytes = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
    this.size += bytes.length;
    return bytes.length;
  }

  private lastByte(): number {
    const b = Buffer.alloc(1);
    readSync(this.fd, b, 0, 1, this.size - 1);
    return b[0] as number;
  }
}

/**
 * Read and check the record at `at` of the open file `fd`.
 *
 * @example
 * const r = readRecord(fd, { pos: 0, len: 120 }, 'scan.jsonl');
 */
export function readRecord(fd: number, at: RecordAt, path: string): ScanRecord {
  const buf = Buffer.allocUnsafe(at.len);
  let off = 0;
  while (off < at.len) {
    const n = readSync(fd, buf, off, at.len - off, at.pos + off);
    if (n === 0) break;
    off += n;
  }
  const r = parseLine(buf.subarray(0, off));
  if (r === null)
    throw new ScanError(
      'SCAN_RESULTS_BAD_RECORD',
      `${path} changed while corsair was reading it (no record at byte ${at.pos}).`,
      'Do not edit or write to a results file while a scan or merge uses it.',
    );
  return r;
}
