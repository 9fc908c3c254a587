import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsStale } from './fresh-build.js';

describe('the fresh-build guard of the CLI suites', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function project(srcTime: number, distTime: number | null): string {
    const root = mkdtempSync(join(tmpdir(), 'corsair-fresh-'));
    dirs.push(root);
    mkdirSync(join(root, 'src/deep'), { recursive: true });
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    utimesSync(join(root, 'tsconfig.json'), 1000, 1000);
    writeFileSync(join(root, 'src/deep/a.ts'), 'export {}');
    utimesSync(join(root, 'src/deep/a.ts'), srcTime, srcTime);
    if (distTime !== null) {
      mkdirSync(join(root, 'dist/cli'), { recursive: true });
      writeFileSync(join(root, 'dist/cli/main.js'), '');
      utimesSync(join(root, 'dist/cli/main.js'), distTime, distTime);
    }
    return root;
  }

  it('rebuilds when dist/ is missing', () => {
    expect(buildIsStale(project(2000, null))).toBe(true);
  });
  it('rebuilds when a nested source file is newer than the build', () => {
    expect(buildIsStale(project(3000, 2000))).toBe(true);
  });
  it('keeps a build newer than every source', () => {
    expect(buildIsStale(project(2000, 3000))).toBe(false);
  });
});
