import type { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerExplain } from './explain.js';
import { registerGenerate } from './generate.js';
import { registerHar } from './har.js';
import type { CliIO } from './io.js';
import { registerProxy } from './proxy.js';
import { registerScan } from './scan.js';
import { registerUi } from './ui.js';
import { registerVerify } from './verify.js';

/**
 * A command adds itself to the program. Its action returns the exit code (0, 1 or 2) and writes through
 * `io`; it throws a coded error for bad input and `runCli` prints it as one line.
 *
 * @example
 * export const registerHello: RegisterCommand = (program, io, done) =>
 *   program.command('hello').action(() => { io.stdout('hi\n'); done(0); });
 */
export type RegisterCommand = (program: Command, io: CliIO, done: (code: number) => void) => void;

/**
 * Every command of `corsair`, in help order. Adding one is one line here and one file in src/cli/.
 *
 * @example
 * for (const register of COMMANDS) register(program, io, done);
 */
export const COMMANDS: readonly RegisterCommand[] = [
  registerCheck,
  registerExplain,
  registerScan,
  registerVerify,
  registerHar,
  registerGenerate,
  registerUi,
  registerProxy,
];
