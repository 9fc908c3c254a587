import { Option } from 'commander';
import { checkEndpoint } from '../audit/check.js';
import { formatCheckText } from '../audit/report/check-text.js';
import { JSON_SCHEMA_VERSION } from '../audit/report/json-version.js';
import { SERVER_NAMES, type ServerName } from '../audit/server-fix.js';
import type { BrowserName, CredentialsMode } from '../browser/types.js';
import { isToken } from '../fetch/token.js';
import { createHttpTransport, parseTargetUrl } from '../http/transport.js';
import type { RegisterCommand } from './commands.js';
import { collect, parseCookieArg, parseHeaderArg } from './errors.js';
import { CliError, EXIT } from './io.js';
import { parseOriginArg, transportOptions } from './options.js';

interface CheckFlags {
  origin: string;
  method: string;
  header?: string[];
  cookie?: string[];
  credentials: CredentialsMode;
  browser: BrowserName;
  server?: ServerName;
  json?: boolean;
  timeout?: string;
  insecure?: boolean;
  ca?: string;
}

/**
 * `corsair check`: one request, exactly as the browser makes it, decided by the browser engine.
 *
 * @example
 * registerCheck(program, io, (code) => { exitCode = code; });
 */
export const registerCheck: RegisterCommand = (program, io, done) => {
  program
    .command('check')
    .description(
      'Send the preflight and the request exactly as a browser would and say whether the page may read the response, why, and how to fix it.',
    )
    .argument('<url>', 'the endpoint the page calls')
    .requiredOption('--origin <origin>', "the page's origin, e.g. https://app.example.com")
    .option('--method <method>', 'the fetch() method', 'GET')
    .option('-H, --header <line>', "a header the page sets, 'Name: value' (repeatable)", collect)
    .option(
      '--cookie <name=value>',
      "a cookie the browser holds for the URL (repeatable; -H 'Cookie: …' works too); sent only where a browser sends it",
      collect,
    )
    .addOption(
      new Option('--credentials <mode>', "fetch()'s credentials mode")
        .choices(['omit', 'same-origin', 'include'])
        .default('same-origin'),
    )
    .addOption(
      new Option('--browser <name>', 'which browser decides')
        .choices(['chromium', 'firefox', 'spec'])
        .default('chromium'),
    )
    .addOption(new Option('--server <name>', 'also print the fix for this server').choices([...SERVER_NAMES]))
    .option('--json', 'print the result as JSON')
    .option('--timeout <ms>', 'per-request deadline in milliseconds', '10000')
    .option('--insecure', 'skip TLS certificate verification (testing only)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .addHelpText(
      'after',
      `
Exit: 0 allowed, 1 blocked, 2 bad input or network failure.

Examples:
  corsair check https://api.example.com/items --origin https://app.example.com
  corsair check https://api.example.com/items --origin https://app.example.com --method PUT \\
      -H 'Content-Type: application/json' --credentials include --server express
  corsair check https://api.example.com/items --origin https://app.example.com --browser firefox --json
  corsair check https://api.example.com/me --origin https://app.example.com --credentials include --cookie session=abc`,
    )
    .action(async (url: string, flags: CheckFlags) => {
      parseTargetUrl(url);
      const pageOrigin = parseOriginArg(flags.origin);
      // A method that is not a token is a typo, not a CORS verdict: fetch() would throw before any request.
      if (!isToken(flags.method))
        throw new CliError(
          'CLI_BAD_METHOD',
          `--method '${flags.method}' is not an HTTP method name.`,
          'Give a method made of token characters, such as GET, POST, PUT, PATCH or DELETE.',
        );
      const lines = (flags.header ?? []).map(parseHeaderArg);
      // A page cannot set Cookie: the browser adds its own, so -H Cookie joins the browser's cookies.
      const isCookie = ([n]: readonly [string, string]) => n.toLowerCase() === 'cookie';
      const headers = lines.filter((l) => !isCookie(l));
      const cookies = [
        ...(flags.cookie ?? []).map(parseCookieArg),
        ...lines.filter(isCookie).map(([, v]) => v),
      ];
      const http = createHttpTransport(transportOptions(flags, io));
      try {
        const report = await checkEndpoint(
          { pageOrigin, url, method: flags.method, headers, credentials: flags.credentials },
          {
            send: http.send,
            browser: flags.browser,
            ...(cookies.length ? { cookies: cookies.join('; ') } : {}),
          },
        );
        if (flags.json) {
          const { allowed, preflight, error, exchanges, warnings, serverReason } = report;
          io.stdout(
            `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, allowed, preflight, error, exchanges, warnings, serverReason }, null, 2)}\n`,
          );
        } else {
          io.stdout(
            formatCheckText(report, { color: io.color, ...(flags.server ? { server: flags.server } : {}) }),
          );
        }
        done(report.allowed ? EXIT.OK : EXIT.FAIL);
      } finally {
        await http.close();
      }
    });
};
