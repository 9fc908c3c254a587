import { CorsairError } from '../errors.js';
import { type Clock, createPacer, hostOf, type PaceEvent, type Pacer } from './pacer.js';
import { fingerprint, inherit, pathPattern, type ScanRecord } from './probe-dedup.js';
import { type ScanOptions, scanTarget } from './scan.js';
import type { TargetResult } from './types.js';

export type { ScanRecord } from './probe-dedup.js';

/**
 * Options of `scanMany` and `scanEach`.
 *
 * @example
 * const opts: ScanManyOptions = { send: http.send, concurrency: 16, perHostRps: 50 };
 */
export interface ScanManyOptions extends Omit<ScanOptions, 'beforeRequest'> {
  /** Targets scanned at once, all hosts together. Default 16. */
  readonly concurrency?: number;
  /**
   * Hard cap on requests per second to one host. Undefined (the default): adaptive, starting at 10 and
   * rising while the host stays healthy. 0: unlimited, no pacing (429s are still waited out and retried).
   */
  readonly perHostRps?: number | undefined;
  /** Probe only the first target of each host and path pattern fully (see `pathPattern`). Default false. */
  readonly dedupe?: boolean;
  /** Called once per target as soon as it is done, with its position in the input. */
  readonly onResult?: (result: ScanRecord, index: number) => void | Promise<void>;
  /** Requests, back-offs and retries as they happen (progress displays). */
  readonly onEvent?: (event: PaceEvent) => void;
  /** Time source of the pacer (tests). */
  readonly clock?: Clock;
}

/** Targets read ahead of the workers, so one slow host does not hold every worker. */
const LOOKAHEAD_PER_WORKER = 64;

interface Job {
  readonly target: string;
  readonly index: number;
  readonly host: string;
}

/**
 * Scan a stream of targets with bounded memory: at most `concurrency` at once, a bounded look-ahead, and
 * every result handed to `onResult` and then dropped. A host that is slowed down or paused gets fewer
 * targets in flight while targets of other hosts go ahead. A target that fails (network, TLS, bad URL, a
 * host that keeps answering 429) yields a result with `error` set; the others go on. Returns the number
 * of targets read.
 *
 * @example
 * await scanEach(readLines('targets.txt'), { send: http.send, onResult: (r) => out.write(`${JSON.stringify(r)}\n`) });
 */
export async function scanEach(
  targets: Iterable<string> | AsyncIterable<string>,
  options: ScanManyOptions,
): Promise<number> {
  const pacer = createPacer(options.send, {
    maxRate: options.perHostRps,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const scanOne = targetScanner(options, pacer);
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const iterator = toAsyncIterator(targets);
  const pending: Job[] = [];
  const active = new Map<string, number>();
  let running = 0;
  let read = 0;
  let exhausted = false;
  let failure: { error: unknown } | null = null;
  let wake: () => void = () => {};

  const start = (job: Job) => {
    running++;
    active.set(job.host, (active.get(job.host) ?? 0) + 1);
    void (async () => {
      try {
        await options.onResult?.(await scanOne(job.target), job.index);
      } catch (error) {
        failure ??= { error };
      } finally {
        running--;
        active.set(job.host, (active.get(job.host) ?? 1) - 1);
        wake();
      }
    })();
  };

  for (;;) {
    try {
      while (!exhausted && failure === null && pending.length < concurrency * LOOKAHEAD_PER_WORKER) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else pending.push({ target: next.value, index: read++, host: hostOf(next.value) ?? '' });
      }
    } catch (error) {
      failure ??= { error };
    }
    while (failure === null && running < concurrency) {
      const i = pending.findIndex((j) => (active.get(j.host) ?? 0) < pacer.targetsInFlight(j.host));
      if (i === -1) break;
      start(pending.splice(i, 1)[0] as Job);
    }
    if (running === 0 && (failure !== null || (exhausted && pending.length === 0))) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  if (failure !== null) throw failure.error;
  return read;
}

/**
 * Scan targets and return every result in input order (for a list that fits in memory; `scanEach`
 * streams).
 *
 * @example
 * const results = await scanMany(['https://a.example.com/', 'https://b.example.com/'], { send: http.send });
 */
export async function scanMany(targets: readonly string[], options: ScanManyOptions): Promise<ScanRecord[]> {
  const results: ScanRecord[] = new Array(targets.length);
  await scanEach(targets, {
    ...options,
    onResult: async (r, i) => {
      results[i] = r;
      await options.onResult?.(r, i);
    },
  });
  return results;
}

/** Groups remembered for `--dedupe`; the oldest is forgotten first (memory stays bounded). */
const MAX_GROUPS = 1000;

interface Group {
  readonly fingerprint: Promise<string | null>;
  readonly result: Promise<TargetResult>;
}

function targetScanner(options: ScanManyOptions, pacer: Pacer): (target: string) => Promise<ScanRecord> {
  const { concurrency: _c, perHostRps: _r, dedupe, onResult: _o, onEvent: _e, clock: _k, ...rest } = options;
  const scanOptions: ScanOptions = { ...rest, send: pacer.send };
  const full = (target: string) => guarded(target, () => scanTarget(target, scanOptions));
  if (!dedupe) return full;
  const groups = new Map<string, Group>();
  const probe = (target: string) =>
    fingerprint(pacer.send, target, options.trustedOrigin, options.headers).then(
      (f) => f,
      () => null,
    );
  return async (target) => {
    const key = pathPattern(target);
    if (key === null) return full(target);
    const group = groups.get(key);
    if (!group) {
      const fp = probe(target);
      const result = fp.then(() => full(target));
      if (groups.size >= MAX_GROUPS) groups.delete(groups.keys().next().value as string);
      groups.set(key, { fingerprint: fp.then((f) => f?.key ?? null), result });
      return result;
    }
    const mine = await probe(target);
    const [theirs, leader] = await Promise.all([group.fingerprint, group.result]);
    if (mine !== null && theirs !== null && mine.key === theirs && leader.error === null)
      return inherit(leader, target, mine.requests);
    return full(target);
  };
}

async function guarded(target: string, scan: () => Promise<TargetResult>): Promise<TargetResult> {
  try {
    return await scan();
  } catch (err) {
    return { target, findings: [], error: describeError(err), requests: 0 };
  }
}

function describeError(err: unknown): { code: string; message: string; fix: string } {
  if (err instanceof CorsairError) return err.toJSON();
  return {
    code: 'SCAN_FAILED',
    message: err instanceof Error ? err.message : String(err),
    fix: 'Report this as a bug.',
  };
}

function toAsyncIterator(targets: Iterable<string> | AsyncIterable<string>): AsyncIterator<string> {
  if (Symbol.asyncIterator in targets) return targets[Symbol.asyncIterator]();
  const it = targets[Symbol.iterator]();
  return { next: async () => it.next() };
}
