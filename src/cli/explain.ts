import { createColors } from 'picocolors';
import { type ExplainedMessage, explainPaste } from '../browser/explain.js';
import type { RegisterCommand } from './commands.js';
import { CliError, EXIT } from './io.js';

/** Version of `explain --json`'s shape; bumped when a field changes meaning or goes away. */
export const EXPLAIN_JSON_SCHEMA_VERSION = 1;

const BROWSER_NAME = {
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'Safari',
  unknown: 'browser not stated',
};

function jsonOf(e: ExplainedMessage) {
  return {
    browser: e.browser,
    code: e.code,
    url: e.url,
    origin: e.origin,
    cause: e.cause,
    fix: e.fix,
    confidence: e.confidence,
    candidates: e.candidates,
    recognised: e.recognised,
    unstated: e.unstated,
    reproduce: e.reproduce,
  };
}

function textOf(e: ExplainedMessage, color: boolean): string {
  const c = createColors(color);
  const api =
    e.recognised.initiator === null ? '' : e.recognised.initiator === 'xhr' ? ' XMLHttpRequest' : ' fetch';
  const how = e.recognised.browser ? `${BROWSER_NAME[e.browser]}${api}` : `${BROWSER_NAME.unknown}${api}`;
  const stated = Object.entries(e.recognised)
    .filter(([, v]) => v !== null)
    .map(([k]) => k);
  return [
    `${c.bold(e.code)} ${c.dim(`(${how}; ${e.confidence})`)}`,
    ...(e.url
      ? [`  URL:    ${e.url}${e.redirectedFrom ? ` (redirected from ${e.redirectedFrom})` : ''}`]
      : []),
    ...(e.origin ? [`  Origin: ${e.origin}`] : []),
    `  Recognised: ${stated.join(', ') || 'the reason only'}${e.unstated.length ? `; not stated: ${e.unstated.join(', ')}` : ''}`,
    ...(e.candidates.length > 1
      ? ['  Candidates:', ...e.candidates.map((k, i) => `    ${i + 1}. ${k.code}: ${k.why}`)]
      : []),
    `  ${c.bold('Cause:')} ${e.cause}`,
    `  ${c.bold(c.green('Fix:'))} ${e.fix}`,
    c.dim(`  Reproduce: ${e.reproduce}${e.reproduce.includes('<') ? ' (fill in the <…> parts)' : ''}`),
  ].join('\n');
}

/**
 * `corsair explain`: console text in (one message, several, a fragment or a paraphrase), for each
 * failure its code, what the text states, cause, fix and a check command. Offline.
 *
 * @example
 * registerExplain(program, io, (code) => { exitCode = code; });
 */
export const registerExplain: RegisterCommand = (program, io, done) => {
  program
    .command('explain')
    .description(
      'Explain CORS errors pasted from the Chromium, Firefox or Safari console (whole lines, fragments, several at once): what failed, why, and the fix. Offline.',
    )
    .argument(
      '[message...]',
      "the console text (quote it; words given separately are joined by spaces); '-' or nothing reads it from standard input",
    )
    .option(
      '--json',
      `print { schemaVersion: ${EXPLAIN_JSON_SCHEMA_VERSION}, messages: [{ browser, code, url, origin, cause, fix, confidence, candidates, recognised, unstated, reproduce }] }`,
    )
    .addHelpText(
      'after',
      `
Exit: 0 explained, 2 no CORS failure recognised (or the text says a request failed but not why).

Examples:
  corsair explain "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."
  corsair explain "Method PUT is not allowed by Access-Control-Allow-Methods"
  pbpaste | corsair explain -`,
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
      const { messages, reasonless } = explainPaste(text);
      if (messages.length === 0) throw noReason(reasonless[0]);
      if (flags.json) {
        io.stdout(
          `${JSON.stringify({ schemaVersion: EXPLAIN_JSON_SCHEMA_VERSION, messages: messages.map(jsonOf) }, null, 2)}\n`,
        );
      } else {
        io.stdout(`${messages.map((m) => textOf(m, io.color)).join('\n\n')}\n`);
      }
      done(EXIT.OK);
    });
};

function noReason(r: ReturnType<typeof explainPaste>['reasonless'][number] | undefined): CliError {
  if (!r)
    return new CliError(
      'CLI_UNKNOWN_MESSAGE',
      'This is not a CORS console message corsair recognises.',
      'Paste the console line that names the reason (Chromium: "Access to fetch at … has been blocked by CORS policy: …"; Firefox: "… (Reason: …)"; Safari: "Origin … is not allowed by …"), in quotes.',
    );
  const who = r.browser
    ? { chromium: 'Chromium', firefox: 'Firefox', webkit: 'Safari' }[r.browser]
    : 'The browser';
  return new CliError(
    'CLI_NO_CORS_REASON',
    `${who} says the request${r.url ? ` to ${r.url}` : ''} failed, but this line does not say why.`,
    `Paste the console line next to it that names the reason, or run: corsair check ${r.url ?? '<the URL>'} --origin '<your page's origin>'.`,
  );
}
