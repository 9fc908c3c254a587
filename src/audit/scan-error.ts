import { CorsairError } from '../errors.js';

/**
 * Codes of the failures `scan` at scale reports (rate limits, input files, shards, result files).
 *
 * @example
 * const code: ScanErrorCode = 'SCAN_RATE_LIMITED';
 */
export type ScanErrorCode =
  | 'SCAN_RATE_LIMITED'
  | 'SCAN_HOST_UNREACHABLE'
  | 'SCAN_INPUT_BINARY'
  | 'SCAN_INPUT_LINE_TOO_LONG'
  | 'SCAN_BAD_SHARD'
  | 'SCAN_RESULTS_NOT_JSONL'
  | 'SCAN_RESULTS_BAD_RECORD';

/**
 * A coded scan failure: one plain sentence and a fix, so the CLI prints one line and exits 2, and a
 * target that fails this way is recorded with the code instead of being lost.
 *
 * @example
 * throw new ScanError('SCAN_BAD_SHARD', "--shard '3/2': K must be between 1 and N.", 'Write e.g. --shard 1/4.');
 */
export class ScanError extends CorsairError {
  override readonly name = 'ScanError';
  declare readonly code: ScanErrorCode;

  constructor(code: ScanErrorCode, message: string, fix: string) {
    super(code, message, fix);
  }
}
