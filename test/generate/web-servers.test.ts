// nginx, Apache httpd and Caddy from Debian, each booted with the generated configuration and verified.
import { afterAll, describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import { PROOF_POLICIES } from './policies.js';
import { driftsOf, proveTarget } from './prove.js';
import { type Running, startApache, startCaddy, startNginx, webServerAvailable } from './servers.js';

const nginx = webServerAvailable('nginx');
const apache = webServerAvailable('apache2');
const caddy = webServerAvailable('caddy');

proveTarget('nginx', startNginx, nginx);
proveTarget('apache', startApache, apache);

describe.skipIf(!apache)('Apache: headers on error responses too', () => {
  it('a 404 carries the CORS headers (Header always)', async () => {
    const policy = PROOF_POLICIES[2]!.options;
    const server = await startApache(generateConfig('apache', policy).files);
    try {
      expect(await driftsOf(server.url.replace('index.html', 'missing.html'), policy)).toBe('');
    } finally {
      await server.close();
    }
  });
});
proveTarget('caddy', startCaddy, caddy);

describe.skipIf(!nginx)('the proof can fail (nginx, broken on purpose)', () => {
  const running: Running[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
  });
  const policy = PROOF_POLICIES[2]!.options;

  it('an unanchored origin regex is caught as too permissive', async () => {
    const { files } = generateConfig('nginx', policy);
    const broken = files.map((f) => ({
      ...f,
      content: f.content.replace('"~^https://app\\.example\\.com$"', '"~^https://app\\.example\\.com"'),
    }));
    expect(broken[0]!.content).not.toBe(files[0]!.content);
    const server = await startNginx(broken);
    running.push(server);
    expect(await driftsOf(server.url, policy)).toMatch(/too-permissive/);
  });

  it('a location with add_header of its own is clean with the include, and drifts without it', async () => {
    const { files } = generateConfig('nginx', policy);
    const server = await startNginx(files);
    running.push(server);
    expect(await driftsOf(`${server.url}own`, policy)).toBe('');
    expect(await driftsOf(`${server.url}bare`, policy)).toMatch(/too-strict/);
  });

  it('error responses carry the headers (always); without `always` they drift', async () => {
    const { files } = generateConfig('nginx', policy);
    const server = await startNginx(files);
    running.push(server);
    expect(await driftsOf(`${server.url}missing`, policy)).toBe('');
    const broken = files.map((f) => ({ ...f, content: f.content.replaceAll(' always;', ';') }));
    const without = await startNginx(broken);
    running.push(without);
    expect(await driftsOf(`${without.url}missing`, policy)).toMatch(/too-strict/);
  });

  it('Vary removed is caught as missing-vary', async () => {
    const { files } = generateConfig('nginx', policy);
    const broken = files.map((f) => ({
      ...f,
      content: f.content.replace('add_header Vary $cors_vary always;', ''),
    }));
    const server = await startNginx(broken);
    running.push(server);
    expect(await driftsOf(server.url, policy)).toMatch(/missing-vary/);
  });
});
