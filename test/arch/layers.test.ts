// The layering of docs/ARCHITECTURE.md, enforced on the import graph of src/ (every `import`,
// `export … from` and dynamic `import()`, type-only ones included: a type import still couples two
// layers). A module may import the shared files and any module of a lower layer; never one of a higher
// layer, and never a sibling of its own layer unless the edge is listed below with its reason.
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { forEachNode, ROOT, type SourceFile, sourceFiles, where } from './source.js';

/** Lowest first. `shared` files may be imported by every layer and import only each other. */
const LAYERS: readonly (readonly string[])[] = [
  ['fetch'],
  ['origin'],
  ['browser', 'policy'],
  ['adapters', 'http', 'audit', 'generate', 'proxy'],
  ['ui', 'cli'],
];
const SHARED = new Set(['src/exchange.ts', 'src/errors.ts']);
/** The package's root entry (`corsair-cors`): it re-exports, and nothing imports it. */
const ENTRY = 'src/index.ts';
/** Imports between siblings of one layer that the design wants, each with its reason. */
const SIBLING_EDGES = new Map([
  ['audit -> http', 'check, scan and verify send live requests through the transport'],
  ['cli -> ui', "the `ui` command starts the page's server"],
]);

/** `fetch`, `policy`, … for a file under src/<module>/; the path itself for a file directly in src/. */
function moduleOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts[1]! : path;
}

function layerOf(module: string): number {
  return LAYERS.findIndex((layer) => layer.includes(module));
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly at: string;
}

function importsOf(file: SourceFile): Edge[] {
  const edges: Edge[] = [];
  const add = (spec: ts.Expression | undefined, node: ts.Node) => {
    if (!spec || !ts.isStringLiteralLike(spec) || !spec.text.startsWith('.')) return;
    const target = relative(ROOT, join(ROOT, dirname(file.path), spec.text))
      .split('\\')
      .join('/')
      .replace(/\.js$/, '.ts');
    edges.push({ from: file.path, to: target, at: where(file, node) });
  };
  forEachNode(file, (n) => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) add(n.moduleSpecifier, n);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(n.arguments[0], n);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) add(n.argument.literal, n);
  });
  return edges;
}

/** Why an import breaks the layering, or undefined when it is allowed. */
function violation({ from, to }: Edge): string | undefined {
  if (!to.startsWith('src/')) return `reaches outside src/ (${to})`;
  const a = moduleOf(from);
  const b = moduleOf(to);
  if (a === b) return undefined;
  if (to === ENTRY) return `imports the package entry ${ENTRY}`;
  if (SHARED.has(from)) return SHARED.has(to) ? undefined : `a shared file imports ${b}`;
  if (SHARED.has(to)) return undefined;
  const la = layerOf(a);
  const lb = layerOf(b);
  if (from === ENTRY) return undefined;
  if (la < 0)
    return `${from} is in no layer: add its folder to LAYERS in test/arch/layers.test.ts and to docs/ARCHITECTURE.md`;
  if (lb < 0) return `${to} is in no layer`;
  if (lb > la) return `${a} imports ${b}, a higher layer`;
  if (lb === la && !SIBLING_EDGES.has(`${a} -> ${b}`)) return `${a} imports its sibling ${b}`;
  return undefined;
}

const edges = sourceFiles().flatMap(importsOf);

describe('layering (docs/ARCHITECTURE.md)', () => {
  it('finds the imports it judges', () => {
    // A parser that saw nothing would pass every rule below.
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.from === 'src/adapters/node.ts' && moduleOf(e.to) === 'policy')).toBe(true);
  });

  it('no module imports upward, sideways into a sibling, or outside src/', () => {
    const bad = edges.flatMap((e) => {
      const why = violation(e);
      return why === undefined ? [] : [`${e.at}: imports ${e.to}: ${why}`];
    });
    expect(bad).toEqual([]);
  });

  it('the engines (browser, policy) never import each other', () => {
    const crossing = edges.filter(
      (e) =>
        new Set([moduleOf(e.from), moduleOf(e.to)]).size === 2 &&
        ['browser', 'policy'].includes(moduleOf(e.from)) &&
        ['browser', 'policy'].includes(moduleOf(e.to)),
    );
    expect(crossing.map((e) => `${e.at}: imports ${e.to}`)).toEqual([]);
  });

  it('each listed sibling edge is still used (a stale exception would hide a future one)', () => {
    const used = new Set(edges.map((e) => `${moduleOf(e.from)} -> ${moduleOf(e.to)}`));
    expect([...SIBLING_EDGES.keys()].filter((k) => !used.has(k))).toEqual([]);
  });

  it('every folder of src/ is in a layer', () => {
    const modules = new Set(
      sourceFiles()
        .map((f) => moduleOf(f.path))
        .filter((m) => !m.startsWith('src/')),
    );
    expect([...modules].filter((m) => layerOf(m) < 0)).toEqual([]);
  });
});
