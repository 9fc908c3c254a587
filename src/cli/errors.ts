import { CorsairError } from '../errors.js';
import { isHeaderName } from '../fetch/header-names.js';
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
 * Collect repeated options into an array (commander's reducer).
 *
 * @example
 * command.option('-H, --header <line>', 'a header line (repeatable)', collect);
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
