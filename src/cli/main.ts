#!/usr/bin/env node
import { runCli } from './program.js';

// The executable: real streams in, exit code out. Everything else lives in program.ts so tests can run it in-process.

// `corsair … | head` closes the pipe early: stop quietly, as Unix tools do, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
  color: color || process.env.FORCE_COLOR === '1',
  env: process.env,
  cwd: process.cwd(),
  progressStream: process.stderr,
  ...(process.stdin.isTTY ? {} : { readStdin: () => readAll(process.stdin), stdin: process.stdin }),
});
process.exitCode = code;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
