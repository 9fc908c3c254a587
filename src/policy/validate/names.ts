// Unknown option names, with the option someone most likely meant (names from other middlewares).
import type { ValidationContext } from './context.js';

/**
 * The option names `createCors` knows, in documentation order.
 *
 * @example
 * OPTION_NAMES.includes('origins'); // true
 */
export const OPTION_NAMES = [
  'origins',
  'methods',
  'allowedHeaders',
  'exposedHeaders',
  'credentials',
  'maxAge',
  'preflightStatus',
  'preflightContinue',
  'debug',
  'allowInsecureOrigins',
  'routes',
] as const;

// Names people bring from other middlewares (cors, @fastify/cors, hono/cors, @koa/cors, jub0bs/cors).
const ALIASES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    origin: 'origins',
    allowedorigins: 'origins',
    alloworigins: 'origins',
    alloworigin: 'origins',
    allowmethods: 'methods',
    allowedmethods: 'methods',
    method: 'methods',
    allowheaders: 'allowedHeaders',
    allowedrequestheaders: 'allowedHeaders',
    headers: 'allowedHeaders',
    exposeheaders: 'exposedHeaders',
    exposedresponseheaders: 'exposedHeaders',
    credentialed: 'credentials',
    allowcredentials: 'credentials',
    maxage: 'maxAge',
    maxageinseconds: 'maxAge',
    optionssuccessstatus: 'preflightStatus',
    strictpreflight: 'preflightContinue',
    // flask-cors `resources`, Spring `CorsConfigurationSource` paths
    resources: 'routes',
    paths: 'routes',
    locations: 'routes',
  }),
);

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * The known option an unknown name most likely meant, or `undefined`.
 *
 * @example
 * suggestOption('allowHeaders'); // 'allowedHeaders'
 */
export function suggestOption(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/[-_]/g, '');
  // A Map, not an object: 'constructor' or 'toString' must not find Object.prototype's members.
  const alias = ALIASES.get(lower);
  if (alias !== undefined) return alias;
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const o of OPTION_NAMES) {
    const d = levenshtein(lower, o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Report every unknown option; returns the known names suggested instead, so that a missing option
 * that was only misspelt is not reported twice.
 *
 * @example
 * validateOptionNames(ctx); // Set { 'origins' } for { origin: [...] }
 */
export function validateOptionNames(ctx: ValidationContext): ReadonlySet<string> {
  const suggested = new Set<string>();
  for (const key of Object.keys(ctx.options)) {
    if ((OPTION_NAMES as readonly string[]).includes(key) || key === '$schema') continue;
    const s = suggestOption(key);
    if (s !== undefined) suggested.add(s);
    ctx.add(
      'POLICY_UNKNOWN_OPTION',
      key,
      `${ctx.root}.${key}`,
      `unknown option '${key}'${s !== undefined ? ` (did you mean '${s}'?)` : ''}`,
      s !== undefined ? `rename '${key}' to '${s}'` : `remove it; known options: ${OPTION_NAMES.join(', ')}`,
    );
  }
  return suggested;
}
