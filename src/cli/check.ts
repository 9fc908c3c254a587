import { type CheckReport, checkEndpoint } from '../audit/check.js';
import { type Diagnosis, diagnoseBlocked } from '../audit/fix/diagnose.js';
import { formatCheckText, type RenderedFix } from '../audit/report/check-text.js';
import { JSON_SCHEMA_VERSION } from '../audit/report/json-version.js';
import { profiles } from '../browser/profile.js';
import type { BrowserName, CredentialsMode } from '../browser/types.js';
import { isToken } from '../fetch/token.js';
import { GenerateError } from '../generate/errors.js';
import { generateConfig } from '../generate/index.js';
import { TARGET_NAMES } from '../generate/types.js';
import { createHttpTransport, parseTargetUrl } from '../http/transport.js';
import { choiceOption } from './choice.js';
import type { RegisterCommand } from './commands.js';
import { collect, parseCookieArg, parseHeaderArg } from './errors.js';
import { CliError, EXIT } from './io.js';
import { parseOriginArg, transportOptions } from './options.js';
import { closestName } from './suggest.js';

/** `--server` names: every generate target, and `corsair` (Express with corsair's own middleware). */
const SERVER_TARGETS: Readonly<Record<string, { target: string; flavor?: string }>> = {
  ...Object.fromEntries(TARGET_NAMES.map((t) => [t, { target: t }])),
  corsair: { target: 'express', flavor: 'corsair' },
};

/** The generate target (and flavor) for a `--server` value; a typo gets a did-you-mean. */
function serverTarget(name: string): { target: string; flavor?: string } {
  const hit = SERVER_TARGETS[name.toLowerCase()];
  if (hit) return hit;
  const known = Object.keys(SERVER_TARGETS);
  const guess = closestName(name, known);
  throw new CliError(
    'CLI_UNKNOWN_SERVER',
    `--server '${name}' is not a server corsair writes a fix for${guess ? ` (did you mean '${guess}'?)` : ''}.`,
    guess ? `Use --server ${guess}.` : `Use one of: ${known.join(', ')}.`,
  );
}

/** The fix policy written by generate for the target: one writer of configurations. */
function renderFix(server: { target: string; flavor?: string }, d: Diagnosis): RenderedFix | undefined {
  const policy = d.plan.policy;
  if (policy === null) return undefined;
  const base = { target: server.target, ...(server.flavor ? { flavor: server.flavor } : {}) };
  try {
    const { files, notes } = generateConfig(
      server.target,
      policy,
      server.flavor ? { flavor: server.flavor } : {},
    );
    return { ...base, files, notes };
  } catch (e) {
    if (!(e instanceof GenerateError)) throw e;
    return { ...base, files: [], notes: [], error: `${e.code}: ${e.message}; ${e.fix}` };
  }
}

/** `--json`: the report's fields, plus the diagnosis of a blocked request. */
function checkJson(report: CheckReport, d: Diagnosis | undefined, fix: RenderedFix | undefined): string {
  const { allowed, preflight, error, exchanges, warnings, serverReason, executed } = report;
  const diagnosis = d && {
    rootCauses: d.rootCauses,
    fix: {
      ...d.plan,
      ...(fix ? { target: fix.target, files: fix.files, notes: fix.notes, error: fix.error ?? null } : {}),
    },
  };
  const out = {
    schemaVersion: JSON_SCHEMA_VERSION,
    allowed,
    preflight,
    error,
    exchanges,
    warnings,
    serverReason,
    executed,
    diagnosis: diagnosis ?? null,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

interface CheckFlags {
  origin?: string;
  method: string;
  header?: string[];
  cookie?: string[];
  credentials: CredentialsMode;
  browser: BrowserName;
  server?: string;
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
    // Both checked in the action, URL first: commander would complain about --origin before the URL.
    .argument('[url]', 'the endpoint the page calls')
    .usage('<url> --origin <origin> [options]')
    .option('--origin <origin>', "the page's origin, e.g. https://app.example.com (required)")
    .option('--method <method>', 'the fetch() method', 'GET')
    .option('-H, --header <line>', "a header the page sets, 'Name: value' (repeatable)", collect)
    .option(
      '--cookie <name=value>',
      "a cookie the browser holds for the URL (repeatable; -H 'Cookie: …' works too); sent only where a browser sends it",
      collect,
    )
    .addOption(
      choiceOption('--credentials <mode>', "fetch()'s credentials mode", [
        'omit',
        'same-origin',
        'include',
      ]).default('same-origin'),
    )
    .addOption(
      choiceOption('--browser <name>', 'which browser decides', Object.keys(profiles)).default('chromium'),
    )
    .option(
      '--server <target>',
      'when blocked, also print a fix for this server: any generate target (nginx, express, fastapi, …) or corsair',
    )
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
    .action(async (url: string | undefined, flags: CheckFlags) => {
      if (url === undefined)
        throw new CliError(
          'CLI_MISSING_URL',
          'check needs the URL the page calls.',
          'Give it first: corsair check https://api.example.com/items --origin https://app.example.com',
        );
      parseTargetUrl(url);
      if (flags.origin === undefined)
        throw new CliError(
          'CLI_MISSING_ORIGIN',
          "check needs the page's origin.",
          `Add --origin with the origin of the page that calls it: corsair check ${url.slice(0, 200)} --origin https://app.example.com`,
        );
      const server = flags.server === undefined ? undefined : serverTarget(flags.server);
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
        const init = { pageOrigin, url, method: flags.method, headers, credentials: flags.credentials };
        const report = await checkEndpoint(init, {
          send: http.send,
          browser: flags.browser,
          ...(cookies.length ? { cookies: cookies.join('; ') } : {}),
        });
        // When the browser sends nothing (a bad port, a forbidden method) no server setting is involved,
        // and probing the server would send what the browser never sends.
        const sentNothing = report.exchanges.length === 0;
        const diagnosis =
          report.allowed || sentNothing ? undefined : await diagnoseBlocked(init, report, http.send);
        const fix = server && diagnosis ? renderFix(server, diagnosis) : undefined;
        io.stdout(
          flags.json
            ? checkJson(report, diagnosis, fix)
            : formatCheckText(report, {
                color: io.color,
                ...(diagnosis ? { diagnosis } : {}),
                ...(fix ? { fix } : {}),
              }),
        );
        done(report.allowed ? EXIT.OK : EXIT.FAIL);
      } finally {
        await http.close();
      }
    });
};
