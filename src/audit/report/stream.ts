// The scan reports (text, JSON, SARIF, JUnit) written piece by piece from passes over the results, so a
// report over 100,000 targets never holds them all. The output matches the whole-array reporters.

import type { ScanRecord } from '../probe-dedup.js';
import { atLeast, type Severity } from '../types.js';
import { JSON_SCHEMA_VERSION } from './json-version.js';
import { junitHeader, junitSuite } from './junit.js';
import { sarifLog, sarifNotifications, sarifResults } from './sarif.js';
import {
  addToTally,
  createTally,
  formatScanSummary,
  formatTargetText,
  printable,
  type ScanTally,
} from './text.js';

/**
 * The report formats of `scan` and `scan merge`.
 *
 * @example
 * const f: ReportFormat = 'sarif';
 */
export type ReportFormat = 'text' | 'json' | 'sarif' | 'junit';

/**
 * Options of `writeScanReport`.
 *
 * @example
 * const o: StreamReportOptions = { format: 'json', failOn: 'high', write: (s) => process.stdout.write(s) };
 */
export interface StreamReportOptions {
  readonly format: ReportFormat;
  readonly failOn: Severity;
  readonly write: (text: string) => void;
  readonly color?: boolean;
  /** corsair's version, named in SARIF. */
  readonly version?: string;
}

/**
 * What a report counted: the tally, and whether a finding reached `failOn`.
 *
 * @example
 * const { tally, failed } = writeScanReport(pass, options);
 */
export interface ReportOutcome {
  readonly tally: ScanTally;
  readonly failed: boolean;
}

/**
 * Write a report over `pass()` (each call must start a fresh pass over the same records, in order).
 *
 * @example
 * writeScanReport(() => results, { format: 'text', failOn: 'low', write: (s) => process.stdout.write(s) });
 */
export function writeScanReport(
  pass: () => Iterable<ScanRecord>,
  options: StreamReportOptions,
): ReportOutcome {
  const out = buffered(options.write);
  let outcome: ReportOutcome;
  if (options.format === 'json') outcome = writeJson(pass, options.failOn, out.write);
  else if (options.format === 'sarif') outcome = writeSarif(pass, options, out.write);
  else if (options.format === 'junit') outcome = writeJunit(pass, options.failOn, out.write);
  else outcome = writeText(pass, options, out.write);
  out.flush();
  return outcome;
}

/**
 * The `summary` object of `--json`.
 *
 * @example
 * jsonSummary(tally, 'low', true).failed; // true
 */
export function jsonSummary(tally: ScanTally, failOn: Severity, failed: boolean) {
  return {
    targets: tally.targets,
    unreachable: tally.unreachable,
    coverageReduced: tally.coverageReduced,
    findings: tally.findings,
    bySeverity: { ...tally.bySeverity },
    failOn,
    failed,
  };
}

function counting(failOn: Severity) {
  const tally = createTally();
  let failed = false;
  return {
    add(r: ScanRecord) {
      addToTally(tally, r);
      if (!failed && r.findings.some((f) => atLeast(f.severity, failOn))) failed = true;
    },
    outcome: (): ReportOutcome => ({ tally, failed }),
  };
}

function writeText(pass: () => Iterable<ScanRecord>, o: StreamReportOptions, write: (s: string) => void) {
  const count = counting(o.failOn);
  for (const r of pass()) {
    count.add(r);
    const lines = formatTargetText(r, o.color === undefined ? {} : { color: o.color });
    if (r.sameAs !== undefined)
      lines.splice(
        1,
        0,
        `  same CORS answers as ${printable(r.sameAs, 2000)}: its findings apply (--dedupe)`,
      );
    write(`${lines.join('\n')}\n`);
  }
  const outcome = count.outcome();
  write(`${formatScanSummary(outcome.tally)}\n`);
  return outcome;
}

function writeJson(pass: () => Iterable<ScanRecord>, failOn: Severity, write: (s: string) => void) {
  const count = counting(failOn);
  write(`{\n  "schemaVersion": ${JSON_SCHEMA_VERSION},\n  "results": [`);
  let first = true;
  for (const r of pass()) {
    count.add(r);
    write(`${first ? '\n' : ',\n'}${indent(JSON.stringify(r, null, 2), 4)}`);
    first = false;
  }
  write(first ? ']' : '\n  ]');
  const outcome = count.outcome();
  const summary = jsonSummary(outcome.tally, failOn, outcome.failed);
  write(`,\n  "summary": ${indent(JSON.stringify(summary, null, 2), 2).trimStart()}\n}\n`);
  return outcome;
}

const RESULTS = '__corsair_results__';
const NOTES = '__corsair_notifications__';

function writeSarif(pass: () => Iterable<ScanRecord>, o: StreamReportOptions, write: (s: string) => void) {
  const count = counting(o.failOn);
  let errors = 0;
  let notes = 0;
  for (const r of pass()) {
    count.add(r);
    if (r.error) errors++;
    notes += sarifNotifications(r).length;
  }
  // The envelope comes from the same builder as `toSarif`; the two arrays are streamed into it.
  const log = sarifLog([RESULTS as never], notes ? [NOTES as never] : [], o.version, errors === 0);
  const text = JSON.stringify(log, null, 2);
  const [head, rest] = splitAt(text, RESULTS);
  const [middle, tail] = notes ? splitAt(head.text, NOTES) : [{ text: head.text, indent: 0 }, null];
  write(middle.text);
  if (tail) {
    streamArray(pass, sarifNotifications, middle.indent, write, true);
    write(tail.text);
  }
  streamArray(pass, sarifResults, head.indent, write, true);
  write(rest.text);
  return count.outcome();
}

function writeJunit(pass: () => Iterable<ScanRecord>, failOn: Severity, write: (s: string) => void) {
  const count = counting(failOn);
  const totals = { tests: 0, failures: 0, errors: 0 };
  for (const r of pass()) {
    count.add(r);
    const s = junitSuite(r, failOn);
    totals.tests += s.tests;
    totals.failures += s.failures;
    totals.errors += s.errors;
  }
  write(junitHeader(totals));
  for (const r of pass()) write(`${junitSuite(r, failOn).xml}\n`);
  write('</testsuites>\n');
  return count.outcome();
}

/** Stream the items `of` each record yields in place of a one-element placeholder array. */
function streamArray<T>(
  pass: () => Iterable<ScanRecord>,
  of: (r: ScanRecord) => T | T[] | null,
  depth: number,
  write: (s: string) => void,
  many = false,
): void {
  let first = true;
  for (const r of pass()) {
    const got = of(r);
    const items = many ? (got as T[]) : got === null ? [] : [got as T];
    for (const item of items) {
      write(`${first ? '' : ',\n'}${indent(JSON.stringify(item, null, 2), depth)}`);
      first = false;
    }
  }
}

/**
 * Split pretty-printed JSON around the line holding the placeholder string; `indent` is that line's depth.
 * The text before ends with the array's opening line, the text after starts with its closing line.
 */
function splitAt(
  text: string,
  marker: string,
): [{ text: string; indent: number }, { text: string; indent: number }] {
  const at = text.indexOf(`"${marker}"`);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const depth = at - lineStart;
  return [
    { text: text.slice(0, lineStart), indent: depth },
    { text: `\n${text.slice(at + marker.length + 2).replace(/^\n/, '')}`, indent: depth },
  ];
}

function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return pad + text.replace(/\n/g, `\n${pad}`);
}

function buffered(write: (s: string) => void) {
  let buf = '';
  return {
    write: (s: string) => {
      buf += s;
      if (buf.length >= 1 << 16) {
        write(buf);
        buf = '';
      }
    },
    flush: () => {
      if (buf) write(buf);
      buf = '';
    },
  };
}
