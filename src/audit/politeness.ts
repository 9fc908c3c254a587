// How fast `scan` may talk to one host, learned from the host's own answers. Pure state: no timers and no
// I/O, every method takes the time, so the rules are unit-tested with a fake clock (test/audit/politeness).
//
// The shape is TCP's: slow start (double the rate each healthy epoch), then additive increase once the host
// has pushed back, multiplicative decrease on trouble. An explicit 429 teaches a ceiling the rate never
// crosses again in this scan: the server said how much it accepts, and a polite client believes it.

/**
 * What the host's answer to one request said about its load.
 *
 * @example
 * const s: LoadSignal = 'rate-limited'; // a 429
 */
export type LoadSignal = 'ok' | 'rate-limited' | 'unavailable' | 'timeout' | 'connection-error';

/**
 * Why the rate went down (shown as back-offs on the progress bar).
 *
 * @example
 * const r: BackoffReason = 'latency';
 */
export type BackoffReason = Exclude<LoadSignal, 'ok'> | 'latency';

/**
 * Options of `HostRate`.
 *
 * @example
 * const o: HostRateOptions = { maxRate: 50 };
 */
export interface HostRateOptions {
  /** Hard cap in requests per second (`--rate`); undefined means no cap. */
  readonly maxRate?: number;
  /** The first rate tried. Default 10 requests per second (or the cap, if lower). */
  readonly initialRate?: number;
  /** The rate never falls below this. Default 0.5 requests per second. */
  readonly minRate?: number;
}

/** An epoch closes after this long (and at least `EPOCH_MIN_ANSWERS` answers) and may raise the rate. */
const EPOCH_MS = 500;
const EPOCH_MIN_ANSWERS = 4;
/** Latency counts as risen when an epoch's median exceeds the best median by this factor plus slack. */
const LATENCY_FACTOR = 2;
const LATENCY_SLACK_MS = 20;
/** The learned ceiling keeps this share of what the server accepted in the second before its 429. */
const CEILING_MARGIN = 0.9;
/** Waits when a 429 or 503 names no Retry-After: 1 s, doubling per refusal in a row, at most 30 s. */
const BASE_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30_000;

/**
 * The politeness state of one host: its current rate, the ceiling a 429 taught, when it may be spoken to
 * again, and counters for the progress bar.
 *
 * @example
 * const h = new HostRate({ maxRate: 100 });
 * h.onSend(0);
 * h.onAnswer({ sentAt: 0, at: 12, signal: 'ok' });
 * h.rate; // 10 until an epoch closes healthy
 */
export class HostRate {
  /** Requests per second now allowed. */
  rate: number;
  /** The most the host accepted before it answered 429 (times the margin); Infinity before any 429. */
  ceiling = Number.POSITIVE_INFINITY;
  /** No request may go out before this time (Retry-After, or a back-off pause). */
  pausedUntil = 0;
  /** How many times the rate went down, by reason. */
  readonly backoffs = new Map<BackoffReason, number>();
  /** Whether the host ever answered at all (a later network error is then transient, worth one retry). */
  answered = false;
  /** Timeouts and failed connections since the host last answered anything. */
  failuresInARow = 0;
  private readonly maxRate: number;
  private readonly minRate: number;
  private pushedBack = false;
  private refusalsInARow = 0;
  /** Requests sent before this time cannot cut the rate again: one cut per round of trouble. */
  private lastCut = Number.NEGATIVE_INFINITY;
  private epochStart = Number.NaN;
  private firstSend = Number.NaN;
  private epochSent = 0;
  private epochLatencies: number[] = [];
  private bestLatency = Number.POSITIVE_INFINITY;
  /** Send times of the requests the host accepted, kept for one second (the ceiling's measure). */
  private accepted: number[] = [];

  constructor(options: HostRateOptions = {}) {
    this.maxRate = options.maxRate ?? Number.POSITIVE_INFINITY;
    this.minRate = Math.min(options.minRate ?? 0.5, this.maxRate);
    this.rate = Math.min(options.initialRate ?? 10, this.maxRate);
  }

  /**
   * Whether the rate sits at a cap (`--rate`, or the ceiling a 429 taught): then spacing is strict and no
   * late slot is caught up, so no one-second window ever holds more than the cap.
   */
  get capped(): boolean {
    return this.rate >= Math.min(this.ceiling, this.maxRate);
  }

  /** Milliseconds between two requests at the current rate. */
  get gapMs(): number {
    return 1000 / this.rate;
  }

  /** Total back-offs, all reasons. */
  get backoffCount(): number {
    let n = 0;
    for (const v of this.backoffs.values()) n += v;
    return n;
  }

  /** A request leaves now. */
  onSend(now: number): void {
    if (Number.isNaN(this.epochStart)) {
      this.epochStart = now;
      this.firstSend = now;
    }
    this.epochSent++;
  }

  /**
   * The host answered (or failed) a request sent at `sentAt`. `retryAfterMs` is the wait the answer asked
   * for, if any.
   */
  onAnswer(event: {
    readonly sentAt: number;
    readonly at: number;
    readonly signal: LoadSignal;
    readonly retryAfterMs?: number | undefined;
  }): void {
    const { sentAt, at, signal } = event;
    const network = signal === 'timeout' || signal === 'connection-error';
    this.failuresInARow = network ? this.failuresInARow + 1 : 0;
    // A host that never answered is absent, not loaded: its targets fail fast, the rate means nothing.
    if (network && !this.answered) return;
    if (signal === 'ok') {
      this.answered = true;
      this.refusalsInARow = 0;
      this.accepted.push(sentAt);
      this.epochLatencies.push(at - sentAt);
      this.maybeCloseEpoch(at);
      return;
    }
    if (signal === 'rate-limited' || signal === 'unavailable') this.answered = true;
    // A 503 without Retry-After may be one endpoint's steady answer: slow down, but do not stall the host.
    if (signal === 'rate-limited' || (signal === 'unavailable' && event.retryAfterMs !== undefined)) {
      this.refusalsInARow++;
      const pause =
        event.retryAfterMs ?? Math.min(MAX_PAUSE_MS, BASE_PAUSE_MS * 2 ** (this.refusalsInARow - 1));
      this.pausedUntil = Math.max(this.pausedUntil, at + pause);
    }
    // A dropped connection from a host that was answering is load, not absence: give it a breath too.
    if (signal === 'timeout' || signal === 'connection-error')
      this.pausedUntil = Math.max(this.pausedUntil, at + BASE_PAUSE_MS);
    if (signal === 'rate-limited') this.learnCeiling(at);
    // One cut per round: the other requests already in flight carry the same news.
    if (sentAt < this.lastCut) return;
    this.cut(signal, at, signal === 'rate-limited' ? 1 : 0.5);
  }

  private learnCeiling(at: number): void {
    this.accepted = this.accepted.filter((t) => t > at - 1000);
    // Early in a scan the second is not full yet: scale what was accepted to a rate.
    const window = Math.min(1000, Math.max(100, at - this.firstSend));
    const ceiling = Math.max(this.minRate, ((this.accepted.length * 1000) / window) * CEILING_MARGIN);
    this.ceiling = Math.min(this.ceiling, ceiling);
    this.rate = Math.min(this.rate, this.ceiling);
  }

  private cut(reason: BackoffReason, at: number, factor: number): void {
    this.pushedBack = true;
    this.lastCut = at;
    this.rate = Math.max(this.minRate, this.rate * factor);
    this.backoffs.set(reason, (this.backoffs.get(reason) ?? 0) + 1);
    this.resetEpoch(at);
  }

  private maybeCloseEpoch(at: number): void {
    // The ceiling's window only needs the last second.
    if (this.accepted.length > 4096) this.accepted = this.accepted.filter((t) => t > at - 1000);
    const elapsed = at - this.epochStart;
    if (elapsed < EPOCH_MS || this.epochLatencies.length < EPOCH_MIN_ANSWERS) return;
    const median = medianOf(this.epochLatencies);
    this.bestLatency = Math.min(this.bestLatency, median);
    if (median > this.bestLatency * LATENCY_FACTOR + LATENCY_SLACK_MS) {
      this.cut('latency', at, 0.7);
      return;
    }
    // Raise only a rate that was used: a host held back by concurrency has told us nothing about more.
    const used = this.epochSent >= 0.5 * this.rate * (elapsed / 1000);
    if (used && this.epochStart >= this.lastCut) {
      const raised = this.pushedBack ? this.rate + Math.max(1, this.rate * 0.1) : this.rate * 2;
      this.rate = Math.min(raised, this.ceiling, this.maxRate);
    }
    this.resetEpoch(at);
  }

  private resetEpoch(at: number): void {
    this.epochStart = at;
    this.epochSent = 0;
    this.epochLatencies = [];
  }
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * Read a `Retry-After` value (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) as milliseconds from
 * `now` (a Unix time in ms, for the date form). Undefined when absent or unreadable.
 *
 * @example
 * retryAfterMs('2', Date.now()); // 2000
 * retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Only the HTTP-date forms; Date.parse would also accept things like "1".
  if (!/^[A-Za-z]{3},? /.test(v) && !/^[A-Za-z]+day, /.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
