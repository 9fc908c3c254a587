import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Two cores: real browsers and servers in several files at once would starve each other.
    maxWorkers: 2,
  },
});
