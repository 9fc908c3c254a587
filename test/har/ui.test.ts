// The page: a HAR file dropped onto `corsair ui` (the built CLI) in real Chromium shows the same report
// as `corsair har`, with a timeline per request; a broken file shows its HAR_* code and fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarReport } from '../../src/audit/har/index.js';
import { run } from '../cli/run.js';
import { browserAvailable, launchChromium } from '../real-browsers/launch.js';
import { type RunningUi, startUiCli } from '../ui/cli-process.js';
import { devtoolsEntry, devtoolsHar } from './fixtures.js';

const APP = 'https://app.example.com';
const API = 'https://api.example.com';
const origin = { Origin: APP, Referer: `${APP}/` };
const HAR = devtoolsHar([
  devtoolsEntry({
    url: `${APP}/`,
    resourceType: 'document',
    requestHeaders: { 'Sec-Fetch-Dest': 'document' },
  }),
  devtoolsEntry({
    url: `${API}/ok`,
    requestHeaders: origin,
    responseHeaders: { 'Access-Control-Allow-Origin': '*' },
    at: 20,
  }),
  devtoolsEntry({
    method: 'OPTIONS',
    url: `${API}/items`,
    requestHeaders: { ...origin, 'Access-Control-Request-Method': 'PUT' },
    status: 204,
    responseHeaders: { 'Access-Control-Allow-Origin': APP, 'Access-Control-Allow-Methods': 'GET, POST' },
    at: 40,
  }),
  devtoolsEntry({
    method: 'PUT',
    url: `${API}/items`,
    requestHeaders: { Referer: `${APP}/` },
    status: 0,
    error: 'net::ERR_FAILED',
    at: 41,
  }),
]);

const available = browserAvailable('chromium');
let ui: RunningUi;
let browser: Browser;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'corsair-har-ui-'));
const file = join(dir, 'page.har');
writeFileSync(file, HAR);

describe.skipIf(!available)('the HAR view of corsair ui in Chromium', () => {
  beforeAll(async () => {
    ui = await startUiCli();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(ui.url);
    await page.waitForSelector('html[data-ready="true"]');
    await page.click('#tab-har');
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dropped HAR shows the report corsair har gives, with a timeline per request', async () => {
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'page.har', { type: 'application/json' }));
      document
        .getElementById('har-drop')
        ?.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, HAR);
    await page.waitForSelector('#har-summary');
    const cli = JSON.parse((await run(['har', file, '--json'])).stdout) as HarReport;
    const cards = await page.$$eval('.har-request', (els) =>
      els.map((e) => ({
        verdict: (e as HTMLElement).dataset.verdict,
        url: (e as HTMLElement).dataset.url,
        bars: e.querySelectorAll('.har-timeline li').length,
        text: e.textContent ?? '',
        reproduce: e.querySelector('pre.reproduce')?.textContent,
      })),
    );
    expect(cards.map((c) => [c.verdict, c.url])).toEqual(cli.requests.map((r) => [r.verdict, r.url]));
    expect(cards.map((c) => c.bars)).toEqual(cli.requests.map((r) => r.timeline.length));
    expect(cards[1]!.bars).toBe(2); // the preflight and the request
    expect(cards[1]!.text).toContain(cli.requests[1]!.check!.error!.messages.chromium);
    expect(cards[1]!.text).toContain('MethodDisallowedByPreflightResponse');
    expect(cards.map((c) => c.reproduce)).toEqual(cli.requests.map((r) => r.reproduce));
    expect(await page.textContent('#har-summary')).toContain('2 cross-origin requests: 1 allowed, 1 blocked');
    if (process.env.CORSAIR_UI_SCREENSHOTS === '1')
      await page.screenshot({ path: 'docs/screenshots/har-desktop.png', fullPage: true });
  });

  it('a file picked with the file input works the same way', async () => {
    await page.setInputFiles('#har-file', file);
    await page.waitForFunction(() =>
      document.getElementById('har-status')?.textContent?.includes('page.har: 2 cross-origin'),
    );
    expect(await page.$$eval('.har-request', (els) => els.length)).toBe(2);
  });

  it('a broken file shows its HAR_* code and fix', async () => {
    const bad = join(dir, 'bad.har');
    writeFileSync(bad, '{"log": {"entries": [');
    await page.setInputFiles('#har-file', bad);
    await page.waitForSelector('#har-error');
    expect(await page.getAttribute('#har-error', 'data-code')).toBe('HAR_TRUNCATED');
    expect(await page.textContent('#har-error')).toContain('Fix:');
  });
});
