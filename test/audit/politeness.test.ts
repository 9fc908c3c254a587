// The politeness rules, driven by a fake clock: HostRate on its own, then the pacer against scripted
// servers living in fake time (rate limits, Retry-After, 503, timeouts). Real loopback servers are in
// scan-scale.test.ts.
import { describe, expect, it } from 'vitest';
import { createPacer, type PaceEvent, type PacerOptions } from '../../src/audit/pacer.js';
import { HostRate, retryAfterMs } from '../../src/audit/politeness.js';
import type { HttpRequest, HttpResponse } from '../../src/exchange.js';
import { TransportError } from '../../src/http/errors.js';
import { FakeClock } from './fake-clock.js';

/**
 * Send at the current rate for `ms`, every answer ok after `latency` (one request in flight at a time, so
 * time only moves forward); returns the time reached.
 */
function healthy(h: HostRate, from: number, ms: number, latency = 5): number {
  let t = from;
  while (t < from + ms) {
    h.onSend(t);
    h.onAnswer({ sentAt: t, at: t + latency, signal: 'ok' });
    t += Math.max(h.gapMs, latency);
  }
  return t;
}

describe('HostRate', () => {
  it('starts at 10 requests per second, or at the cap when lower', () => {
    expect(new HostRate().rate).toBe(10);
    expect(new HostRate({ maxRate: 3 }).rate).toBe(3);
  });

  it('doubles each healthy epoch it used (slow start), and never passes the cap', () => {
    const h = new HostRate({ maxRate: 100 });
    const seen: number[] = [];
    let t = 0;
    for (let i = 0; i < 12; i++) {
      t = healthy(h, t, 600);
      seen.push(h.rate);
    }
    expect(seen.slice(0, 3)).toEqual([20, 40, 80]);
    expect(Math.max(...seen)).toBe(100);
    expect(h.backoffCount).toBe(0);
  });

  it('does not rise on a rate it did not use', () => {
    const h = new HostRate();
    for (let t = 0; t < 5000; t += 1000) {
      h.onSend(t);
      h.onAnswer({ sentAt: t, at: t + 5, signal: 'ok' });
    }
    expect(h.rate).toBe(10);
  });

  it('429: waits Retry-After, learns a ceiling from what the host accepted, and stays under it', () => {
    const h = new HostRate();
    let t = healthy(h, 0, 3000); // up to 80/s
    expect(h.rate).toBeGreaterThan(20);
    // The host accepted 20 in the last second, then refused.
    for (let i = 0; i < 20; i++) h.onAnswer({ sentAt: t + 10 + i * 45, at: t + 15 + i * 45, signal: 'ok' });
    t += 1000;
    h.onAnswer({ sentAt: t, at: t + 5, signal: 'rate-limited', retryAfterMs: 2000 });
    expect(h.pausedUntil).toBe(t + 5 + 2000);
    expect(h.ceiling).toBe(18);
    expect(h.rate).toBeLessThanOrEqual(18);
    expect(h.backoffs.get('rate-limited')).toBe(1);
    t = healthy(h, h.pausedUntil, 60_000);
    expect(h.rate).toBeLessThanOrEqual(18);
  });

  it('429 without Retry-After: pauses 1 s, doubling for each refusal in a row, at most 30 s', () => {
    const h = new HostRate();
    const pauses: number[] = [];
    let t = 0;
    for (let i = 0; i < 7; i++) {
      t = Math.max(t, h.pausedUntil) + 1;
      h.onAnswer({ sentAt: t, at: t, signal: 'rate-limited' });
      pauses.push(h.pausedUntil - t);
    }
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('requests already in flight when the rate was cut do not cut it again', () => {
    const h = new HostRate({ initialRate: 40 });
    for (let i = 0; i < 5; i++) h.onAnswer({ sentAt: 0, at: 100 + i, signal: 'unavailable' });
    expect(h.rate).toBe(20);
    expect(h.backoffCount).toBe(1);
    h.onAnswer({ sentAt: 200, at: 210, signal: 'unavailable' });
    expect(h.rate).toBe(10);
  });

  it('503 halves the rate; only with Retry-After does it pause the host', () => {
    const h = new HostRate({ initialRate: 40 });
    h.onAnswer({ sentAt: 0, at: 10, signal: 'unavailable' });
    expect([h.rate, h.pausedUntil]).toEqual([20, 0]);
    h.onAnswer({ sentAt: 20, at: 30, signal: 'unavailable', retryAfterMs: 3000 });
    expect([h.rate, h.pausedUntil]).toEqual([10, 3030]);
  });

  it('timeouts and dropped connections slow a host that was answering, and mean nothing from one that never did', () => {
    const absent = new HostRate({ initialRate: 40 });
    absent.onAnswer({ sentAt: 0, at: 10, signal: 'connection-error' });
    absent.onAnswer({ sentAt: 20, at: 30, signal: 'timeout' });
    expect([absent.rate, absent.pausedUntil, absent.backoffCount]).toEqual([40, 0, 0]);
    const loaded = new HostRate({ initialRate: 40 });
    loaded.onAnswer({ sentAt: 0, at: 5, signal: 'ok' });
    loaded.onAnswer({ sentAt: 10, at: 20, signal: 'timeout' });
    expect(loaded.rate).toBe(20);
    expect(loaded.pausedUntil).toBe(1020);
    expect(loaded.backoffs.get('timeout')).toBe(1);
  });

  it('slows down when latency rises well above the best seen, and keeps rising while it stays flat', () => {
    const h = new HostRate();
    let t = healthy(h, 0, 2000, 5);
    const before = h.rate;
    t = healthy(h, t, 3000, 200);
    expect(h.rate).toBeLessThan(before);
    expect(h.backoffs.get('latency')).toBeGreaterThanOrEqual(1);
    const after = h.rate;
    healthy(h, t, 1200, 6);
    expect(h.rate).toBeGreaterThan(after);
  });
});

describe('retryAfterMs (RFC 9110 §10.2.3)', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:27:58 GMT');
  it.each([
    ['2', 2000],
    ['0', 0],
    [' 120 ', 120_000],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 2000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ['Wednesday, 21-Oct-15 07:28:00 GMT', 2000],
    ['1.5', undefined],
    ['-1', undefined],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %j', (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });
});

/** A server in fake time: answers after `latency` ms; `answer` decides the status from its own counters. */
function fakeServer(
  clock: FakeClock,
  answer: (times: readonly number[], req: HttpRequest) => HttpResponse | Error,
  latency = 5,
) {
  const times: number[] = [];
  const urls: string[] = [];
  const send = (req: HttpRequest) =>
    new Promise<HttpResponse>((resolve, reject) => {
      times.push(clock.now());
      urls.push(req.url);
      const res = answer(times, req);
      clock.setTimeout(() => (res instanceof Error ? reject(res) : resolve(res)), latency);
    });
  return { send, times, urls };
}

/** A limit like nginx's limit_req or a token-bucket API gateway: 429 above `n` in the last second. */
function limitedTo(n: number, retryAfter = '1') {
  return (times: readonly number[]): HttpResponse => {
    const now = times[times.length - 1] as number;
    const inWindow = times.filter((t) => t > now - 1000).length;
    return inWindow > n
      ? { status: 429, headers: [['Retry-After', retryAfter]] }
      : { status: 200, headers: [] };
  };
}

/** Most requests the server saw in any 1 s window that starts at or after `from`. */
function busiestSecond(times: readonly number[], from: number): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    if ((times[i] as number) < from) continue;
    let j = i;
    while (j < times.length && (times[j] as number) < (times[i] as number) + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

/** `workers` loops, each sending `each` requests one after another, as scan's targets do. */
function load(send: (r: HttpRequest) => Promise<HttpResponse>, workers: number, each: number) {
  return Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const statuses: number[] = [];
      for (let i = 0; i < each; i++)
        statuses.push((await send({ method: 'GET', url: `http://api.test/${w}/${i}`, headers: [] })).status);
      return statuses;
    }),
  );
}

function pacerOn(clock: FakeClock, send: (r: HttpRequest) => Promise<HttpResponse>, o: PacerOptions = {}) {
  const events: PaceEvent[] = [];
  const pacer = createPacer(send, { clock, onEvent: (e) => events.push(e), ...o });
  return { pacer, events };
}

describe('the pacer against servers in fake time', () => {
  it('a server answering 429 above 20/s sees at most 20 in any second after its first 429 (plus one second), and every request gets through', async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, limitedTo(20));
    const { pacer, events } = pacerOn(clock, server.send);
    const statuses = await clock.runFor(load(pacer.send, 8, 40));
    expect(statuses.flat().every((s) => s === 200)).toBe(true);
    const first429 = server.times.find((_, i) => limitedTo(20)(server.times.slice(0, i + 1)).status === 429);
    expect(first429).toBeDefined();
    expect(busiestSecond(server.times, (first429 as number) + 1000)).toBeLessThanOrEqual(20);
    expect(events.filter((e) => e.kind === 'retry').length).toBeGreaterThan(0);
    expect(server.times.length).toBe(8 * 40 + events.filter((e) => e.kind === 'retry').length);
  });

  it('a healthy fast host is soon scanned at hundreds of requests per second', async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, () => ({ status: 200, headers: [] }), 1);
    const { pacer } = pacerOn(clock, server.send);
    await clock.runFor(load(pacer.send, 16, 400));
    expect(pacer.hostRate('api.test')?.rate).toBeGreaterThanOrEqual(640);
    expect(busiestSecond(server.times, 4000)).toBeGreaterThan(500);
  });

  it('--rate is a hard cap from the first request', async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, () => ({ status: 200, headers: [] }), 1);
    const { pacer } = pacerOn(clock, server.send, { maxRate: 5 });
    await clock.runFor(load(pacer.send, 4, 10));
    expect(busiestSecond(server.times, 0)).toBeLessThanOrEqual(5);
  });

  it('--rate 0 does not pace, yet still waits out a 429 and sends the request again', async () => {
    const clock = new FakeClock();
    let refused = false;
    const server = fakeServer(clock, (times) => {
      if (times.length === 10 && !refused) {
        refused = true;
        return { status: 429, headers: [['Retry-After', '3']] };
      }
      return { status: 200, headers: [] };
    });
    const { pacer } = pacerOn(clock, server.send, { maxRate: 0 });
    const statuses = await clock.runFor(load(pacer.send, 4, 10));
    expect(statuses.flat()).toEqual(new Array(40).fill(200));
    expect(server.times.length).toBe(41);
    // Unpaced: the four workers started at once; after the refusal, the host was left alone for 3 s.
    expect(server.times.slice(0, 4)).toEqual([0, 0, 0, 0]);
    const again = server.urls.indexOf(server.urls[9]!, 10);
    expect(server.times[again]! - server.times[9]!).toBeGreaterThanOrEqual(3000);
  });

  it('503 with Retry-After is waited out and sent again; 503 without it is the answer', async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, (times, req) => {
      if (req.url.endsWith('/plain')) return { status: 503, headers: [] };
      return times.length === 1
        ? { status: 503, headers: [['Retry-After', '2']] }
        : { status: 200, headers: [] };
    });
    const { pacer } = pacerOn(clock, server.send);
    const first = await clock.runFor(pacer.send({ method: 'GET', url: 'http://api.test/x', headers: [] }));
    expect(first.status).toBe(200);
    expect(server.times[1]! - server.times[0]!).toBeGreaterThanOrEqual(2000);
    const plain = await clock.runFor(
      pacer.send({ method: 'GET', url: 'http://api.test/plain', headers: [] }),
    );
    expect(plain.status).toBe(503);
    expect(server.times).toHaveLength(3);
  });

  it('a host that keeps answering 429 fails that request with SCAN_RATE_LIMITED after 8 attempts', async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, () => ({ status: 429, headers: [] }));
    const { pacer } = pacerOn(clock, server.send);
    const failed = pacer
      .send({ method: 'GET', url: 'http://api.test/', headers: [] })
      .catch((e: unknown) => e);
    expect(await clock.runFor(failed, 3_600_000)).toMatchObject({ code: 'SCAN_RATE_LIMITED' });
    expect(server.times).toHaveLength(8);
  });

  it('a Retry-After longer than corsair waits fails at once, and so do the next requests to that host', async () => {
    const clock = new FakeClock();
    const server = fakeServer(clock, () => ({ status: 429, headers: [['Retry-After', '3600']] }));
    const { pacer } = pacerOn(clock, server.send);
    const req = { method: 'GET', url: 'http://api.test/', headers: [] };
    const a = await clock.runFor(pacer.send(req).catch((e: unknown) => e));
    const b = await clock.runFor(pacer.send(req).catch((e: unknown) => e));
    expect(a).toMatchObject({ code: 'SCAN_RATE_LIMITED', message: expect.stringContaining('3600 s') });
    expect(b).toMatchObject({ code: 'SCAN_RATE_LIMITED' });
    expect(server.times).toHaveLength(1);
  });

  it('a timeout from a host that was answering is retried once; from a host never reached it is not', async () => {
    const clock = new FakeClock();
    let n = 0;
    const timeout = () =>
      new TransportError('HTTP_TIMEOUT', 'No response.', 'Raise --timeout.', {
        details: { url: 'http://api.test/' },
      });
    const server = fakeServer(clock, () => (++n === 2 ? timeout() : { status: 200, headers: [] }));
    const { pacer, events } = pacerOn(clock, server.send);
    const req = { method: 'GET', url: 'http://api.test/', headers: [] };
    await clock.runFor(pacer.send(req));
    expect((await clock.runFor(pacer.send(req))).status).toBe(200);
    expect(events.filter((e) => e.kind === 'retry')).toEqual([
      { kind: 'retry', host: 'api.test', reason: 'timeout' },
    ]);

    const dead = fakeServer(clock, timeout);
    const other = pacerOn(clock, dead.send).pacer;
    expect(await clock.runFor(other.send(req).catch((e: unknown) => e))).toBeInstanceOf(TransportError);
    expect(dead.times).toHaveLength(1);
  });
});

describe('a host that stops answering', () => {
  it('after 5 network failures in a row its other requests fail at once with SCAN_HOST_UNREACHABLE; an answer resets the count', async () => {
    const clock = new FakeClock();
    let up = true;
    const down = () =>
      new TransportError('HTTP_TIMEOUT', 'No response.', 'Raise --timeout.', {
        details: { url: 'http://api.test/' },
      });
    const server = fakeServer(clock, () => (up ? { status: 200, headers: [] } : down()));
    const { pacer } = pacerOn(clock, server.send);
    const req = { method: 'GET', url: 'http://api.test/', headers: [] };
    const attempt = () =>
      clock.runFor(
        pacer.send(req).then(
          (r) => r.status,
          (e: { code: string }) => e.code,
        ),
      );
    expect(await attempt()).toBe(200);
    up = false;
    // The host had answered: each failure is retried once, so two requests use up four of the five.
    expect([await attempt(), await attempt()]).toEqual(['HTTP_TIMEOUT', 'HTTP_TIMEOUT']);
    up = true;
    expect(await attempt()).toBe(200);
    up = false;
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(String(await attempt()));
    expect(codes).toEqual([
      // Two requests and their retries fail four times; the third fails a fifth time, its retry is refused.
      'HTTP_TIMEOUT',
      'HTTP_TIMEOUT',
      ...new Array(4).fill('SCAN_HOST_UNREACHABLE'),
    ]);
    expect(server.times).toHaveLength(1 + 4 + 1 + 5);
  });
});

describe('the pacer over a very large inventory', () => {
  it('remembers at most 10,000 hosts: the least recently used idle one is forgotten, a paused one is kept', async () => {
    const send = async (req: HttpRequest): Promise<HttpResponse> =>
      req.url.startsWith('http://h0.test/')
        ? { status: 429, headers: [['Retry-After', '60']] }
        : { status: 200, headers: [] };
    const pacer = createPacer(send, { maxRetryAfterMs: 1000 });
    const get = (host: string) => pacer.send({ method: 'GET', url: `http://${host}/`, headers: [] });
    await expect(get('h0.test')).rejects.toMatchObject({ code: 'SCAN_RATE_LIMITED' });
    for (let i = 1; i <= 10_000; i++) await get(`h${i}.test`);
    expect(pacer.hostRate('h0.test')?.pausedUntil).toBeGreaterThan(0);
    expect(pacer.hostRate('h1.test')).toBeUndefined();
    expect(pacer.hostRate('h2.test')).toBeDefined();
    expect(pacer.hostRate('h10000.test')).toBeDefined();
  });
});
