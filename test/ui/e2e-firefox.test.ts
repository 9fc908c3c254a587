// The same page in real Firefox ESR (puppeteer-core over WebDriver BiDi): the page predicts for the
// browser it runs in, and every preset's real verdict must match the Firefox prediction.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../../src/ui/shared/presets.js';
import { browserAvailable, launchFirefox } from '../real-browsers/launch.js';
import { type RunningUi, startUiCli } from './cli-process.js';

describe.skipIf(!browserAvailable('firefox'))('corsair ui in Firefox', () => {
  let ui: RunningUi;
  let ff: Awaited<ReturnType<typeof launchFirefox>>;
  let page: Page;

  beforeAll(async () => {
    ui = await startUiCli();
    ff = await launchFirefox();
    page = await ff.browser.newPage();
    await page.goto(ui.url);
    await page.waitForSelector('html[data-ready="true"]');
  });
  afterAll(async () => {
    await ff?.close();
    await ui?.stop();
  });

  const attr = (sel: string, name: string) => page.$eval(sel, (el, n) => el.getAttribute(n), name);

  it.each(presets('http://127.0.0.1:4000').map((p) => [p.id, p.allowed] as const))(
    'preset %s: Firefox and the Firefox prediction agree (allowed=%s)',
    async (id, allowed) => {
      const before = Number((await attr('#result', 'data-run')) ?? '0');
      await page.click(`button[data-preset="${id}"]`);
      await page.waitForFunction(
        (n: number) => Number(document.getElementById('result')?.dataset.run ?? 0) > n,
        {},
        before,
      );
      expect(await attr('#real-verdict', 'data-allowed')).toBe(String(allowed));
      expect(await attr('#predicted-verdict', 'data-allowed')).toBe(String(allowed));
      expect(await attr('#agreement', 'data-agree')).toBe('true');
      expect(await page.$eval('#predicted-verdict .label', (el) => el.textContent)).toContain('Firefox');
    },
  );
});
