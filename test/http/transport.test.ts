import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTransport, parseTargetUrl, sendHttp, TransportError } from '../../src/http/index.js';
import { makeSelfSignedCert, type TestCert } from './tls-fixture.js';

/** A raw TCP server: answers every request with `reply(rawRequest)`, so the test controls every byte. */
async function rawServer(
  reply: (req: string) => string | Buffer | null,
): Promise<{ url: string; close: () => Promise<void>; last: () => string }> {
  let last = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (!buf.includes('\r\n\r\n')) return;
      last = buf;
      buf = '';
      const out = reply(last);
      if (out !== null) sock.end(out);
    });
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/path?q=1`,
    last: () => last,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers) await c();
});

describe('request is sent exactly as given', () => {
  it('keeps method case, header order, duplicates and names', async () => {
    const s = await rawServer(() => 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n');
    closers.push(s.close);
    const res = await sendHttp({
      method: 'patch',
      url: s.url,
      headers: [
        ['Origin', 'https://app.example.com'],
        ['X-Dup', 'one'],
        ['x-dup', 'two'],
        ['Access-Control-Request-Method', 'PUT'],
      ],
    });
    expect(res.status).toBe(204);
    const lines = s.last().split('\r\n');
    expect(lines[0]).toBe('patch /path?q=1 HTTP/1.1');
    const sent = lines.filter((l) => /^(origin|x-dup|access-control-request-method):/i.test(l));
    expect(sent).toEqual([
      'Origin: https://app.example.com',
      'X-Dup: one',
      'x-dup: two',
      'Access-Control-Request-Method: PUT',
    ]);
    // Nothing the browser would not send is added for CORS.
    expect(s.last()).not.toMatch(/^cookie:/im);
  });

  it('refuses header values that would inject lines', async () => {
    const s = await rawServer(() => 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    closers.push(s.close);
    const err = await sendHttp({ method: 'GET', url: s.url, headers: [['X-A', 'a\r\nInjected: yes']] }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('HTTP_INVALID_REQUEST');
  });
});

describe('response header lines are raw', () => {
  it('keeps order, duplicates and case of names', async () => {
    const s = await rawServer(
      () =>
        'HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://a.test\r\nVary: Origin\r\naccess-control-allow-origin: https://b.test\r\nVARY: Accept\r\nContent-Length: 2\r\n\r\nok',
    );
    closers.push(s.close);
    const res = await sendHttp({ method: 'GET', url: s.url, headers: [] });
    expect(res.headers.filter(([n]) => /^(access-control-allow-origin|vary)$/i.test(n))).toEqual([
      ['Access-Control-Allow-Origin', 'https://a.test'],
      ['Vary', 'Origin'],
      ['access-control-allow-origin', 'https://b.test'],
      ['VARY', 'Accept'],
    ]);
  });

  it('does not follow redirects', async () => {
    const s = await rawServer(
      () => 'HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n',
    );
    closers.push(s.close);
    const res = await sendHttp({ method: 'GET', url: s.url, headers: [] });
    expect(res.status).toBe(302);
    expect(res.headers).toContainEqual(['Location', 'http://127.0.0.1:1/elsewhere']);
  });

  it('does not decompress or fail on a compressed body', async () => {
    const body = gzipSync('hello');
    const s = await rawServer(() =>
      Buffer.concat([
        Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`),
        body,
      ]),
    );
    closers.push(s.close);
    const res = await sendHttp({ method: 'GET', url: s.url, headers: [['Accept-Encoding', 'gzip']] });
    expect(res.headers).toContainEqual(['Content-Encoding', 'gzip']);
  });

  it('answers with the headers when the body is larger than the limit', async () => {
    const big = 'x'.repeat(300_000);
    const s = await rawServer(
      () => `HTTP/1.1 200 OK\r\nX-Big: yes\r\nContent-Length: ${big.length}\r\n\r\n${big}`,
    );
    closers.push(s.close);
    const res = await sendHttp({ method: 'GET', url: s.url, headers: [] }, { maxBodyBytes: 1000 });
    expect(res.headers).toContainEqual(['X-Big', 'yes']);
  });

  it('decodes hostile bytes latin1, byte for byte, and survives 60 KiB values', async () => {
    const long = 'a,'.repeat(30_000);
    const s = await rawServer(() =>
      Buffer.concat([
        Buffer.from('HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: https://\xe9vil.test\xff\r\n', 'latin1'),
        Buffer.from(`Access-Control-Allow-Headers: ${long}\r\nContent-Length: 0\r\n\r\n`),
      ]),
    );
    closers.push(s.close);
    const res = await sendHttp({ method: 'GET', url: s.url, headers: [] });
    expect(res.headers[0]).toEqual(['Access-Control-Allow-Origin', 'https://\u00e9vil.test\u00ff']);
    expect(res.headers[1]?.[1]).toHaveLength(long.length);
  });

  it.each([
    ['a NUL byte in a value', 'X-Bad: a\x00b\r\n'],
    ['a space before the colon', 'X-Bad : v\r\n'],
    ['a header without a colon', 'NoColonHere\r\n'],
  ])('maps an invalid response (%s) to HTTP_PROTOCOL_ERROR', async (_label, line) => {
    const s = await rawServer(() => `HTTP/1.1 200 OK\r\n${line}Content-Length: 0\r\n\r\n`);
    closers.push(s.close);
    const err = await sendHttp({ method: 'GET', url: s.url, headers: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('HTTP_PROTOCOL_ERROR');
  });
});

describe('network failures become coded errors', () => {
  it('connection refused', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    const err = await sendHttp({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: [] }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('HTTP_CONNECTION_REFUSED');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.fix).toBeTruthy();
  });

  it('timeout when the server never answers', async () => {
    const s = await rawServer(() => null);
    closers.push(s.close);
    // The server never answers, so only the 300 ms timer can end the request (a timer that never fires
    // hits vitest's test timeout); no wall-clock bound, which a busy machine would break.
    const err = await sendHttp({ method: 'GET', url: s.url, headers: [] }, { timeoutMs: 300 }).catch(
      (e) => e,
    );
    expect(err.code).toBe('HTTP_TIMEOUT');
    expect(err.message).toContain('within 300 ms');
  });

  it('connection closed mid-response', async () => {
    const s = await rawServer(() => 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort');
    closers.push(s.close);
    const err = await sendHttp({ method: 'GET', url: s.url, headers: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(['HTTP_CONNECTION_RESET', 'HTTP_PROTOCOL_ERROR']).toContain(err.code);
  });

  it.each(['not a url', 'ftp://example.com/', '/relative', 'file:///etc/passwd'])(
    'rejects %s as HTTP_INVALID_URL',
    async (url) => {
      const err = await sendHttp({ method: 'GET', url, headers: [] }).catch((e) => e);
      expect(err.code).toBe('HTTP_INVALID_URL');
    },
  );

  it('parseTargetUrl never throws anything but a TransportError', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseTargetUrl(s);
        } catch (e) {
          return e instanceof TransportError && e.code === 'HTTP_INVALID_URL';
        }
        return true;
      }),
    );
  });
});

describe('TLS', () => {
  let tls: TestCert;
  let cert = '';
  let url = '';
  let server: https.Server;
  beforeAll(async () => {
    tls = makeSelfSignedCert();
    cert = tls.cert;
    server = https.createServer({ key: tls.key, cert }, (_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    tls.cleanup();
  });

  it('a self-signed certificate is a HTTP_TLS_ERROR', async () => {
    const err = await sendHttp({ method: 'GET', url, headers: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('HTTP_TLS_ERROR');
    expect(err.fix).toContain('--ca');
  });

  it('trusting the certificate with `ca` works', async () => {
    const res = await sendHttp({ method: 'GET', url, headers: [] }, { ca: cert });
    expect(res.headers).toContainEqual(['Access-Control-Allow-Origin', '*']);
  });

  it('`insecure` skips verification', async () => {
    const res = await sendHttp({ method: 'GET', url, headers: [] }, { insecure: true });
    expect(res.status).toBe(200);
  });

  it('plain HTTP spoken to a TLS port fails cleanly', async () => {
    const err = await sendHttp(
      { method: 'GET', url: url.replace('https:', 'http:'), headers: [] },
      { timeoutMs: 2000 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
  });
});

describe('a transport reuses connections', () => {
  it('sends many requests over one transport against node:http', async () => {
    const server = http.createServer((req, res) => {
      res.setHeader('X-Method', req.method ?? '');
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    const t = createHttpTransport({ timeoutMs: 2000 });
    try {
      const methods = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'];
      const out = await Promise.all(methods.map((method) => t.send({ method, url, headers: [] })));
      expect(out.map((r) => r.headers.find(([n]) => n.toLowerCase() === 'x-method')?.[1])).toEqual(methods);
    } finally {
      await t.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
