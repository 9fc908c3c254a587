// Route path patterns (issue 15) translated into every target's regex dialect, run by each dialect's
// engine (JavaScript, Python's re through python3, PCRE through grep -P, RE2 through re2js) against
// corsair's own route table; hostile literals written as escapes. In-process apart from python3 and
// grep, so it also runs under mutation testing (scripts/mutation.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import {
  routeRegex,
  routeTargetRegex,
  trickyPathRegex,
  trickyTargetRegex,
} from '../../src/generate/index.js';
import { compileRouteTable, parseRoutePattern } from '../../src/policy/index.js';
import type { RoutePattern } from '../../src/policy/types.js';
import { hasCommand, PYTHON, pythonHas, serverAvailable } from './servers.js';

function parse(path: string): RoutePattern {
  const p = parseRoutePattern(path);
  if (!('segments' in p)) throw new Error(p.message);
  return p;
}

// Literal characters a route accepts (src/policy/routes/pattern.ts), hostile ones included.
const LITERAL_CHARS = "aZ09._~!$&',=@-".split('');
const literal = fc
  .array(fc.constantFrom(...LITERAL_CHARS, 'a', 'b', 'A'), { minLength: 1, maxLength: 4 })
  .map((cs) => cs.join(''))
  .filter((s) => s !== '.' && s !== '..');
const segment = fc.oneof(literal, fc.constant(':id'));
const pattern = fc
  .tuple(fc.array(segment, { maxLength: 3 }), fc.boolean())
  .map(([segs, rest]) => `/${[...segs, ...(rest ? ['*'] : [])].join('/')}`)
  .filter((p) => 'segments' in parseRoutePattern(p));
// Plain paths as browsers send them (no %, \, ;, //, dot segments), often near the patterns.
const plainPath = fc
  .tuple(fc.array(literal, { maxLength: 4 }), fc.boolean())
  .map(([segs, slash]) => `/${segs.join('/')}${slash && segs.length > 0 ? '/' : ''}`);

/** A JS regex read as the regex literal the generated code holds (`/…/is`, web-routes.ts). */
function asLiteral(re: string, flags = ''): RegExp {
  return new Function(`return /${re}/${flags};`)() as RegExp;
}

/** The first route whose translated regex matches, as generated code decides. */
function firstByRegex(patterns: readonly RoutePattern[], path: string): number {
  return patterns.findIndex((p) => asLiteral(routeRegex(p, 'js'), 'is').test(path));
}

describe('route patterns translated into regexes', () => {
  it('the JS regexes pick the same route as corsair’s table on every plain path', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), plainPath, (paths, path) => {
        const patterns = paths.map(parse);
        expect(firstByRegex(patterns, path)).toBe(compileRouteTable(patterns)(path));
      }),
      { numRuns: 2000 },
    );
  });

  it.skipIf(!serverAvailable('python3', () => pythonHas('re'), 'apt-get install -y python3'))(
    'the Python regexes (re.match) pick the same route as corsair’s table',
    () => {
      const cases = fc.sample(fc.tuple(fc.array(pattern, { minLength: 1, maxLength: 3 }), plainPath), 300);
      const input = cases.map(([paths, path]) => ({
        regexes: paths.map((p) => routeRegex(parse(p), 'python')),
        path,
        want: compileRouteTable(paths.map(parse))(path),
      }));
      const script = `import json, re, sys
cases = json.load(sys.stdin)
bad = []
for c in cases:
    got = next((i for i, r in enumerate(c["regexes"]) if re.match(r, c["path"])), -1)
    if got != c["want"]:
        bad.append([c, got])
print(json.dumps(bad))
`;
      const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([]);
    },
  );

  describe('request-target regexes (nginx $request_uri, Apache THE_REQUEST, Caddy orig_uri)', () => {
    // Raw targets as servers receive them: plain paths, queries holding what a path may not, and tricks.
    const query = fc.constantFrom('', '?a=1', '?next=/private/x', '?q=%2f..%2f', '?x=a;b', '?/a//b');
    const trick = fc.constantFrom('//', '%2f', '%2e%2e/', '../', './', ';x=1', '\\');
    const target = fc.oneof(
      fc.tuple(plainPath, query).map(([p, q]) => p + q),
      fc.tuple(plainPath, trick, plainPath, query).map(([a, t, b, q]) => `${a}/${t}${b.slice(1)}${q}`),
      fc.constantFrom('*', 'http://h/public', '/public/.', '/public/..', '/public/..?x'),
    );
    /** Written from the rule, not from the regex: what no generated config may answer. */
    function tricky(t: string): boolean {
      const path = t.split('?')[0]!;
      return (
        !path.startsWith('/') ||
        /[%;\\]|\/\//.test(path) ||
        path.split('/').some((s) => s === '.' || s === '..')
      );
    }
    /** What the generated config must pick: -2 (no CORS: tricky), else corsair's table on the path. */
    function reference(patterns: readonly RoutePattern[], t: string): number {
      if (tricky(t)) return -2;
      const route = compileRouteTable(patterns)(t.split('?')[0]!);
      // A plain path has one reading; 'ambiguous' or 'too-long' here would be a bug in the table or in tricky().
      if (typeof route === 'string') throw new Error(`${route} plain path ${t}`);
      return route;
    }
    const cases = () =>
      fc.sample(
        fc.tuple(
          fc.array(pattern, { minLength: 1, maxLength: 3 }),
          fc.array(target, { minLength: 4, maxLength: 8 }),
        ),
        {
          numRuns: 150,
          seed: 15,
        },
      );

    it('RE2 (re2js, the engine Caddy uses) picks the route corsair’s table picks', () => {
      const compile = (re: string) => RE2JS.compile(re);
      const trick = compile(trickyTargetRegex('re2'));
      for (const [paths, targets] of cases()) {
        const patterns = paths.map(parse);
        const regexes = patterns.map((p) => compile(routeTargetRegex(p, 're2')));
        for (const t of targets) {
          const got = trick.matcher(t).find() ? -2 : regexes.findIndex((r) => r.matcher(t).find());
          expect(got, `${JSON.stringify(paths)} ${t}`).toBe(reference(patterns, t));
        }
      }
    });

    it.skipIf(
      !serverAvailable(
        'grep -P (PCRE)',
        () => hasCommand('grep') && spawnSync('grep', ['-P', 'x'], { input: 'x' }).status === 0,
        'apt-get install -y grep',
      ),
    )('PCRE (grep -P, the library nginx and Apache use) picks the route corsair’s table picks', () => {
      const all = cases();
      const targets = [...new Set(all.flatMap(([, ts]) => ts))];
      const dir = mkdtempSync(join(tmpdir(), 'corsair-pcre-'));
      const file = join(dir, 'targets.txt');
      writeFileSync(file, `${targets.join('\n')}\n`);
      const matches = new Map<string, Set<string>>();
      const grep = (re: string): Set<string> => {
        const hit = matches.get(re);
        if (hit !== undefined) return hit;
        const r = spawnSync('grep', ['-P', '-x', '-e', `(?:${re})`, file], { encoding: 'utf8' });
        expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
        const set = new Set(r.stdout.split('\n').filter((l) => l !== ''));
        matches.set(re, set);
        return set;
      };
      try {
        const trick = grep(`${trickyTargetRegex('pcre')}.*`);
        for (const [paths, ts] of all) {
          const patterns = paths.map(parse);
          const sets = patterns.map((p) => grep(routeTargetRegex(p, 'pcre')));
          for (const t of ts) {
            const got = trick.has(t) ? -2 : sets.findIndex((set) => set.has(t));
            expect(got, `${JSON.stringify(paths)} ${t}`).toBe(reference(patterns, t));
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('writes every literal character other than letters, digits, - and _ as \\xHH in every dialect', () => {
    const p = parse("/a$b/&'!,=@~.x/:id/*");
    for (const d of ['js', 'pcre', 'python', 'java', 'dotnet', 're2'] as const) {
      const re = routeRegex(p, d);
      // Nothing a config language could read: no quote, $ (but the anchor), {, }, %, space, backtick.
      expect(re.replace(/\$$/, ''), d).not.toMatch(/["'`${}%\s&!,=@~]/);
      expect(re, d).toContain('\\x24');
    }
    expect(routeRegex(parse('/api/:id'), 'pcre')).toBe('(?is)^/api/[^/]+/?$');
    expect(routeRegex(parse('/public/*'), 'python')).toBe('(?is)^/public(?:/.*)?\\Z');
  });

  it('the tricky-path regex flags exactly the paths servers may read differently', () => {
    const tricky = asLiteral(trickyPathRegex('js'));
    for (const p of ['//a', '/a/..%2fb', '/a;b', '/a\\b', '/a/./b', '/a/..', '/%41', '/a/.'])
      expect(tricky.test(p), p).toBe(true);
    for (const p of ['/', '/a', '/a.b/c', '/a/.well-known', '/a/..b', '/a/'])
      expect(tricky.test(p), p).toBe(false);
  });
});
