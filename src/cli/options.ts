import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HttpTransportOptions } from '../http/transport.js';
import { parseSerializedOrigin } from '../origin/strict.js';
import { MAX_TIMER_MS } from '../proxy/config.js';
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
 * The accepted range of a whole-number option, and the error code a value outside it gets.
 *
 * @example
 * const range: IntRange = { min: 1, max: MAX_TIMER_MS, code: 'CLI_BAD_TIMEOUT', unit: 'milliseconds', example: '5000' };
 */
export interface IntRange {
  readonly min: number;
  readonly max: number;
  readonly code: string;
  /** What the number counts, for the message ("milliseconds", "targets"). */
  readonly unit: string;
  readonly example: string;
}

/** Timeouts of every command: a timer Node can arm. */
export const TIMEOUT_RANGE: IntRange = {
  min: 1,
  max: MAX_TIMER_MS,
  code: 'CLI_BAD_TIMEOUT',
  unit: 'milliseconds',
  example: '5000',
};

/** TCP ports to listen on (0 picks a free one). */
export const PORT_RANGE: IntRange = {
  min: 0,
  max: 65_535,
  code: 'CLI_BAD_PORT',
  unit: 'port',
  example: '8787',
};

/**
 * Read a whole-number option: plain decimal digits only (no sign, exponent, hex, fraction or
 * spaces, which `Number()` would quietly accept) within `range`; otherwise a coded error (exit 2).
 *
 * @example
 * intOption('5000', '--timeout', TIMEOUT_RANGE); // 5000
 * intOption('1e3', '--timeout', TIMEOUT_RANGE); // throws BAD_TIMEOUT
 */
export function intOption(value: string, flag: string, range: IntRange): number {
  const n = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= range.min && n <= range.max) return n;
  const what = /^\d+$/.test(value) ? 'is out of range' : 'is not a whole number';
  throw new CliError(
    range.code,
    `${flag} '${value.slice(0, 40)}' ${what}: give ${range.unit === 'port' ? 'a port' : `a number of ${range.unit}`} from ${range.min} to ${range.max}.`,
    `Write e.g. ${flag} ${range.example}.`,
  );
}

/**
 * Read --timeout/--insecure/--ca into transport options.
 *
 * @example
 * transportOptions({ timeout: '5000' }, io); // { timeoutMs: 5000, insecure: false }
 */
export function transportOptions(flags: TransportFlags, io: CliIO): HttpTransportOptions {
  const timeoutMs =
    flags.timeout === undefined ? 10_000 : intOption(flags.timeout, '--timeout', TIMEOUT_RANGE);
  const ca = flags.ca === undefined ? undefined : readCaFile(flags.ca, io);
  return { timeoutMs, insecure: flags.insecure === true, ...(ca ? { ca } : {}) };
}

/**
 * Read a `--ca` file: PEM text holding one or more certificates, each of which must parse. TLS
 * libraries silently skip what they cannot read, so a wrong file would otherwise look like trust.
 *
 * @example
 * readCaFile('ca.pem', io); // '-----BEGIN CERTIFICATE-----\n…'
 */
export function readCaFile(file: string, io: CliIO): string {
  const text = readText(file, io, '--ca');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g) ?? [];
  const bad = (why: string) =>
    new CliError(
      'CLI_BAD_CA',
      `--ca ${file}: ${why}.`,
      'Give a PEM file of CA certificates (-----BEGIN CERTIFICATE-----); convert DER with: openssl x509 -inform der -in ca.der -out ca.pem',
    );
  if (blocks.length === 0) throw bad('no PEM certificate in the file');
  const begins = text.match(/-----BEGIN [A-Z0-9 ]+-----/g) ?? [];
  if (begins.length !== blocks.length)
    throw bad('it holds PEM blocks that are not certificates (a private key?) or a broken block');
  blocks.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw bad(`certificate ${i + 1} of ${blocks.length} does not parse`);
    }
  });
  return text;
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
 * Check an `--origin` value with the one strict origin parser: a serialized http(s) origin such as
 * `https://app.example.com`, or `null` when `allowNull`. A refusal is a CliError carrying the parser's
 * code (`ORIGIN_TRAILING_SLASH`, `ORIGIN_NO_SCHEME`, …), its sentence and its fix.
 *
 * @example
 * parseOriginArg('https://App.example.com:443'); // throws ORIGIN_DEFAULT_PORT: … Fix: Use 'https://app.example.com'.
 */
export function parseOriginArg(value: string, allowNull = true): string {
  const r = parseSerializedOrigin(value, { opaque: allowNull, schemes: ['http', 'https'] });
  if (r.ok) return r.serialized;
  throw new CliError(
    r.code,
    `--origin: ${r.message.replace(/\.?$/, '.')}`,
    `${r.fix[0]!.toUpperCase()}${r.fix.slice(1)}.`,
  );
}
