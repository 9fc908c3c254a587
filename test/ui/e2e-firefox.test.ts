// The same page in real Firefox ESR (puppeteer-core over WebDriver BiDi): the page predicts for the
// browser it runs in, and every preset's real verdict must match the Firefox prediction; so must each
// route of the builder's three-route policy tried from the page.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS, type RouteFields } from '../../src/ui/client/policy-form.js';
import { DEFAULT_STATE, encodeState } from '../../src/ui/client/state.js';
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

describe.skipIf(!browserAvailable('firefox'))("the policy builder's routes tried from Firefox", () => {
  let ui: RunningUi;
  let ff: Awaited<ReturnType<typeof launchFirefox>>;
  let page: Page;

  beforeAll(async () => {
    ui = await startUiCli();
    ff = await launchFirefox();
    page = await ff.browser.newPage();
    const origin = new URL(ui.url).origin;
    const route = (r: Partial<RouteFields>): RouteFields => ({
      ...DEFAULT_FIELDS,
      path: '/',
      off: false,
      ...r,
    });
    // A link that opens the builder with the three-route policy, this page's origin on the private route.
    const builder = {
      ...DEFAULT_STATE.builder,
      defaults: false,
      routes: [
        route({ path: '/public/*', origins: '*' }),
        route({ path: '/private/*', origins: origin, credentials: true, methods: ['GET', 'DELETE'] }),
        route({ path: '/webhooks/*', off: true }),
      ],
    };
    await page.goto(`${ui.url}${encodeState({ ...DEFAULT_STATE, view: 'builder', builder })}`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.waitForSelector('#b-valid');
  });
  afterAll(async () => {
    await ff?.close();
    await ui?.stop();
  });

  const attr = (sel: string, name: string) => page.$eval(sel, (el, n) => el.getAttribute(n), name);
  const setValue = (sel: string, value: string) =>
    page.$eval(
      sel,
      (el, v) => {
        (el as HTMLInputElement).value = v;
      },
      value,
    );

  it.each([
    ['/public/a', 'GET', 'omit', '0', true],
    ['/private/a', 'DELETE', 'include', '1', true],
    ['/public/a', 'GET', 'include', '0', false],
    ['/webhooks/x', 'GET', 'omit', '2', false],
    ['/other', 'GET', 'omit', 'none', false],
    ['/public/..%2fprivate/a', 'GET', 'omit', 'ambiguous', false],
  ] as const)(
    '%s %s credentials=%s: route %s, Firefox and the prediction agree (allowed=%s)',
    async (path, method, credentials, routeWanted, allowed) => {
      const before = Number((await attr('#b-try-result', 'data-run')) ?? '0');
      await setValue('#b-try-path', path);
      await setValue('#b-try-method', method);
      await page.select('#b-try-credentials', credentials);
      await page.click('#b-try-run');
      await page.waitForFunction(
        (n: number) => Number(document.getElementById('b-try-result')?.dataset.run ?? 0) > n,
        {},
        before,
      );
      expect(await attr('#b-try-route', 'data-route')).toBe(routeWanted);
      expect(await attr('#b-try-real-verdict', 'data-allowed')).toBe(String(allowed));
      expect(await attr('#b-try-agreement', 'data-agree')).toBe('true');
      expect(await page.$eval('#b-try-predicted-verdict .label', (el) => el.textContent)).toContain(
        'Firefox',
      );
    },
  );
});
