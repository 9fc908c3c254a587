// The engines (src/fetch, src/origin, src/browser, src/policy), `corsair` and corsair-cors/fetch must run on workerd, Deno,
// Bun and browsers unchanged: nothing from node:*, no Node-only globals, in them or in what they import.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './runtimes.js';
import { bundleErrorsForWeb, checkWebOnly } from './web-only.js';

// Every file of the engine folders (new files are covered without editing this list), plus the adapter.
const ENGINE_DIRS = ['src/fetch', 'src/origin', 'src/browser', 'src/policy'];
const ENTRIES = [
  ...ENGINE_DIRS.flatMap((d) =>
    readdirSync(join(ROOT, d))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${d}/${f}`),
  ),
  'src/adapters/fetch.ts',
  // The `corsair` entry: edge apps import createCors from it.
  'src/index.ts',
];

describe('web-standards-only rule', () => {
  const report = checkWebOnly(ROOT, ENTRIES);

  it('finds no node:* import and no Node-only global in the engines, corsair-cors/fetch or what they import', () => {
    expect(report.violations.map((v) => `${v.file}:${v.line} ${v.message}`)).toEqual([]);
  });

  it('covered the adapter, the shared web helpers and the shared files they import', () => {
    for (const f of [
      'src/adapters/fetch.ts',
      'src/adapters/web.ts',
      'src/exchange.ts',
      'src/errors.ts',
      'src/policy/compile.ts',
    ]) {
      expect(report.files).toContain(f);
    }
  });

  it.each([
    'src/index.ts',
    'src/origin/index.ts',
    'src/browser/index.ts',
    'src/policy/index.ts',
    'src/adapters/fetch.ts',
  ])('%s bundles for platform neutral (third-party packages included)', async (entry) => {
    expect(await bundleErrorsForWeb(ROOT, entry)).toEqual([]);
  });
});

// The rule itself must be able to fail: feed it sources that break it.
describe('web-standards-only rule, on sources that break it', () => {
  const virtualRoot = '/virtual-corsair';
  const files: Record<string, string> = {
    [`${virtualRoot}/src/bad.ts`]: [
      "import { readFileSync } from 'node:fs';",
      "export { join } from 'path';",
      "import './helper.js';",
      'export const a = Buffer.from("x");',
      'export const b = process.env.HOME;',
      'export const c = (globalThis as Record<string, unknown>).process;',
      'export const d = globalThis.setImmediate;',
      'export const e = __dirname;',
      "export const f = import('node:crypto');",
      'export const g = readFileSync;',
    ].join('\n'),
    [`${virtualRoot}/src/helper.ts`]: 'export const h = require("fs");\n',
    [`${virtualRoot}/src/good.ts`]: [
      'export const u = new URL("https://a.example").origin;',
      'export const t = new TextEncoder().encode("x");',
      'export const r = new Response(null, { status: 204 }).headers.get("vary");',
      'export const p = (process: string) => process.length; // a parameter, not the global',
    ].join('\n'),
  };
  const host = (options: ts.CompilerOptions): ts.CompilerHost => {
    const base = ts.createCompilerHost(options);
    return {
      ...base,
      fileExists: (f) => f in files || base.fileExists(f),
      directoryExists: (d) => d.startsWith(virtualRoot) || (base.directoryExists?.(d) ?? true),
      readFile: (f) => files[f] ?? base.readFile(f),
      getSourceFile: (f, lang, onError) => {
        const text = files[f];
        return text === undefined ? base.getSourceFile(f, lang, onError) : ts.createSourceFile(f, text, lang);
      },
    };
  };

  it('reports each Node import and global, through imports too', () => {
    const { violations } = checkWebOnly(virtualRoot, ['src/bad.ts'], host);
    const found = violations.map((v) => `${v.file}:${v.line} ${v.message}`).sort();
    expect(found).toEqual(
      [
        "src/bad.ts:1 imports the Node built-in 'node:fs'",
        "src/bad.ts:2 imports the Node built-in 'path'",
        "src/bad.ts:4 uses the Node-only global 'Buffer'",
        "src/bad.ts:5 uses the Node-only global 'process'",
        "src/bad.ts:6 uses the Node-only global 'process'",
        "src/bad.ts:7 uses the Node-only global 'setImmediate'",
        "src/bad.ts:8 uses the Node-only global '__dirname'",
        "src/bad.ts:9 imports the Node built-in 'node:crypto'",
        "src/helper.ts:1 imports the Node built-in 'fs'",
        "src/helper.ts:1 uses the Node-only global 'require'",
      ].sort(),
    );
  });

  it('accepts web-standard code and local names that shadow Node globals', () => {
    expect(checkWebOnly(virtualRoot, ['src/good.ts'], host).violations).toEqual([]);
  });

  it('fails the neutral bundle when a module imports a Node built-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corsair-web-only-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      writeFileSync(
        join(dir, 'entry.ts'),
        "import { createHash } from 'node:crypto';\nexport const h = createHash;\n",
      );
      const errors = await bundleErrorsForWeb(dir, 'entry.ts');
      expect(errors.join('\n')).toMatch(/node:crypto/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
