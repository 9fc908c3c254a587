// Two ways to run the CLI in tests: in-process through runCli (fast, independent of the build), and
// end to end as `node dist/cli/main.js` in a child process (what users run; the global setup keeps dist/ fresh).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** In-process run; `io` overrides parts of the CLI's environment (e.g. `readStdin`). */
export async function run(
  args: readonly string[],
  cwd = process.cwd(),
  io: Partial<CliIO> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    isTTY: false,
    color: false,
    env: {},
    cwd,
    ...io,
  });
  return { code, stdout, stderr };
}

/** The built CLI; test/support/fresh-build.ts rebuilds it before any suite when it is older than src/. */
export const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');

/** Run the built CLI as a child process (async, so loopback servers in this process keep answering). */
export function spawnCli(args: readonly string[], cwd = process.cwd()): Promise<Run> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
        res({ code, stdout, stderr });
      },
    );
  });
}
