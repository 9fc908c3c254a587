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
  | 'HAR_BAD_URL'
  | 'HAR_NO_ORIGIN';

/**
 * A HAR file corsair cannot use: a code, one sentence naming the place in the file, and the fix.
 *
 * @example
 * try { await readHar(stream); } catch (e) { if (e instanceof HarError) console.error(e.code, e.message, e.fix); }
 */
export class HarError extends Error {
  override readonly name = 'HarError';
  readonly code: HarErrorCode;
  readonly fix: string;
  /** Where in the file: a JSON path such as `log.entries[3].request.url`, or a byte offset. */
  readonly details: { readonly path?: string; readonly offset?: number };
  constructor(
    code: HarErrorCode,
    message: string,
    fix: string,
    details: { readonly path?: string; readonly offset?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.fix = fix;
    this.details = details;
  }
}
