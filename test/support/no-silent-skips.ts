// A vitest reporter: in CI (any CORSAIR_REQUIRE_* set to 1) a skipped test fails the run. The gates
// (browserAvailable, serverAvailable, runtimeAvailable) already throw there when a program is missing;
// this catches every other way a test can stop running unnoticed — a skipIf on a condition no gate
// checks, a stray `.skip`, `.todo` or `.only`, a skipped file. Runs narrowed on purpose (`-t`) are left
// alone: what they leave out is reported as skipped by design.
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export const REQUIRE_VARS = [
  'CORSAIR_REQUIRE_BROWSERS',
  'CORSAIR_REQUIRE_SERVERS',
  'CORSAIR_REQUIRE_RUNTIMES',
] as const;

/**
 * Every skipped test of a run, as `file > full name`.
 *
 * @example
 * skippedTests(modules); // ['test/x.test.ts > suite > case']
 */
export function skippedTests(modules: readonly TestModule[], root: string): string[] {
  const out: string[] = [];
  for (const m of modules)
    for (const t of m.children.allTests())
      if (t.result().state === 'skipped') out.push(`${m.moduleId.replace(`${root}/`, '')} > ${t.fullName}`);
  return out;
}

export default class NoSilentSkips implements Reporter {
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    if (!REQUIRE_VARS.some((v) => process.env[v] === '1')) return;
    const config = this.#vitest?.config;
    if (config?.testNamePattern !== undefined) return;
    const skipped = skippedTests(modules, config?.root ?? process.cwd());
    if (skipped.length === 0) return;
    const list = skipped.map((s) => `  - ${s}`).join('\n');
    console.error(
      `\n!!! ${skipped.length} test(s) skipped under ${REQUIRE_VARS.join('/')}=1, where nothing may skip:\n${list}\n` +
        'Gate a missing program with browserAvailable/serverAvailable/runtimeAvailable (they fail here), ' +
        'or drop the skip.\n',
    );
    process.exitCode = 1;
  }
}
