// "A function fits on a screen" (docs/ARCHITECTURE.md), enforced: no function in src/ is longer than
// LIMIT lines (a nested closure counts in its parent too), except the ones listed below, each with why.
// A listed function that has been shortened must leave the list, so the list only ever shrinks.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { forEachNode, sourceFiles } from './source.js';

const LIMIT = 80;

/** `file name`: why it may be longer. Templates and data read top to bottom; splitting them hides the output. */
const ALLOWED = new Map([
  ['src/ui/page.ts renderPage', "the page's HTML template"],
  ['src/ui/shared/presets.ts presets', 'the preset table, one entry per scenario'],
  ['src/generate/targets/nginx.ts generateNginx', 'generator template (nginx config text)'],
  ['src/generate/targets/web-shared.ts webCorsCode', 'generator template (JavaScript source text)'],
  ['src/browser/advice.ts advise', 'the cause-and-fix text of every failure code, one case each'],
  // Debt, not design: to be split (issue 12's remaining work).
  ['src/ui/server.ts startUi', 'debt: route table and server start in one function'],
  ['src/cli/generate.ts registerGenerate', 'debt: option declarations and the action in one function'],
  ['src/cli/check.ts registerCheck', 'debt: option declarations and the action in one function'],
]);

interface Fn {
  readonly key: string;
  readonly lines: number;
}

function functions(): Fn[] {
  const out: Fn[] = [];
  for (const file of sourceFiles()) {
    forEachNode(file, (n) => {
      if (!ts.isFunctionLike(n) || !('body' in n) || n.body === undefined) return;
      const start = file.ast.getLineAndCharacterOfPosition(n.getStart(file.ast)).line;
      const end = file.ast.getLineAndCharacterOfPosition(n.getEnd()).line;
      const named = (n as { name?: ts.Node }).name;
      const name = named
        ? named.getText(file.ast)
        : ts.isVariableDeclaration(n.parent)
          ? n.parent.name.getText(file.ast)
          : `(anonymous at line ${start + 1})`;
      out.push({ key: `${file.path} ${name}`, lines: end - start + 1 });
    });
  }
  return out;
}

describe('function length', () => {
  const all = functions();

  it(`no function in src/ is longer than ${LIMIT} lines unless listed with a reason`, () => {
    const long = all.filter((f) => f.lines > LIMIT && !ALLOWED.has(f.key));
    expect(long.map((f) => `${f.key}: ${f.lines} lines`)).toEqual([]);
  });

  it('every listed function still exists and is still over the limit (shortened ones leave the list)', () => {
    const over = new Set(all.filter((f) => f.lines > LIMIT).map((f) => f.key));
    expect([...ALLOWED.keys()].filter((k) => !over.has(k))).toEqual([]);
  });
});
