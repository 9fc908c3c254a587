// A clock for the pacer that only moves when the test says so: timers run in time order, and the promise
// chains they start settle before the next timer runs.
import type { Clock } from '../../src/audit/pacer.js';

export class FakeClock implements Clock {
  private t = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  readonly now = (): number => this.t;
  readonly wallNow = (): number => Date.UTC(2026, 0, 1) + this.t;
  readonly setTimeout = (fn: () => void, ms: number): unknown => {
    this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, fn });
    return null;
  };

  /** Run every timer due up to `until` (ms), letting promise chains settle between them. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = Math.max(this.t, until);
    await settle();
  }

  /** Run timers until `done` settles (or `limit` ms of fake time pass). */
  async runFor<T>(done: Promise<T>, limit = 600_000): Promise<T> {
    let finished = false;
    const watched = done.finally(() => {
      finished = true;
    });
    while (!finished && this.t < limit) {
      await settle();
      if (finished) break;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) {
        await settle();
        if (!finished && this.timers.length === 0)
          throw new Error('fake clock: nothing scheduled and not done');
        continue;
      }
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    return watched;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}
