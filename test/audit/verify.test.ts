import http from 'node:http';
import type { AddressInfo } from 'node:net';
import cors from 'cors';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cors as corsairNode, handleCors } from '../../src/adapters/node.js';
import { deriveVerifyCases, verifyDeployment } from '../../src/audit/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { createCors } from '../../src/policy/index.js';
import type { CorsOptions } from '../../src/policy/types.js';

const POLICY: CorsOptions = {
  origins: ['https://app.example.com', 'https://*.example.com', 'http://localhost:*'],
  methods: ['GET', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'X-Request-Id'],
  exposedHeaders: ['X-Request-Id'],
  credentials: true,
  maxAge: 600,
};

type Handler = http.RequestListener;
const servers: http.Server[] = [];
async function listen(handler: Handler): Promise<string> {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/api`;
}

/** The corsair policy behind a node:http server, with one deliberate change to the headers it writes. */
function tampered(
  options: CorsOptions,
  change: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Handler {
  const policy = createCors(options);
  return (req, res) => {
    change(req, res);
    if (handleCors(policy, req, res) === true) return;
    res.end('{}');
  };
}

let http1: HttpTransport;
beforeAll(() => {
  http1 = createHttpTransport({ timeoutMs: 5000 });
});
afterAll(async () => {
  await http1.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe('deriveVerifyCases', () => {
  const cases = deriveVerifyCases(createCors(POLICY).options, 'https://api.example.com/');
  const names = cases.map((c) => c.name);
  it('covers each exact origin, pattern samples and the apex a subdomain pattern must refuse', () => {
    expect(names).toContain('origin https://app.example.com: GET');
    expect(names).toContain('pattern sample https://corsair-verify.example.com: GET');
    expect(names).toContain('pattern sample https://a.b.example.com: GET');
    expect(names).toContain('pattern sample https://example.com: GET');
    expect(names).toContain('pattern sample http://localhost:5173: GET');
  });
  it('covers near misses, methods, headers and credentials', () => {
    expect(names).toContain('near-miss null: GET');
    expect(names).toContain('near-miss https://app.example.com.corsair-attacker.net: preflight PUT');
    expect(names).toContain('origin https://app.example.com: preflight DELETE');
    expect(names).toContain('origin https://app.example.com: preflight PATCH (not in methods)');
    expect(names).toContain('origin https://app.example.com: preflight with content-type, x-request-id');
    expect(names).toContain(
      'origin https://app.example.com: preflight with x-corsair-unlisted (not in allowedHeaders)',
    );
    expect(cases.every((c) => c.credentials || c.origin === null)).toBe(true);
  });
  it('without credentials, also checks that credentialed requests are refused', () => {
    const c = deriveVerifyCases(
      createCors({ origins: ['https://a.example.org'] }).options,
      'https://api.example.org/',
    );
    expect(c.map((x) => x.name)).toContain('origin https://a.example.org: GET with credentials');
  });
});

describe('verifyDeployment against real servers', () => {
  it('the corsair middleware in Express with the same policy: no drift', async () => {
    const url = await listen(
      express()
        .use(corsairNode(POLICY))
        .all('/api', (_q, r) => r.json({})),
    );
    const r = await verifyDeployment(url, POLICY, { send: http1.send });
    expect(r.drifts).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.cases.length).toBeGreaterThan(30);
    expect(r.cases.some((c) => c.expectedAllowed) && r.cases.some((c) => !c.expectedAllowed)).toBe(true);
  });

  it('a server that reflects every origin drifts too-permissive on the near misses', async () => {
    const url = await listen(
      express()
        .use(cors({ origin: true, credentials: true, maxAge: 600 }))
        .all('/api', (_q, r) => r.json({})),
    );
    const r = await verifyDeployment(url, POLICY, { send: http1.send });
    expect(r.ok).toBe(false);
    const permissive = r.drifts.filter((d) => d.kind === 'too-permissive').map((d) => d.case.origin);
    expect(permissive).toEqual(
      expect.arrayContaining(['null', 'https://corsair-attacker.net', 'https://example.com']),
    );
    const d = r.drifts.find((x) => x.kind === 'too-permissive')!;
    expect(d.exchange.response.headers.some(([n]) => n.toLowerCase() === 'access-control-allow-origin')).toBe(
      true,
    );
  });

  it.each([
    [
      'a method missing from Allow-Methods',
      tampered({ ...POLICY, methods: ['GET', 'PUT'] }, () => {}),
      'too-strict',
      'preflight DELETE',
    ],
    [
      'Vary dropped',
      tampered(POLICY, (_q, res) => {
        const set = res.setHeader.bind(res);
        res.setHeader = (n, v) => (String(n).toLowerCase() === 'vary' ? res : set(n, v));
      }),
      'missing-vary',
      'GET',
    ],
    ['another max-age', tampered({ ...POLICY, maxAge: 86400 }, () => {}), 'max-age', 'preflight'],
    ['no credentials', tampered({ ...POLICY, credentials: false }, () => {}), 'too-strict', 'GET'],
    [
      'exposed header missing',
      tampered({ ...POLICY, exposedHeaders: [] }, () => {}),
      'exposed-headers',
      'GET',
    ],
    [
      'the apex allowed too',
      tampered({ ...POLICY, origins: [...(POLICY.origins as string[]), 'https://example.com'] }, () => {}),
      'too-permissive',
      'https://example.com',
    ],
  ] as const)('%s is reported as %s', async (_label, handler, kind, inName) => {
    const url = await listen(handler);
    const r = await verifyDeployment(url, POLICY, { send: http1.send });
    expect(r.ok).toBe(false);
    const hit = r.drifts.filter((d) => d.kind === kind);
    expect(hit.length).toBeGreaterThan(0);
    expect(hit.some((d) => d.case.name.includes(inName))).toBe(true);
    for (const d of hit) expect(d.expected).not.toBe(d.actual);
  });

  it('a deployment that also trusts subdomains of an exact origin drifts too-permissive', async () => {
    const exactOnly: CorsOptions = { origins: ['https://app.example.org'], methods: ['PUT'] };
    const url = await listen(
      tampered({ ...exactOnly, origins: ['https://app.example.org', 'https://*.app.example.org'] }, () => {}),
    );
    const r = await verifyDeployment(url, exactOnly, { send: http1.send });
    expect(r.ok).toBe(false);
    expect(r.drifts.filter((d) => d.kind === 'too-permissive').map((d) => d.case.origin)).toContain(
      'https://corsair-verify.app.example.org',
    );
    const same = await verifyDeployment(await listen(tampered(exactOnly, () => {})), exactOnly, {
      send: http1.send,
    });
    expect(same.drifts).toEqual([]);
  });

  it('rejects an invalid policy with CorsConfigError before sending anything', async () => {
    await expect(
      verifyDeployment('http://127.0.0.1:1/', { origins: '*', credentials: true }),
    ).rejects.toMatchObject({
      code: 'POLICY_INVALID',
    });
  });
});
