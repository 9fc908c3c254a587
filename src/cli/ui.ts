import { spawn } from 'node:child_process';
import { startUi } from '../ui/server.js';
import type { RegisterCommand } from './commands.js';
import { type CliIO, EXIT } from './io.js';
import { intOption, PORT_RANGE } from './options.js';
import { VERSION } from './program.js';

interface UiFlags {
  port?: string;
  demoPort?: string;
  open?: boolean;
}

/** Open `url` in the user's browser; a failure only prints a note (the URL is on screen anyway). */
function openBrowser(url: string, io: CliIO): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => io.stderr(`corsair ui: could not open a browser; open ${url} yourself.\n`));
    child.unref();
  } catch {
    io.stderr(`corsair ui: could not open a browser; open ${url} yourself.\n`);
  }
}

/**
 * `corsair ui`: the local web page (tester, explain, policy builder) and the built-in demo API.
 *
 * @example
 * registerUi(program, io, done); // then: corsair ui --port 4000 --open
 */
export const registerUi: RegisterCommand = (program, io, done) => {
  program
    .command('ui')
    .description(
      'Serve the corsair web page on 127.0.0.1: test a URL in your real browser next to the prediction, explain a console message, build a policy. Includes a demo API.',
    )
    .option('--port <port>', 'port of the page on 127.0.0.1 (default: $PORT or 4000; 0 picks a free one)')
    .option('--demo-port <port>', "port of the demo API on localhost (default: the page's port + 1)")
    .option('--open', 'open the page in the default browser')
    .addHelpText(
      'after',
      `
Runs until Ctrl+C. Both servers listen on 127.0.0.1 only and answer the page only.

Examples:
  corsair ui
  corsair ui --port 8080 --open
  PORT=0 corsair ui`,
    )
    .action(async (flags: UiFlags) => {
      const port = intOption(
        flags.port ?? io.env.PORT ?? '4000',
        flags.port !== undefined ? '--port' : 'PORT',
        { ...PORT_RANGE, example: '4000' },
      );
      // The demo API's default port is the page's + 1, which does not exist above 65534: a free one then.
      const demoPort =
        flags.demoPort !== undefined
          ? intOption(flags.demoPort, '--demo-port', { ...PORT_RANGE, example: '4001' })
          : port === PORT_RANGE.max
            ? 0
            : undefined;
      const ui = await startUi({ port, version: VERSION, ...(demoPort !== undefined ? { demoPort } : {}) });
      io.stdout(`corsair ui: ${ui.url}\n`);
      io.stdout(`  demo API: ${ui.demoOrigin}/ (answers this page only)\n`);
      io.stdout('  Press Ctrl+C to stop.\n');
      if (flags.open) openBrowser(ui.url, io);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await ui.close();
      done(EXIT.OK);
    });
};
