import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startZoo, TRUSTED, ZOO } from '../audit/zoo.js';
import { run, spawnCli } from './run.js';
import { serve, type TestServer } from './servers.js';

const pick = (name: string) => ZOO.filter((a) => a.name === name);
let zoo: Awaited<ReturnType<typeof startZoo>>;
let reflect = '';
let trustsNull = '';
let correct = '';
let wildcard = '';
let counted: TestServer;
let dir = '';

beforeAll(async () => {
  zoo = await startZoo([
    ...pick('reflect any origin + credentials'),
    ...pick('trusts null'),
    ...pick('exact match (correct)'),
    ...pick('public wildcard'),
  ]);
  [reflect = '', trustsNull = '', correct = '', wildcard = ''] = zoo.urls;
  counted = await serve((_req, res) => res.end());
  dir = mkdtempSync(join(tmpdir(), 'corsair-scan-'));
});
afterAll(async () => {
  await zoo.close();
  await counted.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('corsair scan', () => {
  it('reports every finding with evidence and fix; exit 1', async () => {
    const r = await run(['scan', reflect, '--origin', TRUSTED, '--rate', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CRITICAL\s+origin-reflection/);
    expect(r.stdout).toMatch(/HIGH\s+null-origin/);
    expect(r.stdout).toContain('fix:');
    expect(r.stdout).toContain('> Origin: https://corsair-attacker.net');
    expect(r.stdout).toContain('< Access-Control-Allow-Origin: https://corsair-attacker.net');
  });

  it('a correct server is clean: exit 0', async () => {
    const r = await run(['scan', correct, '--origin', TRUSTED, '--rate', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no findings');
  });

  it.each([
    ['critical', reflectOf, 1],
    ['critical', nullOf, 0],
    ['high', nullOf, 1],
    ['low', wildcardOf, 0],
    ['info', wildcardOf, 1],
  ] as const)('--fail-on %s', async (level, target, code) => {
    const r = await run(['scan', target(), '--origin', TRUSTED, '--fail-on', level, '--rate', '0']);
    expect(r.code).toBe(code);
  });

  it('--json: results and a summary', async () => {
    const r = await run(['scan', reflect, trustsNull, '--origin', TRUSTED, '--json', '--rate', '0']);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.results.map((x: { target: string }) => x.target)).toEqual([reflect, trustsNull]);
    expect(j.summary).toMatchObject({ targets: 2, unreachable: 0, failed: true, findings: 3 });
    expect(j.results[0].findings[0]).toMatchObject({
      id: 'origin-reflection',
      severity: 'critical',
      credentials: true,
    });
    expect(j.results[0].findings[0].evidence[0].exchange.response.headers).toContainEqual([
      'Access-Control-Allow-Origin',
      'https://corsair-attacker.net',
    ]);
  });

  it('--sarif: a SARIF 2.1.0 log with one result per finding', async () => {
    const r = await run(['scan', reflect, '--origin', TRUSTED, '--sarif', '--rate', '0']);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('corsair');
    expect(run0.results.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual([
      'null-origin',
      'origin-reflection',
    ]);
    for (const res of run0.results) {
      expect(run0.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe(reflect);
    }
    expect(run0.results.find((x: { ruleId: string }) => x.ruleId === 'origin-reflection').level).toBe(
      'error',
    );
  });

  it('--junit: failures for findings at or above --fail-on, errors for unreachable targets', async () => {
    const r = await run([
      'scan',
      reflect,
      'http://127.0.0.1:1/',
      '--origin',
      TRUSTED,
      '--junit',
      '--fail-on',
      'critical',
      '--rate',
      '0',
    ]);
    expect(r.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="corsair scan" tests="\d+" failures="1" errors="1">/,
    );
    expect(r.stdout).toMatch(/<testcase classname="[^"]+" name="origin-reflection"><failure type="critical"/);
    expect(r.stdout).toMatch(/name="null-origin"><system-out>high: /);
    expect(r.stdout).toContain('<error type="HTTP_CONNECTION_REFUSED"');
    expect(r.code).toBe(1);
  });

  it('an unreachable target: exit 2, one line on stderr, the others still scanned', async () => {
    const r = await run(['scan', correct, 'http://127.0.0.1:1/', '--origin', TRUSTED, '--rate', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corsair: error HTTP_CONNECTION_REFUSED: http:\/\/127\.0\.0\.1:1\/: .+\n$/);
    expect(r.stdout).toContain('no findings');
  });

  it('--input reads targets (comments and blanks skipped); --output resumes', async () => {
    const input = join(dir, 'targets.txt');
    const out = join(dir, 'scan.jsonl');
    writeFileSync(input, `# targets\n${counted.url}\n\n${trustsNull}\n`);
    const first = await run(['scan', '--input', input, '--output', out, '--origin', TRUSTED, '--rate', '0']);
    expect(first.code).toBe(1);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).target).sort()).toEqual([counted.url, trustsNull].sort());
    const hits = counted.hits();
    expect(hits).toBeGreaterThan(0);
    // Second run: the recorded targets are skipped, the new one is scanned, the report covers all three.
    const second = await run([
      'scan',
      '--input',
      input,
      correct,
      '--output',
      out,
      '--origin',
      TRUSTED,
      '--json',
      '--rate',
      '0',
    ]);
    expect(counted.hits()).toBe(hits);
    expect(JSON.parse(second.stdout).results).toHaveLength(3);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('a truncated last line (interrupted run) is scanned again', async () => {
    const out = join(dir, 'cut.jsonl');
    writeFileSync(out, `{"target":"${counted.url}","findi`);
    const before = counted.hits();
    await run(['scan', counted.url, '--output', out, '--rate', '0']);
    expect(counted.hits()).toBeGreaterThan(before);
  });

  it.each([
    [[], 'CLI_NO_TARGETS'],
    [['--input', '/nonexistent/targets.txt'], 'CLI_FILE_UNREADABLE'],
    [['http://x.test/', '--origin', 'not-an-origin'], 'ORIGIN_NO_SCHEME'],
    [['http://x.test/', '--origin', 'null'], 'ORIGIN_NULL'],
    [['http://x.test/', '--concurrency', '0'], 'CLI_BAD_NUMBER'],
    [['http://x.test/', '--json', '--sarif'], 'CLI_BAD_ARGUMENTS'],
  ])('bad input %j: exit 2 (%s)', async (args, code) => {
    const r = await run(['scan', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error ${code}`);
  });

  it('draws a progress bar only on a terminal', async () => {
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 80,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    let drawn = '';
    tty.on('data', (d: Buffer) => {
      drawn += d.toString();
    });
    let stdout = '';
    const code = await runCli(['scan', correct, '--origin', TRUSTED, '--rate', '0', '--json'], {
      stdout: (s) => {
        stdout += s;
      },
      stderr: () => {},
      isTTY: true,
      color: false,
      env: {},
      cwd: dir,
      progressStream: tty as unknown as NodeJS.WriteStream,
    });
    expect(code).toBe(0);
    expect(drawn).toContain('scanning [');
    expect(stdout).not.toContain('scanning [');
    // Not a terminal: nothing but the report.
    const plain = await run(['scan', correct, '--origin', TRUSTED, '--rate', '0']);
    expect(plain.stderr).toBe('');
  });
});

function reflectOf() {
  return reflect;
}
function nullOf() {
  return trustsNull;
}
function wildcardOf() {
  return wildcard;
}

describe('corsair scan (built binary)', () => {
  it('scans real misconfigured servers end to end', async () => {
    const r = await spawnCli(['scan', reflect, correct, '--origin', TRUSTED, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.results[0].findings.map((f: { id: string }) => f.id)).toContain('origin-reflection');
    expect(j.results[1].findings).toEqual([]);
  });
});
