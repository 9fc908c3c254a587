// Turns a run into the agreement table and conformance/report.json (with each browser's console lines).
// Origins are replaced by {page}/{api}/{api2} so the files do not change with the ports of a run.
import { writeFileSync } from 'node:fs';
import type { Origins } from './case.js';
import { FIELDS } from './observation.js';
import type { CaseVerdict, ConformanceRun } from './run.js';
import type { RealBrowser } from './sessions.js';

/** Agreement counts for one browser and family. */
export interface Agreement {
  readonly cases: number;
  readonly agree: number;
}

/**
 * Per browser, per family (plus `all`), how many cases agree.
 *
 * @example
 * summarize(run).chromium.all; // { cases: 3001, agree: 3001 }
 */
export function summarize(run: ConformanceRun): Record<RealBrowser, Record<string, Agreement>> {
  const out = {} as Record<RealBrowser, Record<string, Agreement>>;
  for (const v of run.verdicts) {
    const table = out[v.browser] ?? {};
    out[v.browser] = table;
    for (const key of [v.family, 'all']) {
      const a = table[key] ?? { cases: 0, agree: 0 };
      table[key] = { cases: a.cases + 1, agree: a.agree + (v.disagree.length === 0 && v.predicted ? 1 : 0) };
    }
  }
  return out;
}

/**
 * Replace the run's origins (and host:port forms) by placeholders.
 *
 * @example
 * normalizer(run.origins)('http://localhost:4101/x'); // '{api}/x'
 */
export function normalizer(origins: Origins): (text: string) => string {
  const pairs: [string, string][] = [];
  for (const [slot, origin] of Object.entries(origins)) {
    pairs.push([origin, `{${slot}}`]);
    pairs.push([origin.replace(/^[a-z]+:\/\//, ''), `{${slot}-host}`]);
  }
  return (text) => {
    let out = text;
    for (const [from, to] of pairs) out = out.split(from).join(to);
    return out;
  };
}

function normalizeDeep<T>(value: T, norm: (s: string) => string): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? norm(v) : v))) as T;
}

/**
 * The agreement table, one line per family, one column per browser.
 *
 * @example
 * console.log(formatTable(run));
 */
export function formatTable(run: ConformanceRun): string {
  const summary = summarize(run);
  const lines: string[] = [];
  const browsers = Object.keys(summary) as RealBrowser[];
  const families = [...new Set(run.verdicts.map((v) => v.family)), 'all'];
  const cell = (a: Agreement | undefined) =>
    a ? `${a.agree}/${a.cases} ${a.cases ? ((100 * a.agree) / a.cases).toFixed(1) : '0.0'}%` : '-';
  const width = Math.max(...families.map((f) => f.length), 6);
  lines.push(['family'.padEnd(width), ...browsers.map((b) => b.padStart(22))].join(' '));
  for (const f of families)
    lines.push([f.padEnd(width), ...browsers.map((b) => cell(summary[b]?.[f]).padStart(22))].join(' '));
  if (!run.engine)
    lines.push(
      '',
      'engine: simulateCors is not available yet; browsers were observed, nothing was compared.',
    );
  return lines.join('\n');
}

/**
 * Human-readable list of disagreements (for test failures and the console).
 *
 * @example
 * console.log(formatDisagreements(run.verdicts, run.origins));
 */
export function formatDisagreements(verdicts: readonly CaseVerdict[], origins: Origins, limit = 40): string {
  const norm = normalizer(origins);
  const bad = verdicts.filter((v) => v.disagree.length > 0);
  const out: string[] = [];
  for (const v of bad.slice(0, limit)) {
    out.push(`✗ ${v.browser} ${v.id}: ${v.disagree.join(', ')}`);
    if (v.crash) out.push(`    engine threw: ${norm(v.crash)}`);
    for (const f of v.disagree) {
      if (f === 'engine-crash') continue;
      out.push(`    ${f}: browser ${norm(JSON.stringify(v.expected[f]))}`);
      out.push(`    ${' '.repeat(f.length)}  engine  ${norm(JSON.stringify(v.predicted?.[f] ?? null))}`);
    }
  }
  if (bad.length > limit) out.push(`… and ${bad.length - limit} more (see conformance/report.json)`);
  return out.join('\n');
}

/** A console line with its case's path generalised, so lines from different cases of a kind compare equal. */
function generalise(line: string): string {
  return line.replace(/\/case\/[^\s'"‘’()]+?\/(\d+)(?=[\s'"‘’().,]|$)/g, '/case/{id}/$1');
}

/**
 * Write conformance/report.json: agreement per browser and family, every disagreement with what the
 * browser did and what the engine predicted, and `messages`: each browser's distinct console lines per
 * case family (case path generalised), with the engine's error code and how many cases printed them.
 *
 * @example
 * writeReports(run, 'conformance');
 */
export function writeReports(run: ConformanceRun, dir: string, meta: Record<string, unknown> = {}): void {
  const norm = normalizer(run.origins);
  const report = {
    ...meta,
    versions: run.versions,
    engine: run.engine,
    cases: run.cases,
    seconds: run.seconds,
    fields: FIELDS,
    summary: summarize(run),
    disagreements: run.verdicts
      .filter((v) => v.disagree.length > 0)
      .map((v) => ({
        case: v.id,
        browser: v.browser,
        disagree: v.disagree,
        crash: v.crash,
        expected: v.expected,
        predicted: v.predicted,
        predictedCode: v.predictedCode,
        consoleLines: v.consoleLines,
      })),
  };

  type Entry = { message: string; code: string | null; cases: number; example: string };
  const messages: Record<string, Record<string, Entry[]>> = {};
  for (const v of run.verdicts) {
    const byFamily = messages[v.browser] ?? {};
    messages[v.browser] = byFamily;
    const list = byFamily[v.family] ?? [];
    byFamily[v.family] = list;
    for (const line of v.consoleLines) {
      if (line.startsWith('Failed to load resource')) continue;
      const message = generalise(norm(line));
      const found = list.find((e) => e.message === message && e.code === v.predictedCode);
      if (found) found.cases++;
      else list.push({ message, code: v.predictedCode, cases: 1, example: v.id });
    }
  }
  writeFileSync(
    `${dir}/report.json`,
    `${JSON.stringify(normalizeDeep({ ...report, messages }, norm), null, 1)}\n`,
  );
}
