// scan rates a finding one level lower when the endpoint answers 404 or 5xx (it may expose little),
// and never lower for other statuses: both sides of the rule, on real loopback servers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/audit/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';

const TRUSTED = 'https://app.example.com';
let server: Server;
let base = '';
let http: HttpTransport;

beforeAll(async () => {
  // Reflects every origin with credentials (critical when readable); the path picks the status.
  server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    res.writeHead(Number(req.url?.slice(1)) || 200, { 'Content-Type': 'text/plain' }).end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = createHttpTransport({ timeoutMs: 5000 });
});
afterAll(async () => {
  await http.close();
  await new Promise((r) => server.close(r));
});

async function reflectionSeverity(status: number): Promise<string | undefined> {
  const r = await scanTarget(`${base}/${status}`, { send: http.send, trustedOrigin: TRUSTED });
  return r.findings.find((f) => f.id === 'origin-reflection')?.severity;
}

describe('scan severity by the status of the proving response', () => {
  it.each([200, 204, 403, 499])('%i keeps the full severity', async (status) => {
    expect(await reflectionSeverity(status)).toBe('critical');
  });
  it.each([404, 500, 503])('%i is rated one level lower', async (status) => {
    expect(await reflectionSeverity(status)).toBe('high');
  });
});
