import { createColors } from 'picocolors';
import { explainMessage } from '../browser/explain.js';
import type { RegisterCommand } from './commands.js';
import { CliError, EXIT } from './io.js';

/**
 * `corsair explain`: a console message in, code, cause and fix out. Offline.
 *
 * @example
 * registerExplain(program, io, (code) => { exitCode = code; });
 */
export const registerExplain: RegisterCommand = (program, io, done) => {
  program
    .command('explain')
    .description(
      'Explain a CORS error pasted from the Chromium or Firefox console: what failed, why, and the fix. Offline.',
    )
    .argument(
      '[message...]',
      "the console message (quote it; words given separately are joined by spaces); '-' or nothing reads it from standard input",
    )
    .option('--json', 'print { browser, code, url, origin, cause, fix }')
    .addHelpText(
      'after',
      `
Exit: 0 explained, 2 not a CORS message corsair knows.

Examples:
  corsair explain "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
  pbpaste | corsair explain -
  corsair explain "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200." --json`,
    )
    .action(async (words: string[], flags: { json?: boolean }) => {
      const fromStdin = words.length === 0 || (words.length === 1 && words[0] === '-');
      if (fromStdin && !io.readStdin)
        throw new CliError(
          'CLI_NO_MESSAGE',
          'No console message given.',
          'Pass it in quotes (corsair explain "Access to fetch at …"), or pipe it in (pbpaste | corsair explain -).',
        );
      const text = fromStdin && io.readStdin ? (await io.readStdin()).trim() : words.join(' ');
      const e = explainMessage(text);
      if (!e)
        throw new CliError(
          'CLI_UNKNOWN_MESSAGE',
          'This is not a CORS console message corsair recognises.',
          'Paste the whole line, starting at "Access to fetch at" (Chromium) or "Cross-Origin Request Blocked:" (Firefox), in quotes.',
        );
      if (flags.json) {
        io.stdout(
          `${JSON.stringify({ browser: e.browser, code: e.code, url: e.url, origin: e.origin, cause: e.cause, fix: e.fix }, null, 2)}\n`,
        );
      } else {
        const c = createColors(io.color);
        io.stdout(
          [
            `${c.bold(e.code)} ${c.dim(`(${e.browser === 'chromium' ? 'Chromium' : 'Firefox'} ${e.initiator === 'xhr' ? 'XMLHttpRequest' : 'fetch'})`)}`,
            `  URL:    ${e.url}${e.redirectedFrom ? ` (redirected from ${e.redirectedFrom})` : ''}`,
            ...(e.origin ? [`  Origin: ${e.origin}`] : []),
            `  ${c.bold('Cause:')} ${e.cause}`,
            `  ${c.bold(c.green('Fix:'))} ${e.fix}`,
            ...(e.url && e.origin
              ? [c.dim(`  Reproduce: corsair check ${e.url} --origin ${e.origin}`)]
              : e.url
                ? [c.dim(`  Reproduce: corsair check ${e.url} --origin <your page's origin>`)]
                : []),
            '',
          ].join('\n'),
        );
      }
      done(EXIT.OK);
    });
};
