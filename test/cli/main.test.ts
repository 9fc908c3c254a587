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
    [['bogus'], 'CLI_BAD_ARGUMENTS', 'unknown command'],
    [['check'], 'CLI_MISSING_URL', 'check needs the URL the page calls'],
    [['check', '--origin', 'https://a.test'], 'CLI_MISSING_URL', 'check needs the URL'],
    [['check', 'http://127.0.0.1:1/'], 'CLI_MISSING_ORIGIN', '--origin https://app.example.com'],
    [
      ['check', 'http://x.test/', '--origin', 'https://a.test', '--browser', 'firefx'],
      'CLI_BAD_CHOICE',
      "(did you mean 'firefox'?). Fix: Use --browser firefox.",
    ],
    [
      ['check', 'http://x.test/', '--origin', 'https://a.test', '--browser', 'safari'],
      'CLI_BAD_CHOICE',
      'Use one of: chromium, firefox, webkit, spec',
    ],
    [
      ['check', 'http://x.test/', '--origin', 'https://a.test', '--credentials', 'includes'],
      'CLI_BAD_CHOICE',
      "did you mean 'include'",
    ],
    [['scan', '--fail-on', 'hihg', 'http://x.test/'], 'CLI_BAD_CHOICE', "did you mean 'high'"],
    [['generate', '--target', 'ngnix', '--policy', 'p.json'], 'CLI_BAD_CHOICE', "did you mean 'nginx'"],
    [['proxy', '--cookies', 'rewite'], 'CLI_BAD_CHOICE', "did you mean 'rewrite'"],
    [['har', 'x.har', '--browser', 'chrome'], 'CLI_BAD_CHOICE', '--browser'],
    [
      ['check', 'http://x.test/', '--origin', 'https://a.test', '--nope'],
      'CLI_BAD_ARGUMENTS',
      "unknown option '--nope'",
    ],
  ])('bad arguments %j exit 2 with one line', async (args, code, words) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error ${code}`);
    expect(r.stderr).toContain(words);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bare `corsair` prints the help on stdout, nothing on stderr, and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage: corsair');
    expect(r.stdout).toContain('corsair alone prints this help on stdout and exits 2');
    expect(r.stderr).toBe('');
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
