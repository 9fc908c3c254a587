// Issue 20: no suite may skip silently. In CI (CORSAIR_REQUIRE_*=1) the project's reporter fails a run
// that skipped anything; proven on two fixture files run by a real vitest.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = 'test/fixtures/skips/vitest.config.ts';

function runFixture(file: string, env: Record<string, string>, args: readonly string[] = []) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('CORSAIR_REQUIRE_')),
  );
  const r = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', CONFIG, ...args],
    {
      cwd: ROOT,
      env: { ...clean, ...env, SKIPS_FIXTURE: file },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('the no-silent-skips reporter', () => {
  it.each(['CORSAIR_REQUIRE_BROWSERS', 'CORSAIR_REQUIRE_SERVERS', 'CORSAIR_REQUIRE_RUNTIMES'])(
    'fails a run with a skipped test under %s=1 and names the test',
    (name) => {
      const r = runFixture('skips.fixture.ts', { [name]: '1' });
      expect(r.status).toBe(1);
      expect(r.output).toContain('skips.fixture.ts > skips quietly');
      expect(r.output).not.toContain('> runs\n');
    },
  );

  it('lets the same run pass where nothing is required (a developer machine)', () => {
    expect(runFixture('skips.fixture.ts', {}).status).toBe(0);
  });

  it('lets a run where every test ran pass under CORSAIR_REQUIRE_*=1', () => {
    const r = runFixture('clean.fixture.ts', { CORSAIR_REQUIRE_SERVERS: '1' });
    expect(r.status, r.output).toBe(0);
  });

  it('leaves a run narrowed on purpose with -t alone', () => {
    const r = runFixture('clean.fixture.ts', { CORSAIR_REQUIRE_SERVERS: '1' }, ['-t', 'runs too']);
    expect(r.status, r.output).toBe(0);
  });

  it('is the project configuration’s reporter', async () => {
    const config = (await import('../../vitest.config.js')).default as { test: { reporters: unknown[] } };
    expect(config.test.reporters).toContain('./test/support/no-silent-skips.ts');
  });
});
