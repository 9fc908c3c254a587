import { CorsairError } from '../errors.js';
import { isHeaderName } from '../fetch/header-names.js';
import { isToken } from '../fetch/token.js';
import { CliError } from './io.js';

/**
 * Turn any thrown value into what the CLI prints (no stack trace): `error CODE: message Fix: fix`.
 * A `CorsairError` is the user's to fix; anything else is a corsair bug, and its stack is shown only
 * with CORSAIR_DEBUG=1. An aggregate (`CorsConfigError`) keeps one line per problem under its first.
 *
 * @example
 * formatError(new CliError('CLI_BAD_HEADER', "'X' is not a header line.", "Write it as -H 'Name: value'.")); // "error CLI_BAD_HEADER: 'X' is not a header line. Fix: Write it as -H 'Name: value'."
 */
export function formatError(err: unknown, debug = false): string {
  if (err instanceof CorsairError) {
    const message = err.message.trim();
    return `error ${err.code}: ${message}${message.includes('\n') ? '\n' : ' '}Fix: ${err.fix}`;
  }
  if (debug && err instanceof Error && err.stack) return `internal error: ${err.stack}`;
  const msg = err instanceof Error ? err.message : String(err);
  return `internal error: ${msg} (this is a corsair bug; rerun with CORSAIR_DEBUG=1 for details and report it)`;
}

/**
 * Read a `-H 'Name: value'` argument into a header line.
 *
 * @example
 * parseHeaderArg('Content-Type: application/json'); // ['Content-Type', 'application/json']
 */
export function parseHeaderArg(arg: string): readonly [string, string] {
  const i = arg.indexOf(':');
  const name = i > 0 ? arg.slice(0, i).trim() : '';
  if (!isHeaderName(name))
    throw new CliError('CLI_BAD_HEADER', `'${arg}' is not a header line.`, "Write it as -H 'Name: value'.");
  return [name, arg.slice(i + 1).trim()];
}

/**
 * Read a `--cookie name=value` argument into a `Cookie` header pair (RFC 6265 §4.2.1: a token name, a
 * value without `;`, `,`, whitespace or control characters, optionally in double quotes).
 *
 * @example
 * parseCookieArg('session=abc'); // 'session=abc'
 */
export function parseCookieArg(arg: string): string {
  const i = arg.indexOf('=');
  const name = i > 0 ? arg.slice(0, i) : '';
  const value = arg.slice(i + 1);
  if (
    !isToken(name) ||
    !/^(?:"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"|[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*)$/.test(
      value,
    )
  )
    throw new CliError(
      'CLI_BAD_COOKIE',
      `'${arg}' is not a cookie.`,
      "Write it as --cookie name=value (no spaces, ';' or ','); repeat --cookie for more cookies.",
    );
  return `${name}=${value}`;
}

/**
 * Collect repeated options into an array (commander's reducer).
 *
 * @example
 * command.option('-H, --header <line>', 'a header line (repeatable)', collect);
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
