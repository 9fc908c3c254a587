// The route table's shortcuts (a node with nothing below it stops the walk; a path plain but for escapes
// that only spell a segment differently is walked once as sent, a segment decoded only where the walk
// compares it with route literals, and read as sent and decoded once when it spells one; readings keep
// their case; escapes decoded run by run) give exactly the route the full model of routes/path.ts gives: every decoding up to
// four times over the path's UTF-8 bytes, backslashes as slashes or not, ;params cut or not, slashes merged
// or not, dot segments resolved or not, a route only where all those readings agree. The model is written
// here from that description, on a case-insensitive RegExp per route, and compared on paths people and
// attackers send: percent-escapes of every kind, raw non-ASCII, lone surrogates, dots, ;params, \, //.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRoutePattern, type RoutePattern } from '../../src/policy/routes/pattern.js';
import { compileRouteTable } from '../../src/policy/routes/table.js';
import { routePatternRegExp } from './reference.js';

const encoder = new TextEncoder();
const utf8 = new TextDecoder();

/** One pass of percent-decoding over the string's UTF-8 bytes (what the model specifies). */
function decodeOnce(s: string): string {
  const b = encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const hex = String.fromCharCode(b[i + 1] ?? 0, b[i + 2] ?? 0);
    if (b[i] === 37 && /^[0-9a-f]{2}$/i.test(hex)) {
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else out.push(b[i]!);
  }
  return utf8.decode(new Uint8Array(out));
}

const isDot = (s: string) => ['.', '..'].includes(s.toLowerCase().replaceAll('%2e', '.'));

function readings(path: string): string[] {
  const out = new Set<string>();
  const decoded = [path.split(/[?#]/, 1)[0]!];
  for (let i = 0; i < 4 && decodeOnce(decoded.at(-1)!) !== decoded.at(-1); i++)
    decoded.push(decodeOnce(decoded.at(-1)!));
  for (const d of decoded)
    for (const b of [d, d.replaceAll('\\', '/')])
      for (let mask = 0; mask < 8; mask++) {
        let segs = b.slice(1).split('/');
        if (mask & 1) segs = segs.map((s) => s.split(';')[0]!);
        if (mask & 2) segs = segs.filter((s) => s !== '');
        if (mask & 4)
          segs = segs.reduce<string[]>((acc, s) => {
            if (!isDot(s)) acc.push(s);
            else if (s.replaceAll('%2e', '.').replaceAll('%2E', '.') === '..') acc.pop();
            return acc;
          }, []);
        out.add(`/${segs.join('/')}`);
      }
  return [...out];
}

/** The model's answer: the first route every reading takes, or 'ambiguous'. */
function modelRoute(paths: readonly string[], target: string): number | 'ambiguous' {
  // absolute-form: the path follows the authority, as sent (no URL parser: it would resolve the dots)
  const path = target.replace(/^[a-z]+:\/\/[^/?#]*/, '') || '/';
  const routes = readings(path).map((r) =>
    paths.findIndex((p) => routePatternRegExp(p).test(r.toLowerCase())),
  );
  return routes.every((r) => r === routes[0]) ? routes[0]! : 'ambiguous';
}

const literal = fc.constantFrom('api', 'users', 'a', 'b', 'caf', 'kpi', 'x.y');
const patternArb = fc
  .tuple(fc.array(fc.oneof(literal, fc.constant(':id')), { maxLength: 3 }), fc.boolean())
  .map(([segs, rest]) => `/${segs.join('/')}${rest ? (segs.length ? '/*' : '*') : ''}`);
// Segments as sent: plain words, escapes that only spell a letter (%41, %61pi), words with a space or an
// accent (%20, %C3%A9, raw é), bytes that are no UTF-8 (%FF, %C3), the Kelvin sign (%E2%84%AA, which
// lowercases to k), a lone surrogate, and every escape or character servers split or resolve on.
const segment = fc.oneof(
  literal,
  fc.constantFrom(
    'API',
    '%41PI',
    '%61pi',
    'caf%C3%A9',
    'caf\u00e9',
    'my%20doc',
    '%FF',
    'x%C3',
    '%E2%84%AApi',
    '%EF%BB%BFa',
  ),
  fc.constantFrom(
    '\ud800',
    '%2e%2e',
    '%2E',
    '..',
    '.',
    '',
    '%2f',
    '%5C',
    '\\',
    ';p=1',
    '%3b',
    '%252e%252e',
    '%25',
    '.a',
    '..b',
    'a..',
  ),
);
// The target as a server passes it: the path alone, or the whole URL (the fetch adapters, a proxy
// request); a query or fragment holding what a path must not (the table reads only up to it).
const targetArb = fc
  .tuple(
    fc.constantFrom('', 'http://127.0.0.1:8080', 'https://a.example'),
    fc.array(segment, { minLength: 1, maxLength: 5 }),
    fc.constantFrom('', '/', '?q=/../api', '#%2e', '?a=%2f;b\\//c/./d', '?%41=/.'),
  )
  .map(([origin, segs, tail]) => `${origin}/${segs.join('/')}${tail}`);

describe('the route table against the full model of how servers read a path', () => {
  it('gives the model’s route, or ambiguous, for every path', () => {
    fc.assert(
      fc.property(
        fc.array(patternArb, { minLength: 1, maxLength: 6 }),
        fc.array(targetArb, { maxLength: 12 }),
        (paths, targets) => {
          const lookup = compileRouteTable(paths.map((p) => parseRoutePattern(p) as RoutePattern));
          for (const t of targets)
            expect(lookup(t), `${t} in ${JSON.stringify(paths)}`).toBe(modelRoute(paths, t));
        },
      ),
      { numRuns: 600, seed: 16 },
    );
  });

  it.each([
    ['/api/caf%C3%A9', ['/api/*'], 0],
    ['/%41PI/x', ['/api/*'], 'ambiguous'], // Express matches it raw (no route), a decoding server as /API/x
    ['/%41PI/x', ['/api'], -1],
    ['/api/my%20doc', ['/api/:id'], 0],
    ['/%E2%84%AApi', ['/kpi'], 'ambiguous'], // decoded, the Kelvin sign lowercases to k
    ['/%E2%84%AApi', ['/kpi', '/:id'], 'ambiguous'],
    ['/%41pi', ['/:id', '/api'], 0],
    ['/%41pi', ['/api', '/:id'], 'ambiguous'],
    ['/x%20/%61pi', ['/:id/a'], -1],
    ['/x/%61', ['/x/a', '/x/:id'], 'ambiguous'],
    ['/x/%62', ['/x/a', '/x/:id'], 1],
    ['/%61', ['/b', '/:id'], 1],
    ['/%2541', ['/a', '/:id'], 'ambiguous'], // decoded twice (IIS) it is /A
    // IIS nibble encoding: %2%65 decodes to %2e, which decodes to a dot, so /public/.. reaches /admin
    ['/public/%2%65%2%65/admin/users', ['/public/*', '/admin/*'], 'ambiguous'],
    // a stray % (no escape) before a doubled slash: nginx merges the slashes, Express does not
    ['/a/%//b', ['/a/:x/b', '/a/*'], 'ambiguous'],
    ['/a/%/./b', ['/a/:x/b', '/a/*'], 'ambiguous'],
    // escapes in a segment no literal spells: one walk as sent, the escaped segment a parameter
    ['/api/caf%C3%A9/x', ['/api/:id/x'], 0],
    ['/svc/caf%C3%A9', ['/svc/caf', '/svc/:id'], 1],
    ['/svc/caf%C3%A9?x=%2e%2e', ['/svc/:id'], 0],
    // …and one that spells a literal under a parameter: read both ways
    ['/%C3%A9/%41pi', ['/:id/api'], 'ambiguous'],
    ['/%C3%A9/%41pi', ['/:id/:x', '/:id/api'], 0],
    // decoded four times a dot is still %2e, which the URL Standard reads as a dot
    ['/public/%252525252e%252525252e/admin', ['/public/*', '/admin/*'], 'ambiguous'],
    ['/public/.%252525252e/admin', ['/public/*', '/admin/*'], 'ambiguous'],
    // a BOM is kept where another segment's byte is no UTF-8 and the path is read every way
    ['/%EF%BB%BFa/%FF/.', ['/a/*', '/:id/*'], 1],
    // a malformed escape is no escape: every reading
    ['/a/%g1/b', ['/a/:x/b'], 0],
    // a BOM (%EF%BB%BF) inside a path is a character of its segment, also when a byte is no UTF-8 (%FF)
    ['/%EF%BB%BFa/%FF', ['/a/*', '/:id/*'], 1],
  ] as const)('%s in %j: %s', (target, paths, route) => {
    expect(modelRoute(paths, target)).toBe(route);
    expect(compileRouteTable(paths.map((p) => parseRoutePattern(p) as RoutePattern))(target)).toBe(route);
  });
});

describe('long paths', () => {
  const lookup = compileRouteTable(
    ['/public/*', '/a/:x/b', '/:x/a'].map((p) => parseRoutePattern(p) as RoutePattern),
  );

  it('a path that needs readings is read up to 128 segments, and beyond gets no route', () => {
    expect(lookup(`/public${'/x'.repeat(125)}//y`)).toBe(0); // 128 segments, merged or not: /public/*
    expect(lookup(`/public${'/x'.repeat(126)}//y`)).toBe('too-long'); // 129
    // segments a decoding makes count too: 65 as sent, 129 decoded
    expect(lookup(`/public${'/%2f'.repeat(32)}x`)).toBe(0);
    expect(lookup(`/public${'/%2f'.repeat(64)}x`)).toBe('too-long');
  });

  it('a path servers split alike is walked at any length', () => {
    expect(lookup(`/public${'/x'.repeat(5000)}`)).toBe(0);
    expect(lookup(`/public${'/caf%C3%A9'.repeat(2000)}?q=${'/..'.repeat(100)}`)).toBe(0);
    expect(lookup(`/other${'/x'.repeat(5000)}`)).toBe(-1);
  });
});
