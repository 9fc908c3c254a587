// corsair scan at scale from the command line: shards, merge, streamed reports, resume, input files as
// people write them, and the coded refusals of bad input. Real HTTP on 127.0.0.1.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { CLI, run } from './run.js';
import { serve, type TestServer } from './servers.js';

const TRUSTED = 'https://app.example.com';

/** /open/* reflects any origin with credentials, everything else allows only the trusted origin. */
function api(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (origin && ((req.url ?? '').startsWith('/open/') || origin === TRUSTED)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
  res.end();
}

let server: TestServer;
let dir = '';
let targets: string[] = [];
let list = '';

beforeAll(async () => {
  server = await serve(api);
  dir = mkdtempSync(join(tmpdir(), 'corsair-scan-scale-'));
  targets = Array.from({ length: 12 }, (_, i) => `${server.url}${i % 3 === 0 ? 'open' : 'closed'}/${i}`);
  list = join(dir, 'targets.txt');
  writeFileSync(list, `${targets.join('\n')}\n`);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const scan = (...args: string[]) => run(['scan', '--origin', TRUSTED, '--rate', '0', ...args], dir);
const jsonTargets = (stdout: string) =>
  (JSON.parse(stdout).results as { target: string }[]).map((r) => r.target).sort();
const lines = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n');

describe('--shard K/N and scan merge', () => {
  // Written by the first test (shard K of 3 to the K-th), read by the merge tests.
  const SHARD_FILES = ['shard-1.jsonl', 'shard-2.jsonl', 'shard-3.jsonl'];

  it('shards are disjoint, cover every target, and are the same on every run', async () => {
    const shards: string[][] = [];
    for (const [i, file] of SHARD_FILES.entries()) {
      const r = await scan('--input', list, '--shard', `${i + 1}/3`, '--output', file, '--json');
      expect(r.code).toBeLessThanOrEqual(1);
      shards.push(jsonTargets(r.stdout));
    }
    expect(shards.flat().sort()).toEqual([...targets].sort());
    expect(new Set(shards.flat()).size).toBe(targets.length);
    expect(shards.filter((s) => s.length > 0).length).toBeGreaterThan(1);
    // Another run, the list in another order: the same shard.
    const reversed = join(dir, 'reversed.txt');
    writeFileSync(reversed, [...targets].reverse().join('\n'));
    const again = await scan('--input', reversed, '--shard', '2/3', '--json');
    expect(jsonTargets(again.stdout)).toEqual(shards[1]);
  });

  it('merge of the shards reports what one whole scan reports (JSON, text, SARIF, JUnit) and exits the same', async () => {
    const whole = await scan('--input', list, '--json');
    const merged = await run(['scan', 'merge', ...SHARD_FILES, '--json'], dir);
    expect(merged.code).toBe(whole.code);
    expect(merged.code).toBe(1);
    const byTarget = (s: string) =>
      Object.fromEntries(
        (JSON.parse(s).results as { target: string; findings: { id: string }[] }[]).map((r) => [
          r.target,
          r.findings.map((f) => f.id).sort(),
        ]),
      );
    expect(byTarget(merged.stdout)).toEqual(byTarget(whole.stdout));
    expect(JSON.parse(merged.stdout).summary).toEqual(JSON.parse(whole.stdout).summary);

    const text = await run(['scan', 'merge', ...SHARD_FILES], dir);
    expect(text.stdout).toMatch(/12 target\(s\), 8 finding\(s\) \(4 critical, 4 high\)\n$/);
    const sarif = JSON.parse((await run(['scan', 'merge', ...SHARD_FILES, '--sarif'], dir)).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(8);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(true);
    const junit = await run(['scan', 'merge', ...SHARD_FILES, '--junit', '--fail-on', 'critical'], dir);
    expect(junit.stdout).toMatch(/<testsuites name="corsair scan" tests="\d+" failures="4" errors="0">/);
    expect(junit.stdout.match(/<testsuite /g)).toHaveLength(12);
  });

  it('merge keeps a scanned record over an error for the same target, and skips a line cut off mid-write', async () => {
    // A shard's targets depend on the server's port (the hash reads the URL as written), so shard 1 may be
    // empty: take the first record of the first shard that has one.
    const shard = SHARD_FILES.find((f) => lines(f)[0] !== '');
    expect(shard).toBeDefined();
    const record = lines(shard as string)[0] as string;
    const target = JSON.parse(record).target as string;
    const failed = JSON.stringify({
      target,
      findings: [],
      error: { code: 'HTTP_TIMEOUT', message: 'No response.', fix: 'Raise --timeout.' },
      requests: 0,
    });
    writeFileSync(join(dir, 'failed.jsonl'), `${failed}\n`);
    writeFileSync(join(dir, 'cut.jsonl'), record.slice(0, 40));
    const r = await run(['scan', 'merge', shard as string, 'failed.jsonl', 'cut.jsonl', '--json'], dir);
    expect(
      JSON.parse(r.stdout).results.find((x: { target: string }) => x.target === target).error,
    ).toBeNull();
    expect(r.stderr).toMatch(/warning: .*cut\.jsonl:1 was cut off mid-record/);
  });

  it('merge refuses files that are not scan results, without echoing their bytes', async () => {
    writeFileSync(
      join(dir, 'binary.jsonl'),
      Buffer.from([0x7b, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0xff, 0xfe, 0x0a]),
    );
    writeFileSync(join(dir, 'other.jsonl'), '{"name":"not a scan record"}\n');
    for (const [file, line] of [
      ['binary.jsonl', 1],
      ['other.jsonl', 1],
    ] as const) {
      const r = await run(['scan', 'merge', 'shard-1.jsonl', file], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^corsair: error SCAN_RESULTS_NOT_JSONL: .*${file}: line ${line} is not`),
      );
      expect(r.stderr).not.toMatch(/[\x00\x1b\ufffd]/);
      expect(r.stdout).toBe('');
    }
    const missing = await run(['scan', 'merge', 'nope.jsonl'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error CLI_FILE_UNREADABLE');
  });
});

describe('input files as people write them', () => {
  it('CRLF, a BOM, comments, trailing notes and duplicates', async () => {
    const file = join(dir, 'windows.txt');
    writeFileSync(
      file,
      `\ufeff# inventory\r\n${targets[0]}\r\n  ${targets[1]}   # the billing API\r\n\r\n${targets[0]}\r\n${targets[2]}`,
    );
    const r = await scan('--input', file, '--json');
    expect(jsonTargets(r.stdout)).toEqual([targets[0], targets[1], targets[2]].sort());
  });

  it.each([
    ['NUL bytes (a binary file)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x1b, 0x5b, 0x32, 0x4a])],
    ['an escape sequence', Buffer.from(`${targets[0]}\n\x1b[2J\x1b]0;owned\x07\n`)],
    ['Latin-1, not UTF-8', Buffer.from([0x68, 0x74, 0x74, 0x70, 0xe9, 0x0a])],
  ])('refuses %s with SCAN_INPUT_BINARY before any request, echoing no bytes', async (_name, bytes) => {
    const file = join(dir, 'bad-input.bin');
    writeFileSync(file, bytes);
    const before = server.hits();
    const r = await scan('--input', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^corsair: error SCAN_INPUT_BINARY: --input .*bad-input\.bin is not a text list of URLs/,
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\ufffd]/);
    expect(r.stdout).toBe('');
    expect(server.hits()).toBe(before);
  });

  it('a line far too long for a URL is refused', async () => {
    const file = join(dir, 'long.txt');
    writeFileSync(file, `${targets[0]}\n${'a'.repeat(20_000)}\n`);
    const r = await scan('--input', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error SCAN_INPUT_LINE_TOO_LONG: --input .*long\.txt: line 2 is longer/);
  });
});

describe('--input - (a pipe)', () => {
  /** The built CLI with `text` on its standard input. */
  const piped = (args: readonly string[], text: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(text);
    });

  it('reads the targets from standard input as they come', async () => {
    const r = await piped(
      ['scan', '--input', '-', '--origin', TRUSTED, '--rate', '0', '--json'],
      `# piped\n${targets.slice(0, 5).join('\n')}\n`,
    );
    expect(r.code).toBe(1);
    expect(jsonTargets(r.stdout)).toEqual(targets.slice(0, 5).sort());
  });

  it('refuses binary on standard input too, echoing nothing of it', async () => {
    const r = await piped(['scan', '--input', '-', '--rate', '0'], '\x00\x1b[2Jbinary');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^corsair: error SCAN_INPUT_BINARY: --input standard input is not a text list of URLs/,
    );
    expect(r.stderr).not.toMatch(/[\x00\x1b]/);
  });

  it('an empty pipe has no targets', async () => {
    const r = await piped(['scan', '--input', '-'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error CLI_NO_TARGETS');
  });
});

describe('bad options: one coded line, exit 2', () => {
  it.each([
    [['--shard', '3/2'], 'SCAN_BAD_SHARD'],
    [['--shard', '0/2'], 'SCAN_BAD_SHARD'],
    [['--shard', 'two'], 'SCAN_BAD_SHARD'],
    [['--rate', '-1'], 'CLI_BAD_NUMBER'],
    [['--rate', 'fast'], 'CLI_BAD_NUMBER'],
    [['--concurrency', '1.5'], 'CLI_BAD_NUMBER'],
    [['--input', 'missing.txt'], 'CLI_FILE_UNREADABLE'],
    [['--input', '.'], 'CLI_FILE_UNREADABLE'],
  ])('%j -> %s', async (args, code) => {
    const before = server.hits();
    const r = await run(['scan', targets[0] as string, ...args], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^corsair: error ${code}: [^\\n]+ Fix: [^\\n]+\\n$`));
    expect(server.hits()).toBe(before);
  });

  it('an empty shard is not an error: nothing to scan, exit 0', async () => {
    const r = await scan(targets[0] as string, '--shard', '1/1000', '--json');
    const r2 = await scan(targets[0] as string, '--shard', '2/1000', '--json');
    // The one target is in exactly one of a thousand shards; at least one of these two is empty.
    const empty = [r, r2].find((x) => JSON.parse(x.stdout).results.length === 0);
    expect(empty?.code).toBe(0);
  });
});

describe('--dedupe', () => {
  it('says in the report which targets inherited their findings, and from which', async () => {
    const open = targets.filter((t) => t.includes('/open/'));
    const r = await scan(...open, '--dedupe');
    expect(r.code).toBe(1);
    for (const t of open.slice(1))
      expect(r.stdout).toContain(`${t}\n  same CORS answers as ${open[0]}: its findings apply (--dedupe)\n`);
    expect(r.stdout).toMatch(/4 target\(s\), 8 finding\(s\)/);
    const json = JSON.parse((await scan(...open, '--dedupe', '--json')).stdout);
    expect(json.results.map((x: { sameAs?: string }) => x.sameAs ?? null)).toEqual([
      null,
      open[0],
      open[0],
      open[0],
    ]);
  });
});

describe('--output', () => {
  it('after a run cut off mid-line, the resumed file stays one valid record per line', async () => {
    const out = 'resumed.jsonl';
    const first = await scan(targets[0] as string, '--output', out);
    expect(first.code).toBe(1);
    appendFileSync(join(dir, out), lines(out)[0]?.slice(0, 30) ?? '');
    const before = server.hits();
    const second = await scan(targets[0] as string, targets[1] as string, '--output', out, '--json');
    expect(server.hits()).toBeGreaterThan(before);
    expect(jsonTargets(second.stdout)).toEqual([targets[0], targets[1]].sort());
    const all = lines(out);
    expect(all).toHaveLength(3);
    expect(() => JSON.parse(all[2] as string)).not.toThrow();
    // The first target came from the file, not from a second scan.
    expect(JSON.parse(second.stdout).results.map((r: { target: string }) => r.target)).toEqual([
      targets[0],
      targets[1],
    ]);
  });
});

describe('the progress bar', () => {
  it('counts requests, their rate and back-offs, not only whole targets', async () => {
    // --rate 0: a host that refuses every tenth request would otherwise (rightly) be scanned slowly.
    let n = 0;
    const limited = await serve((req, res) => {
      if (++n % 10 === 3) {
        res.writeHead(429, { 'Retry-After': '0' }).end();
        return;
      }
      api(req, res);
    });
    try {
      const tty = Object.assign(new PassThrough(), {
        isTTY: true,
        columns: 160,
        cursorTo: () => true,
        clearLine: () => true,
        moveCursor: () => true,
      });
      let drawn = '';
      tty.on('data', (d: Buffer) => {
        drawn += d.toString();
      });
      const code = await runCli(
        ['scan', `${limited.url}a`, `${limited.url}b`, '--origin', TRUSTED, '--rate', '0', '--json'],
        {
          stdout: () => {},
          stderr: () => {},
          isTTY: true,
          color: false,
          env: {},
          cwd: dir,
          progressStream: tty as unknown as NodeJS.WriteStream,
        },
      );
      expect(code).toBe(0);
      expect(drawn).toMatch(
        /scanning \[.*\] \d\/2 targets \| [1-9]\d*\/~[1-9]\d* requests, \d+ req\/s \| [1-9]\d* back-offs/,
      );
    } finally {
      await limited.close();
    }
  });
});
