import { defineConfig } from 'vitest/config';

// The in-process suites that StrykerJS runs against each mutant: no real browsers, servers or child
// processes, so a mutant is judged in milliseconds. scripts/mutation.ts narrows them to the suites of
// the folder being mutated (CORSAIR_MUTATION_TESTS). The real-browser and real-server suites stay in
// `npm test`; a mutant that only they would catch is reported as surviving here, on purpose.
const ALL = [
  'test/fetch/**/*.test.ts',
  'test/origin/**/*.test.ts',
  'test/browser/**/*.test.ts',
  'test/policy/**/*.test.ts',
];

export default defineConfig({
  test: {
    include: process.env.CORSAIR_MUTATION_TESTS ? JSON.parse(process.env.CORSAIR_MUTATION_TESTS) : ALL,
    setupFiles: ['test/support/mutation-setup.ts'],
    testTimeout: 20_000,
  },
});
