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
 * Scan results as human-readable text.
 *
 * @example
 * process.stdout.write(formatScanText(results, { color: process.stdout.isTTY }));
 */
export function formatScanText(results: readonly TargetResult[], options: TextOptions = {}): string {
  const c = createColors(options.color ?? false);
  const lines: string[] = [];
  for (const r of results) {
    lines.push(c.bold(r.target));
    if (r.error) {
      lines.push(`  ${c.red('error')} ${r.error.code}: ${r.error.message} ${r.error.fix}`);
      continue;
    }
    if (r.findings.length === 0) lines.push(`  ${c.green('no findings')} (${r.requests} requests)`);
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
  }
  const all = results.flatMap((r) => r.findings);
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .map((s) => [s, all.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const failed = results.filter((r) => r.error).length;
  lines.push(
    `${results.length} target(s), ${all.length} finding(s)${counts.length ? ` (${counts.join(', ')})` : ''}${failed ? `, ${failed} unreachable` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
