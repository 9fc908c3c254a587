import { createColors } from 'picocolors';
import { profiles } from '../../browser/index.js';
import { formatCheckText } from '../report/check-text.js';
import { printable } from '../report/text.js';
import type { HarReport, HarRequestReport } from './report.js';

/**
 * Options of `formatHarText`.
 *
 * @example
 * const opts: HarTextOptions = { color: true, all: false };
 */
export interface HarTextOptions {
  readonly color?: boolean;
  /** Print allowed requests in full too (by default one line each). */
  readonly all?: boolean;
}

const ORIGIN_FROM: Record<HarRequestReport['originFrom'], string> = {
  option: '--origin',
  'origin-header': 'its Origin header',
  referer: 'its Referer',
  page: 'its page',
};

/**
 * A HAR report as text: the summary first (counts, blocked requests by cause, by host), then each
 * blocked or undecided request with its timeline, checks, verdict, console lines, cause and fix exactly
 * as `corsair check` prints them, what the HAR lacks and the `corsair check` command that reproduces it.
 *
 * @example
 * process.stdout.write(formatHarText(report, { color: process.stdout.isTTY }));
 */
export function formatHarText(report: HarReport, options: HarTextOptions = {}): string {
  const c = createColors(options.color ?? false);
  const s = report.summary;
  const out: string[] = [];
  const by = report.creator ? `${report.creator.name} ${report.creator.version}`.trim() : 'an unknown tool';
  out.push(
    c.bold(
      `HAR recorded by ${printable(by)}; decided as ${profiles[report.browser].label} decides (${printable(report.browserFrom)}).`,
    ),
  );
  for (const n of report.notes) out.push(c.yellow(n));
  if (report.pageOrigins.length)
    out.push(
      `Page origin${report.pageOrigins.length > 1 ? 's' : ''}: ${report.pageOrigins.map((o) => printable(o)).join(', ')}`,
    );
  const verdicts = [
    c.green(`${s.allowed} allowed`),
    s.blocked ? c.red(`${s.blocked} blocked`) : `${s.blocked} blocked`,
    ...(s.unknown ? [c.yellow(`${s.unknown} undecided`)] : []),
  ];
  out.push(
    `${c.bold(`${s.crossOrigin} cross-origin request${s.crossOrigin === 1 ? '' : 's'}`)}: ${verdicts.join(', ')}${s.probed ? ` (${s.probed} decided by --probe)` : ''}. ${s.entries} entries in the file; ${s.notCors} same-origin or not CORS.`,
  );
  if (s.noOrigin)
    out.push(
      c.yellow(
        `${s.noOrigin} request(s) skipped: the HAR does not show their page's origin (pass --origin).`,
      ),
    );
  if (s.byCause.length) {
    out.push('', c.bold('Blocked, by cause:'));
    for (const k of s.byCause)
      out.push(`  ${String(k.count).padStart(4)}  ${k.code}: ${printable(k.cause, 200)}`);
  }
  if (s.byHost.length) {
    out.push('', c.bold('By host:'));
    for (const h of s.byHost)
      out.push(
        `  ${printable(h.host)}: ${h.requests} request${h.requests === 1 ? '' : 's'}, ${h.blocked} blocked${h.unknown ? `, ${h.unknown} undecided` : ''}`,
      );
  }
  report.requests.forEach((r, i) => {
    out.push('');
    out.push(...formatRequest(r, i + 1, options));
  });
  return `${out.join('\n')}\n`;
}

function formatRequest(r: HarRequestReport, n: number, options: HarTextOptions): string[] {
  const c = createColors(options.color ?? false);
  const label =
    r.verdict === 'allowed'
      ? c.green('ALLOWED')
      : r.verdict === 'blocked'
        ? c.red('BLOCKED')
        : c.yellow('UNDECIDED');
  const head = `${c.bold(`[${n}]`)} ${label} ${c.bold(`${printable(r.method)} ${printable(r.url)}`)}`;
  const where = c.dim(
    `    entries ${r.entries.join(', ')} · from ${printable(r.pageOrigin)} (${ORIGIN_FROM[r.originFrom]}) · credentials ${r.credentials} · +${Math.round(r.timeline[0]?.offsetMs ?? 0)} ms`,
  );
  const out = [head, where];
  if (r.verdict === 'allowed' && !options.all) {
    for (const w of r.check?.warnings ?? [])
      out.push(c.yellow(`    ! ${w.code}: ${printable(w.message, 1000)}`));
    return out;
  }
  if (r.check) {
    if (r.decidedBy === 'probe') out.push(c.yellow('    Decided by --probe (re-sent now).'));
    if (r.preflight === 'inferred')
      out.push(
        c.yellow(
          '    The preflight below is inferred, not recorded: its answer is what a passing preflight says.',
        ),
      );
    for (const l of formatCheckText(r.check, { color: options.color ?? false })
      .trimEnd()
      .split('\n'))
      out.push(l ? `    ${l}` : '');
  } else if (!r.check) {
    const rec = r.recorded.failure ?? `status ${r.recorded.status}`;
    out.push(`    The browser recorded: ${printable(rec)}.`);
    if (r.probeError)
      out.push(
        c.red(
          `    --probe failed: ${r.probeError.code}: ${printable(r.probeError.message)} ${printable(r.probeError.fix)}`,
        ),
      );
  }
  for (const note of r.notes) out.push(c.dim(`    Note: ${printable(note, 1000)}`));
  for (const m of r.missing) out.push(c.yellow(`    Missing from the HAR: ${printable(m, 1000)}`));
  if (r.agreesWithBrowser === false)
    out.push(
      c.red(
        `    The browser recorded ${r.recorded.outcome === 'failed' ? 'a failure' : 'success'}: the recording and this verdict disagree (credentials, an extension or a cache may explain it).`,
      ),
    );
  if (r.verdict !== 'allowed' || r.missing.length) out.push(`    Reproduce: ${printable(r.reproduce, 4000)}`);
  return out;
}
