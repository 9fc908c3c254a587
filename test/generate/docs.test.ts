// docs/generate.md shows every target's output for the example policy: this test keeps it exact; the
// per-path section's policy and commands are run.
// CORSAIR_UPDATE_GOLDEN=1 rewrites the generated section.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { GenerateError, generateConfig, TARGETS } from '../../src/generate/index.js';
import { GOLDEN_POLICIES } from './golden-policies.js';
import { ROOT } from './servers.js';

const DOC = join(ROOT, 'docs/generate.md');
const START = '<!-- generated:targets (test/generate/docs.test.ts; CORSAIR_UPDATE_GOLDEN=1 rewrites it) -->';
const END = '<!-- /generated:targets -->';

const LANG: Record<string, string> = {
  js: 'js',
  ts: 'ts',
  py: 'python',
  java: 'java',
  cs: 'csharp',
  json: 'json',
  yml: 'yaml',
  conf: 'nginx',
  toml: 'toml',
};

function fence(path: string, content: string, target: string): string {
  const ext = path.split('.').pop() ?? '';
  const lang = target === 'apache' ? 'apache' : target === 'caddy' ? 'caddy' : (LANG[ext] ?? 'text');
  return `\`${path}\`\n\n\`\`\`\`${lang}\n${content}\`\`\`\`\n`;
}

function section(): string {
  const parts: string[] = [];
  for (const t of TARGETS) {
    parts.push(
      `### \`${t.name}\`\n\n${t.title}. Proof: ${t.proof === 'real-server' ? 'booted and verified on the real server' : 'golden files and syntax checks'}.\n\n${t.fidelity}\n`,
    );
    try {
      const r = generateConfig(t.name, GOLDEN_POLICIES.example!, { source: 'cors.json' });
      for (const f of r.files) parts.push(fence(f.path, f.content, t.name));
      if (r.notes.length > 0)
        parts.push(
          `Notes for this policy (stderr):\n\n${r.notes.map((n) => `- \`${n.code}\`: ${n.message}`).join('\n')}\n`,
        );
    } catch (e) {
      if (!(e instanceof GenerateError)) throw e;
      parts.push(`For this policy: refused, \`${e.code}\`: ${e.message} Fix: ${e.fix}\n`);
    }
  }
  return `${START}\n\n${parts.join('\n')}\n${END}`;
}

it('docs/generate.md shows the current output of every target for the example policy', () => {
  const doc = readFileSync(DOC, 'utf8');
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  expect(a, 'the generated-section markers are missing').toBeGreaterThan(0);
  const expected = `${doc.slice(0, a)}${section()}${doc.slice(b + END.length)}`;
  if (process.env.CORSAIR_UPDATE_GOLDEN === '1') writeFileSync(DOC, expected);
  expect(readFileSync(DOC, 'utf8')).toBe(expected);
});

it('the per-path section: its policy is the golden routes policy, and its commands run', async () => {
  const doc = readFileSync(DOC, 'utf8');
  const body = doc.slice(doc.indexOf('## Per-path policies'), doc.indexOf('## Proof'));
  const fences = [...body.matchAll(/```(\w+)[^\n]*\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!] as const);
  expect(fences.map(([lang]) => lang)).toEqual(['json', 'sh']);
  const policy = JSON.parse(fences[0]![1]) as unknown;
  expect(policy).toEqual(GOLDEN_POLICIES.routes);
  const dir = mkdtempSync(join(tmpdir(), 'corsair-gen-docs-'));
  try {
    writeFileSync(join(dir, 'routes.json'), fences[0]![1]);
    for (const line of fences[1]![1].trim().split('\n')) {
      const argv = line.split(' ');
      expect(argv[0]).toBe('corsair');
      let err = '';
      const io: CliIO = {
        stdout: () => {},
        stderr: (s) => (err += s),
        isTTY: false,
        color: false,
        env: {},
        cwd: dir,
      };
      expect(await runCli(argv.slice(1), io), `${line}\n${err}`).toBe(0);
    }
    expect(readdirSync(join(dir, 'site')).sort()).toEqual(['netlify', 'netlify.toml']);
    expect(readdirSync(join(dir, 'nginx')).sort()).toEqual(['cors-maps.conf', 'cors.conf']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
