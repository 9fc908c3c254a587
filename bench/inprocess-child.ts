// One variant of one framework, alone in its process (bench/inprocess.ts starts one per variant and
// round, so that no other app makes node's or the framework's code polymorphic), driven over IPC:
//   tsx bench/inprocess-child.ts <framework> <variant> <kind,kind,…>   (with an IPC channel)
// It builds the app, reads one answer per kind and reports them (`ready`); on `warmup` it runs batches
// until WARMUP_CPU_MS of CPU and WARMUP_BATCHES per kind have passed (`warm`); on `run` it times `batches`
// batches of each kind, the kinds taking turns batch by batch, and reports CPU µs per request of each
// batch (`ran`). A batch: fresh IncomingMessage/ServerResponse pairs (no socket: node still validates
// every header and serializes the head) through the listener the framework's own server calls.
// bench/upstream/headers.mjs repeats this loop standalone (for framework maintainers): keep them in step.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { corsSummary, headPairs } from './answers.js';
import { REQUESTS, type RequestKind } from './http.js';
import {
  batchSize,
  type ChildReply,
  type ParentMessage,
  WARMUP_BATCHES,
  WARMUP_CPU_MS,
} from './inprocess.js';
import type { Framework, Variant } from './scenarios.js';
import { PATH } from './scenarios.js';
import { appOf } from './server.js';

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

async function warmUp(run: Run, kinds: readonly RequestKind[]): Promise<void> {
  const start = process.cpuUsage();
  for (let b = 0; ; b++) {
    const used = process.cpuUsage(start);
    if (b >= WARMUP_BATCHES && used.user + used.system >= WARMUP_CPU_MS * 1000) return;
    for (const k of kinds) await batch(run, k);
  }
}

async function timed(run: Run, kinds: readonly RequestKind[], batches: number) {
  const us: Partial<Record<RequestKind, number[]>> = Object.fromEntries(kinds.map((k) => [k, []]));
  for (let b = 0; b < batches; b++) for (const k of kinds) us[k]!.push((await batch(run, k)).us);
  return us;
}

async function main(): Promise<void> {
  const [fw, variant, kindList] = process.argv.slice(2) as [Framework, Variant, string];
  const kinds = kindList.split(',') as RequestKind[];
  const { listener } = await appOf(fw, variant);
  const run: Run = { listener: listener as Listener, size: batchSize(fw), what: `${fw} ${variant}` };
  const send = (m: ChildReply) => process.send!(m);
  const answers: Partial<Record<RequestKind, string>> = {};
  for (const k of kinds) answers[k] = await answerOf(run, k);
  process.on('message', (m: ParentMessage) => {
    const reply =
      m.type === 'warmup'
        ? warmUp(run, kinds).then((): ChildReply => ({ type: 'warm' }))
        : timed(run, kinds, m.batches).then((us): ChildReply => ({ type: 'ran', us }));
    reply.then(send, (e: Error) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    });
  });
  send({ type: 'ready', answers });
}

if (process.argv[1]?.endsWith('inprocess-child.ts')) await main();
