import { createColors } from 'picocolors';
import type { HttpExchange } from '../../exchange.js';
import type { Severity, TargetResult } from '../types.js';

/**
 * Options of the text reporters.
 *
 * @example
 * const opts: TextOptions = { color: process.stdout.isTTY };
 */
export interface TextOptions {
  readonly color?: boolean;
  /** Print the request/response evidence of each finding. Default true. */
  readonly evidence?: boolean;
}

/**
 * Makes hostile header values printable: control characters shown as \xNN, long values cut.
 *
 * @example
 * printable('a\x1b[2Jb'); // 'a\\x1b[2Jb'
 */
export function printable(s: string, max = 300): string {
  const safe = s.replace(
    /[\x00-\x1f\x7f-\x9f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return safe.length > max ? `${safe.slice(0, max)}… (${safe.length} chars)` : safe;
}

/**
 * Render one exchange as indented lines, CORS headers highlighted.
 *
 * @example
 * console.log(formatExchange(exchange, { color: true }).join('\n'));
 */
export function formatExchange(ex: HttpExchange, options: TextOptions = {}): string[] {
  const c = createColors(options.color ?? false);
  const hl = (name: string) => /^(origin|access-control-|vary$)/i.test(name);
  const out = [`  ${c.bold(`> ${printable(ex.request.method)} ${printable(ex.request.url)}`)}`];
  for (const [n, v] of ex.request.headers)
    out.push(`  > ${hl(n) ? c.cyan(`${n}: ${printable(v)}`) : c.dim(`${n}: ${printable(v)}`)}`);
  out.push(`  ${c.bold(`< ${ex.response.status}`)}`);
  for (const [n, v] of ex.response.headers)
    if (hl(n)) out.push(`  < ${c.yellow(`${printable(n)}: ${printable(v)}`)}`);
  return out;
}

/**
 * Colour a severity label.
 *
 * @example
 * severityLabel('high', true);
 */
export function severityLabel(s: Severity, color = false): string {
  const c = createColors(color);
  const label = s.toUpperCase().padEnd(8);
  if (s === 'critical') return c.bold(c.red(label));
  if (s === 'high') return c.red(label);
  if (s === 'medium') return c.yellow(label);
  if (s === 'low') return c.cyan(label);
  return c.dim(label);
}

/**
 * Counts over scan results: what the summary line, the JSON summary and the exit code need, gathered one
 * result at a time so a report never has to hold every result.
 *
 * @example
 * const tally = createTally(); for (const r of results) addToTally(tally, r);
 */
export interface ScanTally {
  targets: number;
  unreachable: number;
  /** Targets scanned without a trusted origin to derive the bypass probes from. */
  coverageReduced: number;
  findings: number;
  readonly bySeverity: Record<Severity, number>;
}

/**
 * An empty tally.
 *
 * @example
 * createTally().targets; // 0
 */
export function createTally(): ScanTally {
  return {
    targets: 0,
    unreachable: 0,
    coverageReduced: 0,
    findings: 0,
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  };
}

/**
 * Count one result into a tally.
 *
 * @example
 * addToTally(tally, result);
 */
export function addToTally(tally: ScanTally, r: TargetResult): void {
  tally.targets++;
  if (r.error) tally.unreachable++;
  if (r.coverage?.reduced) tally.coverageReduced++;
  for (const f of r.findings) {
    tally.findings++;
    tally.bySeverity[f.severity]++;
  }
}

/**
 * One target's block of the text report (heading, findings with evidence, a blank line).
 *
 * @example
 * process.stdout.write(`${formatTargetText(result).join('\n')}\n`);
 */
export function formatTargetText(r: TargetResult, options: TextOptions = {}): string[] {
  const c = createColors(options.color ?? false);
  const lines: string[] = [c.bold(printable(r.target, 2000))];
  if (r.error) {
    lines.push(`  ${c.red('error')} ${r.error.code}: ${printable(r.error.message, 2000)} ${r.error.fix}`);
    return lines;
  }
  if (r.findings.length === 0)
    lines.push(
      r.coverage?.reduced
        ? `  ${c.yellow('no findings, coverage reduced')} (${r.requests} requests)`
        : `  ${c.green('no findings')} (${r.requests} requests)`,
    );
  for (const note of r.notes ?? []) lines.push(`  ${c.dim('note:')} ${note}`);
  for (const f of r.findings) {
    lines.push(`  ${severityLabel(f.severity, options.color)} ${c.bold(f.id)}  ${f.title}`);
    lines.push(
      `    origin: ${printable(f.origin)}${f.credentials ? ', with credentials' : ''}${f.preflight ? ', preflight too' : ''}`,
    );
    lines.push(`    ${f.description}`);
    lines.push(`    ${c.green('fix:')} ${f.fix}`);
    if (options.evidence !== false) {
      const ev = f.evidence.find((e) => e.kind === 'actual') ?? f.evidence[0];
      if (ev) for (const l of formatExchange(ev.exchange, options)) lines.push(`  ${l}`);
    }
  }
  lines.push('');
  return lines;
}

/**
 * The last line of the text report.
 *
 * @example
 * formatScanSummary(tally); // '2 target(s), 3 finding(s) (1 critical, 2 high)'
 */
export function formatScanSummary(tally: ScanTally): string {
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .filter((s) => tally.bySeverity[s] > 0)
    .map((s) => `${tally.bySeverity[s]} ${s}`);
  return `${tally.targets} target(s), ${tally.findings} finding(s)${counts.length ? ` (${counts.join(', ')})` : ''}${tally.unreachable ? `, ${tally.unreachable} unreachable` : ''}${tally.coverageReduced ? `, ${tally.coverageReduced} with reduced coverage (give --origin)` : ''}`;
}

/**
 * Scan results as human-readable text.
 *
 * @example
 * process.stdout.write(formatScanText(results, { color: process.stdout.isTTY }));
 */
export function formatScanText(results: readonly TargetResult[], options: TextOptions = {}): string {
  const lines: string[] = [];
  const tally = createTally();
  for (const r of results) {
    lines.push(...formatTargetText(r, options));
    addToTally(tally, r);
  }
  lines.push(formatScanSummary(tally));
  return `${lines.join('\n')}\n`;
}
