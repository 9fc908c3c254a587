// A policy file is the JSON form of `createCors` options (strings only), shared by `corsair verify`,
// `generate` and `proxy`. Errors carry a code and the JSON path of each problem.

import { CorsConfigError, PolicyFileError } from './errors.js';
import { FULL_TOOLS } from './full-tools.js';
import { jsonErrorOffset } from './json-position.js';
import type { CorsConfigIssue, CorsOptions } from './types.js';
import { analyzeCorsOptions } from './validate.js';

/**
 * The options a policy file can hold: those of `createCors` without RegExps, predicates or a debug function.
 *
 * @example
 * const file: PolicyFileOptions = { origins: ['https://app.example.com', 'https://*.example.com'], credentials: true };
 */
export type PolicyFileOptions = Omit<CorsOptions, 'origins' | 'debug' | 'routes'> & {
  readonly origins?: '*' | readonly string[];
  readonly debug?: boolean;
  readonly routes?: readonly PolicyFileRoute[];
};

/**
 * A route in a policy file: a path and the options of a policy file, or `cors: false`.
 *
 * @example
 * const routes: PolicyFileRoute[] = [{ path: '/public/*', origins: '*' }, { path: '/webhooks/*', cors: false }];
 */
export type PolicyFileRoute =
  | (Omit<PolicyFileOptions, 'routes' | 'origins'> & {
      readonly path: string;
      readonly origins: '*' | readonly string[];
    })
  | { readonly path: string; readonly cors: false };

function position(text: string): { line?: number; column?: number } {
  const pos = jsonErrorOffset(text);
  if (pos === undefined) return {};
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}

/**
 * V8 quotes the text around a syntax error, line breaks and control characters included: an error is
 * printed on one line, and a hostile file must not reach the terminal's escape sequences.
 */
function oneLine(message: string): string {
  return message
    .replace(/\s+/g, ' ')
    .replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A file-level error whose message starts `source:line:column:` as compilers print them. */
function fileError(
  code: string,
  message: string,
  fix: string,
  at: { line?: number; column?: number },
  source: string | undefined,
): PolicyFileError {
  const pos = at.line !== undefined ? `:${at.line}:${at.column ?? 1}` : '';
  const details = { path: '$', ...at, ...(source !== undefined ? { source } : {}) };
  return new PolicyFileError(code, `${source ?? 'policy file'}${pos}: ${message}.`, fix, { details });
}

/**
 * The validator's issues, a bad `debug` worded for a file: the validator offers a function, which
 * JSON cannot hold, and writes the fix in JavaScript.
 */
function inFileTerms(issues: readonly CorsConfigIssue[]): CorsConfigIssue[] {
  return issues.map((i) =>
    i.code === 'POLICY_OPTION_TYPE' && i.option === 'debug'
      ? { ...i, message: 'debug must be true or false in a policy file', fix: 'set "debug": true' }
      : i,
  );
}

/**
 * Read a JSON policy file into validated options. Throws `PolicyFileError` (not JSON, not an object)
 * or `CorsConfigError` (every option problem, each with its JSON path and, for unknown keys, a "did you mean").
 *
 * @example
 * const options = parsePolicyFile(readFileSync('cors.json', 'utf8'), 'cors.json');
 * const policy = createCors(options);
 */
export function parsePolicyFile(text: string, source?: string): PolicyFileOptions {
  // Editors do not count a byte order mark as a column: positions are read after it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    throw fileError(
      'POLICY_JSON_SYNTAX',
      `not valid JSON (${oneLine(e instanceof Error ? e.message : String(e))})`,
      'Fix the JSON syntax at that position.',
      position(body),
      source,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw fileError(
      'POLICY_NOT_OBJECT',
      `the top level must be an object of options, got ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}`,
      'Write { "origins": ["https://app.example.com"] }.',
      {},
      source,
    );
  }
  const issues = inFileTerms(analyzeCorsOptions(data, FULL_TOOLS).issues);
  if (issues.length > 0) throw CorsConfigError.of(issues, source);
  return data as PolicyFileOptions;
}
