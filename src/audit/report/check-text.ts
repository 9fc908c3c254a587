import { createColors } from 'picocolors';
import { CONSOLE_BROWSERS, CONSOLE_LABEL } from '../../browser/console.js';
import { profiles } from '../../browser/profile.js';
import type { CheckReport } from '../check.js';
import type { Diagnosis } from '../fix/diagnose.js';
import { formatExchange, printable } from './text.js';

/**
 * A generated configuration for the fix (from `corsair-cors/generate`), or why the target cannot
 * write one.
 *
 * @example
 * const fix: RenderedFix = { target: 'nginx', files: [{ path: 'cors.conf', content: '…' }], notes: [] };
 */
export interface RenderedFix {
  readonly target: string;
  /** `--flavor` given to generate, when not the default. */
  readonly flavor?: string;
  readonly files: readonly { readonly path: string; readonly content: string }[];
  readonly notes: readonly { readonly code: string; readonly message: string }[];
  /** The generator's refusal (e.g. a target that cannot express credentials), when it wrote nothing. */
  readonly error?: string;
}

/**
 * Options of `formatCheckText`.
 *
 * @example
 * const opts: CheckTextOptions = { color: true, server: 'express' };
 */
export interface CheckTextOptions {
  readonly color?: boolean;
  /** Root causes and the planned fix of a blocked check (`diagnoseBlocked`). */
  readonly diagnosis?: Diagnosis;
  /** The fix generated for a target (`--server`). */
  readonly fix?: RenderedFix;
}

/**
 * A check as a readable timeline: each request and response (CORS headers highlighted), each check the
 * browser ran, the verdict, each browser's console messages, the cause, the fix, and warnings.
 *
 * @example
 * process.stdout.write(formatCheckText(report, { color: process.stdout.isTTY, diagnosis, fix }));
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
    const width = Math.max(...CONSOLE_BROWSERS.map((b) => CONSOLE_LABEL[b].length)) + ' console:'.length;
    for (const b of CONSOLE_BROWSERS) {
      // WebKit prints two lines (the reason, then "… cannot load …"): keep them under one another.
      const text = e.messages[b]
        .split('\n')
        .map(safe)
        .join(`\n  ${' '.repeat(width)} `);
      out.push(`  ${c.bold(`${CONSOLE_LABEL[b]} console:`.padEnd(width))} ${text}`);
    }
    out.push(`  ${c.bold('Cause:')} ${safe(e.cause)}`);
    // The server's own words (corsair's debug header) beat any guess from the browser's side.
    if (report.serverReason !== null)
      out.push(`  ${c.bold('Server says:')} ${safe(report.serverReason)} ${c.dim('(Corsair-Reason)')}`);
    out.push(`  ${c.bold(c.green('Fix:'))} ${safe(e.fix)}`);
    for (const l of diagnosisLines(options, c)) out.push(l);
  }
  if (report.warnings.length) {
    out.push('');
    out.push(c.bold(c.yellow('Warnings')));
    for (const w of report.warnings) out.push(`  ${c.yellow('!')} ${w.code}: ${printable(w.message, 1000)}`);
  }
  return `${out.join('\n')}\n`;
}

type Colors = ReturnType<typeof createColors>;

/** Root causes with their evidence, then the fix policy and the generated configuration. */
function diagnosisLines(options: CheckTextOptions, c: Colors): string[] {
  const d = options.diagnosis;
  if (!d) return [];
  const safe = (s: string) => printable(s, 2000);
  const out: string[] = [];
  for (const rc of d.rootCauses) {
    out.push(`  ${c.bold('Root cause:')} ${rc.code}: ${safe(rc.summary)}`);
    for (const e of rc.evidence) out.push(`    ${c.dim('seen:')} ${safe(e)}`);
    if (rc.hint) out.push(`    ${c.dim('named from')} ${safe(rc.hint)}`);
    out.push(`    ${c.green('Fix:')} ${safe(rc.fix)}`);
  }
  const p = d.plan;
  if (p.refused) {
    out.push(`  ${c.bold(c.red('No configuration recommended:'))} ${safe(p.refused.message)}`);
    out.push(`    ${c.green('Instead:')} ${safe(p.refused.fix)}`);
    return out;
  }
  const f = options.fix;
  if (!f) {
    out.push(
      `  ${c.dim('Add --server <target> (any generate target: express, fastapi, nginx and the rest of corsair generate --list) for a configuration that fixes this and keeps what the server allows.')}`,
    );
    return out;
  }
  out.push(
    `  ${c.bold(`Fix for ${f.target}:`)} a corsair policy = what the server allows today + what this request needs`,
  );
  const rows: [string, readonly string[]][] = [
    ['Kept', p.kept],
    ['Added', p.added],
    ['Fill in', p.unknown],
    ['Left out', p.dropped],
    ['Rulebook', p.warnings],
  ];
  for (const [label, items] of rows) for (const i of items) out.push(`    ${label}: ${safe(i)}`);
  out.push(`    Policy (cors.json): ${JSON.stringify(p.policy)}`);
  if (f.error) {
    out.push(`    ${c.red(safe(f.error))}`);
    return out;
  }
  const cmd = `corsair generate --target ${f.target}${f.flavor ? ` --flavor ${f.flavor}` : ''} --policy cors.json`;
  out.push(
    `    ${c.dim(`Generated as \`${cmd}\` writes it; prove it with corsair verify <url> --policy cors.json:`)}`,
  );
  for (const file of f.files) {
    out.push(`    --- ${file.path} ---`);
    for (const l of file.content.trimEnd().split('\n')) out.push(l ? `    ${printable(l, 1000)}` : '');
  }
  return out;
}
