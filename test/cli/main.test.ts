import { describe, expect, it } from 'vitest';
import { run, spawnCli } from './run.js';

describe('corsair (in-process)', () => {
  it.each(['check', 'explain', 'scan', 'verify'])('%s --help shows examples and exits 0', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: corsair ${cmd}`);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toMatch(new RegExp(`corsair ${cmd} \\S`));
  });

  it('top-level --help lists every command and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['check', 'explain', 'scan', 'verify']) expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain('Exit codes');
  });

  it.each([
    [['bogus'], 'unknown command'],
    [['check', 'http://127.0.0.1:1/'], "required option '--origin <origin>'"],
    [['check', 'http://x.test/', '--origin', 'https://a.test', '--browser', 'safari'], 'safari'],
    [['scan', '--fail-on', 'severe', 'http://x.test/'], 'severe'],
    [['check', 'http://x.test/', '--origin', 'https://a.test', '--nope'], "unknown option '--nope'"],
  ])('bad arguments %j exit 2 with one line', async (args, words) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error CLI_BAD_ARGUMENTS');
    expect(r.stderr).toContain(words);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--version prints the version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('corsair (built binary)', () => {
  it('runs as `node dist/cli/main.js` with a shebang-free exit code', async () => {
    const r = await spawnCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: corsair');
  });

  it('never prints a stack trace on bad input', async () => {
    const r = await spawnCli(['check', 'not a url', '--origin', 'https://a.test']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corsair: error HTTP_INVALID_URL: .+ Fix: .+\n$/);
    expect(r.stderr).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  });
});
