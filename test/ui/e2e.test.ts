// End to end: the built CLI's `corsair ui` in real Chromium. Every preset must make the real browser and
// the engine agree, with Chromium's own console line equal to the predicted one.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presets } from '../../src/ui/shared/presets.js';
import { browserAvailable, launchChromium } from '../real-browsers/launch.js';
import { ROOT, type RunningUi, startUiCli } from './cli-process.js';

// Screenshots go to docs/ only when asked (CORSAIR_UI_SCREENSHOTS=1), so test runs leave the tree alone.
const KEEP_SHOTS = process.env.CORSAIR_UI_SCREENSHOTS === '1';
const SHOTS = KEEP_SHOTS ? join(ROOT, 'docs/screenshots') : mkdtempSync(join(tmpdir(), 'corsair-ui-'));

let ui: RunningUi;
let url = '';
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

async function runs(): Promise<number> {
  return Number((await page.getAttribute('#result', 'data-run')) ?? '0');
}

describe.skipIf(!browserAvailable('chromium'))('corsair ui in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ui = await startUiCli();
    url = ui.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    if (!KEEP_SHOTS) rmSync(SHOTS, { recursive: true, force: true });
  });

  it('prints the URL on its first line, bound to 127.0.0.1', () => {
    expect(ui.firstLine).toMatch(/^corsair ui: http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  const origin = () => new URL(url).origin;
  it.each(presets('http://127.0.0.1:4000').map((p) => [p.id, p.allowed] as const))(
    'preset %s: real and predicted agree (allowed=%s) and both are shown',
    async (id, allowed) => {
      const before = await runs();
      consoleErrors.length = 0;
      await page.click(`button[data-preset="${id}"]`);
      await page.waitForFunction(
        (n) => Number(document.getElementById('result')?.dataset.run ?? 0) > n,
        before,
      );
      expect(await page.getAttribute('#real-verdict', 'data-allowed')).toBe(String(allowed));
      expect(await page.getAttribute('#predicted-verdict', 'data-allowed')).toBe(String(allowed));
      expect(await page.getAttribute('#agreement', 'data-agree')).toBe('true');
      expect(await page.textContent('#real-verdict .big')).toBe(allowed ? 'Allowed' : 'Blocked');
      expect(await page.locator('#timeline > li').count()).toBeGreaterThan(0);
      if (allowed) {
        expect(await page.locator('#failure').count()).toBe(0);
        expect(await page.locator('#exposed-predicted').count()).toBe(1);
      } else {
        // Chromium's own console line is the one the engine predicted, word for word.
        const predicted = (await page.locator('#failure .message').first().textContent()) ?? '';
        await expect
          .poll(() => consoleErrors.some((m) => m.startsWith('Access to fetch')), { timeout: 3000 })
          .toBe(true);
        expect(consoleErrors.filter((m) => m.startsWith('Access to fetch'))).toContain(predicted);
        expect(await page.locator('#timeline .step.fail').count()).toBeGreaterThan(0);
        expect((await page.textContent('#fix'))?.length).toBeGreaterThan(10);
      }
    },
  );

  it('shows exposed headers the page really reads', async () => {
    const before = await runs();
    await page.click('button[data-preset="works-put-credentials"]');
    await page.waitForFunction(
      (n) => Number(document.getElementById('result')?.dataset.run ?? 0) > n,
      before,
    );
    expect(await page.textContent('#exposed-predicted')).toContain('x-request-id');
    expect(await page.locator('#exposed-real').count()).toBe(0); // same as predicted, so not repeated
  });

  it('a same-origin URL: no CORS check, and both verdicts allow it', async () => {
    await page.fill('#req-url', `${origin()}/favicon.svg`);
    await page.fill('#req-method', 'GET');
    await page.fill('#req-headers', '');
    const before = await runs();
    await page.click('#run');
    await page.waitForFunction(
      (n) => Number(document.getElementById('result')?.dataset.run ?? 0) > n,
      before,
    );
    expect(await page.getAttribute('#agreement', 'data-agree')).toBe('true');
    expect(await page.textContent('#timeline')).toContain('Same-origin');
  });

  it('says plainly when real and predicted disagree', async () => {
    // The demo API cannot be made to lie, so feed the page's own renderer a disagreeing pair.
    // A string, not a function: vitest would rewrite the dynamic import() inside a function.
    const text = await page.evaluate(`(async () => {
      const mod = await import('/assets/client/render-result.js');
      const real = { ok: true, status: 200, statusText: 'OK', headers: [], elapsedMs: 1 };
      const predicted = {
        allowed: false, browser: 'chromium', pageOrigin: location.origin, steps: [], exposedHeaders: [], warnings: [],
        networkError: null, elapsedMs: 1,
        error: { code: 'MissingAllowOriginHeader', messages: { chromium: 'c', firefox: 'f' }, cause: 'cause', fix: 'fix' },
      };
      const box = document.createElement('div');
      box.append(...mod.renderResult(real, predicted));
      const banner = box.querySelector('#agreement');
      return banner.getAttribute('role') + '|' + banner.getAttribute('data-agree') + '|' + banner.textContent;
    })()`);
    expect(text).toMatch(/^alert\|false\|Real and predicted disagree\./);
    expect(text).toContain('Your browser allowed the request; corsair predicted blocked.');
  });

  it('restores a shared link without sending anything', async () => {
    await page.click('button[data-preset="put-not-allowed"]');
    await page.waitForSelector('#failure');
    const link = page.url();
    expect(link).toContain('#view=tester');
    const other = await browser.newPage();
    await other.goto(link);
    await other.waitForSelector('html[data-ready="true"]');
    expect(await other.inputValue('#req-method')).toBe('PUT');
    expect(await other.inputValue('#req-headers')).toContain('Content-Type: application/json');
    await other.waitForFunction(() =>
      (document.getElementById('req-url') as HTMLInputElement).value.includes('/c/'),
    );
    expect(await other.getAttribute('#result', 'data-run')).toBeNull();
    await other.click('#run');
    await other.waitForSelector('#failure');
    expect(await other.getAttribute('#failure', 'data-code')).toBe('MethodDisallowedByPreflightResponse');
    await other.close();
  });

  it('explains a pasted console message, reachable by keyboard', async () => {
    await page.focus('#tab-tester');
    await page.keyboard.press('ArrowRight');
    expect(await page.isVisible('#view-explain')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-explain');
    await page.fill(
      '#explain-text',
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.',
    );
    await page.click('#explain-form button[type="submit"]');
    await page.waitForSelector('#explained');
    expect(await page.getAttribute('#explained', 'data-code')).toBe('MissingAllowOriginHeader');
    expect((await page.textContent('#explain-fix'))?.length).toBeGreaterThan(10);
    await page.fill('#explain-text', 'Uncaught ReferenceError: x is not defined');
    await page.click('#explain-form button[type="submit"]');
    await page.waitForSelector('#explain-unknown');
  });

  it('builds a policy: valid, then invalid with the reason, live', async () => {
    await page.click('#tab-builder');
    await page.fill('#b-origins', 'https://app.example.com\nhttps://*.example.com');
    await page.waitForFunction(() =>
      document.getElementById('b-output')?.textContent?.includes('*.example.com'),
    );
    await page.waitForSelector('#b-valid');
    expect(JSON.parse((await page.textContent('#b-output')) ?? '')).toMatchObject({
      origins: ['https://app.example.com', 'https://*.example.com'],
    });
    await page.fill('#b-origins', '*');
    await page.check('#b-credentials');
    await page.waitForSelector('#b-issues');
    expect(await page.textContent('#b-issues')).toContain('POLICY_WILDCARD_WITH_CREDENTIALS');
    await page.fill('#b-origins', 'https://app.example.com/');
    await page.waitForFunction(() => !document.getElementById('b-issues')?.textContent?.includes('WILDCARD'));
    expect(await page.textContent('#b-issues')).toMatch(/ORIGIN_TRAILING_SLASH/);
  });

  it('turns the policy into a server config (nginx) to copy or download', async () => {
    await page.fill('#b-origins', 'https://app.example.com');
    await page.uncheck('#b-credentials');
    await page.waitForSelector('#b-valid');
    await page.selectOption('#b-target', 'nginx');
    await page.waitForFunction(() =>
      document.getElementById('b-output')?.textContent?.includes('add_header'),
    );
    expect(await page.textContent('#b-output')).toContain('https://app.example.com');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#b-download')]);
    expect(download.suggestedFilename()).toMatch(/\.(conf|txt)$/);
    await page.selectOption('#b-target', 'policy');
    await page.waitForFunction(() =>
      document.getElementById('b-output')?.textContent?.trim().startsWith('{'),
    );
  });

  it('labels every form control', async () => {
    const unlabeled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el as HTMLElement).closest('[aria-hidden="true"]'))
        .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'))
        .map((el) => el.id || el.outerHTML),
    );
    expect(unlabeled).toEqual([]);
  });

  it('keeps other sites out: a foreign page cannot make the server probe anything (no SSRF relay)', async () => {
    // A target that counts what reaches it: the probe must never be sent there.
    let hits = 0;
    const target = createServer((_req, res) => {
      hits++;
      res.end('hit');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/secret`;
    const demoOrigin = await page.getAttribute('meta[name="corsair-demo-origin"]', 'content');
    const foreign = await browser.newPage();
    try {
      await foreign.goto(`${demoOrigin}/`); // another origin (it answers 403, which is fine: we only need its origin)
      const body = JSON.stringify({
        url: targetUrl,
        method: 'GET',
        headers: [],
        credentials: 'omit',
        browser: 'chromium',
      });
      const outcomes = await foreign.evaluate(
        async ([api, text]) => {
          const tries: RequestInit[] = [
            { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: text },
            {
              method: 'POST',
              mode: 'cors',
              headers: { 'Content-Type': 'application/json', 'X-Corsair-Token': 'guess' },
              body: text,
            },
          ];
          const out: string[] = [];
          for (const init of tries) {
            try {
              const res = await fetch(api as string, init);
              out.push(res.type);
            } catch (e) {
              out.push(String(e));
            }
          }
          return out;
        },
        [`${origin()}/api/probe`, body],
      );
      // no-cors: refused by Cross-Origin-Resource-Policy (TypeError) or at best opaque; cors: refused.
      expect(outcomes[0] === 'opaque' || outcomes[0]?.includes('TypeError')).toBe(true);
      expect(outcomes[1]).toContain('TypeError');
      await new Promise((r) => setTimeout(r, 300));
      expect(hits).toBe(0);
      // The page itself can: the same target is reached once the request comes from the page.
      await page.click('#tab-tester');
      await page.fill('#req-url', targetUrl);
      await page.fill('#req-method', 'GET');
      await page.fill('#req-headers', '');
      const before = await runs();
      await page.click('#run');
      await page.waitForFunction(
        (n) => Number(document.getElementById('result')?.dataset.run ?? 0) > n,
        before,
      );
      expect(hits).toBeGreaterThanOrEqual(2); // the browser's request and the probe's
    } finally {
      await foreign.close();
      await new Promise<void>((r) => target.close(() => r()));
    }
  });

  it('takes screenshots of the main views at desktop and phone widths', async () => {
    const shoot = async (
      name: string,
      width: number,
      height: number,
      prepare: (p: Page) => Promise<void>,
    ) => {
      const p = await browser.newPage({
        viewport: { width, height },
        deviceScaleFactor: width < 600 ? 2 : 1,
      });
      await p.goto(url);
      await p.waitForSelector('html[data-ready="true"]');
      await prepare(p);
      const file = join(SHOTS, `${name}-${width < 600 ? 'phone' : 'desktop'}.png`);
      await p.screenshot({ path: file, fullPage: true });
      await p.close();
      expect(existsSync(file)).toBe(true);
    };
    const tester = async (p: Page) => {
      await p.click('button[data-preset="put-not-allowed"]');
      await p.waitForSelector('#failure');
    };
    const explain = async (p: Page) => {
      await p.click('#tab-explain');
      await p.click('#explain-example');
      await p.waitForSelector('#explained');
    };
    const builder = async (p: Page) => {
      await p.click('#tab-builder');
      await p.check('input[name="b-method"][value="PUT"]');
      await p.check('#b-credentials');
      await p.waitForSelector('#b-valid');
      await p.selectOption('#b-target', 'nginx');
      await p.waitForFunction(() => document.getElementById('b-output')?.textContent?.includes('add_header'));
    };
    for (const [w, hgt] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      await shoot('tester', w, hgt, tester);
      await shoot('explain', w, hgt, explain);
      await shoot('builder', w, hgt, builder);
    }
  });
});
