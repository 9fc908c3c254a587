// scanMany/scanEach against real loopback servers that push back (429 with Retry-After, 503, dropped
// connections, a request that never gets an answer), with default politeness. Assertions are on what the
// servers counted and on the results, never on elapsed time.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScanRecord, scanEach, scanMany } from '../../src/audit/index.js';
import type { HttpRequest, HttpResponse } from '../../src/exchange.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { serve, type TestServer } from '../cli/servers.js';
import { FakeClock } from './fake-clock.js';

const TRUSTED = 'https://app.example.com';

/** Reflects any origin with credentials: every target has the same two findings. */
function reflecting(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader('Vary', 'Origin');
  if (req.headers.origin) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
  res.end();
}

/** Allows only the trusted origin: no findings. */
function exact(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader('Vary', 'Origin');
  if (req.headers.origin === TRUSTED) res.setHeader('Access-Control-Allow-Origin', TRUSTED);
  res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
  res.end();
}

/** Most requests in any 1 s window that starts at or after `from` (ms timestamps, ascending). */
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

const ids = (r: ScanRecord) => r.findings.map((f) => f.id).sort();
const targetsOn = (s: TestServer, n: number, path = 'items') =>
  Array.from({ length: n }, (_, i) => `${s.url}${path}/${i}`);

let transport: HttpTransport;
beforeAll(() => {
  transport = createHttpTransport({ timeoutMs: 1500 });
});
afterAll(async () => {
  await transport.close();
});

describe('scan with default politeness against servers that push back', () => {
  it('a server answering 429 above 20/s: never more than 20 in any second after the first 429 plus one, no target lost', async () => {
    const times: number[] = [];
    let first429: number | null = null;
    const server = await serve((req, res) => {
      const now = performance.now();
      times.push(now);
      const inWindow = times.filter((t) => t > now - 1000).length;
      if (inWindow > 20) {
        first429 ??= now;
        res.writeHead(429, { 'Retry-After': '1' }).end();
        return;
      }
      reflecting(req, res);
    });
    try {
      const targets = targetsOn(server, 6);
      const results = await scanMany(targets, { send: transport.send });
      expect(results.map((r) => r.error)).toEqual(targets.map(() => null));
      for (const r of results) expect(ids(r)).toEqual(['null-origin', 'origin-reflection']);
      expect(first429).not.toBeNull();
      expect(busiestSecond(times, (first429 as unknown as number) + 1000)).toBeLessThanOrEqual(20);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('503 with Retry-After, a dropped connection and an unanswered request: every target still scanned in full', async () => {
    // Each trouble hits a request the first time it is seen, never its retry (retries have their budget).
    const seen = new Set<string>();
    let n = 0;
    const server = await serve((req, res) => {
      const key = `${req.method} ${req.url} ${req.headers.origin} ${req.headers['access-control-request-method']}`;
      if (seen.has(key)) return reflecting(req, res);
      seen.add(key);
      n++;
      if (n % 9 === 4) {
        res.writeHead(503, { 'Retry-After': '1' }).end();
        return;
      }
      if (n % 9 === 6) {
        req.socket.destroy();
        return;
      }
      if (n === 20) return; // never answered: the transport's deadline ends it
      reflecting(req, res);
    });
    try {
      const targets = targetsOn(server, 4);
      const results = await scanMany(targets, { send: transport.send, perHostRps: 0 });
      expect(results.map((r) => r.error?.message ?? null)).toEqual(targets.map(() => null));
      for (const r of results) expect(ids(r)).toEqual(['null-origin', 'origin-reflection']);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('--dedupe: same path pattern and same CORS answers inherit the first target’s findings; a different answer gets its own scan', async () => {
    const perPath = new Map<string, number>();
    const server = await serve((req, res) => {
      perPath.set(req.url ?? '', (perPath.get(req.url ?? '') ?? 0) + 1);
      if (req.url === '/files/2' || (req.url ?? '').startsWith('/users/')) reflecting(req, res);
      else exact(req, res);
    });
    try {
      const users = targetsOn(server, 4, 'users');
      const files = targetsOn(server, 3, 'files');
      const options = { send: transport.send, perHostRps: 0, trustedOrigin: TRUSTED };
      const plain = await scanMany([...users, ...files], options);
      perPath.clear();
      const deduped = await scanMany([...users, ...files], { ...options, dedupe: true });
      expect(deduped.map(ids)).toEqual(plain.map(ids));
      expect(deduped.map((r) => r.sameAs ?? null)).toEqual([
        null,
        users[0],
        users[0],
        users[0],
        null,
        files[0],
        null, // /files/2 reflects: its fingerprint differs, so it was scanned in full
      ]);
      expect(deduped[1]?.findings.every((f) => f.target === users[1])).toBe(true);
      // An inheriting target cost the server its three fingerprint requests, nothing more.
      for (const r of deduped) {
        const hits = perPath.get(new URL(r.target).pathname);
        expect(hits).toBe(r.sameAs ? 3 : 3 + (plain.find((p) => p.target === r.target)?.requests ?? -1));
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('scanEach streams', () => {
  it('reads an async stream of targets and reports each once with its input position', async () => {
    const server = await serve(exact);
    try {
      const targets = targetsOn(server, 12);
      async function* stream() {
        for (const t of targets) {
          await new Promise((r) => setImmediate(r));
          yield t;
        }
      }
      const got: [number, string][] = [];
      const read = await scanEach(stream(), {
        send: transport.send,
        perHostRps: 0,
        concurrency: 3,
        onResult: (r, i) => void got.push([i, r.target]),
      });
      expect(read).toBe(12);
      expect(got.sort((a, b) => a[0] - b[0])).toEqual(targets.map((t, i) => [i, t]));
    } finally {
      await server.close();
    }
  });

  it('a stream that fails stops the scan with its error (no hang, nothing started after it)', async () => {
    const server = await serve(exact);
    try {
      const done: string[] = [];
      async function* broken() {
        yield `${server.url}a`;
        throw Object.assign(new Error('input broke'), { code: 'SCAN_INPUT_BINARY' });
      }
      await expect(
        scanEach(broken(), {
          send: transport.send,
          perHostRps: 0,
          onResult: (r) => void done.push(r.target),
        }),
      ).rejects.toThrow('input broke');
      expect(done.length).toBeLessThanOrEqual(1);
    } finally {
      await server.close();
    }
  });

  it('a paused host does not hold every worker: the other host’s targets finish first (fake time)', async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    let pausedOnce = false;
    const send = (req: HttpRequest) =>
      new Promise<HttpResponse>((resolve) => {
        const slowHost = req.url.startsWith('http://slow.test/');
        const refuse = slowHost && !pausedOnce;
        if (refuse) pausedOnce = true;
        const res: HttpResponse = refuse
          ? { status: 429, headers: [['Retry-After', '30']] }
          : { status: 200, headers: [] };
        clock.setTimeout(() => resolve(res), 5);
      });
    const targets = [
      ...Array.from({ length: 6 }, (_, i) => `http://slow.test/${i}`),
      ...Array.from({ length: 2 }, (_, i) => `http://fast.test/${i}`),
    ];
    await clock.runFor(
      scanEach(targets, {
        send,
        clock,
        concurrency: 4,
        onResult: (r) => void order.push(new URL(r.target).host),
      }),
    );
    expect(order).toEqual(['fast.test', 'fast.test', ...new Array(6).fill('slow.test')]);
  });
});
