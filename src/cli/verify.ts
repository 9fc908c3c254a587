import { createColors } from 'picocolors';

type Colors = ReturnType<typeof createColors>;

import { JSON_SCHEMA_VERSION } from '../audit/report/json-version.js';
import { formatExchange } from '../audit/report/text.js';
import { type VerifyResult, verifyDeployment } from '../audit/verify.js';
import { summarizeVerify } from '../audit/verify-summary.js';
import { createHttpTransport, parseTargetUrl } from '../http/transport.js';
import { parsePolicyFile } from '../policy/policy-file.js';
import type { CorsOptions } from '../policy/types.js';
import type { RegisterCommand } from './commands.js';
import { EXIT, warnLine } from './io.js';
import { readText, transportOptions } from './options.js';

/** Each case with its drifts and, when it drifts, its exchange (what --verbose prints after the summary). */
function caseLines(result: VerifyResult, c: Colors): string[] {
  const lines: string[] = [];
  for (const r of result.cases) {
    const mark = r.drifts.length ? c.red('✗') : c.green('✓');
    lines.push(`${mark} ${r.case.name} ${c.dim(`(policy: ${r.expectedAllowed ? 'allowed' : 'refused'})`)}`);
    for (const d of r.drifts) {
      lines.push(`    ${c.bold(c.red(d.kind))}: ${d.message}`);
      lines.push(`      expected: ${d.expected}`);
      lines.push(`      actual:   ${d.actual}`);
    }
    if (r.drifts.length)
      for (const l of formatExchange(r.exchange, { color: c.isColorSupported })) lines.push(`    ${l}`);
  }
  return lines;
}

/** The verdict first, then one group per kind of drift (count, meaning, a few examples). */
function summaryLines(result: VerifyResult, c: Colors): string[] {
  const s = summarizeVerify(result);
  if (result.ok) return [c.green(`OK: ${s.cases} cases, the deployment matches the policy.`)];
  const lines = [c.red(`DRIFT: ${s.drifts} difference(s) in ${s.drifting} of ${s.cases} cases.`)];
  for (const g of s.groups) {
    lines.push(`  ${c.bold(c.red(g.kind))} (${g.count}): ${g.meaning}`);
    for (const d of g.examples) {
      lines.push(`    ✗ ${d.case.name}`);
      lines.push(`        expected: ${d.expected}`);
      lines.push(`        actual:   ${d.actual}`);
    }
    if (g.count > g.examples.length) lines.push(`    … ${g.count - g.examples.length} more`);
  }
  return lines;
}

/**
 * The text report: the summary, then every case with --verbose (or a line saying how to see them).
 *
 * @example
 * io.stdout(`${verifyText(result, false, false).join('\n')}\n`);
 */
export function verifyText(result: VerifyResult, verbose: boolean, color: boolean): string[] {
  const c = createColors(color);
  const lines = summaryLines(result, c);
  if (verbose) return [...lines, '', ...caseLines(result, c)];
  lines.push(c.dim('--verbose lists every case (with the exchange of each drift); --json has them all.'));
  return lines;
}

interface VerifyFlags {
  policy: string;
  json?: boolean;
  verbose?: boolean;
  timeout?: string;
  insecure?: boolean;
  ca?: string;
}

/**
 * `corsair verify`: does the live endpoint do what the policy file says?
 *
 * @example
 * registerVerify(program, io, (code) => { exitCode = code; });
 */
export const registerVerify: RegisterCommand = (program, io, done) => {
  program
    .command('verify')
    .description(
      'Check that a live endpoint behaves exactly as a policy file says (allowed origins, near misses, methods, headers, credentials).',
    )
    .argument('<url>', 'the deployed endpoint')
    .requiredOption('--policy <file>', 'JSON policy file: the options of createCors')
    .option('--json', 'print { summary, ok, url, drifts, cases, warnings } as JSON')
    .option('--verbose', 'after the summary, list every case (with the exchange of each drift)')
    .option('--timeout <ms>', 'per-request deadline in milliseconds', '10000')
    .option('--insecure', 'skip TLS certificate verification (testing only)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .addHelpText(
      'after',
      `
The report leads with the verdict and one group per kind of drift (how many, a few examples).
Cases: every allowed origin (and samples of each pattern) with its methods and headers; near misses
that must be refused (reflection, null, suffix/prefix/dot tricks, subdomains); and beyond the policy,
from the first allowed origin, at most 8 preflights: PUT, DELETE, PATCH, a made-up method, and
Authorization, X-API-Key, X-Requested-With, Content-Type: application/json (those the policy lists
are skipped).

Exit: 0 the deployment matches the policy, 1 drift, 2 bad input (invalid policy) or network failure.

Examples:
  corsair verify https://api.example.com/items --policy cors.json
  corsair verify https://staging.example.com/api --policy cors.json --json > drift.json

cors.json:
  { "origins": ["https://app.example.com", "https://*.example.com"], "methods": ["GET", "PUT"],
    "allowedHeaders": ["Content-Type"], "credentials": true, "maxAge": 600 }`,
    )
    .action(async (url: string, flags: VerifyFlags) => {
      parseTargetUrl(url);
      const options = parsePolicyFile(readText(flags.policy, io, '--policy'), flags.policy) as CorsOptions;
      const http = createHttpTransport(transportOptions(flags, io));
      try {
        const result = await verifyDeployment(url, options, { send: http.send });
        for (const w of result.warnings) warnLine(io, w.code, `${w.path}: ${w.message}; ${w.fix}`);
        if (flags.json) {
          const summary = summarizeVerify(result);
          io.stdout(
            `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, summary, ...result }, null, 2)}\n`,
          );
        } else io.stdout(`${verifyText(result, flags.verbose === true, io.color).join('\n')}\n`);
        done(result.ok ? EXIT.OK : EXIT.FAIL);
      } finally {
        await http.close();
      }
    });
};
