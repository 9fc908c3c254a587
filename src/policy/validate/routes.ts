// The `routes` option: an ordered list of `{ path, ...options }` or `{ path, cors: false }`. Each route
// is validated as a whole policy of its own (it inherits nothing but `debug`), its path as a route
// pattern, and the list as a whole: a route that an earlier one already covers can never be reached.
import {
  isRoutePattern,
  parseRoutePattern,
  patternCovers,
  type RoutePattern,
  samePattern,
} from '../routes/pattern.js';
import type { CorsConfigIssue } from '../types.js';
import { describe, type ValidationContext } from './context.js';

/**
 * A validated route: its pattern and, unless CORS is off for it (`null`), its analyzed options.
 *
 * @example
 * const r: ValidRoute<{ anyOrigin: boolean }> = { pattern: { path: '/a', segments: [{ literal: 'a' }], rest: false }, options: null };
 */
export interface ValidRoute<O> {
  readonly pattern: RoutePattern;
  readonly options: O | null;
}

/**
 * Analyze one route's options as a single policy rooted at `root` (the caller's own analyzer, so that
 * this file does not import it back).
 *
 * @example
 * const analyze: AnalyzeRoute<AnalyzedOptions> = (input, root) => analyzeSingle(input, root);
 */
export type AnalyzeRoute<O> = (
  input: Record<string, unknown>,
  root: string,
) => { issues: readonly CorsConfigIssue[]; options: O | undefined };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);
}

function routePattern(
  ctx: ValidationContext,
  route: Record<string, unknown>,
  at: string,
): RoutePattern | undefined {
  const path = route.path;
  if (typeof path !== 'string') {
    ctx.add(
      'POLICY_ROUTE_PATH',
      'routes',
      `${at}.path`,
      path === undefined ? 'the route has no path' : `path must be a string, got ${describe(path)}`,
      "give each route a path such as '/api/*'",
    );
    return undefined;
  }
  const parsed = parseRoutePattern(path);
  if (isRoutePattern(parsed)) return parsed;
  ctx.add('POLICY_ROUTE_PATH', 'routes', `${at}.path`, parsed.message, parsed.fix);
  return undefined;
}

/** `cors: false` alone beside `path`: `off`; no `cors`: `on`; anything else is reported: `invalid`. */
function corsSetting(
  ctx: ValidationContext,
  route: Record<string, unknown>,
  at: string,
): 'on' | 'off' | 'invalid' {
  if (!('cors' in route)) return 'on';
  if (route.cors !== false) {
    ctx.add(
      'POLICY_ROUTE_CORS',
      'routes',
      `${at}.cors`,
      `cors must be false (CORS off for this path), got ${describe(route.cors)}`,
      'remove cors to give the route its own options, or set cors: false',
    );
    return 'invalid';
  }
  const others = Object.keys(route).filter((k) => k !== 'path' && k !== 'cors');
  if (others.length > 0) {
    ctx.add(
      'POLICY_ROUTE_CORS',
      'routes',
      `${at}.${others[0]}`,
      `a route with cors: false takes no other options, got ${others.map((k) => `'${k}'`).join(', ')}`,
      'remove cors: false to give the route these options, or remove them',
    );
  }
  return 'off';
}

function checkReachable(ctx: ValidationContext, patterns: readonly (RoutePattern | undefined)[]): void {
  patterns.forEach((later, j) => {
    if (later === undefined) return;
    for (let i = 0; i < j; i++) {
      const earlier = patterns[i];
      if (earlier === undefined || !patternCovers(earlier, later)) continue;
      const same = samePattern(earlier, later);
      ctx.add(
        same ? 'POLICY_ROUTE_DUPLICATE' : 'POLICY_ROUTE_UNREACHABLE',
        'routes',
        `${ctx.root}.routes[${j}].path`,
        same
          ? `the path '${later.path}' is already routes[${i}] ('${earlier.path}'): the first match wins, so this route is never used`
          : `every path '${later.path}' matches is matched first by routes[${i}] ('${earlier.path}'), so this route is never used`,
        same ? 'merge the two routes into one' : `move it before routes[${i}], or remove it`,
      );
      return;
    }
  });
}

/**
 * Validate `routes` (when present) and analyze each route with `analyze`. Returns `undefined` when the
 * option is absent.
 *
 * @example
 * validateRoutes(ctx, analyzeSingle); // [{ pattern, options }, …]
 */
export function validateRoutes<O>(
  ctx: ValidationContext,
  analyze: AnalyzeRoute<O>,
): ValidRoute<O>[] | undefined {
  const v = ctx.options.routes;
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    ctx.add(
      'POLICY_OPTION_TYPE',
      'routes',
      `${ctx.root}.routes`,
      `routes must be an array, got ${describe(v)}`,
      "write routes: [{ path: '/public/*', origins: '*' }]",
    );
    return [];
  }
  const out: ValidRoute<O>[] = [];
  const patterns: (RoutePattern | undefined)[] = [];
  v.forEach((route: unknown, i: number) => {
    const at = `${ctx.root}.routes[${i}]`;
    if (!isPlainObject(route)) {
      ctx.add(
        'POLICY_ROUTE_TYPE',
        'routes',
        at,
        `each route must be an object, got ${describe(route)}`,
        "write { path: '/api/*', origins: ['https://app.example.com'] } or { path: '/webhooks/*', cors: false }",
      );
      patterns.push(undefined);
      return;
    }
    const pattern = routePattern(ctx, route, at);
    patterns.push(pattern);
    if ('routes' in route) {
      ctx.add(
        'POLICY_ROUTE_NESTED',
        'routes',
        `${at}.routes`,
        'routes cannot nest',
        'list every route at the top level, most specific first',
      );
    }
    const cors = corsSetting(ctx, route, at);
    let options: O | null = null;
    if (cors === 'on') {
      const { path: _path, routes: _routes, ...rest } = route;
      const analyzed = analyze(rest, at);
      for (const issue of analyzed.issues) ctx.issues.push(issue);
      options = analyzed.options ?? null;
    }
    if (pattern !== undefined) out.push({ pattern, options });
  });
  checkReachable(ctx, patterns);
  return out;
}
