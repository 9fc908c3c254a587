import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HttpTransportOptions } from '../http/transport.js';
import { CliError, type CliIO } from './io.js';

/**
 * Transport flags shared by check, scan and verify.
 *
 * @example
 * const flags: TransportFlags = { timeout: '5000', insecure: false };
 */
export interface TransportFlags {
  readonly timeout?: string;
  readonly insecure?: boolean;
  readonly ca?: string;
}

/**
 * Read --timeout/--insecure/--ca into transport options.
 *
 * @example
 * transportOptions({ timeout: '5000' }, io); // { timeoutMs: 5000, insecure: false }
 */
export function transportOptions(flags: TransportFlags, io: CliIO): HttpTransportOptions {
  const timeoutMs = flags.timeout === undefined ? 10_000 : Number(flags.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new CliError(
      'CLI_BAD_TIMEOUT',
      `--timeout '${flags.timeout}' is not a positive number of milliseconds.`,
      'Write e.g. --timeout 5000.',
    );
  const ca = flags.ca === undefined ? undefined : readText(flags.ca, io, '--ca');
  return { timeoutMs, insecure: flags.insecure === true, ...(ca ? { ca } : {}) };
}

/**
 * Read a file named on the command line, as a coded error when it cannot be read.
 *
 * @example
 * const text = readText('cors.json', io, '--policy');
 */
export function readText(file: string, io: CliIO, flag: string): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (e) {
    const why = e && typeof e === 'object' && 'code' in e ? String(e.code) : 'unreadable';
    throw new CliError(
      'CLI_FILE_UNREADABLE',
      `${flag} ${file}: cannot read the file (${why}).`,
      'Check the path and permissions.',
    );
  }
}

/**
 * Check an `--origin` value: a serialized origin such as `https://app.example.com` (or `null`).
 *
 * @example
 * parseOriginArg('https://App.example.com:443'); // throws: not serialized; suggests https://app.example.com
 */
export function parseOriginArg(value: string, allowNull = true): string {
  if (value === 'null' && allowNull) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(
      'CLI_BAD_ORIGIN',
      `--origin '${value}' is not an origin.`,
      'Write scheme://host[:port], e.g. --origin https://app.example.com.',
    );
  }
  if (url.origin === 'null' || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new CliError(
      'CLI_BAD_ORIGIN',
      `--origin '${value}' is not an http(s) origin.`,
      'Write e.g. --origin https://app.example.com.',
    );
  if (url.origin !== value)
    throw new CliError(
      'CLI_BAD_ORIGIN',
      `--origin '${value}' is not a serialized origin (browsers would send '${url.origin}').`,
      `Write --origin ${url.origin}.`,
    );
  return value;
}
