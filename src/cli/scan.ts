import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Option } from 'commander';
import { toJUnit } from '../audit/report/junit.js';
import { toSarif } from '../audit/report/sarif.js';
import { formatScanText } from '../audit/report/text.js';
import { scanMany } from '../audit/scan-many.js';
import { atLeast, SEVERITIES, type Severity, type TargetResult } from '../audit/types.js';
import { createHttpTransport } from '../http/transport.js';
import type { RegisterCommand } from './commands.js';
import { collect, parseHeaderArg } from './errors.js';
import { CliError, EXIT } from './io.js';
import { type IntRange, intOption, parseOriginArg, readText, transportOptions } from './options.js';

// More targets at once than sockets a process can sensibly hold open; a rate no server needs.
const CONCURRENCY_RANGE: IntRange = {
  min: 1,
  max: 1000,
  code: 'CLI_BAD_NUMBER',
  unit: 'targets',
  example: '4',
};
const RATE_RANGE: IntRange = {
  min: 0,
  max: 100_000,
  code: 'CLI_BAD_NUMBER',
  unit: 'requests per second (0 = unlimited)',
  example: '10',
};

interface ScanFlags {
  origin?: string;
  input?: string;
  header?: string[];
  json?: boolean;
  sarif?: boolean;
  junit?: boolean;
  output?: string;
  failOn: string;
  concurrency: string;
  rate: string;
  timeout?: string;
  insecure?: boolean;
  ca?: string;
  progress: boolean;
}

/**
 * `corsair scan`: the security audit.
 *
 * @example
 * registerScan(program, io, (code) => { exitCode = code; });
 */
export const registerScan: RegisterCommand = (program, io, done) => {
  program
    .command('scan')
    .description(
      'Probe endpoints with crafted origins and report every CORS misconfiguration, rated by exploitability.',
    )
    .argument('[urls...]', 'endpoints to scan (or --input)')
    .option('--origin <origin>', 'an origin the targets trust; attacker variants are derived from it')
    .option('--input <file>', 'read targets from a file, one URL per line (# comments)')
    .option(
      '-H, --header <line>',
      "extra header on the probe requests, e.g. 'Cookie: sid=…' (repeatable)",
      collect,
    )
    .addOption(new Option('--json', 'print the results as JSON').conflicts(['sarif', 'junit']))
    .addOption(new Option('--sarif', 'print a SARIF 2.1.0 log (code scanning)').conflicts(['json', 'junit']))
    .addOption(new Option('--junit', 'print JUnit XML (CI test reports)').conflicts(['json', 'sarif']))
    .option(
      '--output <file>',
      'append one JSON line per target; targets already in the file are skipped (resume)',
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe')
        .choices(SEVERITIES)
        .default('low'),
    )
    .option('--concurrency <n>', 'targets scanned at once', '4')
    .option('--rate <n>', 'most requests per second to one host (0 = unlimited)', '10')
    .option('--timeout <ms>', 'per-request deadline in milliseconds', '10000')
    .option('--insecure', 'skip TLS certificate verification (testing only)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .addHelpText(
      'after',
      `
Findings: origin-reflection, null-origin, pre-domain-bypass, post-domain-bypass, unescaped-dot-bypass,
special-char-bypass, any-subdomain, insecure-origin, third-party-origin, localhost-origin,
wildcard-credentials, missing-vary, malformed-allow-origin, wildcard-origin (info).
Exit: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad input or a target unreachable.

Examples:
  corsair scan https://api.example.com/me --origin https://app.example.com
  corsair scan --input targets.txt --output scan.jsonl --fail-on high
  corsair scan https://api.example.com/me -H 'Cookie: session=abc' --sarif > corsair.sarif
  corsair scan https://api.example.com/ --junit > corsair-junit.xml`,
    )
    .action(async (urls: string[], flags: ScanFlags) => {
      const targets = [...urls];
      if (flags.input) {
        for (const line of readText(flags.input, io, '--input').split(/\r?\n/)) {
          const t = line.trim();
          if (t && !t.startsWith('#')) targets.push(t);
        }
      }
      if (targets.length === 0)
        throw new CliError(
          'CLI_NO_TARGETS',
          'scan needs at least one URL.',
          'Give URLs as arguments or --input <file>.',
        );
      const trustedOrigin = flags.origin === undefined ? undefined : parseOriginArg(flags.origin, false);
      const headers = (flags.header ?? []).map(parseHeaderArg);
      const concurrency = intOption(flags.concurrency, '--concurrency', CONCURRENCY_RANGE);
      const rate = intOption(flags.rate, '--rate', RATE_RANGE);
      const failOn = flags.failOn as Severity;

      // Resume: targets already recorded in the JSON Lines file are not scanned again.
      const previous = new Map<string, TargetResult>();
      const outPath = flags.output ? resolve(io.cwd, flags.output) : null;
      if (outPath && existsSync(outPath)) {
        for (const line of readFileSync(outPath, 'utf8').split('\n')) {
          if (!line.trim()) continue;
          try {
            const r = JSON.parse(line) as TargetResult;
            if (typeof r.target === 'string' && !r.error) previous.set(r.target, r);
          } catch {
            // A line cut short by an interrupted run: scan that target again.
          }
        }
      }
      const todo = [...new Set(targets)].filter((t) => !previous.has(t));
      const bar =
        io.isTTY && flags.progress && io.progressStream && todo.length > 0
          ? new SingleBar({
              stream: io.progressStream,
              format: 'scanning [{bar}] {value}/{total} targets | {findings} findings',
              hideCursor: true,
              clearOnComplete: true,
            })
          : null;
      bar?.start(todo.length, 0, { findings: 0 });
      // Ctrl-C mid-scan: give the terminal its cursor back; the JSON Lines file already holds finished targets.
      const onSigint = () => {
        bar?.stop();
        process.exit(130);
      };
      if (bar) process.once('SIGINT', onSigint);
      let found = 0;
      const http = createHttpTransport(transportOptions(flags, io));
      let fresh: TargetResult[];
      try {
        fresh = await scanMany(todo, {
          send: http.send,
          ...(trustedOrigin ? { trustedOrigin } : {}),
          headers,
          concurrency,
          perHostRps: rate,
          onResult: (r) => {
            found += r.findings.length;
            bar?.increment(1, { findings: found });
            if (outPath) appendFileSync(outPath, `${JSON.stringify(r)}\n`);
          },
        });
      } finally {
        if (bar) process.off('SIGINT', onSigint);
        bar?.stop();
        await http.close();
      }
      const byTarget = new Map([...previous, ...fresh.map((r) => [r.target, r] as const)]);
      const results = [...new Set(targets)].map((t) => byTarget.get(t) as TargetResult);

      if (flags.json)
        io.stdout(`${JSON.stringify({ results, summary: summarize(results, failOn) }, null, 2)}\n`);
      else if (flags.sarif) io.stdout(`${JSON.stringify(toSarif(results), null, 2)}\n`);
      else if (flags.junit) io.stdout(toJUnit(results, failOn));
      else io.stdout(formatScanText(results, { color: io.color }));
      // Structured output goes to stdout; unreachable targets are also said on stderr, one line each.
      for (const r of results)
        if (r.error)
          io.stderr(`corsair: error ${r.error.code}: ${r.target}: ${r.error.message} Fix: ${r.error.fix}\n`);

      const failing = results.some((r) => r.findings.some((f) => atLeast(f.severity, failOn)));
      done(failing ? EXIT.FAIL : results.some((r) => r.error) ? EXIT.ERROR : EXIT.OK);
    });
};

function summarize(results: readonly TargetResult[], failOn: Severity) {
  const all = results.flatMap((r) => r.findings);
  return {
    targets: results.length,
    unreachable: results.filter((r) => r.error).length,
    findings: all.length,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, all.filter((f) => f.severity === s).length])),
    failOn,
    failed: all.some((f) => atLeast(f.severity, failOn)),
  };
}
