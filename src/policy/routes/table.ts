// The compiled route table: every pattern in one trie of segments, so that finding the first matching
// route walks the path once instead of trying the routes one by one. Each node keeps the lowest index
// of a route ending there and of a route whose `/*` starts there; the lowest index over every branch
// that matches is the first route in the list that matches.

import { pathReadings } from './path.js';
import type { RoutePattern } from './pattern.js';

interface Node {
  readonly literals: Map<string, Node>;
  param: Node | undefined;
  /** Lowest index of a route ending exactly here. */
  end: number;
  /** Lowest index of a route with `/*` here. */
  rest: number;
}

const NONE = Number.POSITIVE_INFINITY;

function node(): Node {
  return { literals: new Map(), param: undefined, end: NONE, rest: NONE };
}

function insert(root: Node, pattern: RoutePattern, index: number): void {
  let n = root;
  for (const seg of pattern.segments) {
    if ('literal' in seg) {
      let next = n.literals.get(seg.literal);
      if (next === undefined) {
        next = node();
        n.literals.set(seg.literal, next);
      }
      n = next;
    } else {
      n.param ??= node();
      n = n.param;
    }
  }
  if (pattern.rest) n.rest = Math.min(n.rest, index);
  else n.end = Math.min(n.end, index);
}

function firstMatch(n: Node, segs: readonly string[], i: number): number {
  let best = n.rest;
  if (i === segs.length) return Math.min(best, n.end);
  const seg = segs[i]!;
  const lit = n.literals.get(seg);
  if (lit !== undefined) best = Math.min(best, firstMatch(lit, segs, i + 1));
  if (n.param !== undefined && seg !== '') best = Math.min(best, firstMatch(n.param, segs, i + 1));
  return best;
}

/**
 * Which route a request path takes: the index of the first matching route, `-1` for none (the
 * defaults), or `'ambiguous'` when servers may read the path as different routes.
 *
 * @example
 * const lookup = compileRouteTable([parse('/public/*'), parse('/api/*')]);
 * lookup('/api/users?id=1'); // 1
 * lookup('/other');          // -1
 * lookup('/public/..%2fapi/users'); // 'ambiguous'
 */
export type RouteLookup = (target: string) => number | 'ambiguous';

/**
 * Compile patterns, in order, into a lookup.
 *
 * @example
 * compileRouteTable([parse('/webhooks/*')])('/webhooks/stripe'); // 0
 */
export function compileRouteTable(patterns: readonly RoutePattern[]): RouteLookup {
  const root = node();
  for (let i = 0; i < patterns.length; i++) insert(root, patterns[i]!, i);
  const routeOf = (segs: readonly string[]): number => {
    const i = firstMatch(root, segs, 0);
    return i === NONE ? -1 : i;
  };
  return (target) => {
    const readings = pathReadings(target);
    if (readings === null) return 'ambiguous';
    const first = routeOf(readings[0]!);
    for (let r = 1; r < readings.length; r++) if (routeOf(readings[r]!) !== first) return 'ambiguous';
    return first;
  };
}
