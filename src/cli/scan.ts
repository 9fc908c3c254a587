import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ScanRecord } from '../audit/probe-dedup.js';
import { printable } from '../audit/report/text.js';
import { scanEach } from '../audit/scan-many.js';
import { type RecordAt, ResultsFile } from '../audit/scan-results.js';
import { inShard, parseShard, readTargets, type Shard } from '../audit/target-input.js';
import { createHttpTransport } from '../http/transport.js';
import type { RegisterCommand } from './commands.js';
import { collect, parseHeaderArg } from './errors.js';
import { CliError, type CliIO } from './io.js';
import { type IntRange, intOption, parseOriginArg, transportOptions } from './options.js';
import { registerScanMerge } from './scan-merge.js';
import { scanProgress } from './scan-progress.js';
import { addReportOptions, report } from './scan-report.js';

// More targets at once than sockets a process can sensibly hold open; a rate no server needs.
const CONCURRENCY_RANGE: IntRange = {
  min: 1,
  max: 1000,
  code: 'CLI_BAD_NUMBER',
  unit: 'targets',
  example: '16',
};
const RATE_RANGE: IntRange = {
  min: 0,
  max: 100_000,
  code: 'CLI_BAD_NUMBER',
  unit: 'requests per second per host (0 = no limit; leave --rate out for the adaptive default)',
  example: '50',
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
  rate?: string;
  shard?: string;
  dedupe?: boolean;
  timeout?: string;
  insecure?: boolean;
  ca?: string;
  progress: boolean;
}

/**
 * `corsair scan`: the security audit, and `corsair scan merge` for sharded runs.
 *
 * @example
 * registerScan(program, io, (code) => { exitCode = code; });
 */
export const registerScan: RegisterCommand = (program, io, done) => {
  // `scan merge … --json`: options after a subcommand belong to it. Commander needs this on every level
  // above `merge`; corsair's own options (--help, --version) come before a command anyway.
  program.enablePositionalOptions();
  const scan = program
    .command('scan')
    .enablePositionalOptions()
    .description(
      'Probe endpoints with crafted origins and report every CORS misconfiguration, rated by exploitability.',
    )
    .argument('[urls...]', 'endpoints to scan (or --input)')
    .option('--origin <origin>', 'an origin the targets trust; attacker variants are derived from it')
    .option(
      '--input <file>',
      'read targets from a file (- for standard input), one URL per line (# comments)',
    )
    .option(
      '-H, --header <line>',
      "extra header on the probe requests, e.g. 'Cookie: sid=…' (repeatable)",
      collect,
    );
  addReportOptions(scan)
    .option(
      '--output <file>',
      'append one JSON line per target; targets already in the file are skipped (resume)',
    )
    .option('--concurrency <n>', 'targets scanned at once, all hosts together', '16')
    .option(
      '--rate <n>',
      'hard cap on requests per second to one host (0 = unlimited); default: adaptive, no cap',
    )
    .option('--shard <K/N>', 'scan only the K-th of N stable shards of the targets (one per machine)')
    .option(
      '--dedupe',
      'fully probe one target per host and path pattern (/users/1, /users/2); check the rest',
    )
    .option('--timeout <ms>', 'per-request deadline in milliseconds', '10000')
    .option('--insecure', 'skip TLS certificate verification (testing only)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .addHelpText('after', SCAN_HELP)
    .action(async (urls: string[], flags: ScanFlags) => done(await runScan(urls, flags, io)));
  registerScanMerge(scan, io, done);
};

const SCAN_HELP = `
Findings: origin-reflection, null-origin, pre-domain-bypass, post-domain-bypass, unescaped-dot-bypass,
special-char-bypass, any-subdomain, insecure-origin, third-party-origin, localhost-origin,
wildcard-credentials, missing-vary, malformed-allow-origin, wildcard-origin (info).
Politeness: per host, the rate starts at 10 requests/s and rises while answers stay healthy and fast; 429
(Retry-After honoured), 503, timeouts and dropped connections slow it down; a request refused by 429 is
sent again; after a 429 the host's rate stays below what it accepted. --rate caps it; --rate 0 lifts it.
Exit: 0 nothing at or above --fail-on, 1 findings at or above it, 2 bad input or a target unreachable.

Examples:
  corsair scan https://api.example.com/me --origin https://app.example.com
  corsair scan --input targets.txt --output scan.jsonl --fail-on high
  subfinder -d example.com | httpx -silent | corsair scan --input - --output scan.jsonl
  corsair scan --input targets.txt --shard 2/4 --output shard-2.jsonl
  corsair scan merge shard-*.jsonl --sarif > corsair.sarif
  corsair scan https://api.example.com/me -H 'Cookie: session=abc' --sarif > corsair.sarif`;

async function runScan(urls: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  const settings = readSettings(flags, io);
  const input = openInput(flags.input, io);
  const counts = { read: 0 };
  const source = (c = counts) => selectTargets(urls, input, settings.shard, c);
  const store = openStore(flags.output, io);
  try {
    // A file gets a pass before any request: bad input fails whole, and the bar knows its total. Standard
    // input can be read once only: it is checked as it streams, and the total is unknown.
    let todoCount: number | null = null;
    if (!input?.once) {
      const pre = { read: 0 };
      todoCount = 0;
      for await (const t of source(pre)) if (!store.file.done.has(t)) todoCount++;
      if (pre.read === 0) noTargets(flags.input);
    }
    const order = new Locations();
    const todo: number[] = [];
    const pending = async function* () {
      for await (const t of source()) {
        const earlier = store.file.done.get(t);
        if (earlier) order.push(earlier);
        else {
          todo.push(order.push(null));
          yield t;
        }
      }
    };
    const progress = scanProgress(io, flags.progress, todoCount);
    const http = createHttpTransport(transportOptions(flags, io));
    try {
      await scanEach(pending(), {
        send: http.send,
        ...settings.scan,
        onEvent: progress.event,
        onResult: (r, i) => {
          progress.result(r);
          order.set(todo[i] as number, store.file.append(r));
        },
      });
    } finally {
      progress.stop();
      await http.close();
    }
    if (counts.read === 0) noTargets(flags.input);
    return report(() => order.records(store.file), flags, io);
  } finally {
    store.close();
  }
}

function noTargets(input: string | undefined): never {
  throw new CliError(
    'CLI_NO_TARGETS',
    `scan needs at least one URL${input === undefined ? '' : ` (--input ${printable(input)} has none)`}.`,
    'Give URLs as arguments or --input <file>, one URL per line (--input - reads them from a pipe).',
  );
}

interface Input {
  readonly name: string;
  /** Standard input: it can be read once only. */
  readonly once: boolean;
  readonly open: () => AsyncIterable<Buffer | string>;
}

/** `--input file` (checked readable now), `--input -` (standard input, which must be a pipe), or none. */
function openInput(input: string | undefined, io: CliIO): Input | null {
  if (input === undefined) return null;
  if (input === '-') {
    const stdin = io.stdin;
    if (!stdin)
      throw new CliError(
        'CLI_NO_TARGETS',
        '--input - reads the targets from standard input, but it is a terminal.',
        'Pipe the list in, e.g. cat targets.txt | corsair scan --input -',
      );
    return { name: 'standard input', once: true, open: () => stdin as AsyncIterable<Buffer | string> };
  }
  const path = resolve(io.cwd, input);
  checkReadable(path, input);
  return { name: input, once: false, open: () => createReadStream(path) };
}

function readSettings(flags: ScanFlags, io: CliIO) {
  const trustedOrigin = flags.origin === undefined ? undefined : parseOriginArg(flags.origin, false);
  const concurrency = intOption(flags.concurrency, '--concurrency', CONCURRENCY_RANGE);
  const rate = flags.rate === undefined ? undefined : intOption(flags.rate, '--rate', RATE_RANGE);
  transportOptions(flags, io);
  return {
    shard: flags.shard === undefined ? null : parseShard(flags.shard),
    scan: {
      ...(trustedOrigin ? { trustedOrigin } : {}),
      headers: (flags.header ?? []).map(parseHeaderArg),
      concurrency,
      perHostRps: rate,
      dedupe: flags.dedupe === true,
    },
  };
}

function checkReadable(path: string, shown: string): void {
  try {
    if (statSync(path).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (e) {
    const why = e && typeof e === 'object' && 'code' in e ? String(e.code) : 'unreadable';
    throw new CliError(
      'CLI_FILE_UNREADABLE',
      `--input ${printable(shown)}: cannot read the file (${why}).`,
      'Check the path and permissions.',
    );
  }
}

/** Arguments, then the input file, each target once, only this shard's. */
async function* selectTargets(
  urls: readonly string[],
  input: Input | null,
  shard: Shard | null,
  counts: { read: number },
): AsyncGenerator<string> {
  const seen = new Set<string>();
  const all = async function* () {
    yield* urls;
    if (input) yield* readTargets(input.open(), input.name);
  };
  for await (const t of all()) {
    if (seen.has(t)) continue;
    seen.add(t);
    counts.read++;
    if (shard === null || inShard(t, shard)) yield t;
  }
}

/** The results file: --output (kept, resumable) or a spool file removed at the end. */
function openStore(output: string | undefined, io: CliIO): { file: ResultsFile; close: () => void } {
  if (output !== undefined) {
    const path = resolve(io.cwd, output);
    let file: ResultsFile;
    try {
      file = ResultsFile.open(path);
    } catch (e) {
      const why = e && typeof e === 'object' && 'code' in e ? String(e.code) : 'unwritable';
      throw new CliError(
        'CLI_FILE_UNWRITABLE',
        `--output ${printable(output)}: cannot open the file (${why}).`,
        'Check the path and permissions.',
      );
    }
    return { file, close: () => file.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'corsair-scan-'));
  const file = ResultsFile.open(join(dir, 'results.jsonl'));
  return {
    file,
    close: () => {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where each target's record is, in report order (numbers, not records: memory stays flat). */
class Locations {
  private readonly pos: number[] = [];
  private readonly len: number[] = [];

  push(at: RecordAt | null): number {
    this.pos.push(at?.pos ?? -1);
    this.len.push(at?.len ?? 0);
    return this.pos.length - 1;
  }

  set(i: number, at: RecordAt): void {
    this.pos[i] = at.pos;
    this.len[i] = at.len;
  }

  *records(file: ResultsFile): Generator<ScanRecord> {
    for (let i = 0; i < this.pos.length; i++) {
      const pos = this.pos[i] as number;
      if (pos >= 0) yield file.read({ pos, len: this.len[i] as number });
    }
  }
}
