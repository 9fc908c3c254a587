// The policy builder's routes in real Chromium, on the built CLI's `corsair ui`: add, fill, reorder and
// remove routes; each route's problems shown in its own block (the server's validator, by JSON path);
// the exported policy file; a link that brings the routes back; and "try it from this browser", where
// the path picks the route, the page's real fetch() and the engine's prediction agree, and the card
// names the route the server's table chose.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../real-browsers/launch.js';
import { type RunningUi, startUiCli } from './cli-process.js';

let ui: RunningUi;
let browser: Browser;
let page: Page;
let pageOrigin = '';

/** The policy file the Output box shows, once it satisfies `ready`. */
async function policyFile(ready: (text: string) => boolean = () => true): Promise<Record<string, unknown>> {
  await expect.poll(async () => ready((await page.textContent('#b-output')) ?? '')).toBe(true);
  return JSON.parse((await page.textContent('#b-output')) ?? '{}') as Record<string, unknown>;
}

/** Fill route `i` (0-based) of the builder. */
async function fillRoute(
  i: number,
  r: { path: string; origins?: string; credentials?: boolean; methods?: string[]; off?: boolean },
) {
  await page.fill(`#b-r${i}-path`, r.path);
  if (r.off) {
    await page.check(`#b-r${i}-off`);
    return;
  }
  await page.fill(`#b-r${i}-origins`, r.origins ?? '');
  if (r.credentials) await page.check(`#b-r${i}-credentials`);
  for (const m of r.methods ?? []) await page.check(`input[name="b-r${i}-method"][value="${m}"]`);
}

/** Send the try form and wait for its result; returns the route line's `data-route`. */
async function tryPath(path: string, method = 'GET', credentials = 'omit'): Promise<string> {
  const before = Number((await page.getAttribute('#b-try-result', 'data-run')) ?? '0');
  await page.fill('#b-try-path', path);
  await page.fill('#b-try-method', method);
  await page.selectOption('#b-try-credentials', credentials);
  await page.click('#b-try-run');
  await page.waitForFunction(
    (n) => Number(document.getElementById('b-try-result')?.dataset.run ?? 0) > n,
    before,
  );
  return (await page.getAttribute('#b-try-route', 'data-route')) ?? '';
}

describe.skipIf(!browserAvailable('chromium'))('the policy builder edits routes (Chromium)', () => {
  beforeAll(async () => {
    ui = await startUiCli();
    pageOrigin = new URL(ui.url).origin;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(ui.url);
    await page.waitForSelector('html[data-ready="true"]');
    await page.click('#tab-builder');
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
  });

  it('adds three routes and exports the three-route policy file', async () => {
    expect(await page.isVisible('#b-defaults')).toBe(false);
    for (let i = 0; i < 3; i++) await page.click('#b-add-route');
    expect(await page.locator('#b-routes > li').count()).toBe(3);
    // Adding moves the focus to the new route's path.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('b-r2-path');
    await fillRoute(0, { path: '/public/*', origins: '*' });
    await fillRoute(1, {
      path: '/private/*',
      origins: pageOrigin,
      credentials: true,
      methods: ['DELETE'],
    });
    await fillRoute(2, { path: '/webhooks/*', off: true });
    expect(await page.isVisible('#b-r2-options')).toBe(false);
    await page.uncheck('#b-defaults');
    expect(await page.isVisible('#b-top-fields')).toBe(false);
    const file = await policyFile(
      (t) => t.includes('webhooks') && !t.includes('"origins": [\n    "https://app'),
    );
    await page.waitForSelector('#b-valid');
    expect(file).toEqual({
      routes: [
        {
          path: '/public/*',
          origins: '*',
          methods: ['GET', 'HEAD', 'POST'],
          allowedHeaders: ['Content-Type'],
          maxAge: 600,
        },
        {
          path: '/private/*',
          origins: [pageOrigin],
          methods: ['GET', 'HEAD', 'POST', 'DELETE'],
          allowedHeaders: ['Content-Type'],
          credentials: true,
          maxAge: 600,
        },
        { path: '/webhooks/*', cors: false },
      ],
    });
  });

  it("shows each route's problems in that route, from the server's validator", async () => {
    await page.fill('#b-r1-origins', '*');
    await page.waitForSelector('#b-r1-issues li[data-code="POLICY_WILDCARD_WITH_CREDENTIALS"]');
    expect(await page.locator('#b-r0-issues li').count()).toBe(0);
    expect(await page.textContent('#b-route-issue-count')).toContain('1 problem in the routes');
    await page.fill('#b-r1-origins', pageOrigin);
    // A route shadowed by an earlier one can never be used.
    await page.fill('#b-r2-path', '/public/hooks');
    await page.waitForSelector('#b-r2-issues li[data-code="POLICY_ROUTE_UNREACHABLE"]');
    expect(await page.getAttribute('#b-r2-path', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#b-r2-issues')).toContain('routes[0]');
    await page.fill('#b-r2-path', '/public/*');
    await page.waitForSelector('#b-r2-issues li[data-code="POLICY_ROUTE_DUPLICATE"]');
    await page.fill('#b-r2-path', 'webhooks');
    await page.waitForSelector('#b-r2-issues li[data-code="POLICY_ROUTE_PATH"]');
    await page.fill('#b-r2-path', '/webhooks/*');
    await page.waitForSelector('#b-valid');
    expect(await page.isHidden('#b-r2-issues')).toBe(true);
  });

  it('reorders and removes routes, keeping each route with its options', async () => {
    await page.click('button[data-action="down"][data-route="0"]');
    let file = await policyFile((t) => t.indexOf('/private/*') < t.indexOf('/public/*'));
    expect((file.routes as { path: string }[]).map((r) => r.path)).toEqual([
      '/private/*',
      '/public/*',
      '/webhooks/*',
    ]);
    // The focus stays on the moved route's button.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.route)).toBe(
      '1',
    );
    await page.click('button[data-action="up"][data-route="1"]');
    file = await policyFile((t) => t.indexOf('/public/*') < t.indexOf('/private/*'));
    expect((file.routes as { origins?: unknown }[])[0]?.origins).toBe('*');
    await page.click('#b-add-route');
    await page.fill('#b-r3-path', '/tmp/*');
    await policyFile((t) => t.includes('/tmp/*'));
    await page.click('button[data-action="remove"][data-route="3"]');
    file = await policyFile((t) => !t.includes('/tmp/*'));
    expect((file.routes as unknown[]).length).toBe(3);
  });

  it('a link brings the routes back', async () => {
    await page.waitForFunction(() => location.hash.includes('s='));
    const link = await page.evaluate(() => location.href);
    const other = await browser.newPage();
    try {
      await other.goto(link);
      await other.waitForSelector('html[data-ready="true"]');
      expect(await other.inputValue('#b-r1-path')).toBe('/private/*');
      expect(await other.isChecked('#b-r2-off')).toBe(true);
      expect(await other.isChecked('#b-defaults')).toBe(false);
      await other.waitForSelector('#b-valid');
    } finally {
      await other.close();
    }
  });

  it('tries each route from the browser: the path picks the route, real and predicted agree', async () => {
    const cases: [path: string, method: string, credentials: string, route: string, allowed: boolean][] = [
      ['/public/logo.png', 'GET', 'omit', '0', true],
      ['/private/account', 'GET', 'include', '1', true],
      ['/private/account', 'DELETE', 'include', '1', true],
      ['/public/logo.png', 'GET', 'include', '0', false],
      ['/webhooks/stripe', 'GET', 'omit', '2', false],
      ['/other', 'GET', 'omit', 'none', false],
      ['/PUBLIC/a', 'GET', 'omit', '0', true],
      ['/public/..%2fprivate/account', 'GET', 'omit', 'ambiguous', false],
      ['/public/../private/account', 'DELETE', 'include', '1', true],
    ];
    for (const [path, method, credentials, route, allowed] of cases) {
      const what = `${method} ${path} ${credentials}`;
      expect(await tryPath(path, method, credentials), what).toBe(route);
      expect(await page.getAttribute('#b-try-real-verdict', 'data-allowed'), what).toBe(String(allowed));
      expect(await page.getAttribute('#b-try-agreement', 'data-agree'), what).toBe('true');
    }
    expect(await page.textContent('#b-try-route')).toContain("sends '/private/account'");
    // The tester's own result ids are untouched: the try card's are prefixed.
    expect(await page.locator('#real-verdict').count()).toBe(0);
  });

  it('refuses to try an invalid policy, with the code and the fix', async () => {
    await page.fill('#b-r1-origins', '*');
    await page.waitForSelector('#b-r1-issues li');
    await page.fill('#b-try-path', '/private/x');
    await page.click('#b-try-run');
    await expect.poll(() => page.textContent('#b-try-route')).toContain('UI_BAD_POLICY');
    await page.fill('#b-r1-origins', pageOrigin);
  });
});
