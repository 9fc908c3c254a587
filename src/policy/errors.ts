import type { CorsConfigIssue } from './types.js';

function listIssues(issues: readonly CorsConfigIssue[]): string {
  return issues
    .map((i) => `  - ${i.option} (${i.path}): ${i.message}${i.fix !== undefined ? `. Fix: ${i.fix}.` : ''}`)
    .join('\n');
}

/**
 * Thrown by `createCors` (and `parsePolicyFile`) with every configuration problem at once.
 *
 * @example
 * try { createCors({ origins: '*', credentials: true }); }
 * catch (e) { if (e instanceof CorsConfigError) for (const i of e.issues) console.log(i.option, i.message, i.fix); }
 */
export class CorsConfigError extends Error {
  override readonly name = 'CorsConfigError';
  readonly code = 'CORS_CONFIG_INVALID';
  readonly issues: readonly CorsConfigIssue[];
  constructor(issues: readonly CorsConfigIssue[], source?: string) {
    const where = source !== undefined ? ` in ${source}` : '';
    super(
      `Invalid CORS configuration${where}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${listIssues(issues)}`,
    );
    this.issues = issues;
  }
}

/**
 * A policy file that cannot be read as JSON, or whose top level is not an object. `line`/`column` are
 * 1-based when the JSON parser reported a position.
 *
 * @example
 * try { parsePolicyFile('{ "origins": [', 'cors.json'); } catch (e) { if (e instanceof PolicyFileError) console.log(e.code, e.line, e.fix); }
 */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  readonly code: string;
  readonly path: string;
  readonly fix: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(
    code: string,
    message: string,
    fix: string,
    where: { path?: string; line?: number; column?: number; source?: string } = {},
  ) {
    const pos = where.line !== undefined ? `:${where.line}:${where.column ?? 1}` : '';
    super(`${where.source ?? 'policy file'}${pos}: ${message}. Fix: ${fix}.`);
    this.code = code;
    this.path = where.path ?? '$';
    this.fix = fix;
    this.line = where.line;
    this.column = where.column;
  }
}
