import http1 from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveProbes, scanMany, scanTarget } from '../../src/audit/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { startZoo, TRUSTED, ZOO } from './zoo.js';

let zoo: Awaited<ReturnType<typeof startZoo>>;
let http: HttpTransport;
beforeAll(async () => {
  zoo = await startZoo();
  http = createHttpTransport({ timeoutMs: 5000 });
});
afterAll(async () => {
  await http.close();
  await zoo.close();
});

describe('scan finds exactly the bug each zoo server has', () => {
  it.each(ZOO.map((a, i) => [a.name, i] as const))('%s', async (_name, i) => {
    const animal = ZOO[i]!;
    const result = await scanTarget(zoo.urls[i]!, { send: http.send, trustedOrigin: TRUSTED });
    expect(result.error).toBeNull();
    expect(result.findings.map((f) => f.id).sort()).toEqual([...animal.expect].sort());
    for (const f of result.findings) {
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.fix.length).toBeGreaterThan(10);
      // The evidence really shows the proving origin being sent.
      expect(f.evidence[0]!.exchange.request.headers).toContainEqual(['Origin', f.origin]);
    }
  });
});

describe('severity follows exploitability', () => {
  it('reflection with credentials is critical, without credentials low', async () => {
    const withCreds = await scanTarget(zoo.urls[0]!, { send: http.send, trustedOrigin: TRUSTED });
    const without = await scanTarget(zoo.urls[1]!, { send: http.send, trustedOrigin: TRUSTED });
    expect(withCreds.findings.find((f) => f.id === 'origin-reflection')?.severity).toBe('critical');
    expect(without.findings.find((f) => f.id === 'origin-reflection')?.severity).toBe('low');
  });
  it('a bypass proved only by the preflight is one level lower (requests can be sent, not read)', async () => {
    const i = ZOO.findIndex((a) => a.name === 'OPTIONS handler reflects any origin, GET does not');
    const r = await scanTarget(zoo.urls[i]!, { send: http.send, trustedOrigin: TRUSTED });
    expect(r.findings.find((f) => f.id === 'origin-reflection')).toMatchObject({
      severity: 'high',
      preflight: true,
    });
  });

  it('missing Vary on a credentialed reflection is medium', async () => {
    const i = ZOO.findIndex((a) => a.name === 'exact match without Vary');
    const r = await scanTarget(zoo.urls[i]!, { send: http.send, trustedOrigin: TRUSTED });
    expect(r.findings[0]).toMatchObject({ id: 'missing-vary', severity: 'medium', origin: TRUSTED });
  });
});

describe('scanMany', () => {
  it('scans all targets, reports unreachable ones and keeps going', async () => {
    const seen: string[] = [];
    const targets = [zoo.urls[0]!, 'http://127.0.0.1:1/', 'not a url', zoo.urls[2]!];
    const results = await scanMany(targets, {
      send: http.send,
      trustedOrigin: TRUSTED,
      concurrency: 2,
      perHostRps: 0,
      onResult: (r) => void seen.push(r.target),
    });
    expect(results.map((r) => r.target)).toEqual(targets);
    expect(results[1]!.error?.code).toBe('HTTP_CONNECTION_REFUSED');
    expect(results[2]!.error?.code).toBe('HTTP_INVALID_URL');
    expect(results[3]!.findings.map((f) => f.id)).toEqual(['null-origin']);
    expect(seen.sort()).toEqual([...targets].sort());
  });

  it('never scans more targets at once than --concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = await Promise.all(
      [0, 1, 2, 3].map(() =>
        serveSlow(() => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          return () => inFlight--;
        }),
      ),
    );
    try {
      const results = await scanMany(
        slow.map((s) => s.url),
        { send: http.send, trustedOrigin: TRUSTED, concurrency: 2, perHostRps: 0 },
      );
      expect(results.every((r) => r.error === null)).toBe(true);
      expect(peak).toBe(2);
    } finally {
      for (const s of slow) await s.close();
    }
  });

  // The cap is on what corsair sends: the moments it hands a request to the transport. What the server
  // sees can bunch by delivery jitter on a loaded machine (a request delayed 50 ms lands next to the
  // following one), which no client can prevent, so the server is checked for having received them all.
  it('--rate (perHostRps) is a hard cap: corsair never sends more than that in any second', async () => {
    let received = 0;
    const counted = http1.createServer((req, res) => {
      received++;
      res.setHeader('Vary', 'Origin');
      res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
      res.end();
    });
    await new Promise<void>((r) => counted.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(counted.address() as AddressInfo).port}/`;
    const sent: number[] = [];
    try {
      const results = await scanMany([`${url}a`, `${url}b`], {
        send: (request) => {
          sent.push(performance.now());
          return http.send(request);
        },
        perHostRps: 15,
        concurrency: 2,
      });
      expect(results.every((r) => r.error === null)).toBe(true);
      let busiest = 0;
      for (let i = 0, j = 0; i < sent.length; i++) {
        while (j < sent.length && sent[j]! < sent[i]! + 1000) j++;
        busiest = Math.max(busiest, j - i);
      }
      expect(sent.length).toBeGreaterThan(15);
      expect(busiest).toBeLessThanOrEqual(15);
      expect(received).toBe(sent.length);
    } finally {
      counted.closeAllConnections();
      counted.close();
    }
  });
});

describe('deriveProbes', () => {
  it('derives the classic variants from the trusted origin', () => {
    const origins = deriveProbes('https://api.example.com/', 'https://app.example.com').map((p) => p.origin);
    expect(origins).toEqual(
      expect.arrayContaining([
        'https://app.example.com',
        'null',
        'https://evilexample.com',
        'https://app.example.com.corsair-attacker.net',
        'https://appxexample.com',
        'https://corsair-probe.example.com',
        'http://app.example.com',
        'https://corsair-probe.github.io',
      ]),
    );
  });
  it('derives from the target when no origin is given, and skips host tricks on IP addresses', () => {
    const ids = new Set(deriveProbes('http://127.0.0.1:8080/').map((p) => p.id));
    expect(ids.has('pre-domain-bypass')).toBe(false);
    expect(ids.has('origin-reflection')).toBe(true);
  });
});

/** A server that answers after 5 ms and reports each request's start and end. */
async function serveSlow(start: () => () => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http1.createServer((_req, res) => {
    const end = start();
    setTimeout(() => {
      end();
      res.end();
    }, 5);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
