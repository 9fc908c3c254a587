import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI suites run dist/ as users do: never a stale build (rebuilt here when src/ is newer).
    globalSetup: ['test/support/fresh-build.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Two cores: real browsers and servers in several files at once would starve each other.
    maxWorkers: 2,
    // In CI (CORSAIR_REQUIRE_*=1) any skipped test fails the run.
    reporters: ['default', './test/support/no-silent-skips.ts'],
  },
});
