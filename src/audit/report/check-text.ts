import { createColors } from 'picocolors';
import { profiles } from '../../browser/profile.js';
import type { CheckReport } from '../check.js';
import { type ServerName, serverFix } from '../server-fix.js';
import { formatExchange, printable } from './text.js';

/**
 * Options of `formatCheckText`.
 *
 * @example
 * const opts: CheckTextOptions = { color: true, server: 'express' };
 */
export interface CheckTextOptions {
  readonly color?: boolean;
  /** Add a configuration snippet for this server. */
  readonly server?: ServerName;
}

/**
 * A check as a readable timeline: each request and response (CORS headers highlighted), each check the
 * browser ran, the verdict, both browsers' console messages, the cause, the fix, and warnings.
 *
 * @example
 * process.stdout.write(formatCheckText(report, { color: process.stdout.isTTY, server: 'nginx' }));
 */
export function formatCheckText(report: CheckReport, options: CheckTextOptions = {}): string {
  const c = createColors(options.color ?? false);
  const out: string[] = [];
  out.push(c.dim(`Decided as ${profiles[report.browser].label} decides.`));
  let n = 0;
  for (const step of report.outcome.steps) {
    n++;
    out.push('');
    out.push(c.bold(`${n}. ${step.kind === 'preflight' ? 'Preflight' : 'Request'}`));
    if (step.response) {
      for (const l of formatExchange({ request: step.request, response: step.response }, options))
        out.push(l);
    } else {
      out.push(`  ${c.bold(`> ${step.request.method} ${printable(step.request.url)}`)}`);
      out.push(`  ${c.red('< no response')}`);
    }
    for (const chk of step.checks)
      out.push(`  ${chk.ok ? c.green('✓') : c.red('✗')} ${chk.name}: ${printable(chk.detail)}`);
  }
  out.push('');
  if (report.allowed) {
    out.push(`${c.bold(c.green('ALLOWED'))} — the page can read the response.`);
    if (report.exposedHeaders.length)
      out.push(`  Readable headers: ${printable(report.exposedHeaders.join(', '))}`);
  } else if (report.error) {
    const e = report.error;
    out.push(`${c.bold(c.red('BLOCKED'))} ${c.dim(`(${e.code})`)}`);
    // Messages quote header values from the server: escape control bytes before they reach a terminal.
    const safe = (s: string) => printable(s, Number.POSITIVE_INFINITY);
    out.push(`  ${c.bold('Chromium console:')} ${safe(e.messages.chromium)}`);
    out.push(`  ${c.bold('Firefox console:')}  ${safe(e.messages.firefox)}`);
    out.push(`  ${c.bold('Cause:')} ${safe(e.cause)}`);
    // The server's own words (corsair's debug header) beat any guess from the browser's side.
    if (report.serverReason !== null)
      out.push(`  ${c.bold('Server says:')} ${safe(report.serverReason)} ${c.dim('(Corsair-Reason)')}`);
    out.push(`  ${c.bold(c.green('Fix:'))} ${safe(e.fix)}`);
    if (options.server) {
      out.push(`  ${c.bold(`Fix for ${options.server}:`)}`);
      for (const l of serverFix(options.server, report.needs).split('\n'))
        out.push(`    ${printable(l, 1000)}`);
    }
  }
  if (report.warnings.length) {
    out.push('');
    out.push(c.bold(c.yellow('Warnings')));
    for (const w of report.warnings) out.push(`  ${c.yellow('!')} ${w.code}: ${printable(w.message, 1000)}`);
  }
  return `${out.join('\n')}\n`;
}
