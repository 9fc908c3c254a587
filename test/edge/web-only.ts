// The web-standards-only rule for the engines and corsair-cors/fetch: no `node:*` or Node built-in imports,
// no Node-only globals. Checked two ways: the TypeScript checker with no Node types (a Node global is then
// an unknown name) over every file the entries reach, and an esbuild bundle for platform `neutral`
// (a Node built-in anywhere, third-party packages included, fails to resolve).
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

/**
 * Node-only globals that web runtimes (workerd, Deno without compat, browsers) lack.
 *
 * @example
 * NODE_ONLY_GLOBALS.includes('Buffer'); // true
 */
export const NODE_ONLY_GLOBALS = [
  'Buffer',
  'process',
  'require',
  'module',
  'exports',
  '__dirname',
  '__filename',
  'global',
  'setImmediate',
  'clearImmediate',
] as const;

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * One breach: where, and what.
 *
 * @example
 * const v: WebOnlyViolation = { file: 'src/x.ts', line: 1, message: "imports the Node built-in 'node:fs'" };
 */
export interface WebOnlyViolation {
  /** Path relative to `root`. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * What `checkWebOnly` saw.
 *
 * @example
 * const { files, violations }: WebOnlyReport = checkWebOnly(root, ['src/adapters/fetch.ts']);
 */
export interface WebOnlyReport {
  /** Every source file reached from the entries (relative paths), so a test can see the rule covered them. */
  readonly files: readonly string[];
  readonly violations: readonly WebOnlyViolation[];
}

// `(globalThis as X).process`, `globalThis!.process`: look through parentheses and type assertions.
function unwrap(e: ts.Expression): ts.Expression {
  let x = e;
  while (
    ts.isParenthesizedExpression(x) ||
    ts.isAsExpression(x) ||
    ts.isNonNullExpression(x) ||
    ts.isTypeAssertionExpression(x) ||
    ts.isSatisfiesExpression(x)
  ) {
    x = x.expression;
  }
  return x;
}

function isNodeModuleSpecifier(spec: string): boolean {
  return spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0] ?? '');
}

/**
 * Check that `entries` (and every file they import, transitively) are web-standard only.
 * `host` lets a test check in-memory sources.
 *
 * @example
 * const { violations } = checkWebOnly(root, ['src/adapters/fetch.ts']);
 */
export function checkWebOnly(
  root: string,
  entries: readonly string[],
  host?: (options: ts.CompilerOptions) => ts.CompilerHost,
): WebOnlyReport {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    // The web platform only: ES + DOM (fetch, Request, URL, TextEncoder…), and no @types/node.
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const program = ts.createProgram({
    rootNames: entries.map((e) => join(root, e)),
    options,
    host: host?.(options) ?? ts.createCompilerHost(options),
  });
  const ownFiles = program
    .getSourceFiles()
    .filter((f) => !f.isDeclarationFile && !f.fileName.includes('/node_modules/'));
  const violations: WebOnlyViolation[] = [];
  const at = (f: ts.SourceFile, pos: number) => f.getLineAndCharacterOfPosition(pos).line + 1;

  for (const f of ownFiles) {
    const file = relative(root, f.fileName);
    const visit = (node: ts.Node): void => {
      let spec: string | null = null;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
        spec = ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : null;
      } else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
        node.arguments[0] !== undefined &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        spec = node.arguments[0].text;
      }
      if (spec !== null && isNodeModuleSpecifier(spec)) {
        violations.push({
          file,
          line: at(f, node.getStart(f)),
          message: `imports the Node built-in '${spec}'`,
        });
      }
      // `globalThis.process`, `globalThis.Buffer`…: a Node global reached without naming it directly.
      const target = ts.isPropertyAccessExpression(node) ? unwrap(node.expression) : null;
      if (
        ts.isPropertyAccessExpression(node) &&
        target !== null &&
        ts.isIdentifier(target) &&
        target.text === 'globalThis' &&
        (NODE_ONLY_GLOBALS as readonly string[]).includes(node.name.text)
      ) {
        violations.push({
          file,
          line: at(f, node.getStart(f)),
          message: `uses the Node-only global '${node.name.text}'`,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(f);
    // Without Node's types, a Node global is an unknown name (2304, 2580 "…install type definitions for node", 2591).
    for (const d of program.getSemanticDiagnostics(f)) {
      if (d.code !== 2304 && d.code !== 2580 && d.code !== 2591) continue;
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      const name = /Cannot find name '([^']+)'/.exec(text)?.[1];
      if (name !== undefined && (NODE_ONLY_GLOBALS as readonly string[]).includes(name)) {
        violations.push({ file, line: at(f, d.start ?? 0), message: `uses the Node-only global '${name}'` });
      }
    }
  }
  return { files: ownFiles.map((f) => relative(root, f.fileName)).sort(), violations };
}

/**
 * Bundle `entry` for platform `neutral` (no Node built-ins available) and return esbuild's errors: empty
 * when nothing it reaches, including third-party packages, needs Node.
 *
 * @example
 * await bundleErrorsForWeb('/repo', 'src/adapters/fetch.ts'); // []
 */
export async function bundleErrorsForWeb(root: string, entry: string): Promise<string[]> {
  try {
    const r = await build({
      entryPoints: [join(root, entry)],
      absWorkingDir: dirname(join(root, 'package.json')),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    return r.errors.map((e) => e.text);
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string } | null }[] }).errors;
    if (errors === undefined) throw e;
    return errors.map((x) => `${x.location?.file ?? entry}: ${x.text}`);
  }
}
