// The in-process method: what CORS costs a framework with no socket, HTTP parser or load generator in
// the figure, steady enough to judge a 3% goal. For each framework and variant (the apps of
// bench/server.ts, unchanged):
// - one child process per variant and round (bench/inprocess-child.ts), so that no other app makes
//   node's or the framework's code polymorphic, and each round samples fresh processes (their JIT and
//   heap layout) rather than one lucky or unlucky one; a round's children start and warm up at once on
//   any core, then are pinned to core 0 (every thread, `taskset -a -p`) when taskset exists;
// - in a child, batches of fresh node IncomingMessage/ServerResponse pairs go through the framework's
//   own request listener (node validates the headers and serializes the head); its warm-up is
//   discarded; each batch is timed by the child's CPU time (process.cpuUsage);
// - within a round all the framework's children are alive at once and take short turns (TURN batches
//   of each kind, the order rotated every turn), so that whatever else runs on the machine weighs on
//   every variant alike; every child serves all four kinds, also those its figures are not used for
//   (a bare app's OPTIONS), so that every process does the same sequence of work; a variant's figure
//   for the round is the mean of the middle half of its batches, every ratio is taken within one
//   round, and the median and min–max over the rounds are reported.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { answerDifference, checkHeadersVariant } from './answers.js';
import { type CpuCell, KINDS, KINDS_OF, pinning, type RequestKind, rotated } from './http.js';
import { FRAMEWORKS, type Framework, isEdge, PEERS, type Variant, variantsOf } from './scenarios.js';
import { middleMean } from './stats.js';

/** What the driver asks a child (bench/inprocess-child.ts). */
export type ParentMessage = { type: 'warmup' } | { type: 'run'; batches: number };
/** What a child answers: its answers once started, then one reply per request. */
export type ChildReply =
  | { type: 'ready'; answers: Partial<Record<RequestKind, string>> }
  | { type: 'warm' }
  | { type: 'ran'; us: Partial<Record<RequestKind, number[]>> };

/** A child's warm-up: long enough for V8 to optimize (and compile, on its own threads) the hot paths. */
export const WARMUP_CPU_MS = 300;
export const WARMUP_BATCHES = 20;

/**
 * Batches of each kind a child runs in one turn: long enough that the first batch of a turn, which finds
 * the caches holding the previous child's data, is one of many (the middle-half mean leaves it out);
 * short enough (tens of ms) that all variants see the same load on the machine.
 */
export const TURN = 20;

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

/** A started child: its answers, and a request/reply channel to it. */
interface Child {
  readonly variant: Variant;
  readonly pid: number;
  readonly ready: Promise<Extract<ChildReply, { type: 'ready' }>>;
  ask(m: ParentMessage): Promise<ChildReply>;
  stop(): void;
}

/**
 * Every child serves every kind, in the same turns, whichever of its figures are used (KINDS_OF): a child
 * given fewer kinds runs a different sequence of work between the others' turns, and read dearer for it
 * (Express with 20 routes: 0.92 of corsair with two kinds, 0.99 with the four corsair serves).
 */
function startChild(fw: Framework, v: Variant): Child {
  const argv = ['--import', 'tsx', CHILD, fw, v, KINDS.join(',')];
  const proc: ChildProcess = spawn(process.execPath, argv, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: { resolve: (r: ChildReply) => void; reject: (e: Error) => void } | undefined;
  const next = () => new Promise<ChildReply>((resolve, reject) => (pending = { resolve, reject }));
  const ready = next() as Child['ready'];
  proc.on('message', (m: ChildReply) => pending?.resolve(m));
  let exited: Error | undefined;
  proc.on('exit', (code) => {
    exited = new Error(`in-process child ${fw} ${v} exited with ${code}`);
    pending?.reject(exited);
  });
  return {
    variant: v,
    pid: proc.pid!,
    ready,
    ask: (m) => {
      if (exited) return Promise.reject(exited);
      const reply = next();
      proc.send(m);
      return reply;
    },
    stop: () => {
      pending = undefined;
      proc.kill('SIGTERM');
    },
  };
}

/** Status and CORS lines per variant and kind, from a round's children. */
type Answers = Map<Variant, Map<RequestKind, string>>;

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

/** Pins a process, every thread of it, to the measuring core (or does nothing without taskset). */
type Pin = (pid: number) => void;

/**
 * One round of a framework: its children started and warmed up at once (on whichever core is free:
 * nothing is timed yet), then pinned to one core and taking turns.
 */
async function round(fw: Framework, r: number, opts: InProcessOptions, pin: Pin) {
  const children = variantsOf(fw).map((v) => startChild(fw, v));
  try {
    const answers: Answers = new Map();
    for (const c of children)
      answers.set(c.variant, new Map(Object.entries((await c.ready).answers) as [RequestKind, string][]));
    for (const [v, a] of answers)
      if (a.size !== KINDS.length) throw new Error(`in-process child ${fw} ${v} does not serve every kind`);
    await Promise.all(children.map((c) => c.ask({ type: 'warmup' })));
    for (const c of children) pin(c.pid);
    const us = new Map(children.map((c) => [c.variant, new Map<RequestKind, number[]>()]));
    for (let t = 0; t * TURN < opts.batches; t++)
      for (const c of rotated(children, r + t)) {
        const reply = await c.ask({ type: 'run', batches: Math.min(TURN, opts.batches - t * TURN) });
        if (reply.type !== 'ran')
          throw new Error(`in-process child ${fw} ${c.variant}: unexpected ${reply.type}`);
        const byKind = us.get(c.variant)!;
        for (const [k, xs] of Object.entries(reply.us) as [RequestKind, number[]][])
          byKind.set(k, [...(byKind.get(k) ?? []), ...xs]);
      }
    return { answers, us };
  } finally {
    for (const c of children) c.stop();
  }
}

async function measureFramework(fw: Framework, opts: InProcessOptions, pin: Pin, out: InProcessRun) {
  const cells = new Map<string, CpuCell & { slices: { cpuUs: number }[] }>();
  let first: Answers | undefined;
  for (let r = 0; r < opts.rounds; r++) {
    const { answers, us } = await round(fw, r, opts, pin);
    if (first === undefined) {
      first = answers;
      const answer = async (v: Variant, k: RequestKind) => answers.get(v)!.get(k)!;
      await checkHeadersVariant(fw, KINDS_OF.headers, answer, opts.log);
      out.peerDifferences.push(...peerDifferences(fw, answers));
    } else checkSameAsFirst(fw, first, answers);
    for (const [variant, byKind] of us)
      for (const [kind, xs] of byKind) {
        if (!KINDS_OF[variant].includes(kind)) continue;
        const cell = cells.get(`${variant}/${kind}`) ?? { framework: fw, variant, kind, slices: [] };
        cell.slices.push({ cpuUs: middleMean(xs) });
        cells.set(`${variant}/${kind}`, cell);
      }
    opts.log(`  ${fw}: in-process round ${r + 1} of ${opts.rounds} done`);
  }
  out.cells.push(...cells.values());
}

/**
 * Run the in-process part for the Node frameworks (the edge runtimes are skipped: their servers are not
 * node request listeners).
 *
 * @example
 * const { cells } = await runInProcess({ rounds: 5, batches: 100, log: console.log });
 */
export async function runInProcess(opts: InProcessOptions): Promise<InProcessRun> {
  const core = pinning().serverCore;
  const pin: Pin = (pid) => {
    if (core !== null) execFileSync('taskset', ['-a', '-p', '-c', core, String(pid)], { stdio: 'ignore' });
  };
  const note =
    core !== null
      ? `each child pinned to core ${core}, every thread, once warmed up (\`taskset -a -p -c ${core}\`)`
      : 'children NOT pinned (taskset or a second core is missing)';
  const out: InProcessRun = { cells: [], pin: note, peerDifferences: [] };
  opts.log(`In process: ${note}; ${opts.rounds} rounds, ${opts.batches} timed batches per kind and child`);
  for (const fw of opts.frameworks ?? FRAMEWORKS) {
    if (isEdge(fw)) {
      opts.log(`  ${fw}: not measured in process (its server is not a node request listener)`);
      continue;
    }
    await measureFramework(fw, opts, pin, out);
  }
  return out;
}
