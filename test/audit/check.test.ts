import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEndpoint } from '../../src/audit/index.js';
import { createHttpTransport, type HttpTransport, TransportError } from '../../src/http/index.js';

let server: http.Server;
let url = '';
let t: HttpTransport;
const seen: Array<{ method: string; headers: string[] }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', headers: req.rawHeaders });
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'PUT');
      res.setHeader('Access-Control-Max-Age', '10000');
      res.statusCode = 204;
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  t = createHttpTransport({ timeoutMs: 3000 });
});
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('checkEndpoint', () => {
  it('sends the preflight and the actual request as the browser does, and decides', async () => {
    seen.length = 0;
    const r = await checkEndpoint(
      { pageOrigin: 'https://app.example.com', url, method: 'PUT', credentials: 'include' },
      { send: t.send, browser: 'firefox' },
    );
    expect(r.allowed).toBe(true);
    expect(r.preflight).toBe(true);
    expect(seen.map((s) => s.method)).toEqual(['OPTIONS', 'PUT']);
    // No cookies or credentials on the preflight, ever.
    expect(seen[0]!.headers.map((h) => h.toLowerCase())).not.toContain('cookie');
    expect(r.exchanges).toHaveLength(2);
    expect(r.needs).toEqual({
      origin: 'https://app.example.com',
      methods: ['PUT'],
      headers: [],
      credentials: true,
    });
    // Firefox caps at 86400 (no warning from it), but Chromium caps at 7200: warn anyway.
    expect(r.warnings.map((w) => w.code)).toContain('max-age-capped');
  });

  it('a network failure is thrown as a TransportError, not turned into a CORS verdict', async () => {
    await expect(
      checkEndpoint({ pageOrigin: 'https://app.example.com', url: 'http://127.0.0.1:59/' }, { send: t.send }),
    ).rejects.toBeInstanceOf(TransportError);
  });

  it('a blocked request carries both browsers’ messages', async () => {
    const r = await checkEndpoint({ pageOrigin: 'https://other.example.com', url }, { send: t.send });
    expect(r.allowed).toBe(false);
    expect(r.error?.code).toBe('AllowOriginMismatch');
    expect(r.error?.messages.chromium).toContain("from origin 'https://other.example.com' has been blocked");
    expect(r.error?.messages.firefox).toContain('Cross-Origin Request Blocked');
  });
});
