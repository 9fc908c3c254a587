import { SingleBar } from 'cli-progress';
import type { PaceEvent } from '../audit/pacer.js';
import type { TargetResult } from '../audit/types.js';
import type { CliIO } from './io.js';

/**
 * The scan's progress on a terminal: a bar filled by requests (out of an estimate that the finished
 * targets refine), targets done, requests sent and their rate over the last seconds,
 * back-offs (429, 503, timeouts, dropped connections, rising latency), findings. Nothing off a terminal.
 *
 * @example
 * const progress = scanProgress(io, true, 1000); progress.event({ kind: 'request', host: 'a' }); progress.stop();
 */
export interface ScanProgress {
  readonly event: (e: PaceEvent) => void;
  readonly result: (r: TargetResult) => void;
  readonly stop: () => void;
}

// Before the first target finishes: about 20 crafted origins, a GET and a preflight each.
const REQUESTS_PER_TARGET_GUESS = 40;
const WINDOW_MS = 2000;
const BUCKET_MS = 250;

/**
 * Start the bar when `io` is a terminal and `enabled`; `total` is the number of targets to scan (null
 * when unknown in advance).
 *
 * @example
 * const progress = scanProgress(io, flags.progress, todo);
 */
export function scanProgress(io: CliIO, enabled: boolean, total: number | null): ScanProgress {
  if (!io.isTTY || !enabled || !io.progressStream || total === 0)
    return { event: () => {}, result: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream: io.progressStream,
    // From a pipe the total is unknown: no bar, a count.
    // The bar fills by requests (a target is 20 to 60 of them), so it moves while one target is probed.
    format: `scanning ${total === null ? '{done}' : '[{bar}] {done}/{shown}'} targets | {requests}${total === null ? '' : '/~{expected}'} requests, {rps} req/s | {backoffs} back-offs | {findings} findings`,
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
  });
  const buckets = new Array<number>(WINDOW_MS / BUCKET_MS).fill(0);
  let bucketAt = Math.floor(performance.now() / BUCKET_MS);
  const state = { done: 0, requests: 0, finishedRequests: 0, backoffs: 0, findings: 0 };
  // Requests expected in all: the finished targets' own, plus the rest at their average so far.
  const expected = () => {
    if (total === null) return 0;
    const each = state.done > 0 ? state.finishedRequests / state.done : REQUESTS_PER_TARGET_GUESS;
    return Math.max(state.requests, Math.round(state.finishedRequests + (total - state.done) * each));
  };
  const rps = () => {
    const now = Math.floor(performance.now() / BUCKET_MS);
    for (; bucketAt < now; bucketAt++) buckets[(bucketAt + 1) % buckets.length] = 0;
    return buckets;
  };
  const payload = () => {
    const b = rps();
    const sum = b.reduce((a, x) => a + x, 0) - (b[bucketAt % b.length] ?? 0);
    return {
      ...state,
      expected: expected(),
      shown: total ?? '?',
      rps: Math.round(sum / ((WINDOW_MS - BUCKET_MS) / 1000)),
    };
  };
  const update = () => {
    bar.setTotal(Math.max(1, expected()));
    bar.update(state.requests, payload());
  };
  bar.start(Math.max(1, expected()), 0, payload());
  // Ctrl-C mid-scan: give the terminal its cursor back; the results file already holds finished targets.
  const onSigint = () => {
    bar.stop();
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  return {
    event: (e) => {
      if (e.kind === 'request') {
        state.requests++;
        const b = rps();
        b[bucketAt % b.length] = (b[bucketAt % b.length] ?? 0) + 1;
      } else if (e.kind === 'backoff') state.backoffs++;
      update();
    },
    result: (r) => {
      state.done++;
      state.finishedRequests += r.requests;
      state.findings += r.findings.length;
      update();
    },
    stop: () => {
      process.off('SIGINT', onSigint);
      bar.stop();
    },
  };
}
