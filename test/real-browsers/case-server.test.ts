// The case server speaks raw HTTP/1.1: checked here over a raw socket, byte for byte.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/exchange.js';
import { type CaseServer, caseIdOf, parseRequestHead, startCaseServer } from './case-server.js';

let server: CaseServer;
const seen: { id: string; request: HttpRequest }[] = [];

beforeAll(async () => {
  server = await startCaseServer((id, request) => {
    seen.push({ id, request });
    if (id === 'missing') return null;
    return {
      status: 203,
      headers: [
        ['Access-Control-Allow-Origin', 'http://a.test'],
        ['Access-Control-Allow-Origin', 'http://b.test'],
        ['X-Hostile', 'b\u00fccher \x7f "<>"'],
        ['X-Empty', ''],
        ['Connection', 'close'],
      ],
    };
  });
});
afterAll(async () => {
  await server.close();
});

/** Send raw bytes to a listener and collect everything until the server closes. */
function raw(origin: string, bytes: string): Promise<Buffer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
    socket.write(Buffer.from(bytes, 'latin1'));
  });
}

describe('case server', () => {
  it('serves three loopback origins: page on 127.0.0.1, API on localhost, a second API', () => {
    expect(server.origins.page).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.origins.api).toMatch(/^http:\/\/localhost:\d+$/);
    expect(server.origins.api2).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(Object.values(server.origins)).size).toBe(3);
  });

  it('sends duplicate header lines as separate lines, values byte for byte, nothing added', async () => {
    const bytes = await raw(server.origins.api, 'GET /case/dup/x/0 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(bytes.toString('latin1')).toBe(
      'HTTP/1.1 203 OK\r\n' +
        'Access-Control-Allow-Origin: http://a.test\r\n' +
        'Access-Control-Allow-Origin: http://b.test\r\n' +
        'X-Hostile: b\u00fccher \x7f "<>"\r\n' +
        'X-Empty: \r\n' +
        'Connection: close\r\n\r\n',
    );
    // ü went out as the single latin1 byte 0xFC, as a server that sends latin1 would.
    expect(bytes.includes(Buffer.from([0x62, 0xfc, 0x63]))).toBe(true);
  });

  it('records any method token and raw header lines in order, duplicates and odd bytes kept', async () => {
    server.clear();
    const before = Date.now();
    await raw(
      server.origins.api2,
      'patch /case/rec/one/0?q=1 HTTP/1.1\r\nHost: y\r\nX-A: 1\r\nx-a: 2\r\nAccept: a\x7fb\r\nContent-Length: 3\r\n\r\nabc',
    );
    const [r] = server.requests('rec/one');
    expect(r).toEqual({
      origin: server.origins.api2,
      method: 'patch',
      path: '/case/rec/one/0?q=1',
      headers: [
        ['Host', 'y'],
        ['X-A', '1'],
        ['x-a', '2'],
        ['Accept', 'a\x7fb'],
        ['Content-Length', '3'],
      ],
      at: expect.any(Number),
    });
    // When it was answered, on the clock the engine replays a case's preflight cache with.
    expect(r?.at).toBeGreaterThanOrEqual(before);
    expect(r?.at).toBeLessThanOrEqual(Date.now());
    expect(seen.at(-1)?.request.url).toBe(`${server.origins.api2}/case/rec/one/0?q=1`);
  });

  it('answers 404 for unknown cases and paths, and serves the page on the page origin only', async () => {
    expect((await raw(server.origins.api, 'GET /case/missing/0 HTTP/1.1\r\n\r\n')).toString()).toMatch(
      /^HTTP\/1\.1 404/,
    );
    expect((await raw(server.origins.api, 'GET /nope HTTP/1.1\r\n\r\n')).toString()).toMatch(
      /^HTTP\/1\.1 404/,
    );
    expect((await raw(server.origins.page, 'GET / HTTP/1.1\r\n\r\n')).toString()).toMatch(
      /^HTTP\/1\.1 200[\s\S]*corsair/,
    );
    expect((await raw(server.origins.api, 'GET / HTTP/1.1\r\n\r\n')).toString()).toMatch(/^HTTP\/1\.1 404/);
  });

  it('rejects a malformed request line with 400', async () => {
    expect((await raw(server.origins.api, 'garbage\r\n\r\n')).toString()).toMatch(/^HTTP\/1\.1 400/);
  });
});

describe('request parsing helpers', () => {
  it.each([
    ['/case/simple/a.b/0', 'simple/a.b'],
    ['/case/x/1?q', 'x'],
    ['/case/redirect/get.302/20', 'redirect/get.302'],
    ['/other/x/0', null],
    ['/case/0', null],
  ])('caseIdOf(%s) = %s', (path, id) => {
    expect(caseIdOf(path)).toBe(id);
  });

  it('parses a head leniently: OWS trimmed, colons in values kept, bad lines skipped', () => {
    expect(parseRequestHead('FOO /p HTTP/1.0\r\nA:  x: y \r\nbad line\r\n:empty\r\nB:\t')).toEqual({
      method: 'FOO',
      target: '/p',
      headers: [
        ['A', 'x: y'],
        ['B', ''],
      ],
    });
    expect(parseRequestHead('GET /p HTTP/2')).toBeNull();
  });
});
