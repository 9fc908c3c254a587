// Every numeric option of every command (issue 13, item 10): a value outside its range, or not plain
// decimal digits, is one coded line and exit 2 before anything runs; both sides of each limit are
// tested. Also a --ca file that holds no certificate (issue 13, "Also").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { intOption, PORT_RANGE, TIMEOUT_RANGE, transportOptions } from '../../src/cli/options.js';
import { proxyOptionsFromFlags } from '../../src/cli/proxy.js';
import { createCorsProxy } from '../../src/proxy/server.js';
import { makeSelfSignedCert } from '../http/tls-fixture.js';
import { run } from './run.js';
import { goodApi, serve, type TestServer } from './servers.js';

const APP = 'https://app.example.com';
const MAX_TIMER = 2_147_483_647;
let good: TestServer;
let dir: string;

beforeAll(async () => {
  good = await serve(goodApi(APP));
  dir = mkdtempSync(join(tmpdir(), 'corsair-numeric-'));
  writeFileSync(join(dir, 'cors.json'), JSON.stringify({ origins: [APP] }));
});
afterAll(async () => {
  await good?.close();
  rmSync(dir, { recursive: true, force: true });
});

const proxyArgs = ['proxy', '--target', 'https://api.example.com', '--allow-origin', APP];

// [command line before the flag, flag, first refused value below, first refused value above, code]
const OPTIONS: [string, () => string[], string, string, string, string][] = [
  [
    'check --timeout',
    () => ['check', good.url, '--origin', APP],
    '--timeout',
    '0',
    String(MAX_TIMER + 1),
    'CLI_BAD_TIMEOUT',
  ],
  [
    'verify --timeout',
    () => ['verify', good.url, '--policy', 'cors.json'],
    '--timeout',
    '0',
    String(MAX_TIMER + 1),
    'CLI_BAD_TIMEOUT',
  ],
  ['scan --timeout', () => ['scan', good.url], '--timeout', '0', String(MAX_TIMER + 1), 'CLI_BAD_TIMEOUT'],
  ['scan --concurrency', () => ['scan', good.url], '--concurrency', '0', '1001', 'CLI_BAD_NUMBER'],
  ['scan --rate', () => ['scan', good.url], '--rate', '-1', '100001', 'CLI_BAD_NUMBER'],
  ['proxy --timeout', () => proxyArgs, '--timeout', '0', String(MAX_TIMER + 1), 'CLI_BAD_TIMEOUT'],
  [
    'proxy --connect-timeout',
    () => proxyArgs,
    '--connect-timeout',
    '0',
    String(MAX_TIMER + 1),
    'CLI_BAD_TIMEOUT',
  ],
  ['proxy --port', () => proxyArgs, '--port', '-1', '65536', 'CLI_BAD_PORT'],
  ['ui --port', () => ['ui'], '--port', '-1', '65536', 'CLI_BAD_PORT'],
  ['ui --demo-port', () => ['ui'], '--demo-port', '-1', '65536', 'CLI_BAD_PORT'],
];

const NOT_DECIMAL = ['1e3', '0x10', ' 5', '5 ', '', '1.5', '+5', '٣', '99999999999999999999'];

async function expectRefused(args: string[], code: string): Promise<void> {
  const r = await run(args, dir);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
  expect(r.stderr).toContain(`error ${code}:`);
  expect(r.stderr).toContain('Fix:');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at |TimeoutOverflowWarning/);
}

describe.each(OPTIONS)('%s', (_name, prefix, flag, below, above, code) => {
  it(`refuses ${below} (below) and ${above} (above)`, async () => {
    await expectRefused([...prefix(), flag, below], code);
    await expectRefused([...prefix(), flag, above], code);
  });

  it('refuses what Number() would quietly read as a number', async () => {
    for (const v of NOT_DECIMAL) await expectRefused([...prefix(), flag, v], code);
  });
});

it('the PORT variable of `corsair ui` is checked like --port', async () => {
  for (const PORT of ['65536', '-1', '1e3']) {
    let stderr = '';
    const io: CliIO = {
      stdout: () => {},
      stderr: (s) => {
        stderr += s;
      },
      isTTY: false,
      color: false,
      env: { PORT },
      cwd: dir,
    };
    const { runCli } = await import('../../src/cli/program.js');
    expect(await runCli(['ui'], io)).toBe(2);
    expect(stderr).toContain('error CLI_BAD_PORT:');
  }
});

describe('the limits themselves are accepted', () => {
  const io: CliIO = { stdout: () => {}, stderr: () => {}, isTTY: false, color: false, env: {}, cwd: '.' };

  it('timeouts from 1 ms to 2^31 − 1 ms, ports from 0 to 65535', () => {
    expect(intOption('1', '--timeout', TIMEOUT_RANGE)).toBe(1);
    expect(intOption(String(MAX_TIMER), '--timeout', TIMEOUT_RANGE)).toBe(MAX_TIMER);
    expect(intOption('0', '--port', PORT_RANGE)).toBe(0);
    expect(intOption('65535', '--port', PORT_RANGE)).toBe(65535);
    expect(transportOptions({ timeout: '1' }, io).timeoutMs).toBe(1);
    expect(transportOptions({ timeout: String(MAX_TIMER) }, io).timeoutMs).toBe(MAX_TIMER);
  });

  it('corsair proxy takes both ends of --timeout, --connect-timeout and --port, and so does createCorsProxy', () => {
    for (const [ms, port] of [
      ['1', '0'],
      [String(MAX_TIMER), '65535'],
    ] as const) {
      const o = proxyOptionsFromFlags(
        {
          target: ['https://api.example.com'],
          allowOrigin: [APP],
          port,
          host: '127.0.0.1',
          cookies: 'keep',
          timeout: ms,
          connectTimeout: ms,
        },
        io,
      );
      expect([o.timeoutMs, o.connectTimeoutMs, o.port]).toEqual([Number(ms), Number(ms), Number(port)]);
      const { port: _p, host: _h, ...options } = o;
      void createCorsProxy(options).close();
    }
    expect(() =>
      createCorsProxy({
        targets: ['https://api.example.com'],
        cors: { origins: [APP] },
        timeoutMs: MAX_TIMER + 1,
      }),
    ).toThrow(/timeoutMs must be a whole number of milliseconds from 1 to 2147483647/);
  });

  it('check runs with --timeout 2^31 − 1 (no overflow warning, an answer) and scan with the largest --concurrency and --rate', async () => {
    const check = await run(['check', good.url, '--origin', APP, '--timeout', String(MAX_TIMER)], dir);
    expect(check.code).toBe(0);
    expect(check.stderr).not.toContain('TimeoutOverflowWarning');
    const scan = await run(
      [
        'scan',
        good.url,
        '--origin',
        APP,
        '--concurrency',
        '1000',
        '--rate',
        '100000',
        '--timeout',
        '1',
        '--json',
      ],
      dir,
    );
    expect(scan.stderr).not.toContain('error CLI_BAD_NUMBER');
    const low = await run(
      ['scan', good.url, '--origin', APP, '--concurrency', '1', '--rate', '0', '--json'],
      dir,
    );
    expect(low.stderr).not.toContain('error CLI_BAD_NUMBER');
  });
});

describe('--ca', () => {
  it.each([
    ['garbage', 'not a certificate at all\n'],
    ['a private key', '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n'],
    ['a broken certificate', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n'],
    ['binary (DER)', '\u0030\u0082\u0001\u0000\u00ff\u00fe'],
    ['empty', ''],
  ])('%s is a coded error (exit 2) for check, scan, verify and proxy', async (_name, content) => {
    writeFileSync(join(dir, 'ca.pem'), content, 'latin1');
    await expectRefused(['check', good.url, '--origin', APP, '--ca', 'ca.pem'], 'CLI_BAD_CA');
    await expectRefused(['scan', good.url, '--ca', 'ca.pem'], 'CLI_BAD_CA');
    await expectRefused(['verify', good.url, '--policy', 'cors.json', '--ca', 'ca.pem'], 'CLI_BAD_CA');
    await expectRefused([...proxyArgs, '--ca', 'ca.pem'], 'CLI_BAD_CA');
  });

  it('a real PEM certificate (and a bundle of two) is accepted', async () => {
    const a = makeSelfSignedCert();
    const b = makeSelfSignedCert();
    writeFileSync(join(dir, 'one.pem'), a.cert);
    writeFileSync(join(dir, 'two.pem'), `${a.cert}\n${b.cert}`);
    for (const file of ['one.pem', 'two.pem']) {
      const r = await run(['check', good.url, '--origin', APP, '--ca', file], dir);
      expect(r.code, r.stderr).toBe(0);
    }
  });
});
