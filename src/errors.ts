/**
 * The one base of every error corsair reports to a user: a stable code, one plain sentence, the fix,
 * and the facts behind it. Shared by every layer (like exchange.ts), so it imports nothing; engines
 * that run in browsers and edge runtimes may throw it.
 *
 * Codes are SCREAMING_SNAKE_CASE with the area that reports them as prefix (`ORIGIN_`, `POLICY_`,
 * `HTTP_`, `CLI_`, `GENERATE_`, `PROXY_`, `UI_`, …). docs/errors.md lists every one; a test keeps that
 * table and the source in step.
 */

/**
 * What may accompany an error: structured facts for programs (`details`) and the underlying failure
 * (`cause`, as `Error` has it since ES2022).
 *
 * @example
 * const options: CorsairErrorOptions<{ url: string }> = { details: { url: 'https://api.example.com/' }, cause: new Error('ECONNRESET') };
 */
export interface CorsairErrorOptions<D extends object = Record<string, unknown>> {
  readonly details?: D;
  readonly cause?: unknown;
}

/**
 * The JSON form of an error (what the local page and JSON reports carry).
 *
 * @example
 * const json: CorsairErrorJSON = { code: 'CLI_BAD_HEADER', message: "'X' is not a header line.", fix: "Write it as -H 'Name: value'." };
 */
export interface CorsairErrorJSON {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * A user-facing error: `code`, `message` (what is wrong, one sentence), `fix` (what to do), `details`.
 * Every corsair error class extends it with the same argument order `(code, message, fix, options)`,
 * so `catch (e) { if (e instanceof CorsairError) … }` handles all of them alike.
 *
 * @example
 * try { createCors({ origins: '*', credentials: true }); }
 * catch (e) { if (e instanceof CorsairError) console.error(`${e.code}: ${e.message} Fix: ${e.fix}`); }
 */
export class CorsairError<D extends object = Record<string, unknown>> extends Error {
  override readonly name: string = 'CorsairError';
  readonly code: string;
  readonly fix: string;
  readonly details: D;

  constructor(code: string, message: string, fix: string, options: CorsairErrorOptions<D> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fix = fix;
    this.details = options.details ?? ({} as D);
  }

  /**
   * The code, sentence and fix as plain JSON (no stack, no details: they may hold what a page must not see).
   *
   * @example
   * JSON.stringify({ error: err.toJSON() });
   */
  toJSON(): CorsairErrorJSON {
    return { code: this.code, message: this.message, fix: this.fix };
  }
}
