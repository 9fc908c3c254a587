// The package as users get it: `npm pack`, installed into an empty project offline, then used the way
// README.md says (ESM imports, TypeScript under nodenext and bundler resolution, the `corsair` command,
// `corsair ui`). Proves what npm ships works, not only the repository.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiCli } from '../ui/cli-process.js';
import { PUBLIC_API, specifier } from './public-api.js';
import { exec, installTarball, linkFromRepository, PACKAGE, pack, ROOT } from './scratch.js';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
// Packages a user of the adapters has installed anyway; their types appear in the adapters' declarations.
const FRAMEWORK_TYPES = ['fastify', 'hono', 'koa', '@types/koa'];

/**
 * tsc's errors in the user's file or in this package's declarations. Errors inside other packages'
 * declarations (e.g. @types/koa against a newer dependency) are theirs, not ours.
 */
async function tscErrors(name: string): Promise<string[]> {
  const out = await exec(process.execPath, [TSC, '-p', `tsconfig.${name}.json`], project, 180_000).then(
    (r) => r.stdout,
    (e: Error) => e.message,
  );
  return out
    .split('\n')
    .filter((l) => /\): error TS\d+/.test(l))
    .filter((l) => !l.includes('node_modules/') || l.includes(`node_modules/${PACKAGE.name}/`));
}

let dir = '';
let tarball = '';
let project = '';
let files: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corsair-package-'));
  tarball = await pack(dir);
  const { stdout } = await exec('tar', ['-tzf', tarball], dir);
  files = stdout.split('\n').filter(Boolean);
  project = await installTarball(dir, tarball);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`the packed ${PACKAGE.name} tarball`, () => {
  it('lists every exports entry point in the public API, and nothing else', () => {
    const subpaths = Object.keys(PACKAGE.exports).filter((s) => s !== './package.json');
    expect(subpaths.sort()).toEqual(Object.keys(PUBLIC_API).sort());
  });

  it('ships each entry point, its declarations and the bin, and leaves tests, sources and screenshots out', () => {
    const shipped = new Set(files.map((f) => f.replace(/^package\//, '')));
    for (const [subpath, target] of Object.entries(PACKAGE.exports)) {
      const paths = typeof target === 'string' ? [target] : [target.default, target.types];
      for (const p of paths) expect(shipped, `${subpath} → ${p}`).toContain(p.replace(/^\.\//, ''));
    }
    for (const bin of Object.values(PACKAGE.bin)) expect(shipped).toContain(bin);
    for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', 'schema/policy.schema.json'])
      expect(shipped).toContain(f);
    const stray = [...shipped].filter((f) =>
      /^(src|test|bench|conformance|examples|node_modules)\/|\.png$/.test(f),
    );
    expect(stray).toEqual([]);
  });

  it('imports every entry point from ESM with every public name', { timeout: 60_000 }, async () => {
    const script = `
      const entries = ${JSON.stringify(Object.keys(PUBLIC_API).map((s) => [s, specifier(PACKAGE.name, s)]))};
      const out = {};
      for (const [subpath, spec] of entries) out[subpath] = Object.keys(await import(spec));
      console.log(JSON.stringify(out));`;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], project);
    const loaded = JSON.parse(stdout) as Record<string, string[]>;
    for (const [subpath, api] of Object.entries(PUBLIC_API)) {
      const missing = api.values.filter((name) => !loaded[subpath]?.includes(name));
      expect(missing, `${specifier(PACKAGE.name, subpath)} lacks`).toEqual([]);
    }
  });

  it('loads with require() too (Node ≥ 20.19 loads ES modules synchronously)', {
    timeout: 60_000,
  }, async () => {
    const { stdout } = await exec(
      process.execPath,
      ['-e', `console.log(typeof require(${JSON.stringify(PACKAGE.name)}).createCors)`],
      project,
    );
    expect(stdout.trim()).toBe('function');
  });

  it.each([
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', { module: 'preserve', moduleResolution: 'bundler' }],
  ])(
    'type-checks a file importing every public name under moduleResolution %s',
    async (name, resolution) => {
      linkFromRepository(project, FRAMEWORK_TYPES);
      // Named imports aliased per entry point (`cors` is in three of them); `default` is a namespace key.
      const lines = Object.entries(PUBLIC_API).flatMap(([subpath, api], i) => {
        const spec = specifier(PACKAGE.name, subpath);
        const values = api.values.map((v) => [v, `e${i}_${v}`] as const);
        const types = api.types.map((t) => [t, `T${i}_${t}`] as const);
        const named = [
          ...values.map(([v, a]) => `${v} as ${a}`),
          ...types.map(([t, a]) => `type ${t} as ${a}`),
        ];
        return [
          `import * as ns${i} from '${spec}';`,
          `import { ${named.join(', ')} } from '${spec}';`,
          `export const used${i} = [ns${i}, ${values.map(([, a]) => a).join(', ')}];`,
          ...types.map(([, a]) => `export type Use${a} = ${a};`),
        ];
      });
      const file = `check-${name}.ts`;
      const control = `import { notExported } from '${PACKAGE.name}';\nexport const control = notExported;`;
      writeFileSync(join(project, file), `${[...lines, control].join('\n')}\n`);
      writeFileSync(
        join(project, `tsconfig.${name}.json`),
        JSON.stringify({
          compilerOptions: {
            ...resolution,
            target: 'es2022',
            lib: ['es2023'],
            strict: true,
            noEmit: true,
            // Declarations are checked too, so a broken .d.ts of ours fails (see tscErrors).
            skipLibCheck: false,
            types: ['node'],
            typeRoots: [join(ROOT, 'node_modules/@types')],
          },
          files: [file],
        }),
      );
      // Exactly one error, the control: a name the package lacks fails the check.
      const errors = await tscErrors(name);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/has no exported member 'notExported'/);
    },
    240_000,
  );

  it('runs the `corsair` command from node_modules/.bin and through npx with the package name', {
    timeout: 60_000,
  }, async () => {
    const bin = join(project, 'node_modules/.bin/corsair');
    const help = await exec(bin, ['--help'], project);
    expect(help.stdout).toMatch(/^Usage: corsair /);
    for (const command of ['check', 'explain', 'scan', 'verify', 'generate', 'proxy', 'ui']) {
      expect(help.stdout).toContain(`  ${command} `);
    }
    const version = await exec(bin, ['--version'], project);
    expect(version.stdout.trim()).toBe(PACKAGE.version);
    // What README.md tells users to type; offline, so it can only use the installed package.
    const npx = await exec('npm', ['exec', '--offline', '--yes', '--', PACKAGE.name, '--version'], project);
    expect(npx.stdout.trim()).toBe(PACKAGE.version);
  });

  it('starts `corsair ui` from the installed package and serves the page and its client', {
    timeout: 60_000,
  }, async () => {
    const installed = join(project, 'node_modules', PACKAGE.name, PACKAGE.bin.corsair ?? '');
    const ui = await startUiCli(['--port', '0'], undefined, installed);
    try {
      const page = await fetch(ui.url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<title>corsair');
      const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        const asset = await fetch(new URL(src, ui.url));
        expect(asset.status, src).toBe(200);
      }
      const css = await fetch(new URL('/assets/app.css', ui.url));
      expect(css.status).toBe(200);
    } finally {
      await ui.stop();
    }
  });

  it('installs the version package.json names, with the license and the engines', () => {
    const installed = JSON.parse(
      readFileSync(join(project, 'node_modules', PACKAGE.name, 'package.json'), 'utf8'),
    ) as typeof PACKAGE;
    expect(installed.name).toBe('corsair-cors');
    expect(installed.version).toBe(PACKAGE.version);
    expect(installed.bin).toEqual({ corsair: 'dist/cli/main.js' });
  });
});
