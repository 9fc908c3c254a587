// bench/RESULTS.md is written by several benchmarks (`npm run bench`, `bench:size`, `bench:proxy`):
// each owns its own "## " sections and must leave the others' sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const RESULTS_FILE = new URL('./RESULTS.md', import.meta.url);

/** Split a Markdown document into its preamble and its `## ` sections (heading line included). */
export function splitSections(doc: string): {
  preamble: string;
  sections: { heading: string; text: string }[];
} {
  const starts: number[] = [];
  if (doc.startsWith('## ')) starts.push(0);
  for (let i = doc.indexOf('\n## '); i !== -1; i = doc.indexOf('\n## ', i + 1)) starts.push(i + 1);
  const preamble = doc.slice(0, starts[0] ?? doc.length);
  const sections = starts.map((s, k) => {
    const text = doc.slice(s, starts[k + 1] ?? doc.length);
    return { heading: text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')), text };
  });
  return { preamble, sections };
}

/**
 * Replace the section whose heading is the first line of `section` (up to the next `## ` or the
 * end), or append it at the end.
 *
 * @example
 * replaceSection('# Results\n', '## Bundle size\n\n…\n'); // '# Results\n\n## Bundle size\n\n…\n'
 */
export function replaceSection(doc: string, section: string): string {
  const heading = section.slice(0, section.indexOf('\n') === -1 ? section.length : section.indexOf('\n'));
  const { preamble, sections } = splitSections(doc);
  const at = sections.findIndex((s) => s.heading === heading);
  if (at === -1) return `${doc.replace(/\n*$/, '')}${doc.trim() === '' ? '' : '\n\n'}${section}`;
  const before = sections.slice(0, at).map((s) => s.text);
  const after = sections.slice(at + 1).map((s) => s.text);
  return [preamble, ...before, after.length ? `${section}\n` : section, ...after].join('');
}

/** The sections of `doc` whose headings are not in `own`, in order: what a rewrite must keep. */
export function foreignSections(doc: string, own: ReadonlySet<string>): string[] {
  return splitSections(doc)
    .sections.filter((s) => !own.has(s.heading))
    .map((s) => s.text.replace(/\n*$/, '\n'));
}

/** Write one section into bench/RESULTS.md, keeping everything else. */
export function writeSection(section: string): void {
  const doc = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : '';
  writeFileSync(RESULTS_FILE, replaceSection(doc, section));
}
