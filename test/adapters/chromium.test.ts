// Real Chromium: every adapter × ≥30 policies × request shapes × three loopback page origins.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../real-browsers/launch.js';
import { type BrowserCase, casesFor, inPage, startMatrix } from './browser-matrix.js';

describe.skipIf(!browserAvailable('chromium'))('real Chromium through every adapter', () => {
  let browser: Browser;
  let matrix: Awaited<ReturnType<typeof startMatrix>>;
  beforeAll(async () => {
    [browser, matrix] = await Promise.all([launchChromium(), startMatrix()]);
  });
  afterAll(async () => {
    await browser?.close();
    await matrix?.close();
  });

  it('allows exactly what each policy allows', { timeout: 180_000 }, async () => {
    expect(matrix.policies.length).toBeGreaterThanOrEqual(30);
    const mismatches: string[] = [];
    let total = 0;
    let allowed = 0;
    for (const origin of matrix.pages) {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      const cases: BrowserCase[] = casesFor(origin, matrix.policies, matrix.servers);
      const results = await page.evaluate(inPage, { cases, concurrency: 24 });
      cases.forEach((c, i) => {
        total++;
        if (results[i] === 'ok') allowed++;
        if ((results[i] === 'ok') !== c.expected)
          mismatches.push(`${c.label}: expected ${c.expected ? 'allowed' : 'blocked'}, got ${results[i]}`);
      });
      await page.close();
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
    // Both outcomes must be well represented, or the matrix proves little.
    expect(allowed).toBeGreaterThan(total / 5);
    expect(total - allowed).toBeGreaterThan(total / 5);
  });
});
