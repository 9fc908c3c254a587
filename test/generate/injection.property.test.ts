// Issue 13, item 8, for every one of the 19 targets: policies with hostile values (the token alphabet,
// quotes, `$`, backticks, braces, `%`, newlines, spaces; in origins, header names and methods) either
// are refused with a coded error, or the output is read back by the target language's own parser and
// every name comes out as the literal it was (no variable, placeholder, format specifier or broken
// quote). nginx, Apache and Caddy parse with the real binaries (`-t`, `adapt`); JavaScript with the
// TypeScript parser; Python with python3's `ast`; JSON and YAML with their parsers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CorsairError } from '../../src/errors.js';
import { type GeneratedFile, generateConfig, TARGET_NAMES } from '../../src/generate/index.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { PYTHON, pythonHas, serverAvailable, webServerAvailable } from './servers.js';

const TCHAR = "!#$%&'*+-.^_`|~";
const HOSTILE = `${TCHAR}"{}\\\n ;()<>@,/`;
const TOKEN_CHARS = [...'aZ9', ...TCHAR];
const nameOf = (chars: readonly string[]) =>
  fc
    .tuple(
      fc.constantFrom('X-', 'Y', 'P', ''),
      fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 6 }),
      fc.constantFrom('http_cookie', 'cors_origin', 't', '{x}', '', 'a'),
    )
    .map(([a, b, c]) => `${a}${b.join('')}${c}`);
// Mostly valid tokens (the policy accepts them, so the target must carry them), some beyond the alphabet.
const name = fc.oneof(
  { weight: 6, arbitrary: nameOf(TOKEN_CHARS).filter((n) => !n.includes('{')) },
  { weight: 1, arbitrary: nameOf([...TOKEN_CHARS, ...HOSTILE]) },
);
const host = fc
  .array(fc.constantFrom('a', 'b', '-', '.', '$', "'", '`', '{', '}', '"', '*', '%', '~', '!', '(', ' '), {
    minLength: 1,
    maxLength: 6,
  })
  .map((cs) => `${cs.join('')}.example.com`);
const policy: fc.Arbitrary<CorsOptions> = fc.record({
  origins: fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constant('https://app.example.com') },
      { weight: 1, arbitrary: host.map((h) => `https://${h}`) },
      { weight: 1, arbitrary: host.map((h) => `https://*.${h}`) },
    ),
    { minLength: 1, maxLength: 2 },
  ),
  methods: fc.array(name, { minLength: 1, maxLength: 2 }),
  allowedHeaders: fc.array(name, { minLength: 1, maxLength: 2 }),
  exposedHeaders: fc.array(name, { maxLength: 2 }),
  credentials: fc.boolean(),
});

/** The names the output must carry literally (some targets lowercase header names). */
function namesOf(p: CorsOptions): string[] {
  return [...(p.methods as string[]), ...(p.allowedHeaders as string[]), ...(p.exposedHeaders as string[])];
}

type Outcome = { refused: string } | { files: readonly GeneratedFile[] };

function generate(target: string, p: CorsOptions, flavor?: string): Outcome {
  try {
    return { files: generateConfig(target, p, flavor ? { flavor } : {}).files };
  } catch (e) {
    if (!(e instanceof CorsairError)) throw e;
    return { refused: e.code };
  }
}

/** Run a property for one target; every accepted output goes to `check`. Returns how many were accepted. */
function property(
  target: string,
  check: (files: readonly GeneratedFile[], p: CorsOptions) => void,
  flavor?: string,
): number {
  let accepted = 0;
  fc.assert(
    fc.property(policy, (p) => {
      const out = generate(target, p, flavor);
      if ('refused' in out) {
        expect(out.refused).toMatch(/^(POLICY|ORIGIN|GENERATE)_[A-Z0-9_]+$/);
        return;
      }
      accepted++;
      check(out.files, p);
    }),
    { seed: 13, numRuns: 150 },
  );
  // Most samples must get through, or the property proves nothing about what the target writes.
  expect(accepted, `${target}: accepted samples`).toBeGreaterThan(10);
  return accepted;
}

function contains(strings: readonly string[], value: string): boolean {
  const lower = value.toLowerCase();
  return strings.some((s) => s.includes(value) || s.includes(lower));
}

// ---------------------------------------------------------------------------------------------------
// JavaScript / TypeScript

function jsStrings(file: GeneratedFile): string[] {
  const sf = ts.createSourceFile(file.path, file.content, ts.ScriptTarget.Latest, true);
  const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteralLike(n) || ts.isTemplateLiteralToken(n)) out.push(n.text);
    if (ts.isRegularExpressionLiteral(n)) out.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const JS_TARGETS: [string, string | undefined][] = [
  ['express', undefined],
  ['express', 'corsair'],
  ['fastify', undefined],
  ['fastify', 'corsair'],
  ['koa', undefined],
  ['koa', 'corsair'],
  ['hono', undefined],
  ['hono', 'corsair'],
  ['nextjs', undefined],
  ['nextjs', 'middleware'],
  ['cloudflare-workers', undefined],
];

describe('JavaScript targets parse, and every name is a string literal', () => {
  it.each(JS_TARGETS)('%s (%s)', (target, flavor) => {
    const accepted = property(
      target,
      (files, p) => {
        const strings = files.flatMap(jsStrings);
        // Names may be joined into one header value, or lowercased for a Set: either way, inside a literal.
        for (const n of namesOf(p)) expect(contains(strings, n), n).toBe(true);
      },
      flavor,
    );
    expect(accepted).toBeGreaterThan(10);
  });
});

// ---------------------------------------------------------------------------------------------------
// JSON and YAML

describe('JSON and YAML targets parse, and every name is a string', () => {
  const strings = (v: unknown): string[] =>
    typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.flatMap(strings)
        : v && typeof v === 'object'
          ? Object.values(v).flatMap(strings)
          : [];

  it.each(['vercel', 'aws-s3', 'aws-api-gateway'])('%s', (target) => {
    const accepted = property(target, (files, p) => {
      const all = files.flatMap((f) => strings(JSON.parse(f.content)));
      // S3 knows five methods and drops the rest (with a note): there only the header names must survive.
      const names = target === 'aws-s3' ? namesOf({ ...p, methods: [] }) : namesOf(p);
      for (const n of names) expect(contains(all, n), n).toBe(true);
    });
    expect(accepted).toBeGreaterThan(10);
  });

  it.skipIf(!serverAvailable('python3-yaml', () => pythonHas('yaml'), 'apt-get install -y python3-yaml'))(
    'traefik (read back by PyYAML)',
    () => {
      const docs: { content: string; names: string[] }[] = [];
      const accepted = property('traefik', (files, p) => {
        docs.push({ content: files[0]!.content, names: namesOf(p) });
      });
      expect(accepted).toBeGreaterThan(10);
      const script = `
import json, sys, yaml
def strings(v):
    if isinstance(v, str): return [v]
    if isinstance(v, list): return [s for x in v for s in strings(x)]
    if isinstance(v, dict): return [s for x in v.values() for s in strings(x)]
    return []
bad = []
for d in json.load(sys.stdin):
    found = strings(yaml.safe_load(d["content"]))
    for n in d["names"]:
        if not any(n in s or n.lower() in s for s in found): bad.append(n)
print(json.dumps(bad))
`;
      const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(docs), encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([]);
    },
  );

  it('netlify: _headers one header per line, or the Edge Function with every name a string literal', () => {
    const kinds = { headers: 0, edge: 0 };
    const accepted = property('netlify', (files, p) => {
      const headers = files.find((f) => f.path === '_headers');
      if (headers === undefined) {
        kinds.edge++;
        const strings = files.filter((f) => f.path.endsWith('.ts')).flatMap(jsStrings);
        for (const n of namesOf(p)) expect(contains(strings, n), n).toBe(true);
        return;
      }
      kinds.headers++;
      const lines = headers.content.split('\n').filter((l) => l.startsWith('  '));
      for (const l of lines) expect(l).toMatch(/^ {2}[A-Za-z-]+: [\x21-\x7e][\x20-\x7e]*$/);
      for (const n of namesOf(p)) expect(contains(lines, n), n).toBe(true);
    });
    expect(accepted).toBeGreaterThan(10);
    expect(kinds.headers, 'no policy reached _headers').toBeGreaterThan(0);
    expect(kinds.edge, 'no policy reached the Edge Function').toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------
// Python (python3's own parser), Java and C# (their string-literal grammar)

describe.skipIf(!serverAvailable('python3', () => pythonHas('ast'), 'apt-get install -y python3'))(
  'Python targets parse, and every name is a string constant',
  () => {
    it.each(['flask', 'fastapi', 'django'])('%s', (target) => {
      const docs: { content: string; names: string[] }[] = [];
      const accepted = property(target, (files, p) => {
        docs.push({ content: files.map((f) => f.content).join('\n'), names: namesOf(p) });
      });
      expect(accepted).toBeGreaterThan(10);
      const script = `
import ast, json, sys
bad = []
for d in json.load(sys.stdin):
    tree = ast.parse(d["content"])
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for n in d["names"]:
        if not any(n in s or n.lower() in s for s in found): bad.append(n)
print(json.dumps(bad))
`;
      const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(docs), encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([]);
    });
  },
);

/** The decoded string literals of C-family source (Java, C#; C# verbatim `@"…"` too), failing on an unterminated one. */
function cStrings(src: string): string[] {
  const out: string[] = [];
  const re = /(@?)"((?:[^"\\\n]|\\.|"")*?)("(?!")|\n|$)/g;
  for (const line of src.split('\n')) {
    if (line.trimStart().startsWith('//')) continue;
    for (const m of line.matchAll(re)) {
      expect(m[3], `unterminated string in: ${line}`).toBe('"');
      const body = m[2]!;
      out.push(m[1] === '@' ? body.replace(/""/g, '"') : body.replace(/\\(["\\nrt])/g, '$1'));
    }
  }
  return out;
}

describe('Java and C# targets: every name inside a closed string literal', () => {
  it.each(['spring', 'aspnet-core'])('%s', (target) => {
    const accepted = property(target, (files, p) => {
      const strings = files.flatMap((f) => cStrings(f.content));
      for (const n of namesOf(p)) expect(contains(strings, n), n).toBe(true);
    });
    expect(accepted).toBeGreaterThan(10);
  });
});

// ---------------------------------------------------------------------------------------------------
// nginx, Apache, Caddy: the real parsers, plus the language's own interpolation rules

function withDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'corsair-inject-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const NGINX_VARIABLES = new Set([
  'http_origin',
  'request_method',
  'http_access_control_request_method',
  'http_access_control_request_headers',
  'cors_dollar',
]);

describe('web servers read the names back literally', () => {
  const nginx = webServerAvailable('nginx');
  const apache = webServerAvailable('apache2');
  const caddy = webServerAvailable('caddy');

  it.skipIf(!nginx)(
    'nginx: nginx -t accepts it, and every $ is one of the configuration’s own variables',
    () => {
      property('nginx', (files) =>
        withDir((dir) => {
          for (const f of files) {
            writeFileSync(join(dir, f.path), f.content);
            // Unescaped `$name` outside regexes: only nginx's request variables and the generated $cors_*.
            const code = f.content.replace(/^\s*#.*$/gm, '');
            for (const m of code.matchAll(/(?<!\\)\$\{?([A-Za-z_][A-Za-z0-9_]*)/g))
              expect(NGINX_VARIABLES.has(m[1]!) || m[1]!.startsWith('cors_'), m[0]).toBe(true);
          }
          writeFileSync(
            join(dir, 'nginx.conf'),
            `pid ${dir}/nginx.pid;\nevents {}\nhttp {\n include ${dir}/cors-maps.conf;\n server {\n  listen 127.0.0.1:9;\n  include ${dir}/cors.conf;\n }\n}\n`,
          );
          const r = spawnSync(
            'nginx',
            ['-t', '-q', '-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`],
            {
              encoding: 'utf8',
            },
          );
          expect(r.status, r.stderr).toBe(0);
        }),
      );
    },
    120_000,
  );

  it.skipIf(!apache)(
    'Apache: apache2 -t accepts it, and every % in a header value is %% or %{…}',
    () => {
      property('apache', (files) =>
        withDir((dir) => {
          const conf = files[0]!.content;
          for (const line of conf.split('\n').filter((l) => l.startsWith('Header '))) {
            const value = /^Header always (?:set|merge) \S+ "([^"]*)"/.exec(line)?.[1] ?? '';
            expect(value.replace(/%%|%\{[A-Za-z_-]+\}[ei]/g, ''), line).not.toContain('%');
          }
          writeFileSync(join(dir, 'cors.conf'), conf);
          const mods = ['mpm_event', 'authz_core', 'setenvif', 'headers', 'rewrite'];
          writeFileSync(
            join(dir, 'httpd.conf'),
            `ServerRoot ${dir}\n${mods.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}\nListen 127.0.0.1:9\nServerName 127.0.0.1\nPidFile ${dir}/httpd.pid\nDefaultRuntimeDir ${dir}\nErrorLog ${dir}/error.log\nInclude ${dir}/cors.conf\n`,
          );
          const r = spawnSync('apache2', ['-t', '-f', `${dir}/httpd.conf`], { encoding: 'utf8' });
          expect(r.status, r.stderr).toBe(0);
        }),
      );
    },
    120_000,
  );

  it.skipIf(!caddy)(
    'Caddy: caddy adapt reads it, and the header values are the names as written',
    () => {
      property('caddy', (files, p) =>
        withDir((dir) => {
          writeFileSync(
            join(dir, 'Caddyfile'),
            `${files[0]!.content}\nhttp://127.0.0.1:9 {\n\timport cors\n\trespond "ok" 200\n}\n`,
          );
          const r = spawnSync('caddy', ['adapt', '--config', `${dir}/Caddyfile`, '--adapter', 'caddyfile'], {
            encoding: 'utf8',
            env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
          });
          expect(r.status, r.stderr).toBe(0);
          const json = r.stdout;
          const headerValues = [
            ...json.matchAll(
              /"Access-Control-(?:Allow-Headers|Allow-Methods|Expose-Headers)":\["((?:[^"\\]|\\.)*)"\]/g,
            ),
          ].map((m) => JSON.parse(`"${m[1]}"`) as string);
          for (const n of namesOf(p)) expect(contains(headerValues, n), n).toBe(true);
        }),
      );
    },
    180_000,
  );
});

it('the 19 targets are all covered above', () => {
  const covered = new Set([
    ...JS_TARGETS.map(([t]) => t),
    'vercel',
    'aws-s3',
    'aws-api-gateway',
    'traefik',
    'netlify',
    'flask',
    'fastapi',
    'django',
    'spring',
    'aspnet-core',
    'nginx',
    'apache',
    'caddy',
  ]);
  expect([...TARGET_NAMES].sort()).toEqual([...covered].sort());
});

describe('origins whose host is not a DNS name are refused by every target', () => {
  // The URL Standard lets these characters into a host; S3, Spring and flask-cors read `*` as a
  // wildcard, nginx `$` as a variable, Caddy `{…}` as a placeholder, Python raw strings end at `"`.
  const origins = [
    'https://a*b.example.com',
    'https://a$http_cookie.example.com',
    'https://a"b.example.com',
    'https://a{b}.example.com',
    "https://a'b.example.com",
    'https://a`b.example.com',
    'https://*.a(b).example.com',
  ];
  it.each([...TARGET_NAMES])('%s', (target) => {
    // The policy now refuses such hosts itself (POLICY_INVALID); generate's gate stays as a second line.
    const dollar = generate(target, { origins: ['https://a$b.example.com'] });
    expect(dollar).toHaveProperty('refused');
    if ('refused' in dollar) expect(dollar.refused).toMatch(/^(POLICY_|ORIGIN_|GENERATE_UNSAFE_ORIGIN$)/);
    for (const origin of origins) {
      const out = generate(target, { origins: [origin], credentials: true });
      // The policy itself refuses some (a `*` inside a label); generate refuses what it lets through.
      expect(out, origin).toHaveProperty('refused');
      if ('refused' in out) expect(out.refused, origin).toMatch(/^(POLICY_|ORIGIN_|GENERATE_UNSAFE_ORIGIN$)/);
    }
    expect(generate(target, { origins: ['https://app.example.com'], credentials: true })).not.toHaveProperty(
      'refused',
      'GENERATE_UNSAFE_ORIGIN',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Route paths (issue 15): a route literal may hold `$ & ' , = @ ~ ! .`; in every per-path output it
// must stay data. nginx, Apache, Caddy, FastAPI and Django are also proven on the real servers
// (routes-servers.test.ts, HOSTILE_ROUTES); here every Python, Java and C# output is parsed, and the
// route regex found in a string literal must match the literal's own path and nothing else nearby.

const ROUTE_CHARS = "aZ09._~!$&',=@-".split('');
const routeLiteral = fc
  .array(fc.constantFrom(...ROUTE_CHARS), { minLength: 1, maxLength: 6 })
  .map((cs) => cs.join(''))
  .filter((s) => s !== '.' && s !== '..');
const routedPolicy = fc
  .uniqueArray(routeLiteral, { minLength: 1, maxLength: 3, selector: (s) => s.toLowerCase() })
  .map((lits) => ({
    paths: lits.map((l) => `/${l}/*`),
    policy: {
      routes: lits.map((l, i) =>
        i === 0 ? { path: `/${l}/*`, cors: false as const } : { path: `/${l}/*`, origins: '*' as const },
      ),
    } as CorsOptions,
  }));

/** The per-path outputs of a target for sampled hostile route literals, with the paths they route. */
function routedSamples(target: string): { content: string; paths: string[] }[] {
  return fc.sample(routedPolicy, { numRuns: 40, seed: 15 }).map(({ paths, policy: p }) => ({
    content: generateConfig(target, p)
      .files.map((f) => f.content)
      .join('\n'),
    paths,
  }));
}

describe.skipIf(!serverAvailable('python3', () => pythonHas('ast, re'), 'apt-get install -y python3'))(
  'route literals stay data: Python per-path outputs parse, each route regex a string constant',
  () => {
    it.each(['flask', 'fastapi', 'django'])('%s', (target) => {
      const script = `
import ast, json, re, sys
bad = []
for d in json.load(sys.stdin):
    tree = ast.parse(d["content"])
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.startswith("(?is)")]
    for p in d["paths"]:
        inside = p[:-2] + "/x"
        if not any(re.search(r, inside) for r in found): bad.append(["no regex matches", p])
        if any(re.search(r, inside + "\\n") and not re.search(r, inside) for r in found): bad.append(["newline", p])
print(json.dumps(bad))
`;
      const r = spawnSync(PYTHON, ['-c', script], {
        input: JSON.stringify(routedSamples(target)),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([]);
    });
  },
);

describe('route literals stay data: Java and C# per-path outputs', () => {
  it.each(['spring', 'aspnet-core'])('%s', (target) => {
    for (const { content, paths } of routedSamples(target)) {
      const regexes = cStrings(content)
        .filter((s) => s.startsWith('(?is)'))
        .map((s) => new RegExp(s.slice(5).replace(/\\z$/, '$'), 'is'));
      expect(regexes).toHaveLength(paths.length);
      paths.forEach((p, i) => {
        expect(regexes[i]!.test(`${p.slice(0, -2)}/x`), p).toBe(true);
        // A `.` in the literal is a character, not "any character".
        if (p.includes('.')) expect(regexes[i]!.test(`${p.slice(0, -2).replace('.', 'Q')}/x`), p).toBe(false);
      });
    }
  });
});
