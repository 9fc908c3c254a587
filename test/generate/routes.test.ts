// generate with per-path policies (issue 15): path patterns translated per target (checked against
// corsair's own route table), the refusal of targets that cannot decide by path, and the per-path
// outputs booted on real runtimes: the Worker on workerd and on Node, the Netlify Edge Function in Deno.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import {
  type GeneratedFile,
  GenerateError,
  generateConfig,
  routeRegex,
  routeTargetRegex,
  TARGETS,
  trickyPathRegex,
  trickyTargetRegex,
} from '../../src/generate/index.js';
import { compileRouteTable, parseRoutePattern } from '../../src/policy/index.js';
import type { RoutePattern } from '../../src/policy/types.js';
import { runtimeAvailable } from '../edge/runtimes.js';
import { THREE_ROUTES } from '../policy/three-routes.js';
import { proveRoutes } from './prove-routes.js';
import {
  fetchBridge,
  hasCommand,
  importGenerated,
  listenNode,
  PYTHON,
  pythonHas,
  type Running,
  serverAvailable,
  startFlask,
  startNetlifyEdge,
  startWorkerd,
  workerdBinary,
} from './servers.js';

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

/** The first route whose translated regex matches, as generated code decides. */
function firstByRegex(patterns: readonly RoutePattern[], path: string): number {
  return patterns.findIndex((p) => new RegExp(routeRegex(p, 'js'), 'is').test(path));
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
      // A plain path has one reading; 'ambiguous' here would be a bug in the table or in tricky().
      if (route === 'ambiguous') throw new Error(`ambiguous plain path ${t}`);
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
    const tricky = new RegExp(trickyPathRegex('js'));
    for (const p of ['//a', '/a/..%2fb', '/a;b', '/a\\b', '/a/./b', '/a/..', '/%41', '/a/.'])
      expect(tricky.test(p), p).toBe(true);
    for (const p of ['/', '/a', '/a.b/c', '/a/.well-known', '/a/..b', '/a/'])
      expect(tricky.test(p), p).toBe(false);
  });
});

describe('targets that cannot decide by path refuse, naming the alternative', () => {
  const able = new Set(TARGETS.filter((t) => t.routes?.(undefined) !== undefined).map((t) => t.name));
  it.each(TARGETS.filter((t) => !able.has(t.name)).map((t) => t.name))('%s', (name) => {
    let err: unknown;
    try {
      generateConfig(name, THREE_ROUTES);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GenerateError);
    expect((err as GenerateError).code).toBe('GENERATE_ROUTES_UNSUPPORTED');
    expect((err as GenerateError).fix).toMatch(/--target|--flavor/);
  });

  it('every per-path output says how its path matching differs', () => {
    for (const name of able) {
      const r = generateConfig(name, THREE_ROUTES);
      expect(r.notes.map((n) => n.code)).toContain('GENERATE_ROUTES_TRICKY_PATHS');
      expect(r.files[0]!.content).toContain('route /webhooks/*: no CORS');
    }
  });

  it.each(['express', 'fastify', 'koa', 'hono'])(
    '%s: the default flavor names --flavor corsair, which passes the routes through verbatim',
    (name) => {
      let fix = '';
      try {
        generateConfig(name, THREE_ROUTES);
      } catch (e) {
        fix = (e as GenerateError).fix;
      }
      expect(fix).toMatch(/--flavor corsair/);
      const r = generateConfig(name, THREE_ROUTES, { flavor: 'corsair' });
      expect(r.notes).toEqual([]);
      expect(r.files[0]!.content).toContain("{ path: '/webhooks/*', cors: false },");
    },
  );

  it('a hostile route literal stays data in the generated JavaScript', () => {
    const { files } = generateConfig('cloudflare-workers', {
      routes: [{ path: "/a'$b/x", origins: '*' }],
    });
    const line = files[0]!.content.split('\n').find((l) => l.includes('pattern:'))!;
    expect(line).toContain("path: '/a\\'$b/x'");
    expect(line).toContain('\\x27\\x24b');
  });
});

async function startWorker(files: readonly GeneratedFile[]): Promise<Running> {
  const { mod, dir } = await importGenerated<{
    default: { fetch: (r: Request, env: unknown, ctx: unknown) => Promise<Response> };
  }>(files, 'worker-routes');
  return listenNode(
    fetchBridge((r) => mod.default.fetch(r, {}, {})),
    dir,
  );
}

proveRoutes('cloudflare-workers', startWorker, true, 'on Node', true);
proveRoutes(
  'cloudflare-workers',
  startWorkerd,
  serverAvailable('workerd', () => workerdBinary() !== null, 'npm ci (devDependency workerd)'),
  'on workerd',
  true,
);
proveRoutes('netlify', startNetlifyEdge, runtimeAvailable('deno'), 'as an Edge Function in Deno', true);
// Werkzeug's server reads `//private/items` as /private/items for its router and for flask-cors alike
// (request.path): one reading in the process, so the private policy applies.
proveRoutes(
  'flask',
  startFlask,
  serverAvailable(
    'flask + flask-cors',
    () => pythonHas('flask, flask_cors'),
    'apt-get install -y python3-flask python3-flask-cors',
  ),
  'on the real server',
  false,
  { '//private/items': 'private' },
);
