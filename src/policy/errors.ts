import { CorsairError } from '../errors.js';
import type { CorsConfigIssue } from './types.js';

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function listIssues(issues: readonly CorsConfigIssue[]): string {
  return issues
    .map(
      (i) =>
        `  - ${i.code} ${i.option} (${i.path}): ${sentence(i.message)}${i.fix !== undefined ? ` Fix: ${sentence(i.fix)}` : ''}`,
    )
    .join('\n');
}

/**
 * Thrown by `createCors` (and `parsePolicyFile`) with every configuration problem at once: code
 * `POLICY_INVALID`, and in `issues` each problem with its own code, option, JSON path and fix.
 * Build one with {@link CorsConfigError.of}.
 *
 * @example
 * try { createCors({ origins: '*', credentials: true }); }
 * catch (e) { if (e instanceof CorsConfigError) for (const i of e.issues) console.log(i.code, i.path, i.fix); }
 */
export class CorsConfigError extends CorsairError<{
  readonly issues: readonly CorsConfigIssue[];
  readonly source?: string;
}> {
  override readonly name = 'CorsConfigError';

  /**
   * The aggregate error for `issues` found in `source` (a file name, when the options came from one).
   *
   * @example
   * throw CorsConfigError.of([{ code: 'POLICY_ORIGINS_EMPTY', option: 'origins', path: '$.origins', message: 'origins is empty', fix: 'List the origins you trust' }]);
   */
  static of(issues: readonly CorsConfigIssue[], source?: string): CorsConfigError {
    const where = source !== undefined ? ` in ${source}` : '';
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    return new CorsConfigError(
      'POLICY_INVALID',
      `Invalid CORS configuration${where}: ${count}\n${listIssues(issues)}`,
      issues.length === 1 ? 'Apply the fix above.' : 'Apply the fix of each problem above.',
      { details: source !== undefined ? { issues, source } : { issues } },
    );
  }

  /** Every problem, in option order. */
  get issues(): readonly CorsConfigIssue[] {
    return this.details.issues;
  }
}

/**
 * A policy file that cannot be read as JSON, or whose top level is not an object. `line`/`column` are
 * 1-based when the JSON parser reported a position.
 *
 * @example
 * try { parsePolicyFile('{ "origins": [', 'cors.json'); } catch (e) { if (e instanceof PolicyFileError) console.log(e.code, e.line, e.fix); }
 */
export class PolicyFileError extends CorsairError<{
  readonly path: string;
  readonly source?: string;
  readonly line?: number;
  readonly column?: number;
}> {
  override readonly name = 'PolicyFileError';

  /** The JSON path at fault (`$` for the whole document). */
  get path(): string {
    return this.details.path;
  }
  get line(): number | undefined {
    return this.details.line;
  }
  get column(): number | undefined {
    return this.details.column;
  }
}

/**
 * A policy used in a way that would decide a request wrongly, found at run time: a policy with routes
 * asked to decide without the request's path (`POLICY_ROUTES_NEED_PATH`), or a second corsair
 * middleware deciding a request another corsair policy already decided (`POLICY_MIDDLEWARE_STACKED`).
 *
 * @example
 * try { policy.decideValues('GET', origin, null, null); } catch (e) { if (e instanceof CorsUsageError) console.error(e.code, e.fix); }
 */
export class CorsUsageError extends CorsairError {
  override readonly name = 'CorsUsageError';
}
