// One variant of one framework, alone in this process (bench/inprocess.ts spawns one per variant and
// round, so that no other app makes node's or the framework's code polymorphic):
//   tsx bench/inprocess-child.ts <framework> <variant> <kind,kind,…> <batches>
// Batches of fresh IncomingMessage/ServerResponse pairs (no socket: node still validates every header
// and serializes the head) go through the app's own request listener, the kinds taking turns batch by
// batch: first a warm-up (WARMUP_CPU_MS of CPU and at least WARMUP_BATCHES per kind), discarded, then
// `batches` batches per kind, each timed by process CPU time. Prints one JSON line, a ChildResult.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { corsSummary, headPairs } from './answers.js';
import { REQUESTS, type RequestKind } from './http.js';
import { batchSize, middleMean } from './inprocess.js';
import type { Framework, Variant } from './scenarios.js';
import { PATH } from './scenarios.js';
import { appOf } from './server.js';

/** Warm-up: long enough for V8 to optimize (and compile, on its own threads) the hot paths. */
const WARMUP_CPU_MS = 300;
const WARMUP_BATCHES = 20;

/** What a child measured for one kind. */
export interface ChildKind {
  readonly kind: RequestKind;
  /**
   * Process CPU time (user + system) per request, µs: the mean of the middle half of the timed batches
   * (the batches a GC pause or an interruption lands in fall outside it).
   */
  readonly cpuUs: number;
  /** The plain mean over all timed batches, µs, GC pauses included. */
  readonly meanUs: number;
  /** Status and CORS lines of the first answer (bench/answers.ts). */
  readonly answer: string;
}

export interface ChildResult {
  readonly framework: Framework;
  readonly variant: Variant;
  readonly kinds: ChildKind[];
}

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;
const socket = new Socket();

function freshPairs(kind: RequestKind, n: number): [IncomingMessage, ServerResponse][] {
  const { method, headers } = REQUESTS[kind];
  const out: [IncomingMessage, ServerResponse][] = [];
  for (let i = 0; i < n; i++) {
    const req = new IncomingMessage(socket);
    req.method = method;
    req.url = PATH;
    req.headers = { host: '127.0.0.1:3000', ...headers };
    out.push([req, new ServerResponse(req)]);
  }
  return out;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Let async handlers finish: every response must end within a few event-loop turns. */
async function settle(pairs: readonly [IncomingMessage, ServerResponse][], what: string): Promise<void> {
  for (let turn = 0; turn < 100; turn++) {
    await tick();
    if (pairs.every(([, res]) => res.writableEnded)) return;
  }
  throw new Error(`${what}: a response did not end`);
}

interface Run {
  readonly listener: Listener;
  readonly size: number;
  readonly what: string;
}

/** One batch of `kind` through the listener: CPU µs per request, and the pairs (to read an answer from). */
async function batch(run: Run, kind: RequestKind) {
  const pairs = freshPairs(kind, run.size);
  await tick();
  const t0 = process.cpuUsage();
  for (const [req, res] of pairs) run.listener(req, res);
  await settle(pairs, `${run.what} ${kind}`);
  const used = process.cpuUsage(t0);
  return { us: (used.user + used.system) / run.size, pairs };
}

async function answerOf(run: Run, kind: RequestKind): Promise<string> {
  const res = (await batch(run, kind)).pairs[0]![1] as ServerResponse & { _header: string };
  return corsSummary(res.statusCode, headPairs(res._header));
}

async function measure(run: Run, kinds: readonly RequestKind[], batches: number): Promise<ChildKind[]> {
  const answers = new Map<RequestKind, string>();
  for (const k of kinds) answers.set(k, await answerOf(run, k));
  const start = process.cpuUsage();
  for (let b = 0; ; b++) {
    const used = process.cpuUsage(start);
    if (b >= WARMUP_BATCHES && used.user + used.system >= WARMUP_CPU_MS * 1000) break;
    for (const k of kinds) await batch(run, k);
  }
  const per = new Map<RequestKind, number[]>(kinds.map((k) => [k, []]));
  for (let b = 0; b < batches; b++) for (const k of kinds) per.get(k)!.push((await batch(run, k)).us);
  return kinds.map((kind) => {
    const xs = per.get(kind)!;
    const meanUs = xs.reduce((a, x) => a + x, 0) / xs.length;
    return { kind, cpuUs: middleMean(xs), meanUs, answer: answers.get(kind)! };
  });
}

async function main(): Promise<void> {
  const [fw, variant, kinds, batches] = process.argv.slice(2) as [Framework, Variant, string, string];
  const { listener } = await appOf(fw, variant);
  const run: Run = { listener: listener as Listener, size: batchSize(fw), what: `${fw} ${variant}` };
  const out = await measure(run, kinds.split(',') as RequestKind[], Number(batches));
  const result: ChildResult = { framework: fw, variant, kinds: out };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1]?.endsWith('inprocess-child.ts')) await main();
