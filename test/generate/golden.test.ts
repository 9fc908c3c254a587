// Golden files for every target and flavor (the only proof for targets that cannot run here: Spring,
// ASP.NET Core, S3, API Gateway, Vercel, Netlify, Traefik), plus syntax and schema checks of each output.
// Regenerate after an intended change with CORSAIR_UPDATE_GOLDEN=1 and review the diff.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GenerateError, type GenerateResult, generateConfig } from '../../src/generate/index.js';
import { GOLDEN_POLICIES, GOLDEN_VARIANTS } from './golden-policies.js';
import { PYTHON, pythonHas, ROOT, serverAvailable } from './servers.js';

const FIXTURES = join(ROOT, 'test/fixtures/generate');
const hasPython = serverAvailable('python3', () => pythonHas('sys'), 'apt-get install -y python3');
const hasYaml = serverAvailable('python3-yaml', () => pythonHas('yaml'), 'apt-get install -y python3-yaml');
const UPDATE = process.env.CORSAIR_UPDATE_GOLDEN === '1';

type Outcome = { kind: 'ok'; result: GenerateResult } | { kind: 'error'; error: GenerateError };

function run(policy: string, target: string, flavor?: string): Outcome {
  try {
    return {
      kind: 'ok',
      result: generateConfig(
        target,
        GOLDEN_POLICIES[policy]!,
        flavor ? { flavor, source: 'cors.json' } : { source: 'cors.json' },
      ),
    };
  } catch (e) {
    if (e instanceof GenerateError) return { kind: 'error', error: e };
    throw e;
  }
}

/** The files a golden directory holds for an outcome: the outputs (as `<path>.golden`), NOTES (if any) or ERROR. */
function goldenFiles(o: Outcome): Record<string, string> {
  if (o.kind === 'error') return { ERROR: `${o.error.code}: ${o.error.message}\nFix: ${o.error.fix}\n` };
  const out: Record<string, string> = {};
  // `.golden`: biome (which lints .js/.ts/.json) must neither lint nor reformat the expected outputs.
  // A path in a folder (netlify/edge-functions/cors.ts) is kept flat, its slashes written as `__`.
  for (const f of o.result.files) out[`${f.path.replaceAll('/', '__')}.golden`] = f.content;
  if (o.result.notes.length > 0) out.NOTES = o.result.notes.map((n) => `${n.code}: ${n.message}\n`).join('');
  return out;
}

describe('golden files', () => {
  for (const policy of Object.keys(GOLDEN_POLICIES)) {
    for (const v of GOLDEN_VARIANTS) {
      it(`${policy}/${v.key}`, () => {
        const dir = join(FIXTURES, policy, v.key);
        const actual = goldenFiles(run(policy, v.target, v.flavor));
        if (UPDATE) {
          rmSync(dir, { recursive: true, force: true });
          mkdirSync(dir, { recursive: true });
          for (const [name, content] of Object.entries(actual)) writeFileSync(join(dir, name), content);
        }
        expect(existsSync(dir), `no golden files in ${dir}: run with CORSAIR_UPDATE_GOLDEN=1`).toBe(true);
        expect(readdirSync(dir).sort()).toEqual(Object.keys(actual).sort());
        for (const [name, content] of Object.entries(actual))
          expect(content, `${policy}/${v.key}/${name}`).toBe(readFileSync(join(dir, name), 'utf8'));
      });
    }
  }
});

/** Every generated file of every golden policy for the given targets. */
function outputs(
  targets: readonly string[],
): { label: string; target: string; path: string; content: string; notes: number }[] {
  const all = [];
  for (const policy of Object.keys(GOLDEN_POLICIES))
    for (const v of GOLDEN_VARIANTS.filter((x) => targets.includes(x.target))) {
      const o = run(policy, v.target, v.flavor);
      if (o.kind === 'ok')
        for (const f of o.result.files)
          all.push({
            label: `${policy}/${v.key}/${f.path}`,
            target: v.target,
            path: f.path,
            content: f.content,
            notes: o.result.notes.length,
          });
    }
  return all;
}

describe('syntax of the outputs', () => {
  it.each(
    outputs(['express', 'fastify', 'koa', 'hono', 'nextjs', 'cloudflare-workers', 'netlify'])
      .filter((o) => /\.[jt]s$/.test(o.path))
      .map((o) => [o.label, o] as const),
  )('JavaScript/TypeScript parses: %s', (_label, o) => {
    const r = ts.transpileModule(o.content, {
      reportDiagnostics: true,
      fileName: o.path,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    expect((r.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual(
      [],
    );
  });

  it('TypeScript outputs type-check (strict) against the real hono and next types', () => {
    const files = outputs(['hono', 'nextjs', 'netlify']).filter((o) => o.path.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    // Inside the repository (.tmp is git-ignored) so `hono` and `next` resolve from node_modules.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.tmp', 'generate-typecheck-'));
    try {
      const names = files.map((f, i) => {
        const name = join(dir, `${i}-${f.path.replaceAll('/', '__')}`);
        writeFileSync(name, f.content);
        return name;
      });
      const program = ts.createProgram(names, {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        types: [],
        // corsair's own adapters (--flavor corsair) from the source tree, as the published exports map them.
        paths: {
          'corsair-cors': [join(ROOT, 'src/index.ts')],
          'corsair-cors/*': [join(ROOT, 'src/adapters/*.ts')],
        },
      });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file?.fileName.startsWith(dir) === true)
        .map(
          (d) =>
            `${files[Number(d.file!.fileName.slice(dir.length + 1).split('-')[0])]!.label}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
        );
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it.skipIf(!hasPython)('Python compiles (fastapi, flask, django)', () => {
    const files = outputs(['fastapi', 'flask', 'django']);
    expect(files.length).toBeGreaterThan(0);
    const script = `import sys, json\nfor label, src in json.load(sys.stdin):\n    compile(src, label, "exec")\n`;
    const r = spawnSync(PYTHON, ['-c', script], {
      input: JSON.stringify(files.map((f) => [f.label, f.content])),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(outputs(['spring', 'aspnet-core']).map((o) => [o.label, o] as const))(
    'Java/C# shape: %s',
    (_label, o) => {
      expect(unbalanced(o.content)).toBe('');
      if (o.target === 'spring') {
        expect(o.content).toMatch(/^public class CorsConfig \{$/m);
        expect(o.content).toMatch(/@Bean\s+public CorsConfigurationSource corsConfigurationSource\(\)/);
        // Every statement inside the method ends with a semicolon.
        for (const line of o.content.split('\n').filter((l) => /^ {8}cors\./.test(l)))
          expect(line).toMatch(/\);$/);
      } else if (o.content.includes('UseCorsairRoutes')) {
        // Per-path: a named policy per route, picked in UseWhen branches.
        expect(o.content).toMatch(/^public static class CorsairCors$/m);
        expect(o.content).toMatch(/services\.AddCors\(options =>$/m);
        expect(o.content).toMatch(/options\.AddPolicy\("corsair-route\d+", policy => policy$/m);
        expect(o.content).toMatch(
          /app\.UseWhen\(c => PolicyOf\(c\) == "corsair-route\d+", b => b\.UseCors\(/,
        );
        expect(o.content).not.toMatch(/\$"/);
      } else {
        expect(o.content).toMatch(/^public static class CorsairCors$/m);
        expect(o.content).toMatch(
          /services\.AddCors\(options => options\.AddPolicy\(PolicyName, policy => policy$/m,
        );
        expect(o.content).not.toMatch(/\$"/); // no interpolated strings: the regex is verbatim
      }
    },
  );

  it.skipIf(!hasYaml)('Traefik YAML loads, with the middleware keys Traefik knows', () => {
    const files = outputs(['traefik']);
    const script = `import sys, json, yaml, re
out = []
for label, src in json.load(sys.stdin):
    doc = yaml.safe_load(src)
    h = doc["http"]["middlewares"]["cors"]["headers"]
    for r in h.get("accessControlAllowOriginListRegex", []):
        re.compile(r)
    out.append(sorted(h.keys()))
print(json.dumps(out))
`;
    const r = spawnSync(PYTHON, ['-c', script], {
      input: JSON.stringify(files.map((f) => [f.label, f.content])),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const known = new Set([
      'accessControlAllowOriginList',
      'accessControlAllowOriginListRegex',
      'accessControlAllowMethods',
      'accessControlAllowHeaders',
      'accessControlExposeHeaders',
      'accessControlAllowCredentials',
      'accessControlMaxAge',
      'addVaryHeader',
    ]);
    for (const keys of JSON.parse(r.stdout) as string[][])
      for (const k of keys) expect(known.has(k), k).toBe(true);
  });

  const ajv = new Ajv({ allErrors: true });
  const schema = (name: string) =>
    ajv.compile(JSON.parse(readFileSync(join(FIXTURES, 'schemas', name), 'utf8')));
  const schemas: Record<string, ReturnType<typeof schema>> = {
    'aws-s3': schema('s3-cors.schema.json'),
    'aws-api-gateway': schema('apigw-cors.schema.json'),
    vercel: schema('vercel-headers.schema.json'),
  };
  it.each(outputs(['aws-s3', 'aws-api-gateway', 'vercel']).map((o) => [o.label, o] as const))(
    'JSON matches its schema: %s',
    (_label, o) => {
      const validate = schemas[o.target]!;
      const ok = validate(JSON.parse(o.content));
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  it('the schemas reject what the services reject', () => {
    expect(
      schemas['aws-s3']!({
        CORSRules: [{ AllowedOrigins: ['https://*.*.example.com'], AllowedMethods: ['GET'] }],
      }),
    ).toBe(false);
    expect(
      schemas['aws-s3']!({
        CORSRules: [{ AllowedOrigins: ['https://a.example'], AllowedMethods: ['PATCH'] }],
      }),
    ).toBe(false);
    expect(schemas['aws-api-gateway']!({ AllowOrigins: ['*'], AllowCredentials: true })).toBe(false);
    expect(
      schemas.vercel!({ headers: [{ source: '/(.*)', headers: [{ key: 'Bad Key', value: 'x' }] }] }),
    ).toBe(false);
  });

  it.each(
    outputs(['netlify'])
      .filter((o) => o.path === '_headers')
      .map((o) => [o.label, o] as const),
  )('Netlify _headers format: %s', (_label, o) => {
    const lines = o.content.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines[0]).toBe('/*');
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}[A-Za-z-]+: \S.*$/);
  });

  it('targets with comments carry every fidelity note in the output', () => {
    for (const o of outputs([
      'express',
      'koa',
      'hono',
      'fastapi',
      'flask',
      'django',
      'traefik',
      'netlify',
      'spring',
      'aspnet-core',
    ])) {
      if (o.notes > 0) expect(o.content, o.label).toContain('FIDELITY');
    }
  });
});

/** The first unbalanced delimiter outside strings, chars and comments ('' when balanced). */
function unbalanced(src: string): string {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i + 2) + 1;
    else if (c === '@' && src[i + 1] === '"') {
      // C# verbatim string: "" is a quote
      for (i += 2; i < src.length; i++)
        if (src[i] === '"')
          if (src[i + 1] === '"') i++;
          else break;
    } else if (c === '"' || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs) if (stack.pop() !== pairs[c]) return `unexpected ${c} at ${i}`;
  }
  return stack.length > 0 ? `unclosed ${stack.join('')}` : '';
}
