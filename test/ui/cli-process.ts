// Start the built CLI's `corsair ui --port 0` as users run it, and stop it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/main.js');

/** A running `corsair ui`: its first stdout line, the page URL, and a stop function. */
export interface RunningUi {
  readonly firstLine: string;
  readonly url: string;
  stop(): Promise<void>;
}

/** `cli` is the script to run (default the repository's build; the package test passes an installed copy). */
export async function startUiCli(
  args: readonly string[] = ['--port', '0'],
  port?: string,
  cli = CLI,
): Promise<RunningUi> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);
  const env = { ...process.env };
  delete env.PORT;
  if (port !== undefined) env.PORT = port;
  const child: ChildProcess = spawn(process.execPath, [cli, 'ui', ...args], {
    cwd: cli === CLI ? ROOT : dirname(cli),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const firstLine = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`corsair ui printed no URL in 15 s: ${out}${err}`)),
      15_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        done(out.split('\n')[0] ?? '');
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`corsair ui exited with ${code}: ${err}`));
    });
  });
  return {
    firstLine,
    url: /http:\/\/127\.0\.0\.1:\d+\//.exec(firstLine)?.[0] ?? '',
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
