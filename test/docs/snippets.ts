// Runs the docs' TypeScript/JavaScript fences as a user would paste them into a file of their project:
// imports by package name (`corsair-cors/…`, resolved through package.json's exports to the build), one
// strict type-check of all of them, then each run in a scratch directory. A line `expr; // <literal>`
// (true, false, null, a number or a '…'-free single-quoted string) becomes an assertion, so the value a
// doc shows is the value the code gives.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fence } from './fences.js';
import { ROOT } from './fences.js';

/** Inside the repository, so `corsair-cors` resolves to this package (Node's self-reference). */
const DIR = join(ROOT, '.docs-run');

export interface SnippetFile {
  readonly fence: Fence;
  readonly path: string;
  /** How many shown values became assertions. */
  readonly assertions: number;
}

const SHOWN_VALUE =
  /^(?!\s*(?:const|let|var|import|export|return|await|throw)\b)(\S[^;]*);\s*\/\/\s*(true|false|null|-?\d+(?:\.\d+)?|'[^'\\…]*')\s*$/;

/** The fence as a module: shown values asserted, `export {}` so it is a module even without imports. */
export function snippetSource(body: string): { source: string; assertions: number } {
  let assertions = 0;
  const lines = body.split('\n').map((line) => {
    const m = SHOWN_VALUE.exec(line);
    if (!m) return line;
    assertions++;
    const literal = m[2] ?? '';
    return `__shown(${m[1]}, ${literal}, ${JSON.stringify(line.trim())});`;
  });
  const helper =
    assertions > 0
      ? "import { deepStrictEqual as __equal } from 'node:assert';\nconst __shown = (actual: unknown, shown: unknown, line: string) => __equal(actual, shown, 'the doc shows: ' + line);\n"
      : '';
  return { source: `${helper}${lines.join('\n')}\nexport {};\n`, assertions };
}

/** `live` rewrites what a snippet must reach (the transcripts' loopback ports) before it is written. */
export function writeSnippets(
  fences: readonly Fence[],
  live: (source: string) => string = (s) => s,
): SnippetFile[] {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const files = fences.map((fence) => {
    const path = join(DIR, `${fence.file.replace(/[/.]/g, '_')}_L${fence.line}.ts`);
    const { source, assertions } = snippetSource(live(fence.body));
    writeFileSync(path, source);
    return { fence, path, assertions };
  });
  writeFileSync(
    join(DIR, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        types: ['node'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        isolatedModules: true,
      },
      files: files.map((f) => f.path),
    }),
  );
  return files;
}

export function removeSnippets(): void {
  rmSync(DIR, { recursive: true, force: true });
}

/** tsc's errors, one per line (`file(line,col): error TSxxxx: …`). */
export function typeCheckCommand(): [string, string[]] {
  return [
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(DIR, 'tsconfig.json')],
  ];
}

/** The policy the docs' `cors.json` stands for (README.md, docs/server.md, docs/generate.md). */
export const DOC_POLICY = {
  origins: ['https://app.example.com', 'https://*.example.com', 'http://localhost:*'],
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Authorization'],
  exposedHeaders: ['X-Request-Id'],
  credentials: true,
  maxAge: 600,
};

/**
 * A Node script that imports each snippet (through tsx) in its own scratch directory holding the docs'
 * `cors.json`, with a time limit each, and writes `{ path, error }` results to a JSON file.
 */
export function runnerScript(
  files: readonly SnippetFile[],
  resultFile: string,
  perSnippetMs: number,
): string {
  const work = mkdtempSync(join(tmpdir(), 'corsair-docs-'));
  return `
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const files = ${JSON.stringify(files.map((f) => f.path))};
const results = [];
for (const [i, path] of files.entries()) {
  const cwd = join(${JSON.stringify(work)}, String(i));
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'cors.json'), ${JSON.stringify(JSON.stringify(DOC_POLICY, null, 2))});
  process.chdir(cwd);
  let timer;
  try {
    await Promise.race([
      import(pathToFileURL(path).href),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('did not finish in ${perSnippetMs} ms')), ${perSnippetMs}); }),
    ]);
    results.push({ path, error: null });
  } catch (e) {
    results.push({ path, error: String(e?.stack ?? e) });
  } finally {
    clearTimeout(timer);
  }
}
writeFileSync(${JSON.stringify(resultFile)}, JSON.stringify(results));
process.exit(0);
`;
}

export function readResults(resultFile: string): { path: string; error: string | null }[] {
  return JSON.parse(readFileSync(resultFile, 'utf8')) as { path: string; error: string | null }[];
}
