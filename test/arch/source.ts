// Reading src/ for the architecture tests: every TypeScript file, parsed once with the compiler API.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = join(import.meta.dirname, '../..');
export const SRC = join(ROOT, 'src');

/** A parsed source file and its path relative to the repository root (`src/cli/io.ts`). */
export interface SourceFile {
  readonly path: string;
  readonly ast: ts.SourceFile;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

let cache: readonly SourceFile[] | undefined;

/** Every .ts file under src/, sorted by path. */
export function sourceFiles(): readonly SourceFile[] {
  cache ??= walk(SRC)
    .sort()
    .map((file) => ({
      path: relative(ROOT, file).split('\\').join('/'),
      ast: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
    }));
  return cache;
}

/** `file:line` of a node, for failure messages. */
export function where(file: SourceFile, node: ts.Node): string {
  return `${file.path}:${file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1}`;
}

/** Call `visit` on every node of a file. */
export function forEachNode(file: SourceFile, visit: (node: ts.Node) => void): void {
  const go = (n: ts.Node): void => {
    visit(n);
    ts.forEachChild(n, go);
  };
  go(file.ast);
}
