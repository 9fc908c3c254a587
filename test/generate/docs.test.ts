// docs/generate.md shows every target's output for the example policy: this test keeps it exact.
// CORSAIR_UPDATE_GOLDEN=1 rewrites the generated section.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
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
