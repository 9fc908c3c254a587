// `corsair generate` in-process through runCli: stdout, --out, --list, --json, and coded errors (exit 2,
// one line, no stack trace).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { GOLDEN_POLICIES } from './golden-policies.js';

const dir = mkdtempSync(join(tmpdir(), 'corsair-gen-cli-'));
writeFileSync(join(dir, 'cors.json'), JSON.stringify(GOLDEN_POLICIES.example));
writeFileSync(join(dir, 'routes.json'), JSON.stringify(GOLDEN_POLICIES.routes));
writeFileSync(join(dir, 'bad.json'), '{ "origins": "*", "credentials": true }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    isTTY: false,
    color: false,
    env: {},
    cwd: dir,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('corsair generate', () => {
  it('prints a one-file target on stdout', async () => {
    const r = await cli('generate', '--policy', 'cors.json', '--target', 'express');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      readFileSync(join(import.meta.dirname, '../fixtures/generate/example/express/cors.js.golden'), 'utf8'),
    );
    // The rulebook's warning (docs/security.md): written anyway, said on stderr.
    expect(r.err).toMatch(
      /^corsair: warning POLICY_SUBDOMAINS_WITH_CREDENTIALS: \$\.origins: '[^']+' trusts every subdomain with credentials: true; /m,
    );
    for (const line of r.err.trimEnd().split('\n'))
      expect(line).toMatch(/^corsair: warning POLICY_[A-Z_]+: \$/);
  });

  it('prints several files under header lines, and writes them with --out <dir>', async () => {
    const r = await cli('generate', '--policy', 'cors.json', '--target', 'nginx');
    expect(r.out).toMatch(/^# ==> cors-maps\.conf <==\n/);
    expect(r.out).toContain('# ==> cors.conf <==\n');
    const w = await cli('generate', '--policy', 'cors.json', '--target', 'nginx', '--out', 'nginx/');
    expect(w.code).toBe(0);
    expect(readdirSync(join(dir, 'nginx')).sort()).toEqual(['cors-maps.conf', 'cors.conf']);
    expect(w.err).toContain('wrote');
  });

  it('writes one file with --out <file>', async () => {
    const r = await cli(
      'generate',
      '--policy',
      'cors.json',
      '--target',
      'django',
      '--out',
      'cors_settings.py',
    );
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'cors_settings.py'), 'utf8')).toContain('CORS_ALLOWED_ORIGINS');
  });

  it('prints fidelity notes on stderr as warnings', async () => {
    const r = await cli('generate', '--policy', 'cors.json', '--target', 'aws-api-gateway');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^corsair: warning GENERATE_PATTERN_DROPPED: .*'https:\/\/\*\.example\.com'/m);
    expect(JSON.parse(r.out).AllowOrigins).toEqual(['https://app.example.com']);
  });

  it('--json gives files and notes', async () => {
    const r = await cli('generate', '--policy', 'cors.json', '--target', 'vercel', '--json');
    const j = JSON.parse(r.out) as { target: string; files: { path: string }[]; notes: { code: string }[] };
    expect(j.target).toBe('vercel');
    expect(j.files.map((f) => f.path)).toEqual(['vercel.json']);
    expect(j.notes.length).toBeGreaterThan(0);
  });

  it('--list names every target', async () => {
    const r = await cli('generate', '--list');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean)).toHaveLength(19);
  });

  it.each([
    [['--policy', 'routes.json', '--target', 'aws-s3'], 'GENERATE_ROUTES_UNSUPPORTED'],
    [['--policy', 'cors.json', '--target', 'iis'], 'CLI_BAD_CHOICE'],
    [['--policy', 'bad.json', '--target', 'nginx'], 'POLICY_INVALID'],
    [['--policy', 'missing.json', '--target', 'nginx'], 'CLI_FILE_UNREADABLE'],
    [['--target', 'nginx'], 'CLI_MISSING_POLICY'],
    [['--policy', 'cors.json'], 'CLI_MISSING_TARGET'],
  ])('refuses %j with %s, exit 2, no stack trace', async (args, code) => {
    const r = await cli('generate', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error ${code}:`);
    expect(r.err).toContain('Fix:');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('');
  });
});
