import { CorsairError } from '../errors.js';

/**
 * Where a command writes and what it knows of its terminal. `runCli` gets one; tests pass a capturing one.
 *
 * @example
 * const io: CliIO = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTTY: false, color: false, env: process.env, cwd: process.cwd() };
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars go there only then). */
  readonly isTTY: boolean;
  /** Colours in human-readable output. */
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The stream a progress bar may draw on (a TTY only). */
  readonly progressStream?: NodeJS.WriteStream;
  /** All of standard input, for commands that read a pasted message from a pipe; absent when stdin is a terminal. */
  readonly readStdin?: () => Promise<string>;
  /** Standard input as a stream, for commands that read large input piece by piece; absent when stdin is a terminal. */
  readonly stdin?: NodeJS.ReadableStream;
}

/**
 * Exit codes shared by every command.
 *
 * @example
 * done(report.allowed ? EXIT.OK : EXIT.FAIL);
 */
export const EXIT = {
  /** Allowed, clean, no drift. */
  OK: 0,
  /** Blocked, findings at or above --fail-on, drift. */
  FAIL: 1,
  /** Bad input or network failure. */
  ERROR: 2,
} as const;

/**
 * An error the user caused or can fix (bad input, unreadable file): one line, a code, a fix, exit 2.
 *
 * @example
 * throw new CliError('CLI_BAD_HEADER', "'-H X' is not a header line.", "Write -H 'Name: value'.");
 */
export class CliError extends CorsairError {
  override readonly name = 'CliError';
}

/**
 * A warning on stderr: the command goes on (a policy's rulebook risk, a generator's fidelity note).
 *
 * @example
 * warnLine(io, 'POLICY_LOOPBACK_WITH_CREDENTIALS', '$.origins: …; use a real origin in production');
 */
export function warnLine(io: CliIO, code: string, message: string): void {
  io.stderr(`corsair: warning ${code}: ${message}\n`);
}
