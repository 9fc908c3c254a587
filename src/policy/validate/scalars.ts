// The scalar options: the boolean flags (credentials, preflightContinue, allowInsecureOrigins), maxAge,
// preflightStatus and debug.
import { DEFAULT_PREFLIGHT_STATUS } from '../write.js';
import { describe, type ValidationContext } from './context.js';

/**
 * A boolean option; `false` when absent or wrong (the wrong type is reported).
 *
 * @example
 * validateFlag(newContext({ credentials: true }, '$'), 'credentials'); // true
 */
export function validateFlag(ctx: ValidationContext, name: string): boolean {
  const v = ctx.options[name];
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  ctx.add(
    'POLICY_OPTION_TYPE',
    name,
    `${ctx.root}.${name}`,
    `${name} must be true or false, got ${describe(v)}`,
    `set ${name}: true or remove it`,
  );
  return false;
}

/**
 * `maxAge`: whole seconds from 0 to 86400, or `undefined` (no header).
 *
 * @example
 * validateMaxAge(newContext({ maxAge: 600 }, '$')); // 600
 */
export function validateMaxAge(ctx: ValidationContext): number | undefined {
  const v = ctx.options.maxAge;
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 86400) return v;
  ctx.add(
    'POLICY_MAX_AGE_RANGE',
    'maxAge',
    `${ctx.root}.maxAge`,
    `maxAge must be an integer number of seconds from 0 to 86400, got ${describe(v)}`,
    typeof v === 'number' && v > 86400
      ? 'use 86400 (Firefox caps there; Chromium at 7200)'
      : 'use e.g. maxAge: 600',
  );
  return undefined;
}

/**
 * `preflightStatus`: a 2xx status (browsers fail a preflight otherwise); default `DEFAULT_PREFLIGHT_STATUS`, 204.
 *
 * @example
 * validatePreflightStatus(newContext({}, '$')); // 204
 */
export function validatePreflightStatus(ctx: ValidationContext): number {
  const v = ctx.options.preflightStatus;
  if (v === undefined) return DEFAULT_PREFLIGHT_STATUS;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 200 && v <= 299) return v;
  ctx.add(
    'POLICY_PREFLIGHT_STATUS',
    'preflightStatus',
    `${ctx.root}.preflightStatus`,
    `preflightStatus must be an integer from 200 to 299 (browsers fail a preflight otherwise), got ${describe(v)}`,
    `use ${DEFAULT_PREFLIGHT_STATUS} (or 200 for very old clients)`,
  );
  return DEFAULT_PREFLIGHT_STATUS;
}

/**
 * `debug`: `true` logs each refusal with console.warn, a function receives it.
 *
 * @example
 * validateDebug(newContext({ debug: true }, '$')); // (reason) => console.warn(...)
 */
export function validateDebug(ctx: ValidationContext): ((reason: string) => void) | undefined {
  const v = ctx.options.debug;
  if (v === undefined || v === false) return undefined;
  if (typeof v === 'function') return v as (reason: string) => void;
  if (v === true) return (reason) => console.warn(`corsair: ${reason}`);
  ctx.add(
    'POLICY_OPTION_TYPE',
    'debug',
    `${ctx.root}.debug`,
    `debug must be true, false or a function, got ${describe(v)}`,
    'set debug: true',
  );
  return undefined;
}
