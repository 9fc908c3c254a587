// One code style and one table: every error code in src/ is SCREAMING_SNAKE_CASE with its area as
// prefix and has a row in docs/errors.md; every row names a code that still exists, in the module
// that reports it. Codes are found as the string literals they are written as (`'HTTP_TIMEOUT'`), so a
// new code cannot be added anywhere without the table failing here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { forEachNode, ROOT, type SourceFile, sourceFiles, where } from './source.js';

/** The areas a code may start with: the folder (or concern) that reports it. */
const AREAS = [
  'ORIGIN',
  'POLICY',
  'HTTP',
  'BROWSER',
  'AUDIT',
  'SCAN',
  'VERIFY',
  'HAR',
  'CLI',
  'GENERATE',
  'PROXY',
  'UI',
];

const SCREAMING = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const CODE = new RegExp(`^(?:${AREAS.join('|')})_[A-Z0-9]+(?:_[A-Z0-9]+)*$`);
/**
 * SCREAMING_SNAKE strings that are not corsair codes: names other programs own (Node, undici, llhttp,
 * OpenSSL and Chromium error codes; our own environment variables) and identifiers in generated configs.
 */
const FOREIGN: readonly RegExp[] = [
  /^(?:UND_ERR|ERR|HPE|CERT|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|EAI)_/,
  /^CORSAIR_/,
  /^CORS_(?:ORIGIN|PREFLIGHT|ALLOWED_ORIGINS)$/, // Apache env variables, django-cors-headers' setting
];

interface Use {
  readonly code: string;
  readonly at: string;
}

function literals(file: SourceFile): Use[] {
  const out: Use[] = [];
  forEachNode(file, (n) => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && SCREAMING.test(n.text))
      out.push({ code: n.text, at: where(file, n) });
  });
  return out;
}

const uses = sourceFiles().flatMap(literals);
const codes = uses.filter((u) => CODE.test(u.code));

/** The rows of docs/errors.md: `| \`CODE\` | module | meaning | fix |`. */
function tableRows(): { code: string; module: string; meaning: string; fix: string; line: number }[] {
  const lines = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8').split('\n');
  return lines.flatMap((text, i) => {
    const m = /^\|\s*`([A-Z0-9_]+)`\s*\|([^|]*)\|([^|]*)\|(.*)\|\s*$/.exec(text);
    if (!m) return [];
    return [
      {
        code: m[1]!,
        module: m[2]!.trim().replace(/`/g, ''),
        meaning: m[3]!.trim(),
        fix: m[4]!.trim(),
        line: i + 1,
      },
    ];
  });
}

describe('error codes', () => {
  it('are SCREAMING_SNAKE_CASE with an area prefix (or a name another program owns)', () => {
    const stray = uses
      .filter((u) => !CODE.test(u.code) && !FOREIGN.some((f) => f.test(u.code)))
      .map((u) => `${u.at}: '${u.code}' has no area prefix (${AREAS.join('_, ')}_)`);
    expect(stray).toEqual([]);
  });

  it('each has a row in docs/errors.md, and each row a code that exists in its module', () => {
    const rows = tableRows();
    const documented = new Map(rows.map((r) => [r.code, r]));
    const missing = [...new Set(codes.map((u) => u.code))]
      .filter((c) => !documented.has(c))
      .map((c) => `${c} (used at ${codes.find((u) => u.code === c)!.at}) has no row in docs/errors.md`);
    const used = new Map<string, string[]>();
    for (const u of codes) used.set(u.code, [...(used.get(u.code) ?? []), u.at]);
    const stale = rows
      .filter((r) => !used.has(r.code))
      .map((r) => `docs/errors.md:${r.line}: ${r.code} is no longer used in src/`);
    const misplaced = rows
      .filter((r) => used.has(r.code) && !used.get(r.code)!.some((at) => at.startsWith(`${r.module}`)))
      .map(
        (r) =>
          `docs/errors.md:${r.line}: ${r.code} is listed under ${r.module} but used in ${used.get(r.code)!.join(', ')}`,
      );
    expect([...missing, ...stale, ...misplaced]).toEqual([]);
  });

  it('each row says what it means and what to do, once', () => {
    const rows = tableRows();
    expect(rows.length).toBeGreaterThan(50);
    const bad = rows.filter((r) => !r.module.startsWith('src/') || r.meaning.length < 10 || r.fix.length < 5);
    expect(bad.map((r) => `docs/errors.md:${r.line}: ${r.code}`)).toEqual([]);
    const seen = new Set<string>();
    const dupes = rows.filter((r) => seen.has(r.code) || !seen.add(r.code)).map((r) => r.code);
    expect(dupes).toEqual([]);
  });
});

describe('error classes', () => {
  it('all extend CorsairError (src/errors.ts), the one base', () => {
    const others: string[] = [];
    for (const file of sourceFiles())
      forEachNode(file, (n) => {
        if (!ts.isClassDeclaration(n) || file.path === 'src/errors.ts') return;
        const base = n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
        const name = base?.expression.getText(file.ast);
        if (name !== undefined && /^(?:Error|TypeError|RangeError)$/.test(name))
          others.push(`${where(file, n)}: class ${n.name?.text} extends ${name}`);
      });
    expect(others).toEqual([]);
  });
});
