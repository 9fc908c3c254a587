// Every fenced code block of README.md and docs/*.md, and what runs it. A fence is runnable unless its
// info string says `not-runnable: <reason>` (```` ```sh not-runnable: needs a deployed API ````); a
// runnable fence must have a runner, or the docs test fails on it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Fence {
  /** Path from the repository root, e.g. `docs/server.md`. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string after the backticks. */
  readonly info: string;
  /** The first word of the info string (`ts`, `console`, …), or '' for none. */
  readonly lang: string;
  /** The reason after `not-runnable:`, or null for a runnable fence. */
  readonly notRunnable: string | null;
  /** The test file named by `run-by: <test file>` in the info string: it runs this fence. */
  readonly runBy: string | null;
  readonly body: string;
  /** True inside docs/generate.md's generated section (test/generate/docs.test.ts owns it). */
  readonly generated: boolean;
}

export type Runner =
  | 'not-runnable'
  | 'generated' // test/generate/docs.test.ts regenerates it; golden and real-server tests run the output
  | 'example' // an examples/ file verbatim (test/edge/docs.test.ts); the edge suites run it on each runtime
  | 'snippet' // TypeScript/JavaScript: type-checked and run against the built package
  | 'transcript' // `$ corsair …` lines replayed against loopback servers, output compared
  | 'policy' // a JSON policy file: parsed by parsePolicyFile
  | 'owned'; // a doc whose fences a test of its own runs (DOC_OWNERS), or a fence marked `run-by: <test>`

/** Docs whose every fence a dedicated test runs (in the setting the doc needs: HAR files, …). */
export const DOC_OWNERS: Readonly<Record<string, string>> = {
  'docs/har.md': 'test/har/docs.test.ts',
};

/** README.md, then docs/*.md in name order. */
export function docFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

const GENERATED_START = '<!-- generated:';
const GENERATED_END = '<!-- /generated:';

export function parseFences(file: string, text = readFileSync(join(ROOT, file), 'utf8')): Fence[] {
  const lines = text.split('\n');
  const out: Fence[] = [];
  let generated = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith(GENERATED_START)) generated = true;
    if (line.startsWith(GENERATED_END)) generated = false;
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open) continue;
    const [, indent = '', marks = '', rawInfo = ''] = open;
    const close = new RegExp(`^\\s*${marks[0] === '`' ? '`' : '~'}{${marks.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j] ?? '')) j++;
    const info = rawInfo.trim();
    const reason = /\bnot-runnable:\s*(.*)$/.exec(info);
    const runBy = /\brun-by:\s*(\S+)/.exec(info);
    out.push({
      file,
      line: i + 1,
      info,
      lang: info.split(/\s+/)[0] ?? '',
      notRunnable: reason ? (reason[1] ?? '').trim() : null,
      runBy: runBy ? (runBy[1] ?? null) : null,
      body: lines
        .slice(i + 1, j)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n'),
      generated,
    });
    i = j;
  }
  return out;
}

const SNIPPET_LANGS = new Set(['ts', 'typescript', 'js', 'javascript']);
const SHELL_LANGS = new Set(['console', 'sh', 'shell', 'bash']);

/** The examples/ files, so a fence showing one verbatim is known to be run by the edge suites. */
function exampleFiles(dir = join(ROOT, 'examples')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? exampleFiles(join(dir, e.name)) : [readFileSync(join(dir, e.name), 'utf8').trimEnd()],
  );
}
let examples: string[] | null = null;

/** Every `$ ` line of a shell fence is a `corsair` command (what the transcript runner replays). */
export function isCorsairTranscript(body: string): boolean {
  const commands = body.split('\n').filter((l) => l.startsWith('$ '));
  return commands.length > 0 && commands.every((l) => /^\$ (corsair|npx corsair-cors)( |$)/.test(l));
}

/** Which runner covers a fence; null: runnable, but nothing runs it (the docs test fails). */
export function runnerOf(f: Fence): Runner | null {
  if (f.notRunnable !== null) return 'not-runnable';
  if (f.generated) return 'generated';
  if (DOC_OWNERS[f.file] || f.runBy !== null) return 'owned';
  examples ??= exampleFiles();
  if (examples.includes(f.body.trimEnd())) return 'example';
  if (SNIPPET_LANGS.has(f.lang)) return 'snippet';
  if (SHELL_LANGS.has(f.lang) && isCorsairTranscript(f.body)) return 'transcript';
  if (f.lang === 'json' && /"origins"/.test(f.body)) return 'policy';
  return null;
}
