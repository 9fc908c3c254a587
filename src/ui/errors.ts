import type { ApiError } from './shared/api.js';

/**
 * An error the UI server answers with: HTTP status, code, sentence and fix (never a stack trace).
 *
 * @example
 * throw new UiError(400, 'UI_BAD_URL', "'x' is not an absolute URL.", 'Give a full URL such as https://api.example.com/items.');
 */
export class UiError extends Error {
  override readonly name = 'UiError';
  readonly status: number;
  readonly code: string;
  readonly fix: string;
  constructor(status: number, code: string, message: string, fix: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.fix = fix;
  }

  /**
   * The JSON body sent to the page.
   *
   * @example
   * JSON.stringify({ error: err.toJSON() });
   */
  toJSON(): ApiError {
    return { code: this.code, message: this.message, fix: this.fix };
  }
}
