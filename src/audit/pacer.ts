// Puts `HostRate` to work: one queue per host releases requests no faster than the host's current rate,
// waits out Retry-After, and sends again what a 429 refused. Time comes from an injectable clock so the
// tests can drive it without sleeping.
import type { HttpRequest, HttpResponse } from '../exchange.js';
import { getCombined } from '../fetch/header-list.js';
import { TransportError } from '../http/errors.js';
import { type BackoffReason, HostRate, type LoadSignal, retryAfterMs } from './politeness.js';
import { ScanError } from './scan-error.js';
import type { Send } from './types.js';

/**
 * Where the pacer reads the time and sets its timers.
 *
 * @example
 * const clock: Clock = SYSTEM_CLOCK;
 */
export interface Clock {
  /** Monotonic milliseconds (intervals). */
  readonly now: () => number;
  /** Unix milliseconds (to read a Retry-After date). */
  readonly wallNow: () => number;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
}

/**
 * The real clock.
 *
 * @example
 * createPacer(send, { clock: SYSTEM_CLOCK });
 */
export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
};

/**
 * Something the pacer did, for progress displays.
 *
 * @example
 * const e: PaceEvent = { kind: 'backoff', host: 'api.example.com', reason: 'rate-limited' };
 */
export type PaceEvent =
  | { readonly kind: 'request'; readonly host: string }
  | { readonly kind: 'backoff'; readonly host: string; readonly reason: BackoffReason }
  | { readonly kind: 'retry'; readonly host: string; readonly reason: LoadSignal };

/**
 * Options of `createPacer`.
 *
 * @example
 * const o: PacerOptions = { maxRate: 50, onEvent: (e) => console.log(e.kind) };
 */
export interface PacerOptions {
  /**
   * Most requests per second to one host (`--rate`). Undefined: adaptive without a cap. 0: unlimited, no
   * pacing at all (a 429 is still waited out and retried, so no target is lost to it).
   */
  readonly maxRate?: number | undefined;
  /** The first rate tried per host. Default 10. */
  readonly initialRate?: number;
  readonly clock?: Clock;
  /** Times one request is sent when 429 keeps refusing it. Default 8. */
  readonly maxAttempts?: number;
  /** The longest Retry-After waited for; a host asking for more fails its targets. Default 120 s. */
  readonly maxRetryAfterMs?: number;
  readonly onEvent?: (event: PaceEvent) => void;
}

/**
 * A polite `send` plus what it knows about each host.
 *
 * @example
 * const pacer = createPacer(http.send); await pacer.send(request); pacer.hostRate('api.example.com')?.rate;
 */
export interface Pacer {
  readonly send: Send;
  /** The politeness state of `host` (URL host, with port), once a request went there. */
  readonly hostRate: (host: string) => HostRate | undefined;
  /** Targets worth having in flight on `host` at once: more only queue behind its rate. */
  readonly targetsInFlight: (host: string) => number;
}

/** How late a timer may fire before its slot is lost (timers are coarse on a busy event loop). */
const LATE_MS = 20;

/** One host's queue: requests leave one gap apart, never while the host is paused. */
class HostQueue {
  private readonly waiting: Array<() => void> = [];
  private nextAt = 0;
  private timer = false;

  constructor(
    readonly rate: HostRate,
    private readonly clock: Clock,
    private readonly paced: boolean,
  ) {}

  /** Nothing waiting to leave. */
  get idle(): boolean {
    return this.waiting.length === 0 && !this.timer;
  }

  /** Resolves when a request may leave; a retry goes first, its target already waited its turn. */
  acquire(first: boolean): Promise<void> {
    return new Promise((resolve) => {
      if (first) this.waiting.unshift(resolve);
      else this.waiting.push(resolve);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiting.length > 0) {
      const now = this.clock.now();
      const at = Math.max(this.paced ? this.nextAt : 0, this.rate.pausedUntil);
      if (at > now) {
        this.timer = true;
        this.clock.setTimeout(() => {
          this.timer = false;
          this.pump();
        }, at - now);
        return;
      }
      // GCRA: slots follow each other one gap apart. Below a cap, a slot missed because a timer fired
      // late may be caught up within LATE_MS (timers are coarse next to a 1 ms gap); at a cap, never, so
      // no second holds more than the cap. An idle host earns no burst either way.
      const late = this.rate.capped ? 0 : LATE_MS;
      this.nextAt = Math.max(this.nextAt, now - late) + (this.paced ? this.rate.gapMs : 0);
      this.waiting.shift()?.();
    }
  }
}

/**
 * Wrap `send` in per-host politeness: adaptive rate (see `HostRate`), `--rate` as a hard cap, Retry-After
 * honoured, a request refused by 429 sent again (up to `maxAttempts`), a 503 with Retry-After sent again
 * (up to 3 times), one retry after a timeout or dropped connection from a host that was answering.
 *
 * @example
 * const pacer = createPacer(createHttpTransport().send, { maxRate: 50 });
 * const res = await pacer.send({ method: 'GET', url: 'https://api.example.com/', headers: [] });
 */
export function createPacer(send: Send, options: PacerOptions = {}): Pacer {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const paced = options.maxRate !== 0;
  const queues = new Map<string, HostQueue>();
  const queueFor = (host: string): HostQueue => {
    let q = queues.get(host);
    if (q) {
      // Most recently used last: the front of the map is what may be forgotten first.
      queues.delete(host);
      queues.set(host, q);
      return q;
    }
    const rate = new HostRate({
      ...(paced && options.maxRate !== undefined ? { maxRate: options.maxRate } : {}),
      ...(options.initialRate !== undefined ? { initialRate: options.initialRate } : {}),
    });
    q = new HostQueue(rate, clock, paced);
    queues.set(host, q);
    if (queues.size > MAX_HOSTS) forgetIdle(queues, clock.now());
    return q;
  };
  const ctx: SendContext = {
    send,
    clock,
    maxAttempts: options.maxAttempts ?? 8,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
    emit: options.onEvent ?? (() => {}),
  };
  return {
    send: (request) => {
      const host = hostOf(request.url);
      // Not a URL: nothing to be polite to; the transport reports it.
      return host === null ? send(request) : politeSend(request, host, queueFor(host), ctx);
    },
    hostRate: (host) => queues.get(host)?.rate,
    targetsInFlight: (host) => {
      if (!paced || host === '') return Number.POSITIVE_INFINITY;
      return Math.max(2, Math.ceil(queueFor(host).rate.rate / 5));
    },
  };
}

/** Hosts remembered at once; an inventory of 100,000 hosts keeps memory flat by forgetting idle ones. */
const MAX_HOSTS = 10_000;

/** Forget the least recently used host that has nothing waiting and no pause to honour. */
function forgetIdle(queues: Map<string, HostQueue>, now: number): void {
  for (const [host, q] of queues)
    if (q.idle && q.rate.pausedUntil <= now) {
      queues.delete(host);
      return;
    }
}

interface SendContext {
  readonly send: Send;
  readonly clock: Clock;
  readonly maxAttempts: number;
  readonly maxRetryAfterMs: number;
  readonly emit: (event: PaceEvent) => void;
}

async function politeSend(
  request: HttpRequest,
  host: string,
  queue: HostQueue,
  ctx: SendContext,
): Promise<HttpResponse> {
  const { clock, emit } = ctx;
  const rate = queue.rate;
  // Each kind of trouble has its own budget, so a 503 before a dropped connection does not use up both.
  const tries = { 'rate-limited': 0, unavailable: 0, network: 0 };
  for (let attempt = 1; ; attempt++) {
    refuseLongWait(rate.pausedUntil - clock.now(), host, ctx.maxRetryAfterMs);
    refuseDeadHost(rate, host);
    await queue.acquire(attempt > 1);
    const sentAt = clock.now();
    rate.onSend(sentAt);
    emit({ kind: 'request', host });
    const before = rate.backoffCount;
    const report = (signal: LoadSignal, retryAfter?: number) => {
      rate.onAnswer({ sentAt, at: clock.now(), signal, retryAfterMs: retryAfter });
      if (rate.backoffCount > before)
        emit({ kind: 'backoff', host, reason: signal === 'ok' ? 'latency' : signal });
    };
    let response: HttpResponse;
    try {
      response = await ctx.send(request);
    } catch (err) {
      const signal = networkSignal(err);
      if (signal === null) throw err;
      const wasAnswering = rate.answered;
      report(signal);
      if (!wasAnswering || ++tries.network > 1) throw err;
      emit({ kind: 'retry', host, reason: signal });
      continue;
    }
    const signal = statusSignal(response.status);
    const wait = retryAfterMs(getCombined(response.headers, 'retry-after') ?? undefined, clock.wallNow());
    report(signal, wait);
    if (signal === 'ok') return response;
    if (wait !== undefined) refuseLongWait(wait, host, ctx.maxRetryAfterMs);
    const used = ++tries[signal as 'rate-limited' | 'unavailable'];
    const again = signal === 'rate-limited' ? used < ctx.maxAttempts : wait !== undefined && used < 3;
    if (again) {
      emit({ kind: 'retry', host, reason: signal });
      continue;
    }
    if (signal === 'rate-limited')
      throw new ScanError(
        'SCAN_RATE_LIMITED',
        `${host} still answered 429 Too Many Requests after ${used} attempts.`,
        'Lower --rate for this host, or rerun later with the same --output file to scan what is left.',
      );
    // A 503 without Retry-After may be the endpoint's real answer: scan reads it as such.
    return response;
  }
}

function refuseLongWait(ms: number, host: string, max: number): void {
  if (ms <= max) return;
  throw new ScanError(
    'SCAN_RATE_LIMITED',
    `${host} asked to wait ${Math.ceil(ms / 1000)} s (Retry-After), longer than the ${Math.round(max / 1000)} s corsair waits.`,
    'Rerun later with the same --output file: finished targets are kept and the rest are scanned.',
  );
}

/** Network failures in a row (no answer between them) after which a host's other targets are skipped. */
const MAX_FAILURES_IN_A_ROW = 5;

// A host that stopped answering (or never did) would cost every one of its targets a full timeout.
function refuseDeadHost(rate: HostRate, host: string): void {
  if (rate.failuresInARow < MAX_FAILURES_IN_A_ROW) return;
  throw new ScanError(
    'SCAN_HOST_UNREACHABLE',
    `${host} failed ${rate.failuresInARow} requests in a row (timeouts or refused connections): its remaining targets were skipped.`,
    'Check that the host is up and reachable from here, then rerun with the same --output file to scan the skipped targets.',
  );
}

function statusSignal(status: number): LoadSignal {
  if (status === 429) return 'rate-limited';
  if (status === 503) return 'unavailable';
  return 'ok';
}

function networkSignal(err: unknown): LoadSignal | null {
  if (!(err instanceof TransportError)) return null;
  if (err.code === 'HTTP_TIMEOUT') return 'timeout';
  if (
    err.code === 'HTTP_CONNECTION_RESET' ||
    err.code === 'HTTP_CONNECTION_REFUSED' ||
    err.code === 'HTTP_NETWORK_ERROR'
  )
    return 'connection-error';
  return null;
}

/**
 * The politeness key of a URL: its host with the port, or null when it is not a URL.
 *
 * @example
 * hostOf('https://api.example.com:8443/x'); // 'api.example.com:8443'
 */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
