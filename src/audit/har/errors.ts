import { CorsairError, type CorsairErrorOptions } from '../../errors.js';

/**
 * Why a HAR file could not be read. Stable: scripts and CI match on these codes.
 *
 * @example
 * const code: HarErrorCode = 'HAR_NOT_JSON';
 */
export type HarErrorCode =
  | 'HAR_UNREADABLE'
  | 'HAR_EMPTY'
  | 'HAR_NOT_JSON'
  | 'HAR_TRUNCATED'
  | 'HAR_NOT_HAR'
  | 'HAR_MISSING_FIELD'
  | 'HAR_WRONG_TYPE'
  | 'HAR_VALUE_TOO_LARGE'
  | 'HAR_NO_ORIGIN';

/**
 * Where in the file: a JSON path such as `log.entries[3].request.url`, or a byte offset.
 *
 * @example
 * const d: HarErrorDetails = { path: 'log.entries[3].request.url' };
 */
export interface HarErrorDetails {
  readonly path?: string;
  readonly offset?: number;
}

/**
 * A HAR file corsair cannot use: a `HAR_*` code, one sentence naming the place in the file, and the fix.
 *
 * @example
 * try { await readHar(stream); } catch (e) { if (e instanceof HarError) console.error(e.code, e.details.path, e.fix); }
 */
export class HarError extends CorsairError<HarErrorDetails> {
  override readonly name = 'HarError';
  declare readonly code: HarErrorCode;
  constructor(
    code: HarErrorCode,
    message: string,
    fix: string,
    options: CorsairErrorOptions<HarErrorDetails> = {},
  ) {
    super(code, message, fix, options);
  }
}
