import { CorsairError, type CorsairErrorOptions } from '../errors.js';

/**
 * An error the UI server answers with: code, sentence, fix and the HTTP status (`details.status`,
 * 400 unless given); the page gets `toJSON()`, never a stack trace.
 *
 * @example
 * throw new UiError('UI_BAD_URL', "'x' is not an absolute URL.", 'Give a full URL such as https://api.example.com/items.', { details: { status: 400 } });
 */
export class UiError extends CorsairError<{ readonly status: number }> {
  override readonly name = 'UiError';
  constructor(
    code: string,
    message: string,
    fix: string,
    options: CorsairErrorOptions<{ readonly status?: number }> = {},
  ) {
    super(code, message, fix, { ...options, details: { status: options.details?.status ?? 400 } });
  }

  /** The HTTP status the server answers with. */
  get status(): number {
    return this.details.status;
  }
}
