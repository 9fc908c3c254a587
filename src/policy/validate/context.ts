// What every per-option validator shares: where the options sit in the input (the JSON path root) and
// the sink that collects issues, so that every problem is reported at once (jub0bs/cors style).
import type { CorsConfigIssue } from '../types.js';

/**
 * The validators' shared state: the options object, its JSON path root and the issue sink.
 *
 * @example
 * const ctx: ValidationContext = newContext({ origins: '*' }, '$');
 */
export interface ValidationContext {
  readonly options: Readonly<Record<string, unknown>>;
  readonly root: string;
  readonly issues: CorsConfigIssue[];
  /** Record one issue; every issue says how to fix it. */
  add(code: string, option: string, path: string, message: string, fix: string): void;
}

/**
 * A fresh context collecting into its own `issues`.
 *
 * @example
 * const ctx = newContext({}, '$'); ctx.add('POLICY_X', 'origins', '$.origins', 'bad'); // ctx.issues.length === 1
 */
export function newContext(options: Readonly<Record<string, unknown>>, root: string): ValidationContext {
  const issues: CorsConfigIssue[] = [];
  // Own properties only, on a null prototype: an option inherited from a prototype (or a key such as
  // 'constructor' or '__proto__') is never read as a setting.
  const own: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(options)) own[key] = options[key];
  return {
    options: own,
    root,
    issues,
    add(code, option, path, message, fix) {
      issues.push({ code, option, path, message, fix });
    },
  };
}

/**
 * A value as a message quotes it.
 *
 * @example
 * describe([1]); // 'an array'
 * describe('x'); // "'x'"
 */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof RegExp) return `the RegExp ${String(v)}`;
  if (typeof v === 'string') return `'${v}'`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/**
 * A string someone wrote as one list (`'GET, POST'`), split and quoted for a fix.
 *
 * @example
 * quotedItems('GET, POST'); // "'GET', 'POST'"
 */
export function quotedItems(s: string): string {
  return s
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((x) => `'${x}'`)
    .join(', ');
}
