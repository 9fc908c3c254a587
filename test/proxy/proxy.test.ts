// The proxy against a real upstream on loopback. Tests that need the loopback upstream pass
// allowPrivate: true; the refusal path runs without it (see ssrf.test.ts).
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatLogEntry } from '../../src/proxy/log.js';
import {
  type RunningProxy,
  rawHeader,
  startProxy,
  startUpstream,
  type Upstream,
  watchConnections,
} from './helpers.js';

const PAGE = 'http://localhost:5173';
const cors = { origins: [PAGE], methods: '*' as const, allowedHeaders: '*' as const, credentials: true };

let upstream: Upstream;
let proxy: RunningProxy;

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/echo') {
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size < 65536) chunks.push(c);
      });
      req.on('end', () => {
        res.writeHead(200, [
          'Content-Type',
          'application/json',
          'Access-Control-Allow-Origin',
          '*',
          'Access-Control-Allow-Methods',
          'DELETE',
          'Access-Control-Allow-Credentials',
          'false',
          'Vary',
          'Accept-Encoding',
          'Connection',
          'X-Hop',
          'X-Hop',
          'secret',
          'X-Kept',
          'yes',
        ]);
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            headers: req.rawHeaders,
            body: Buffer.concat(chunks).toString(),
            size,
          }),
        );
      });
      return;
    }
    if (url.pathname === '/redirect') {
      res.writeHead(Number(url.searchParams.get('status') ?? 302), {
        Location: url.searchParams.get('to') ?? '/',
      });
      res.end();
      return;
    }
    if (url.pathname === '/cookie') {
      res.writeHead(200, [
        'Set-Cookie',
        `sid=abc; Domain=127.0.0.1; Path=/; SameSite=Lax; HttpOnly`,
        'Set-Cookie',
        'theme=dark; Path=/',
      ]);
      res.end('ok');
      return;
    }
    if (url.pathname === '/reset') {
      req.socket.destroy();
      return;
    }
    if (url.pathname === '/slow') return; // never answers
    if (url.pathname === '/stall-body') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first chunk');
      return; // then silence
    }
    if (url.pathname === '/huge') {
      const total = Number(url.searchParams.get('mb')) * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) });
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    res.writeHead(404).end();
  });
  proxy = await startProxy({
    targets: [`${upstream.url}/`],
    cors,
    allowPrivate: true,
    cookies: 'rewrite',
    timeoutMs: 400,
  });
});

afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});

afterEach(() => {
  upstream.seen.length = 0;
  proxy.logs.length = 0;
});

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

async function json(
  r: Response,
): Promise<{ method: string; url: string; headers: string[]; body: string; size: number }> {
  return (await r.json()) as never;
}

describe('forwarding', () => {
  it('appends the path and query to the target and replaces the upstream CORS headers with the policy decision', async () => {
    const r = await fetch(`${proxy.url}/echo?a=1&b=two`, { headers: { Origin: PAGE } });
    expect(r.status).toBe(200);
    const body = await json(r);
    expect(body.url).toBe('/echo?a=1&b=two');
    expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(r.headers.get('access-control-allow-credentials')).toBe('true');
    expect(r.headers.get('access-control-allow-methods')).toBeNull();
    expect(r.headers.get('vary')).toBe('Accept-Encoding, Origin');
    expect(r.headers.get('x-kept')).toBe('yes');
    // Hop-by-hop: the field the upstream's Connection header named does not cross the proxy.
    expect(r.headers.get('x-hop')).toBeNull();
  });

  it('sends Host of the upstream, X-Forwarded-*, and strips the client hop-by-hop headers', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${proxy.url}/echo`, {
        headers: {
          Origin: PAGE,
          Connection: 'keep-alive, X-Client-Hop',
          'X-Client-Hop': '1',
          'Proxy-Authorization': 'Basic eDp5',
          TE: 'trailers',
          'X-Forwarded-For': '203.0.113.9',
        },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const seen = upstream.seen[0]!;
    expect(rawHeader(seen.headers, 'host')).toEqual([`127.0.0.1:${upstream.port}`]);
    expect(rawHeader(seen.headers, 'x-forwarded-for')).toEqual(['203.0.113.9, 127.0.0.1']);
    expect(rawHeader(seen.headers, 'x-forwarded-host')).toEqual([new URL(proxy.url).host]);
    expect(rawHeader(seen.headers, 'x-forwarded-proto')).toEqual(['http']);
    expect(rawHeader(seen.headers, 'origin')).toEqual([PAGE]);
    for (const name of ['x-client-hop', 'proxy-authorization', 'te'])
      expect(rawHeader(seen.headers, name)).toEqual([]);
  });

  it('answers preflights itself: the upstream never sees them', async () => {
    const r = await fetch(`${proxy.url}/echo`, {
      method: 'OPTIONS',
      headers: {
        Origin: PAGE,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type, x-token',
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(r.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(r.headers.get('access-control-allow-headers')).toBe('content-type, x-token');
    expect(r.headers.get('vary')).toBe(
      'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
    );
    expect(upstream.seen).toEqual([]);
    expect(proxy.logs[0]?.cors).toBe('preflight-allowed');
  });

  it('refuses a disallowed origin without forwarding (no CORS headers, nothing reaches the upstream)', async () => {
    const r = await fetch(`${proxy.url}/echo`, {
      method: 'POST',
      body: 'a=1',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(403);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(r.headers.get('corsair-proxy-error')).toBe('PROXY_ORIGIN_REFUSED');
    expect(upstream.seen).toEqual([]);
    const pre = await fetch(`${proxy.url}/echo`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('streams a request body and keeps the method', async () => {
    const r = await fetch(`${proxy.url}/echo`, {
      method: 'PATCH',
      body: 'hello body',
      headers: { Origin: PAGE },
    });
    const body = await json(r);
    expect(body.method).toBe('PATCH');
    expect(body.body).toBe('hello body');
  });

  it('refuses requests that name another destination (absolute-form) and Host names that could be rebound', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(proxy.url);
      const s = connect(Number(port), '127.0.0.1', () => {
        s.end(
          `GET http://127.0.0.1:${upstream.port}/echo HTTP/1.1\r\nHost: 127.0.0.1:${upstream.port}\r\nOrigin: ${PAGE}\r\nConnection: close\r\n\r\n`,
        );
      });
      let data = '';
      s.on('data', (d) => {
        data += d.toString();
      });
      s.on('end', () => resolve(data));
      s.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('PROXY_NOT_A_RELAY');
    expect(upstream.seen).toEqual([]);

    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${proxy.url}/echo`, { headers: { Host: 'attacker.example', Origin: PAGE } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    for (const host of ['evil.example@localhost', 'localhost/x', 'localhost evil']) {
      const raw = await new Promise<string>((resolve, reject) => {
        const s = connect(Number(new URL(proxy.url).port), '127.0.0.1', () => {
          s.end(`GET /echo HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${PAGE}\r\nConnection: close\r\n\r\n`);
        });
        let data = '';
        s.on('data', (d) => {
          data += d.toString();
        });
        s.on('end', () => resolve(data));
        s.on('error', reject);
      });
      expect(raw, host).toMatch(/^HTTP\/1\.1 (400|403)/);
    }
    expect(upstream.seen).toEqual([]);
  });

  it('logs one line per request with origin, method, path, status, decision and time', async () => {
    await (await fetch(`${proxy.url}/echo`, { headers: { Origin: PAGE } })).text();
    await (await fetch(`${proxy.url}/echo`)).text();
    expect(proxy.logs).toHaveLength(2);
    const [a, b] = proxy.logs;
    expect(formatLogEntry(a!)).toMatch(/^\S+Z http:\/\/localhost:5173 GET \/echo 200 cors=allowed \d+ms$/);
    expect(formatLogEntry(b!)).toMatch(/^\S+Z - GET \/echo 200 cors=not-cors \d+ms$/);
  });
});

describe('redirects', () => {
  it('rewrites Location of an upstream redirect back through the proxy (absolute and relative)', async () => {
    for (const to of [`${upstream.url}/echo?x=1`, '/echo?x=1']) {
      const r = await fetch(`${proxy.url}/redirect?status=302&to=${encodeURIComponent(to)}`, {
        headers: { Origin: PAGE },
        redirect: 'manual',
      });
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe(`${proxy.url}/echo?x=1`);
      expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    }
  });

  it.each([307, 308])(
    '%i keeps the method and the body when the client follows it through the proxy',
    async (status) => {
      const r = await fetch(`${proxy.url}/redirect?status=${status}&to=${encodeURIComponent('/echo')}`, {
        method: 'PUT',
        body: 'payload',
        headers: { Origin: PAGE },
      });
      const body = await json(r);
      expect(body.method).toBe('PUT');
      expect(body.body).toBe('payload');
      expect(upstream.seen.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual([
        'PUT /redirect',
        'PUT /echo',
      ]);
    },
  );

  it.each([
    ['http://10.0.0.1/admin', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[::1]:9/', 'loopback'],
    ['http://localhost:9/', 'not a configured target'],
    ['https://evil.example/', 'not a configured target'],
  ])('refuses a redirect to %s before any connection (502 with CORS headers)', async (to, why) => {
    const watch = watchConnections();
    try {
      const r = await fetch(`${proxy.url}/redirect?status=307&to=${encodeURIComponent(to)}`, {
        headers: { Origin: PAGE },
        redirect: 'manual',
      });
      expect(r.status).toBe(502);
      expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(r.headers.get('location')).toBeNull();
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('PROXY_REDIRECT_REFUSED');
      expect(body.error.message).toContain(why);
    } finally {
      watch.stop();
    }
    // The only connections were the test's own and the proxy's to the loopback upstream.
    const ports = new Set([String(upstream.port), new URL(proxy.url).port]);
    for (const a of watch.attempts) expect(ports.has(a.split(':').pop()!), a).toBe(true);
  });
});

describe('cookies', () => {
  it.each([
    ['keep', ['sid=abc; Domain=127.0.0.1; Path=/; SameSite=Lax; HttpOnly', 'theme=dark; Path=/']],
    [
      'rewrite',
      ['sid=abc; Path=/; HttpOnly; SameSite=None; Secure', 'theme=dark; Path=/; SameSite=None; Secure'],
    ],
    ['strip', []],
  ] as const)('--cookies %s', async (mode, expected) => {
    const p = await startProxy({ targets: [upstream.url], cors, allowPrivate: true, cookies: mode });
    try {
      const r = await fetch(`${p.url}/cookie`, { headers: { Origin: PAGE } });
      expect(r.headers.getSetCookie()).toEqual(expected);
    } finally {
      await p.close();
    }
  });
});

describe('upstream failures become 502/504 that still carry CORS headers', () => {
  it('upstream down → 502 PROXY_UPSTREAM_UNREACHABLE', async () => {
    const gone = await startUpstream(() => {});
    await gone.close();
    const p = await startProxy({ targets: [gone.url], cors, allowPrivate: true });
    try {
      const r = await fetch(`${p.url}/x`, { headers: { Origin: PAGE } });
      expect(r.status).toBe(502);
      expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('PROXY_UPSTREAM_UNREACHABLE');
      expect(p.logs[0]?.error).toBe('PROXY_UPSTREAM_UNREACHABLE');
    } finally {
      await p.close();
    }
  });

  it('connection reset → 502 PROXY_UPSTREAM_RESET', async () => {
    const r = await fetch(`${proxy.url}/reset`, { headers: { Origin: PAGE } });
    expect(r.status).toBe(502);
    expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('PROXY_UPSTREAM_RESET');
  });

  it('slow upstream → 504 PROXY_UPSTREAM_TIMEOUT after the configured timeout', async () => {
    const t0 = performance.now();
    const r = await fetch(`${proxy.url}/slow`, { headers: { Origin: PAGE } });
    const elapsed = performance.now() - t0;
    expect(r.status).toBe(504);
    expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('PROXY_UPSTREAM_TIMEOUT');
    // Not before the configured timeout; no upper wall-clock bound (a busy machine only delays it, and a
    // timer that never fires hits vitest's test timeout).
    expect(elapsed).toBeGreaterThanOrEqual(350);
  });

  it('an upstream that stalls mid-body cuts the page connection and logs it', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(`${proxy.url}/stall-body`, { headers: { Origin: PAGE } });
      req.on('response', (res) => {
        let data = '';
        res.on('data', (d) => {
          data += d.toString();
        });
        res.on('error', () => resolve(`cut after '${data}'`));
        res.on('aborted', () => resolve(`cut after '${data}'`));
        res.on('end', () => resolve(`ended after '${data}'`));
      });
      req.on('error', () => resolve('request error'));
      req.end();
    });
    expect(outcome).toBe("cut after 'first chunk'");
    await waitFor(() => proxy.logs.length === 1);
    expect(proxy.logs.at(-1)?.error).toBe('PROXY_UPSTREAM_TIMEOUT');
  });
});

describe('the page going away', () => {
  it('aborts the upstream transfer and logs PROXY_PAGE_CLOSED', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${proxy.url}/huge?mb=512`, { headers: { Origin: PAGE } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      req.on('close', () => resolve());
      req.end();
      setTimeout(() => reject(new Error('no data')), 5000);
    });
    await waitFor(() => proxy.logs.length === 1);
    expect(proxy.logs[0]?.status).toBe(200);
    expect(proxy.logs[0]?.error).toBe('PROXY_PAGE_CLOSED');
  });
});

describe('streaming keeps memory flat', () => {
  function sampleRss(): { peak: () => number; stop: () => void } {
    let peak = process.memoryUsage().rss;
    const t = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    return { peak: () => peak, stop: () => clearInterval(t) };
  }

  it('streams a 256 MiB response through without buffering it', async () => {
    const p = await startProxy({ targets: [upstream.url], cors, allowPrivate: true, timeoutMs: 10_000 });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    const sampler = sampleRss();
    try {
      const received = await new Promise<number>((resolve, reject) => {
        httpRequest(`${p.url}/huge?mb=256`, { headers: { Origin: PAGE } }, (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => {
            n += c.length;
          });
          res.on('end', () => resolve(n));
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      });
      expect(received).toBe(256 * 1024 * 1024);
    } finally {
      sampler.stop();
      await p.close();
    }
    // Buffering would add at least 256 MiB; streaming stays within socket buffers and not-yet-collected chunks (~60 MiB measured).
    expect(sampler.peak() - before).toBeLessThan(128 * 1024 * 1024);
  }, 60_000);

  it('streams a 256 MiB upload through without buffering it', async () => {
    const p = await startProxy({ targets: [upstream.url], cors, allowPrivate: true, timeoutMs: 10_000 });
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    const sampler = sampleRss();
    const total = 256 * 1024 * 1024;
    try {
      const chunk = Buffer.alloc(64 * 1024, 121);
      const body = Readable.from(
        (function* () {
          for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
        })(),
      );
      const size = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${p.url}/echo`,
          { method: 'POST', headers: { Origin: PAGE, 'Content-Type': 'application/octet-stream' } },
          (res) => {
            let text = '';
            res.on('data', (d) => {
              text += d.toString();
            });
            res.on('end', () => resolve((JSON.parse(text) as { size: number }).size));
          },
        );
        req.on('error', reject);
        body.pipe(req);
      });
      expect(size).toBe(total);
    } finally {
      sampler.stop();
      await p.close();
    }
    expect(sampler.peak() - before).toBeLessThan(128 * 1024 * 1024);
  }, 60_000);
});

describe('--verbose', () => {
  it("logs what the upstream's own CORS headers would have made Chromium do", async () => {
    const p = await startProxy({ targets: [upstream.url], cors, allowPrivate: true, verbose: true });
    try {
      // The upstream answers 'Access-Control-Allow-Origin: *': fine without credentials, blocked with cookies.
      await (await fetch(`${p.url}/echo`, { headers: { Origin: PAGE } })).text();
      await (await fetch(`${p.url}/echo`, { headers: { Origin: PAGE, Cookie: 'sid=1' } })).text();
      await waitFor(() => p.logs.length === 2);
      expect(p.logs[0]?.upstreamVerdict).toBe('chromium would allow it');
      expect(p.logs[1]?.upstreamVerdict).toMatch(/^chromium would BLOCK: .*wildcard '\*'/);
      expect(formatLogEntry(p.logs[1]!)).toContain('\n    upstream alone: chromium would BLOCK');
      // A request that needs a preflight: the verdict asks the upstream's OPTIONS (it lists only DELETE).
      await (
        await fetch(`${p.url}/echo`, {
          method: 'PUT',
          headers: { Origin: PAGE, 'Content-Type': 'application/json' },
          body: '{}',
        })
      ).text();
      await waitFor(() => p.logs.length === 3);
      expect(p.logs[2]?.upstreamVerdict).toMatch(/BLOCK: .*Method PUT is not allowed/);
    } finally {
      await p.close();
    }
  });

  // The page's own browser sends its User-Agent through the proxy: the verdict is that engine's, in its
  // own console words (user agents as Firefox ESR and Safari send them).
  it.each([
    [
      'firefox',
      'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      /^firefox would BLOCK: Cross-Origin Request Blocked: .*Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘\*’/,
    ],
    [
      'webkit',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      /^webkit would BLOCK: .*Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true\./,
    ],
    [
      'chromium',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      /^chromium would BLOCK: Access to fetch at .*wildcard '\*'/,
    ],
  ])('judges as the page’s own browser: %s', async (engine, ua, message) => {
    const p = await startProxy({ targets: [upstream.url], cors, allowPrivate: true, verbose: true });
    try {
      const headers = { Origin: PAGE, 'User-Agent': ua };
      await (await fetch(`${p.url}/echo`, { headers })).text();
      await (await fetch(`${p.url}/echo`, { headers: { ...headers, Cookie: 'sid=1' } })).text();
      await waitFor(() => p.logs.length === 2);
      expect(p.logs[0]?.upstreamVerdict).toBe(`${engine} would allow it`);
      expect(p.logs[1]?.upstreamVerdict).toMatch(message);
    } finally {
      await p.close();
    }
  });
});
