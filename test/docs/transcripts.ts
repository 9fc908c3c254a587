// Shell transcripts in the docs: `$ corsair …` (or `$ npx corsair-cors …`) lines, each followed by the
// output the doc shows, ending in `[exit N]` when the doc shows the exit code.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './fences.js';

export interface Step {
  /** The doc file (from the repository root). */
  readonly file: string;
  /** The command line as shown, without `$ `. */
  readonly shown: string;
  readonly argv: readonly string[];
  /** The output lines the doc shows (stdout then stderr), without the `[exit N]` line. */
  readonly output: string;
  /** The exit code the doc shows, or null when it shows none. */
  readonly exit: number | null;
}

/**
 * Split a command line as a POSIX shell would for the quoting the docs use: '…', "…" with \" \\ \$ \`
 * escapes, backslash-newline continuations, and a trailing `# comment`.
 */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const push = (c: string) => {
    word = (word ?? '') + c;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      push(line.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && /["\\$`]/.test(line[j + 1] ?? '')) j++;
        s += line[j];
      }
      if (j >= line.length) throw new Error(`unterminated " in: ${line}`);
      push(s);
      i = j;
    } else if (c === '\\' && line[i + 1] === '\n') {
      i++;
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      break;
    } else {
      push(c);
    }
  }
  if (word !== null) words.push(word);
  return words;
}

export function parseTranscript(file: string, body: string): Step[] {
  const steps: Step[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith('$ ')) continue;
    let shown = line.slice(2);
    while (shown.endsWith('\\') && i + 1 < lines.length) shown = `${shown}\n${lines[++i]}`;
    const out: string[] = [];
    while (i + 1 < lines.length && !(lines[i + 1] ?? '').startsWith('$ ')) out.push(lines[++i] ?? '');
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    const last = /^\[exit (\d+)\]$/.exec(out[out.length - 1] ?? '');
    if (last) out.pop();
    const words = shellWords(shown);
    const argv = words[0] === 'npx' ? words.slice(2) : words.slice(1);
    steps.push({ file, shown, argv, output: out.join('\n'), exit: last ? Number(last[1]) : null });
  }
  return steps;
}

/**
 * The output matches what the doc shows. Exactly, unless the doc elides with `…`: then `…` stands for
 * any text and whitespace is not compared (a doc may show pretty-printed JSON on one line).
 */
export function matchesShown(actual: string, shown: string): boolean {
  if (!shown.includes('…')) return actual === shown;
  const squash = (s: string) => s.replace(/\s+/g, '');
  const pattern = squash(shown)
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*?');
  return new RegExp(`^${pattern}$`).test(squash(actual));
}

/** Rewrite a step's shown output (and exit code) in its doc file. */
export function updateTranscript(step: Step, output: string, code: number): void {
  const path = join(ROOT, step.file);
  const text = readFileSync(path, 'utf8');
  const old = `$ ${step.shown}\n${step.output}\n${step.exit === null ? '' : `[exit ${step.exit}]\n`}`;
  const at = text.indexOf(old);
  if (at < 0) return;
  const now = `$ ${step.shown}\n${output}\n${step.exit === null ? '' : `[exit ${code}]\n`}`;
  writeFileSync(path, text.slice(0, at) + now + text.slice(at + old.length));
}
