import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands.js';
import { formatError } from './errors.js';
import { type CliIO, EXIT } from './io.js';

/**
 * The version `corsair --version` prints.
 *
 * @example
 * VERSION; // '0.1.0', from package.json
 */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The code of every argument commander refuses (unknown option, missing value…). */
const BAD_ARGUMENTS = 'CLI_BAD_ARGUMENTS';

/**
 * Run the CLI in-process with `argv` (without `node` and the script) and return the exit code. Never
 * throws and never calls `process.exit`: every failure becomes one line on stderr and exit 2.
 *
 * @example
 * const code = await runCli(['explain', "Access to fetch at 'https://a.test/' from origin 'https://b.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."], io);
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command()
    .name('corsair')
    .description('Check, explain, scan and verify CORS on real endpoints, exactly as browsers decide.')
    .version(VERSION, '-V, --version')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // One line: `corsair: error CLI_BAD_ARGUMENTS: <commander's words> (see --help)`.
      outputError: (s, write) =>
        write(`corsair: ${s.trim().replace(/^error:/, `error ${BAD_ARGUMENTS}:`)} (see corsair --help)\n`),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 allowed / clean, 1 blocked / findings / drift, 2 bad input or network failure
(corsair alone prints this help on stdout and exits 2).

Examples:
  corsair check https://api.example.com/items --origin https://app.example.com --method PUT -H 'Content-Type: application/json'
  corsair explain "Access to fetch at 'https://api.example.com/' from origin 'https://app.example.com' has been blocked by CORS policy: ..."
  corsair scan https://api.example.com/me --origin https://app.example.com --sarif > corsair.sarif
  corsair verify https://api.example.com/items --policy cors.json`,
    );
  const done = (c: number) => {
    code = c;
  };
  for (const register of COMMANDS) register(program, io, done);
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  // Bare `corsair` asked for nothing: the usage on stdout (so `corsair | less` works), as git and npm
  // print it, and exit 2 like any other incomplete command line (git and npm exit 1, which here means
  // "blocked / findings").
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ERROR;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; every other parse problem is bad input.
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT.OK;
      if (err.code === 'commander.executeSubCommandAsync') return err.exitCode;
      return EXIT.ERROR;
    }
    io.stderr(`corsair: ${formatError(err, io.env.CORSAIR_DEBUG === '1')}\n`);
    return EXIT.ERROR;
  }
  return code;
}
