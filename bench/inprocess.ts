// The in-process method: what CORS costs a framework with no socket, HTTP parser or load generator in
// the figure, steady enough to judge a 3% goal. For each framework and variant (the apps of
// bench/server.ts, unchanged):
// - one child process per variant and round (bench/inprocess-child.ts), pinned to core 0 with taskset
//   when it exists, so that no other app makes node's or the framework's code polymorphic, and each
//   round samples a fresh process (its JIT and heap layout) rather than one lucky or unlucky one;
// - in the child, batches of fresh node IncomingMessage/ServerResponse pairs go through the framework's
//   own request listener (node validates the headers and serializes the head); a warm-up is discarded;
//   the figure is the process CPU time per request (process.cpuUsage), the mean of the middle half of
//   the timed batches;
// - the variants of a framework take turns within a round, the order rotated each round; every ratio
//   is taken within one round, and the median and min–max over the rounds are reported.
import { execFile } from 'node:child_process';
import { answerDifference, checkHeadersVariant } from './answers.js';
import { type CpuCell, KINDS_OF, pinning, type RequestKind, rotated } from './http.js';
import type { ChildResult } from './inprocess-child.js';
import { FRAMEWORKS, type Framework, isEdge, PEERS, type Variant, variantsOf } from './scenarios.js';

export interface InProcessOptions {
  /** Measured rounds: one child process per variant and round. */
  readonly rounds: number;
  /** Timed batches per request kind in each child (after its warm-up). */
  readonly batches: number;
  readonly frameworks?: readonly Framework[];
  readonly log: (s: string) => void;
}

export interface InProcessRun {
  readonly cells: CpuCell[];
  /** How the children were pinned. */
  readonly pin: string;
  /** Where a peer's answer differs from corsair's (list spacing aside), one line per framework and kind. */
  readonly peerDifferences: string[];
}

/** Requests per timed batch: ≥ 60 µs of CPU even for bare node:http, against cpuUsage's 1 µs. */
export const batchSize = (fw: Framework) => (fw === 'express' ? 50 : 100);

const CHILD = new URL('./inprocess-child.ts', import.meta.url).pathname;

function runChild(
  prefix: string[],
  fw: Framework,
  v: Variant,
  kinds: readonly RequestKind[],
  batches: number,
) {
  const argv = [
    ...prefix,
    process.execPath,
    '--import',
    'tsx',
    CHILD,
    fw,
    v,
    kinds.join(','),
    String(batches),
  ];
  return new Promise<ChildResult>((resolve, reject) => {
    execFile(argv[0]!, argv.slice(1), { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`in-process child ${fw} ${v} failed: ${stderr.trim() || err.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult);
    });
  });
}

/** Status and CORS lines per variant and kind, from a round's children. */
type Answers = Map<Variant, Map<RequestKind, string>>;

function answersOf(results: readonly ChildResult[]): Answers {
  return new Map(results.map((r) => [r.variant, new Map(r.kinds.map((k) => [k.kind, k.answer]))]));
}

/** Every round's children must answer as the first round's did (the apps are deterministic). */
function checkSameAsFirst(fw: Framework, first: Answers, now: Answers): void {
  for (const [v, kinds] of now)
    for (const [k, a] of kinds)
      if (first.get(v)?.get(k) !== a)
        throw new Error(`${fw} ${v} ${k}: answered ${a}, earlier ${first.get(v)?.get(k)}`);
}

/** Where the peer's lines differ from corsair's, by kind. */
function peerDifferences(fw: Framework, answers: Answers): string[] {
  const out: string[] = [];
  for (const [k, ours] of answers.get('corsair') ?? []) {
    const theirs = answers.get('peer')?.get(k);
    if (theirs === undefined) continue;
    const d = answerDifference(ours, theirs);
    if (d !== null) out.push(`${fw} ${k}: ${PEERS[fw]} ${d}`);
  }
  return out;
}

async function measureFramework(fw: Framework, opts: InProcessOptions, prefix: string[], out: InProcessRun) {
  const cells = new Map<Variant, Map<RequestKind, CpuCell & { slices: { cpuUs: number }[] }>>();
  let first: Answers | undefined;
  for (let round = 0; round < opts.rounds; round++) {
    const results: ChildResult[] = [];
    for (const v of rotated(variantsOf(fw), round))
      results.push(await runChild(prefix, fw, v, KINDS_OF[v], opts.batches));
    const answers = answersOf(results);
    if (first === undefined) {
      first = answers;
      const answer = async (v: Variant, k: RequestKind) => answers.get(v)!.get(k)!;
      await checkHeadersVariant(fw, KINDS_OF.headers, answer, opts.log);
      out.peerDifferences.push(...peerDifferences(fw, answers));
    } else checkSameAsFirst(fw, first, answers);
    for (const r of results)
      for (const k of r.kinds) {
        const byKind = cells.get(r.variant) ?? new Map();
        const cell = byKind.get(k.kind) ?? { framework: fw, variant: r.variant, kind: k.kind, slices: [] };
        cell.slices.push({ cpuUs: k.cpuUs });
        byKind.set(k.kind, cell);
        cells.set(r.variant, byKind);
      }
    opts.log(`  ${fw}: in-process round ${round + 1} of ${opts.rounds} done`);
  }
  for (const byKind of cells.values()) out.cells.push(...byKind.values());
}

/** Mean of the middle half of a sample. */
export function middleMean(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.slice(Math.floor(s.length / 4), Math.ceil((3 * s.length) / 4));
  return mid.reduce((a, x) => a + x, 0) / mid.length;
}

/**
 * Run the in-process part for the Node frameworks (Bun and Deno are skipped: their servers are not
 * node request listeners).
 *
 * @example
 * const { cells } = await runInProcess({ rounds: 5, batches: 100, log: console.log });
 */
export async function runInProcess(opts: InProcessOptions): Promise<InProcessRun> {
  const pin = pinning();
  const prefix = pin.server;
  const note =
    prefix.length > 0
      ? `each child pinned to core 0 (\`${prefix.join(' ')}\`)`
      : 'children NOT pinned (taskset is missing)';
  const out: InProcessRun = { cells: [], pin: note, peerDifferences: [] };
  opts.log(`In process: ${note}; ${opts.rounds} rounds, ${opts.batches} timed batches per kind and child`);
  for (const fw of opts.frameworks ?? FRAMEWORKS) {
    if (isEdge(fw)) {
      opts.log(`  ${fw}: not measured in process (its server is not a node request listener)`);
      continue;
    }
    await measureFramework(fw, opts, prefix, out);
  }
  return out;
}
