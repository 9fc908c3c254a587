// A policy file is the JSON form of `createCors` options (strings only), shared by `corsair verify`,
// `generate` and `proxy`. Errors carry a code and the JSON path of each problem.

import { CorsConfigError, PolicyFileError } from './errors.js';
import { FULL_TOOLS } from './full-tools.js';
import { jsonErrorOffset } from './json-position.js';
import type { CorsOptions } from './types.js';
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
 * Read a JSON policy file into validated options. Throws `PolicyFileError` (not JSON, not an object)
 * or `CorsConfigError` (every option problem, each with its JSON path and, for unknown keys, a "did you mean").
 *
 * @example
 * const options = parsePolicyFile(readFileSync('cors.json', 'utf8'), 'cors.json');
 * const policy = createCors(options);
 */
export function parsePolicyFile(text: string, source?: string): PolicyFileOptions {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw fileError(
      'POLICY_JSON_SYNTAX',
      `not valid JSON (${msg})`,
      'Fix the JSON syntax at that position.',
      position(text),
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
  const d = data as Record<string, unknown>;
  const extra: { code: string; option: string; path: string; message: string; fix: string }[] = [];
  // A file cannot hold a function: debug is a boolean there, at the top level and in every route.
  const levels: [Record<string, unknown>, string][] = [[d, '$']];
  if (Array.isArray(d.routes)) {
    d.routes.forEach((r: unknown, i: number) => {
      if (typeof r === 'object' && r !== null) levels.push([r as Record<string, unknown>, `$.routes[${i}]`]);
    });
  }
  for (const [level, at] of levels) {
    if (level.debug === undefined || typeof level.debug === 'boolean') continue;
    extra.push({
      code: 'POLICY_OPTION_TYPE',
      option: 'debug',
      path: `${at}.debug`,
      message: 'debug must be true or false in a policy file',
      fix: 'set "debug": true',
    });
  }
  const { issues } = analyzeCorsOptions(data, FULL_TOOLS);
  const all = [...extra, ...issues];
  if (all.length > 0) throw CorsConfigError.of(all, source);
  return data as PolicyFileOptions;
}
