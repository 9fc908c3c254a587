import { defineConfig } from 'vitest/config';

// The fast, in-process suites that StrykerJS runs against each mutant: no real browsers, servers or
// child processes, so a mutant is judged in milliseconds. The real-browser and real-server suites stay
// in `npm test`; a mutant that only they would catch is reported as surviving here, on purpose.
export default defineConfig({
  test: {
    include: [
      'test/fetch/**/*.test.ts',
      'test/origin/**/*.test.ts',
      'test/browser/**/*.test.ts',
      'test/policy/**/*.test.ts',
    ],
    testTimeout: 20_000,
  },
});
