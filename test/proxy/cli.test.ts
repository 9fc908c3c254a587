// `corsair proxy` from the command line: bad input is one coded line and exit 2; a real run serves,
// logs one line per request and stops cleanly on SIGINT.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runCli } from '../cli/run.js';
import { startUpstream, type Upstream } from './helpers.js';

const PAGE = 'http://localhost:5173';
const ROOT = join(import.meta.dirname, '../..');
let upstream: Upstream;
let dir: string;

beforeAll(async () => {
  upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
    res.end('hello');
  });
  dir = mkdtempSync(join(tmpdir(), 'corsair-proxy-cli-'));
});
afterAll(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args, dir);

describe('corsair proxy: bad input', () => {
  it.each([
    [['--target', 'https://api.example.com'], 'PROXY_NO_ORIGINS'],
    [['--target', 'ftp://x.example', '--allow-origin', PAGE], 'PROXY_BAD_TARGET'],
    [['--target', 'https://u:p@api.example.com', '--allow-origin', PAGE], 'PROXY_BAD_TARGET'],
    [['--target', 'http://127.0.0.1:9', '--allow-origin', PAGE], 'PROXY_UPSTREAM_FORBIDDEN'],
    [['--target', 'http://169.254.169.254', '--allow-origin', PAGE], 'PROXY_UPSTREAM_FORBIDDEN'],
    [['--target', 'https://api.example.com', '--allow-origin', '*', '--credentials'], 'POLICY_INVALID'],
    [['--target', 'https://api.example.com', '--allow-origin', 'http://localhost:5173/'], 'POLICY_INVALID'],
    [
      ['--target', 'https://api.example.com', '--allow-origin', PAGE, '--policy', 'cors.json'],
      'PROXY_BAD_OPTION',
    ],
    [['--target', 'https://api.example.com', '--policy', 'missing.json'], 'CLI_FILE_UNREADABLE'],
    [['--target', 'https://api.example.com', '--policy', 'bad.json'], 'POLICY_INVALID'],
    [['--target', 'https://api.example.com', '--allow-origin', PAGE, '--timeout', '-5'], 'CLI_BAD_TIMEOUT'],
    [['--target', 'https://api.example.com', '--allow-origin', PAGE, '--port', 'eighty'], 'CLI_BAD_PORT'],
    [
      ['--target', 'https://api.example.com', '--target', 'https://b.example', '--allow-origin', PAGE],
      'PROXY_BAD_TARGET',
    ],
  ])('%j → exit 2, %s', async (args, code) => {
    writeFileSync(join(dir, 'bad.json'), '{ "origins": "*", "credentials": true }');
    const r = await run(['proxy', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error ${code}:`);
    expect(r.stderr).toContain('Fix:');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('warns before binding a non-loopback address (and reports a failed bind as one line)', async () => {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails, nothing is sent anywhere.
    const r = await run([
      'proxy',
      '--target',
      upstream.url,
      '--allow-private',
      '--allow-origin',
      PAGE,
      '--host',
      '192.0.2.1',
      '--port',
      '0',
    ]);
    expect(r.stderr).toContain('warning: listening on 192.0.2.1');
    expect(r.stderr).toContain('error PROXY_LISTEN_FAILED');
    expect(r.code).toBe(2);
  });
});

describe('corsair proxy: a real run', () => {
  it('serves, logs one line per request, and exits 0 on SIGINT', async () => {
    writeFileSync(join(dir, 'cors.json'), JSON.stringify({ origins: [PAGE], credentials: true }));
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
        join(ROOT, 'src/cli/main.ts'),
        'proxy',
        '--target',
        upstream.url,
        '--allow-private',
        '--policy',
        'cors.json',
        '--port',
        '0',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d.toString();
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${stderr}`)), 15_000);
        child.stderr.on('data', (d) => {
          stderr += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
      });
      const r = await fetch(`${url}/hello`, { headers: { Origin: PAGE } });
      expect(await r.text()).toBe('hello');
      expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(r.headers.get('access-control-allow-credentials')).toBe('true');
      const refused = await fetch(`${url}/hello`, { headers: { Origin: 'https://evil.example' } });
      expect(refused.status).toBe(403);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/ http:\/\/localhost:5173 GET \/hello 200 cors=allowed \d+ms$/);
      expect(lines[1]).toMatch(
        / https:\/\/evil\.example GET \/hello 403 cors=refused \d+ms PROXY_ORIGIN_REFUSED/,
      );
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  }, 30_000);
});
