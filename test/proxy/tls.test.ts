// An HTTPS upstream reached through a pinned address: the socket goes to the checked IP while TLS
// still verifies the certificate for the target's host name (SNI and hostname check unchanged).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../../src/proxy/resolve.js';
import { hasCommand, serverAvailable } from '../generate/servers.js';
import { startProxy } from './helpers.js';

// openssl makes the test certificate; missing, the suite skips loudly or fails under CORSAIR_REQUIRE_SERVERS=1.
const hasOpenssl = serverAvailable('openssl', () => hasCommand('openssl'), 'apt-get install -y openssl');
const PAGE = 'http://localhost:5173';
const resolver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];

describe.skipIf(!hasOpenssl)('HTTPS upstream through a pinned address', () => {
  let dir: string;
  let server: Server;
  let port = 0;
  let cert = '';
  const servernames: (string | false | null)[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'corsair-proxy-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=upstream.test',
        '-addext',
        'subjectAltName=DNS:upstream.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      servernames.push((req.socket as import('node:tls').TLSSocket).servername);
      res.end(`secure ${req.headers.host}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const a = server.address();
    port = typeof a === 'object' && a ? a.port : 0;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the certificate for the target name and sends it as SNI', async () => {
    const p = await startProxy({
      targets: [`https://upstream.test:${port}`],
      cors: { origins: [PAGE] },
      allowPrivate: true,
      resolver,
      ca: cert,
    });
    try {
      const r = await fetch(`${p.url}/x`, { headers: { Origin: PAGE } });
      expect(r.status).toBe(200);
      expect(await r.text()).toBe(`secure upstream.test:${port}`);
      expect(servernames.at(-1)).toBe('upstream.test');
    } finally {
      await p.close();
    }
  });

  it('refuses a certificate that does not name the target (502, TLS error named)', async () => {
    const p = await startProxy({
      targets: [`https://other.test:${port}`],
      cors: { origins: [PAGE] },
      allowPrivate: true,
      resolver,
      ca: cert,
    });
    try {
      const r = await fetch(`${p.url}/x`, { headers: { Origin: PAGE } });
      expect(r.status).toBe(502);
      expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('PROXY_UPSTREAM_UNREACHABLE');
      expect(body.error.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await p.close();
    }
  });

  it('refuses an unknown CA unless --insecure', async () => {
    const strict = await startProxy({
      targets: [`https://upstream.test:${port}`],
      cors: { origins: [PAGE] },
      allowPrivate: true,
      resolver,
    });
    const loose = await startProxy({
      targets: [`https://upstream.test:${port}`],
      cors: { origins: [PAGE] },
      allowPrivate: true,
      resolver,
      insecure: true,
    });
    try {
      expect((await fetch(`${strict.url}/x`, { headers: { Origin: PAGE } })).status).toBe(502);
      expect((await fetch(`${loose.url}/x`, { headers: { Origin: PAGE } })).status).toBe(200);
    } finally {
      await strict.close();
      await loose.close();
    }
  });
});
