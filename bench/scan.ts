// Scan at scale, measured: the built CLI (`node dist/cli/main.js scan`) in its own process against a
// loopback API in another, as a user runs it. Targets per second at 1,000 targets (default settings) and
// 10,000 (--rate 0), peak memory (the scanner's maxRSS) from 100 targets up, and what a server that
// answers 429 above 20 requests per second observed. Part of `npm run bench`; alone:
//   npx tsx bench/scan.ts [--large]     (--large adds 100,000 targets: about 1.4 million requests)
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSection } from './results-file.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/cli/main.js');
const RSS_HOOK = join(ROOT, 'bench/scan-rss.mjs');
const SERVER = join(ROOT, 'bench/scan-server.ts');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const TRUSTED = 'https://app.example.com';

interface ServerStats {
  readonly requests: number;
  readonly refused: number;
  readonly busiestSecond: number;
  readonly busiestSecondAfterFirst429: number | null;
}

/**
 * One measured scan.
 *
 * @example
 * const [first] = await runScanBench({ log: console.log });
 */
export interface ScanFigure {
  readonly scenario: string;
  readonly command: string;
  readonly targets: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  /** Targets recorded without error in --output. */
  readonly scanned: number;
  readonly server: ServerStats;
}

async function startServer(limit: number) {
  const child = fork(SERVER, [String(limit)], { execArgv: ['--import', TSX], stdio: 'ignore' as never });
  const { port } = await new Promise<{ port: number }>((r) => child.once('message', (m) => r(m as never)));
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<ServerStats>((r) => {
        child.once('message', (m) => r(m as ServerStats));
        child.send({ stats: true });
      }),
  };
}

/** Run the built CLI; its report goes to /dev/null, its maxRSS comes back through the exit hook. */
function runCli(args: readonly string[]): Promise<{ seconds: number; rssKb: number; code: number }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', pathToFileURL(RSS_HOOK).href, CLI, ...args], {
      stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const m = /CORSAIR_BENCH_RSS_KB (\d+)/.exec(stderr);
      if (!m) return fail(new Error(`scan did not report its memory: ${stderr.slice(0, 500)}`));
      done({ seconds: (performance.now() - started) / 1000, rssKb: Number(m[1]), code: code ?? -1 });
    });
  });
}

async function measure(
  scenario: string,
  n: number,
  flags: readonly string[],
  limit = 0,
  log: (s: string) => void = () => {},
): Promise<ScanFigure> {
  const dir = mkdtempSync(join(os.tmpdir(), 'corsair-bench-scan-'));
  const server = await startServer(limit);
  try {
    const input = join(dir, 'targets.txt');
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`${server.base}/api/v1/items/${i}`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const args = ['scan', '--input', input, '--output', join(dir, 'out.jsonl'), '--json', ...flags];
    const run = await runCli(args);
    const stats = await server.stop();
    const out = readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n');
    const scanned = out.filter((l) => l.includes('"error":null')).length;
    const figure: ScanFigure = {
      scenario,
      command: `corsair scan --input targets.txt --output out.jsonl --json ${flags.join(' ')}`.trim(),
      targets: n,
      seconds: run.seconds,
      peakRssMb: run.rssKb / 1024,
      scanned,
      server: stats,
    };
    log(
      `  ${scenario}: ${figure.seconds.toFixed(1)} s, ${(n / figure.seconds).toFixed(0)} targets/s, ${(stats.requests / figure.seconds).toFixed(0)} req/s, peak ${figure.peakRssMb.toFixed(0)} MB, ${scanned}/${n} scanned, ${stats.refused} × 429`,
    );
    return figure;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Build the CLI, run every scan scenario, return the figures.
 *
 * @example
 * const figures = await runScanBench({ log: console.log });
 */
export async function runScanBench(options: {
  log: (s: string) => void;
  large?: boolean;
}): Promise<ScanFigure[]> {
  const { log } = options;
  log('scan: building the CLI (npx tsc -p tsconfig.json)');
  execFileSync(process.execPath, [
    join(ROOT, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(ROOT, 'tsconfig.json'),
  ]);
  const figures: ScanFigure[] = [];
  const origin = ['--origin', TRUSTED];
  figures.push(await measure('1,000 targets, default settings', 1000, origin, 0, log));
  figures.push(await measure('100 targets, --rate 0', 100, ['--rate', '0'], 0, log));
  figures.push(await measure('1,000 targets, --rate 0', 1000, ['--rate', '0'], 0, log));
  figures.push(await measure('10,000 targets, --rate 0', 10_000, ['--rate', '0'], 0, log));
  if (options.large)
    figures.push(await measure('100,000 targets, --rate 0', 100_000, ['--rate', '0'], 0, log));
  figures.push(
    await measure('20 targets, default settings, server answers 429 above 20 req/s', 20, [], 20, log),
  );
  return figures;
}

const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const rate = (x: number) => x.toFixed(x < 10 ? 1 : 0);

/**
 * The "## Scan" section of bench/RESULTS.md.
 *
 * @example
 * writeSection(scanSection(figures, new Date()));
 */
export function scanSection(figures: readonly ScanFigure[], started: Date): string {
  const byName = (s: string) => figures.find((f) => f.scenario.startsWith(s)) as ScanFigure;
  const thousand = byName('1,000 targets, default');
  const tenK = byName('10,000 targets');
  const limited = byName('20 targets');
  const cpu = os.cpus();
  const lines = [
    '## Scan',
    '',
    `Run: ${figures.some((f) => f.targets === 100_000) ? '`npx tsx bench/scan.ts --large` (or `npm run bench -- --large-scan`)' : '`npm run bench` or `npx tsx bench/scan.ts`'} (${started.toISOString()}). The built CLI (\`node dist/cli/main.js scan …\`) in its own process against a loopback API (node:http, exact-origin CORS) in another; wall time from spawn to exit; peak memory is the scanner process's maxRSS. Requests per target: 40 with \`--origin ${TRUSTED}\`, 14 without (the target is an IP address, so no host-based probes). Machine: ${cpu.length} cores (${cpu[0]?.model ?? '?'}), Node ${process.version}, load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (shared with other work: wall-clock figures are noisy).`,
    '',
    '| scenario | command | targets | requests the server saw | wall | targets/s | requests/s | peak memory | scanned without error |',
    '|---|---|---|---|---|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.scenario} | \`${f.command}\` | ${f.targets} | ${f.server.requests}${f.server.refused ? ` (${f.server.refused} × 429)` : ''} | ${f.seconds.toFixed(1)} s | ${rate(f.targets / f.seconds)} | ${(f.server.requests / f.seconds).toFixed(0)} | ${f.peakRssMb.toFixed(0)} MB | ${f.scanned} |`,
    ),
    '',
    '| goal | measured | |',
    '|---|---|---|',
    `| 1,000 targets on one loopback host, default settings, in under 60 s | ${thousand.seconds.toFixed(1)} s | ${mark(thousand.seconds < 60 && thousand.scanned === 1000)} |`,
    `| a server answering 429 above 20 req/s sees at most 20 in any second, after a one-second burst (from its first 429) | busiest second after that: ${limited.server.busiestSecondAfterFirst429 ?? 'no 429 at all'}; busiest second overall: ${limited.server.busiestSecond} | ${mark((limited.server.busiestSecondAfterFirst429 ?? 0) <= 20)} |`,
    `| no target lost to the 429s | ${limited.scanned} of ${limited.targets} scanned without error | ${mark(limited.scanned === limited.targets)} |`,
    `| 10,000 targets with \`--rate 0\` under 300 MB peak memory | ${tenK.peakRssMb.toFixed(0)} MB | ${mark(tenK.peakRssMb < 300 && tenK.scanned === 10_000)} |`,
    '',
    `Memory from 100 to ${figures.some((f) => f.targets === 100_000) ? '100,000' : '10,000'} targets (--rate 0): ${figures
      .filter((f) => f.scenario.includes('--rate 0'))
      .map((f) => `${f.targets.toLocaleString('en')}: ${f.peakRssMb.toFixed(0)} MB`)
      .join(
        ', ',
      )}. Results go to the --output file as they finish and the report is written from it, so memory holds file positions, not results.`,
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = new Date();
  const figures = await runScanBench({ log: console.log, large: process.argv.includes('--large') });
  const section = scanSection(figures, started);
  writeSection(section);
  console.log(section);
}
