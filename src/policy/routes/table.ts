// The compiled route table: every pattern in one trie of segments, so that finding the first matching
// route walks the path once instead of trying the routes one by one. Each node keeps the lowest index
// of a route ending there and of a route whose `/*` starts there; the lowest index over every branch
// that matches is the first route in the list that matches.

import { NO_PATH, pathReadings, pathStart, percentDecode, plainPathEnd } from './path.js';
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

/** What `firstMatch` returns where the two readings of an escaped path may take different routes (below any route index). */
const PARTS = -1;

/**
 * The lowest index of a route matching the rest of a lowercase path, walked as it is: `i` is the `/`
 * before the next segment, `end` where the path ends (a trailing `/` ends it too). A parameter never
 * matches an empty segment. With `escaped` (a path `plainPathEnd(path)` accepts), a segment
 * with escapes matches no literal as sent; where its decoding is one, the readings may differ: `PARTS`.
 */
function firstMatch(n: Node, path: string, i: number, end: number, escaped: boolean): number {
  if (i + 1 >= end) return Math.min(n.rest, n.end);
  // Nothing below this node (the end of `/api/*`): only its `/*` matches a longer path, unread.
  if (n.param === undefined && n.literals.size === 0) return n.rest;
  let j = path.indexOf('/', i + 1);
  if (j === -1 || j > end) j = end;
  let best = n.rest;
  const seg = path.slice(i + 1, j).toLowerCase();
  const lit = n.literals.get(seg);
  if (lit !== undefined) best = Math.min(best, firstMatch(lit, path, j, end, escaped));
  else if (escaped && seg.includes('%') && n.literals.has(percentDecode(seg).toLowerCase())) return PARTS;
  if (n.param !== undefined && j > i + 1) best = Math.min(best, firstMatch(n.param, path, j, end, escaped));
  return best;
}

/**
 * Which route a request path takes: the index of the first matching route, `-1` for none (the
 * defaults), `'ambiguous'` when servers may read the path as different routes, or `'too-long'` when a
 * way of reading it has more than `MAX_READ_SEGMENTS` segments (it is not read: no route either).
 *
 * @example
 * const lookup = compileRouteTable([parse('/public/*'), parse('/api/*')]);
 * lookup('/api/users?id=1'); // 1
 * lookup('/other');          // -1
 * lookup('/public/..%2fapi/users'); // 'ambiguous'
 */
export type RouteLookup = (target: string) => number | 'ambiguous' | 'too-long';

/**
 * Compile patterns, in order, into a lookup.
 *
 * @example
 * compileRouteTable([parse('/webhooks/*')])('/webhooks/stripe'); // 0
 */
export function compileRouteTable(patterns: readonly RoutePattern[]): RouteLookup {
  const root = node();
  for (let i = 0; i < patterns.length; i++) insert(root, patterns[i]!, i);
  // The route every reading takes (each a whole path: no query), 'ambiguous', or 'too-long' (none read).
  const agreed = (readings: readonly string[] | undefined): ReturnType<RouteLookup> => {
    if (readings === undefined) return 'too-long';
    const routes = readings.map((r) => firstMatch(root, r, 0, r.length, false));
    return routes.every((r) => r === routes[0]) ? (routes[0] === NONE ? -1 : routes[0]!) : 'ambiguous';
  };
  return (target) => {
    const start = pathStart(target);
    if (start < 0) return start === NO_PATH ? agreed(['/']) : 'ambiguous';
    // What a browser sends, also with escapes that only spell a segment differently (%20, %C3%A9): one
    // walk as sent, where it stands in the target; where an escaped segment spells a literal, the two
    // readings, as sent and decoded once.
    const end = plainPathEnd(target, start);
    if (end === -1) return agreed(pathReadings(target.slice(start)));
    const i = firstMatch(root, target, start, end, true);
    if (i !== PARTS) return i === NONE ? -1 : i;
    const p = target.slice(start, end);
    return agreed([p, percentDecode(p)]);
  };
}
