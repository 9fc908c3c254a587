// Vitest global setup: the CLI suites run `node dist/cli/main.js` as users do, so dist/ must be the
// build of the source under test. A stale or missing dist/ is rebuilt here, before any suite starts,
// instead of letting those suites skip or test yesterday's code. `npm test` builds first (pretest), so
// there this only compares timestamps.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'dist/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

/** Whether dist/ is missing or older than any file under src/ (or the compiler settings). */
export function buildIsStale(root = ROOT): boolean {
  const entry = join(root, 'dist/cli/main.js');
  if (!existsSync(entry)) return true;
  const sources = Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'tsconfig.json')).mtimeMs);
  return statSync(entry).mtimeMs < sources;
}

export default function setup(): void {
  if (!buildIsStale()) return;
  console.warn('\n!!! dist/ is older than src/: building it now (npx tsc -p tsconfig.json)\n');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (!existsSync(ENTRY)) throw new Error(`the build did not produce ${ENTRY}`);
}
