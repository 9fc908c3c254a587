// Real Chromium records a HAR with Playwright's recordHar while a loopback page makes allowed and blocked
// requests of every family; `corsair har` must say what the browser did, and with --probe why.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarReport } from '../../src/audit/har/index.js';
import { run } from '../cli/run.js';
import { browserAvailable, launchChromium } from '../real-browsers/launch.js';
import { apiHandler, CASES, listen, pageScript, type Running, thirdHandler } from './pages.js';

const available = browserAvailable('chromium');
let dir = '';
let harPath = '';
let page: Running;
let api: Running;
let third: Running;
let results: { ok: boolean; header: string | null }[] = [];

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'corsair-har-'));
  harPath = join(dir, 'page.har');
  page = await listen((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>corsair har page</title>');
  });
  third = await listen(thirdHandler(page.origin));
  api = await listen(
    apiHandler(page.origin, () => third.origin),
    'localhost',
  );
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ recordHar: { path: harPath, content: 'omit' } });
    const settled = settledRequests(context);
    const tab = await context.newPage();
    await tab.goto(`${page.origin}/`);
    results = await tab.evaluate(pageScript(api.origin, CASES));
    await settled.all();
    await context.close();
  } finally {
    await browser.close();
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([page?.close(), api?.close(), third?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The page learns a request failed from its renderer; Playwright's HAR recorder learns it from a separate
// DevTools event. Closing the context in between writes the last entry as status -1 with no failure text
// (CI saw this for the final XMLHttpRequest), so wait until Playwright has seen every request end.
function settledRequests(context: BrowserContext) {
  const pending = new Set<Request>();
  let wake = () => {};
  const end = (r: Request) => {
    pending.delete(r);
    wake();
  };
  context.on('request', (r) => pending.add(r));
  context.on('requestfinished', end);
  context.on('requestfailed', end);
  return {
    async all() {
      const deadline = Date.now() + 20_000;
      while (pending.size > 0) {
        if (Date.now() > deadline) {
          throw new Error(
            `Playwright never saw these requests end: ${[...pending].map((r) => r.url()).join(', ')}`,
          );
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 250);
        });
      }
    },
  };
}

function requestFor(report: HarReport, i: number) {
  const url = `${api.origin}${CASES[i]!.path}?case=${i}`;
  const found = report.requests.filter((r) => r.url === url);
  expect(found, `exactly one report request for ${url}`).toHaveLength(1);
  return found[0]!;
}

describe.skipIf(!available)('corsair har on a HAR recorded by Chromium (Playwright recordHar)', () => {
  it('the page really saw both outcomes of every family', () => {
    expect(results).toHaveLength(CASES.length);
    CASES.forEach((c, i) => {
      expect(results[i]!.ok, c.name).toBe(c.code === null);
    });
    expect(results[CASES.findIndex((c) => c.name === 'exposed header readable')]!.header).toBe('r1');
    expect(results[CASES.findIndex((c) => c.name === 'unexposed header hidden')]!.header).toBeNull();
  });

  it('from the HAR alone: every verdict is what the browser did, and the browser is the recording one', async () => {
    const r = await run(['har', harPath, '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as HarReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.browser).toBe('chromium');
    expect(report.browserFrom).toMatch(/^log\.browser chromium/);
    expect(report.pageOrigins).toEqual([page.origin]);
    expect(report.summary.crossOrigin).toBe(CASES.length);
    CASES.forEach((c, i) => {
      const req = requestFor(report, i);
      expect(req.verdict, c.name).toBe(c.code === null ? 'allowed' : 'blocked');
      expect(req.recorded.outcome, c.name).toBe(c.code === null ? 'succeeded' : 'failed');
      if (req.check) expect(req.agreesWithBrowser, c.name).toBe(true);
    });
    expect(r.code).toBe(1);
  });

  it('says what the HAR lacks for Playwright’s blocked entries and how to reproduce them', async () => {
    const report = JSON.parse((await run(['har', harPath, '--json'])).stdout) as HarReport;
    const i = CASES.findIndex((c) => c.name === 'preflight header refused');
    const req = requestFor(report, i);
    expect(req.check).toBeNull();
    expect(req.recorded).toEqual({ outcome: 'failed', status: -1, failure: 'net::ERR_FAILED' });
    expect(req.missing.join(' ')).toMatch(/preflight/);
    expect(req.reproduce).toBe(
      `corsair check '${api.origin}/pf?case=${i}' --origin ${page.origin} --method PUT -H 'X-Other: 1' -H 'Content-Type: text/plain;charset=UTF-8'`,
    );
  });

  it('with --probe: blocked requests get the browser engine’s code, console line, cause and fix', async () => {
    const r = await run(['har', harPath, '--probe', '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as HarReport;
    expect(report.summary.unknown).toBe(0);
    CASES.forEach((c, i) => {
      const req = requestFor(report, i);
      expect(req.verdict, c.name).toBe(c.code === null ? 'allowed' : 'blocked');
      if (c.code === null) return;
      expect(req.check?.error?.code, c.name).toBe(c.code);
      expect(req.check?.error?.messages.chromium, c.name).toMatch(/has been blocked by CORS policy/);
      expect(req.agreesWithBrowser, c.name).toBe(true);
    });
    // Credentials mode is not in the HAR: the probe finds the one that reproduces the browser's failure.
    expect(
      requestFor(
        report,
        CASES.findIndex((c) => c.name === 'credentials with *'),
      ).credentials,
    ).toBe('include');
    expect(report.summary.probed).toBeGreaterThan(0);
  });

  it('exposed headers: the readable set is the one the page saw', async () => {
    const report = JSON.parse((await run(['har', harPath, '--json'])).stdout) as HarReport;
    const exposed = requestFor(
      report,
      CASES.findIndex((c) => c.name === 'exposed header readable'),
    );
    expect(exposed.check?.exposedHeaders).toContain('x-request-id');
    const hidden = requestFor(
      report,
      CASES.findIndex((c) => c.name === 'unexposed header hidden'),
    );
    expect(hidden.check?.exposedHeaders).not.toContain('x-request-id');
  });

  it('text: summary first, then each blocked request as check prints it, and the reproduce command', async () => {
    const r = await run(['har', harPath, '--probe']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^HAR recorded by Playwright .*; decided as Chromium \d+ decides/);
    expect(r.stdout.indexOf('cross-origin requests:')).toBeLessThan(r.stdout.indexOf('[1]'));
    expect(r.stdout).toMatch(/Blocked, by cause:\n\s+\d+\s+MissingAllowOriginHeader/);
    expect(r.stdout).toContain('Chromium console: Access to fetch at');
    expect(r.stdout).toContain('Access to XMLHttpRequest at');
    expect(r.stdout).toContain('Fix:');
    expect(r.code).toBe(1);
  });

  it('SARIF and JUnit carry every blocked request', async () => {
    const sarif = JSON.parse((await run(['har', harPath, '--probe', '--sarif'])).stdout);
    const blocked = CASES.filter((c) => c.code !== null).length;
    expect(sarif.runs[0].results).toHaveLength(blocked);
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain(
      'PreflightInvalidStatus',
    );
    const junit = (await run(['har', harPath, '--junit'])).stdout;
    expect(junit).toContain(`tests="${CASES.length}" failures="${blocked}"`);
    expect(readFileSync(harPath, 'utf8')).toContain('"_failureText":"net::ERR_FAILED"');
  });
});
