import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/policy/index.js';
import { run, spawnCli } from './run.js';

const POLICY = {
  origins: ['https://app.example.com'],
  methods: ['GET', 'PUT'],
  allowedHeaders: ['Content-Type'],
  credentials: true,
};
let dir = '';
let goodUrl = '';
let leakyUrl = '';
const servers: http.Server[] = [];

async function listen(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corsair-verify-'));
  writeFileSync(join(dir, 'cors.json'), JSON.stringify(POLICY));
  writeFileSync(
    join(dir, 'bad.json'),
    JSON.stringify({ origins: '*', credentials: true, allowHeaders: ['X'] }),
  );
  writeFileSync(join(dir, 'broken.json'), '{ "origins": [');
  const policy = createCors(POLICY);
  goodUrl = await listen((req, res) => {
    if (handleCors(policy, req, res) !== true) res.end('{}');
  });
  // Trusts null on top of the policy: a drift.
  leakyUrl = await listen((req, res) => {
    if (req.headers.origin === 'null') {
      res.setHeader('Access-Control-Allow-Origin', 'null');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      res.end('{}');
      return;
    }
    if (handleCors(policy, req, res) !== true) res.end('{}');
  });
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('corsair verify', () => {
  it('matching deployment: every case listed, exit 0', async () => {
    const r = await run(['verify', goodUrl, '--policy', 'cors.json', '--verbose'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ origin https:\/\/app\.example\.com: GET \(policy: allowed\)/);
    expect(r.stdout).toMatch(/✓ near-miss null: GET \(policy: refused\)/);
    expect(r.stdout).toMatch(/OK: \d+ cases, the deployment matches the policy\./);
  });

  it('drift: summary first, grouped by kind, with examples; exit 1', async () => {
    const r = await run(['verify', leakyUrl, '--policy', 'cors.json'], dir);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^DRIFT: 1 difference\(s\) in 1 of \d+ cases\.$/);
    expect(r.stdout).toMatch(
      /too-permissive \(1\): the deployment allows what the policy refuses\n\s+✗ near-miss null: GET\n\s+expected: refused.+\n\s+actual:\s+allowed \(Access-Control-Allow-Origin: null\)/,
    );
    // Without --verbose: no case list, no passing cases, and a line saying how to get them.
    expect(r.stdout).not.toContain('✓');
    expect(r.stdout).toContain('--verbose lists every case');
  });

  it('--verbose: the summary, then every case with the exchange of each drift', async () => {
    const r = await run(['verify', leakyUrl, '--policy', 'cors.json', '--verbose'], dir);
    expect(r.stdout.split('\n')[0]).toMatch(/^DRIFT: /);
    expect(r.stdout).toMatch(/✗ near-miss null: GET \(policy: refused\)\n\s+too-permissive: /);
    expect(r.stdout).toContain('> Origin: null');
    expect(r.stdout).toContain('< Access-Control-Allow-Origin: null');
    expect(r.stdout).toContain('✓ origin https://app.example.com: GET (policy: allowed)');
  });

  it('--json: { ok, url, drifts, cases }', async () => {
    const r = await run(['verify', leakyUrl, '--policy', join(dir, 'cors.json'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.ok).toBe(false);
    expect(j.url).toBe(leakyUrl);
    expect(j.drifts[0]).toMatchObject({ kind: 'too-permissive', case: { origin: 'null' } });
    expect(j.cases.length).toBeGreaterThan(10);
    expect(j.summary).toMatchObject({
      drifts: 1,
      drifting: 1,
      groups: [{ kind: 'too-permissive', count: 1 }],
    });
  });

  // A deployment can match a risky policy faithfully: the policy's own risks are said, the verdict stays.
  it("says the policy's own risks (the rulebook's warnings) on stderr and in --json, without changing the verdict", async () => {
    const risky = { ...POLICY, origins: ['https://app.example.com', 'http://localhost:3000'] };
    writeFileSync(join(dir, 'risky.json'), JSON.stringify(risky));
    const policy = createCors(risky);
    const url = await listen((req, res) => {
      if (handleCors(policy, req, res) !== true) res.end('{}');
    });
    const text = await run(['verify', url, '--policy', 'risky.json'], dir);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(
      /^corsair: warning POLICY_LOOPBACK_WITH_CREDENTIALS: \$\.origins: [^\n]+; [^\n]+\n$/,
    );
    const json = await run(['verify', url, '--policy', 'risky.json', '--json'], dir);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      warnings: [{ code: 'POLICY_LOOPBACK_WITH_CREDENTIALS', path: '$.origins', rule: 'localhost-origin' }],
    });
    // The policy without the risk: no warning at all.
    expect((await run(['verify', goodUrl, '--policy', 'cors.json'], dir)).stderr).toBe('');
  });

  it('an invalid policy lists every problem and exits 2', async () => {
    const r = await run(['verify', goodUrl, '--policy', 'bad.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error POLICY_INVALID');
    expect(r.stderr).toContain('allowHeaders');
    expect(r.stderr).toContain('credentials');
    expect(r.stdout).toBe('');
  });

  it.each([
    [['--policy', 'broken.json'], 'POLICY_JSON_SYNTAX'],
    [['--policy', 'missing.json'], 'CLI_FILE_UNREADABLE'],
  ])('%j: exit 2 (%s)', async (args, code) => {
    const r = await run(['verify', goodUrl, ...args], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^corsair: error ${code}: `));
  });

  it('an unreachable deployment exits 2', async () => {
    const r = await run(['verify', 'http://127.0.0.1:1/', '--policy', 'cors.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corsair: error HTTP_CONNECTION_REFUSED: [^\n]+\n$/);
  });
});

describe('corsair verify (built binary)', () => {
  it('exit 0 and 1 end to end', async () => {
    expect((await spawnCli(['verify', goodUrl, '--policy', 'cors.json'], dir)).code).toBe(0);
    expect((await spawnCli(['verify', leakyUrl, '--policy', 'cors.json'], dir)).code).toBe(1);
  });
});
