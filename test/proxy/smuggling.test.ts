// Request smuggling and response splitting through the proxy (issue 13, item 1): the page and the
// upstream must never disagree on where a message ends. Raw bytes on real sockets, real upstreams.
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer as createNetServer, type Server as NetServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProxy, rawHeader, startProxy, startUpstream, type Upstream } from './helpers.js';

const PAGE = 'http://localhost:5173';
const cors = { origins: [PAGE], methods: '*' as const, allowedHeaders: '*' as const, credentials: true };

let upstream: Upstream;
let proxy: RunningProxy;
/** The body of every request the upstream received, in order. */
const bodies: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {});
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`answer for ${req.method} ${req.url}`);
    });
  });
  proxy = await startProxy({ targets: [`${upstream.url}/api`], cors, allowPrivate: true });
});

afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});

afterEach(() => {
  upstream.seen.length = 0;
  bodies.length = 0;
  proxy.logs.length = 0;
});

/** Send raw bytes; resolve with everything received once the server closes (or `until` holds). */
function raw(port: number, bytes: string, until?: (received: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const s = connect(port, '127.0.0.1', () => s.write(bytes));
    s.on('data', (d) => {
      data += d.toString('latin1');
      if (until?.(data)) {
        s.destroy();
        resolve(data);
      }
    });
    s.on('end', () => resolve(data));
    s.on('close', () => resolve(data));
    s.on('error', reject);
  });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

const smuggled = 'GET /admin/secret HTTP/1.1\r\nHost: internal.vhost\r\n\r\n';
const chunk = (s: string) => `${s.length.toString(16)}\r\n${s}\r\n0\r\n\r\n`;

describe('request smuggling (regressions of issue 13, item 1)', () => {
  it('GET with a chunked body is refused and nothing reaches the upstream, least of all outside the base path', async () => {
    const res = await raw(
      portOf(proxy.url),
      `GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${PAGE}\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`,
    );
    expect(res).toMatch(/^HTTP\/1\.1 400 /);
    expect(res).toContain('PROXY_BAD_FRAMING');
    // The page's connection is closed: its remaining bytes are never read as a request.
    expect(res).toMatch(/\r\nConnection: close\r\n/i);
    expect(upstream.seen).toEqual([]);
  });

  it('Connection: content-length cannot strip the framing: a DELETE body stays a body', async () => {
    const body = 'DELETE /api/users/1 HTTP/1.1\r\nHost: internal.vhost\r\n\r\n';
    const res = await raw(
      portOf(proxy.url),
      `DELETE /items HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${PAGE}\r\nConnection: content-length\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      (r) => r.includes('answer for'),
    );
    expect(res).toMatch(/^HTTP\/1\.1 200 /);
    expect(upstream.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['DELETE /api/items']);
    expect(rawHeader(upstream.seen[0]!.headers, 'content-length')).toEqual([String(body.length)]);
    expect(bodies).toEqual([body]);
  });

  it('a chunked DELETE is restated as chunked upstream, and a later page on the pooled connection gets its own answer', async () => {
    const body = 'GET /api/poison HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const first = await raw(
      portOf(proxy.url),
      `DELETE /a HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${PAGE}\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(body)}`,
      (r) => r.includes('answer for'),
    );
    expect(first).toContain('answer for DELETE /api/a');
    const later = await fetch(`${proxy.url}/b`, { headers: { Origin: PAGE } });
    expect(await later.text()).toBe('answer for GET /api/b');
    expect(upstream.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['DELETE /api/a', 'GET /api/b']);
    expect(rawHeader(upstream.seen[0]!.headers, 'transfer-encoding')).toEqual(['chunked']);
    expect(bodies[0]).toBe(body);
  });

  it.each([
    [
      'HEAD with a Content-Length body',
      `HEAD /a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
    ],
    [
      'GET with a Content-Length body',
      `GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
    ],
    [
      'HEAD with a chunked body',
      `HEAD /a HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`,
    ],
    [
      'an Upgrade request with a body',
      `POST /a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
    ],
  ])('%s is refused before the upstream', async (_name, request) => {
    const res = await raw(portOf(proxy.url), request);
    expect(res).toMatch(/^HTTP\/1\.1 400 /);
    expect(upstream.seen).toEqual([]);
  });

  it('an Upgrade request is answered without the upgrade and its connection closed, so trailing bytes never become a request', async () => {
    const res = await raw(
      portOf(proxy.url),
      `GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n${smuggled}`,
    );
    expect(res).toMatch(/^HTTP\/1\.1 200 /);
    expect(res).toMatch(/\r\nConnection: close\r\n/i);
    expect(upstream.seen.map((s) => s.url)).toEqual(['/api/a']);
    expect(rawHeader(upstream.seen[0]!.headers, 'upgrade')).toEqual([]);
  });

  it('Expect: 100-continue gets its 100 from the proxy; the upstream gets the body without Expect', async () => {
    const res = await raw(
      portOf(proxy.url),
      `POST /e HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${PAGE}\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello`,
      (r) => r.includes('answer for'),
    );
    expect(res).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(bodies).toEqual(['hello']);
    expect(rawHeader(upstream.seen[0]!.headers, 'expect')).toEqual([]);
  });

  it('TRACE (a forbidden method that echoes cookies back) is refused', async () => {
    const res = await raw(
      portOf(proxy.url),
      'TRACE /a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    );
    expect(res).toMatch(/^HTTP\/1\.1 405 /);
    expect(res).toContain('PROXY_METHOD_REFUSED');
    expect(upstream.seen).toEqual([]);
  });
});

// The same requests through a server that parses leniently (a user mounting `proxy.handle` in their
// own server started with --insecure-http-parser): the proxy's own framing check still refuses them.
describe('ambiguous framing behind a lenient parser', () => {
  let lenient: Server;
  let port = 0;
  beforeAll(async () => {
    lenient = createHttpServer({ insecureHTTPParser: true }, proxy.proxy.handle);
    await new Promise<void>((resolve) => lenient.listen(0, '127.0.0.1', resolve));
    const a = lenient.address();
    port = typeof a === 'object' && a ? a.port : 0;
  });
  afterAll(async () => {
    lenient.closeAllConnections();
    await new Promise<void>((resolve) => lenient.close(() => resolve()));
  });

  it.each([
    [
      'Transfer-Encoding with Content-Length',
      `POST /a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`,
      400,
    ],
    [
      'a coding other than chunked',
      `POST /a HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n${chunk(smuggled)}`,
      501,
    ],
  ])('%s is refused', async (_name, request, status) => {
    const res = await raw(port, request);
    expect(res).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(res).toContain('PROXY_BAD_FRAMING');
    expect(upstream.seen).toEqual([]);
  });

  it('the strict server in front refuses them too (Node parser, before the proxy sees them)', async () => {
    const res = await raw(
      portOf(proxy.url),
      `POST /a HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(smuggled)}`,
    );
    expect(res).toMatch(/^HTTP\/1\.1 400 /);
    expect(upstream.seen).toEqual([]);
  });
});

// A hostile upstream: whatever it sends, the page reads exactly one answer per request, framed by the
// proxy, and no leftover byte is read as the answer to someone else's request.
const LEFTOVER = 'HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\npoisoned';

describe('response framing from a hostile upstream', () => {
  let hostile: NetServer;
  let hostileUrl = '';
  let hostileProxy: RunningProxy;
  let connections = 0;
  const replies = new Map<string, string>([
    // The upstream's Connection field names Content-Length: the proxy must still state a length.
    ['/cl-hop', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: content-length\r\n\r\nabc'],
    [
      // A HEAD answer whose "body" (LEFTOVER) comes later, just before the next answer on the connection.
      '/head',
      `HTTP/1.1 200 OK\r\nContent-Length: ${LEFTOVER.length}\r\n\r\n`,
    ],
    [
      '/te-cl',
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    ],
    ['/switch', 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\nraw'],
    ['/ok', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nclean'],
  ]);

  beforeAll(async () => {
    hostile = createNetServer((socket) => {
      connections++;
      let buffered = '';
      // What this connection still owes: a HEAD "body", written just before the next answer on it.
      let owed = '';
      socket.on('data', (d) => {
        buffered += d.toString('latin1');
        let end = buffered.indexOf('\r\n\r\n');
        while (end !== -1) {
          const head = buffered.slice(0, end);
          buffered = buffered.slice(end + 4);
          const [method, path = '/'] = head.split(' ');
          const reply = replies.get(path) ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n';
          socket.write(owed + reply);
          owed = method === 'HEAD' ? LEFTOVER : '';
          end = buffered.indexOf('\r\n\r\n');
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const a = hostile.address();
    hostileUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    hostileProxy = await startProxy({ targets: [hostileUrl], cors, allowPrivate: true, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await hostileProxy?.close();
    await new Promise<void>((resolve) => hostile.close(() => resolve()));
  });

  it("a Content-Length the upstream's Connection field names is restated to the page", async () => {
    const res = await raw(
      portOf(hostileProxy.url),
      `GET /cl-hop HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${PAGE}\r\nConnection: close\r\n\r\n`,
    );
    expect(res).toMatch(/\r\nContent-Length: 3\r\n/i);
    expect(res.endsWith('\r\n\r\nabc')).toBe(true);
  });

  it('bytes left after a HEAD answer never become the answer to the next request', async () => {
    const head = await fetch(`${hostileProxy.url}/head`, { method: 'HEAD', headers: { Origin: PAGE } });
    expect(head.status).toBe(200);
    const before = connections;
    const next = await fetch(`${hostileProxy.url}/ok`, { headers: { Origin: PAGE } });
    expect(await next.text()).toBe('clean');
    // The HEAD's connection was not pooled: the next request opened its own.
    expect(connections).toBe(before + 1);
  });

  it.each([
    ['/te-cl', 'Transfer-Encoding with Content-Length'],
    ['/switch', 'an unrequested 101'],
  ])('%s (%s) becomes a 502 PROXY_UPSTREAM_BAD_RESPONSE', async (path) => {
    const r = await fetch(`${hostileProxy.url}${path}`, { headers: { Origin: PAGE } });
    expect(r.status).toBe(502);
    expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('PROXY_UPSTREAM_BAD_RESPONSE');
  });
});
