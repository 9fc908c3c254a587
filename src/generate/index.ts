// corsair-cors/generate: one validated policy in, a configuration for each server people run out.
import { createCors } from '../policy/create.js';
import type { CorsOptions, CorsPolicy, NormalizedCorsOptions } from '../policy/types.js';
import { policyWarnings } from '../policy/validate/warnings.js';
import { makeContext } from './context.js';
import { GenerateError } from './errors.js';
import { findTarget, TARGETS, type TargetEntry } from './registry.js';
import { refuseUnsafeValues } from './safety.js';
import type { FidelityNote, GenerateOptions, GenerateResult, RoutedPolicy, TargetName } from './types.js';

export { CorsairError } from '../errors.js';
export { GenerateError } from './errors.js';
export { combinedRegex, escapeRegex, exactRegex, patternRegex, type RegexDialect } from './model.js';
export { routeRegex, routeTargetRegex, trickyPathRegex, trickyTargetRegex } from './paths.js';
export { findTarget, TARGETS, type TargetEntry } from './registry.js';
export type * from './types.js';
export { TARGET_NAMES } from './types.js';

/**
 * Generate a target's configuration from a policy (options are validated first, exactly as
 * `createCors` does; a compiled policy is used as is). Throws `GenerateError` for an unknown target or
 * flavor, or when the target cannot express the policy without becoming less safe; `CorsConfigError`
 * for invalid options. Losses that keep the output stricter come back as `notes`.
 *
 * @example
 * const { files, notes } = generateConfig('nginx', parsePolicyFile(readFileSync('cors.json', 'utf8')));
 * for (const f of files) writeFileSync(f.path, f.content);
 * for (const n of notes) console.warn(n.message);
 */
export function generateConfig(
  target: TargetName | string,
  policy: CorsOptions | CorsPolicy,
  options: GenerateOptions = {},
): GenerateResult {
  const entry = findTarget(target);
  if (entry === undefined) {
    throw new GenerateError(
      'GENERATE_UNKNOWN_TARGET',
      `'${target}' is not a generate target`,
      `use one of: ${TARGETS.map((t) => t.name).join(', ')}`,
    );
  }
  const flavor = options.flavor === 'default' ? undefined : options.flavor;
  if (flavor !== undefined && !entry.flavors.includes(flavor)) {
    throw new GenerateError(
      'GENERATE_UNKNOWN_FLAVOR',
      `the ${entry.name} target has no flavor '${flavor}'`,
      entry.flavors.length > 1 ? `use --flavor ${entry.flavors.join(' or ')}` : 'leave --flavor out',
    );
  }
  const compiled = createCors(policy);
  // The rulebook's warnings (src/policy/rulebook.ts) come first: the configuration is written, and what
  // scan would rate low is said here, not discovered later.
  const warnings: FidelityNote[] = policyWarnings(compiled).map((w) => ({
    code: w.code,
    message: `${w.path}: ${w.message}; ${w.fix}`,
  }));
  const result =
    compiled.routes.length > 0
      ? generateRouted(entry, compiled, flavor, options.source)
      : generateSingle(entry, compiled.options, flavor, options.source);
  return { ...result, warnings };
}

function generateSingle(
  entry: TargetEntry,
  normalized: NormalizedCorsOptions,
  flavor: string | undefined,
  source: string | undefined,
): GenerateResult {
  refuseUnsafeValues(normalized, entry.name);
  const ctx = makeContext(entry.name, normalized, { flavor, source });
  const { files, notes } = entry.generate(normalized, ctx);
  return { target: entry.name, files, notes, warnings: [] };
}

function generateRouted(
  entry: TargetEntry,
  compiled: CorsPolicy,
  flavor: string | undefined,
  source: string | undefined,
): GenerateResult {
  const routed: RoutedPolicy = { routes: compiled.routes, defaults: compiled.defaults };
  const generate = entry.routes?.(flavor);
  if (generate === undefined) {
    const able = TARGETS.flatMap((t) =>
      t.flavors
        .filter((f) => t.routes?.(f === 'default' ? undefined : f) !== undefined)
        .map((f) => (f === 'default' ? t.name : `${t.name} --flavor ${f}`)),
    );
    throw new GenerateError(
      'GENERATE_ROUTES_UNSUPPORTED',
      `the ${entry.name} target${flavor ? ` (--flavor ${flavor})` : ''} cannot decide CORS by path, and this policy has routes`,
      entry.routesFix ??
        `generate one of the targets that write per-path configs (${able.join(', ')}), or each route from its own policy file without routes, wired to its path`,
    );
  }
  for (const o of [routed.defaults, ...routed.routes.map((r) => r.options)])
    if (o !== null) refuseUnsafeValues(o, entry.name);
  const ctx = makeContext(entry.name, routed, { flavor, source });
  const { files, notes } = generate(routed, ctx);
  return { target: entry.name, files, notes, warnings: [] };
}
