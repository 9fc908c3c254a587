// Real Firefox saves a HAR with its own exporter while a loopback page makes allowed and blocked requests
// of every family; `corsair har` must say what the browser did, from the HAR alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HarReport } from '../../src/audit/har/index.js';
import { run } from '../cli/run.js';
import { browserAvailable } from '../real-browsers/launch.js';
import { recordFirefoxHar, xvfbAvailable } from './firefox-har.js';
import { apiHandler, CASES, listen, pageScript, type Running, thirdHandler } from './pages.js';

const available = browserAvailable('firefox') && xvfbAvailable();
let dir = '';
let harPath = '';
let page: Running;
let api: Running;
let third: Running;
let results: { ok: boolean; header: string | null }[] = [];

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'corsair-har-ff-'));
  harPath = join(dir, 'firefox.har');
  let release: () => void = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  page = await listen(async (req, res) => {
    if (req.url === '/hold') {
      await held;
      res.setHeader('Content-Type', 'image/svg+xml');
      return res.end('<svg xmlns="http://www.w3.org/2000/svg"/>');
    }
    if (req.url === '/release') {
      release();
      return res.end('ok');
    }
    res.setHeader('Content-Type', 'text/html');
    res.end(
      `<!doctype html><title>corsair har page</title><script>${pageScript(api.origin, CASES)}.then((r) => { window.__results = r; return fetch('/release'); });</script><img src="/hold">`,
    );
  });
  third = await listen(thirdHandler(page.origin));
  api = await listen(
    apiHandler(page.origin, () => third.origin),
    'localhost',
  );
  const recorded = await recordFirefoxHar(
    `${page.origin}/`,
    `${page.origin}/next`,
    [...CASES.map((c, i) => `${api.origin}${c.path}?case=${i}`), '/release'],
    'window.__results',
  );
  results = recorded.results as typeof results;
  writeFileSync(harPath, recorded.har);
  if (process.env.CORSAIR_KEEP_HAR) writeFileSync(process.env.CORSAIR_KEEP_HAR, recorded.har);
}, 120_000);

afterAll(async () => {
  await Promise.all([page?.close(), api?.close(), third?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function requestFor(report: HarReport, i: number) {
  const url = `${api.origin}${CASES[i]!.path}?case=${i}`;
  const found = report.requests.filter((r) => r.url === url);
  expect(found, `exactly one report request for ${url}`).toHaveLength(1);
  return found[0]!;
}

describe.skipIf(!available)('corsair har on a HAR saved by Firefox (DevTools HAR export)', () => {
  it('the page really saw both outcomes of every family', () => {
    expect(results).toHaveLength(CASES.length);
    CASES.forEach((c, i) => {
      expect(results[i]!.ok, c.name).toBe(c.code === null);
    });
  });

  it('from the HAR alone: every request decided as Firefox did it, with the code of the failure', async () => {
    const r = await run(['har', harPath, '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as HarReport;
    expect(report.browser).toBe('firefox');
    expect(report.browserFrom).toMatch(/^log\.creator Firefox/);
    expect(report.pageOrigins).toEqual([page.origin]);
    CASES.forEach((c, i) => {
      const req = requestFor(report, i);
      expect(req.verdict, `${c.name}: ${req.missing.join('; ')}`).toBe(
        c.code === null ? 'allowed' : 'blocked',
      );
      expect(req.check?.error?.code ?? null, c.name).toBe(c.code);
      if (c.code) expect(req.check?.error?.messages.firefox, c.name).toMatch(/^Cross-Origin Request Blocked/);
    });
    expect(r.code).toBe(1);
  });

  it('SARIF and JUnit quote the console of the browser that recorded the HAR (Firefox), not Chromium', async () => {
    const sarif = JSON.parse((await run(['har', harPath, '--sarif'])).stdout);
    const texts: string[] = sarif.runs[0].results.map((x: { message: { text: string } }) => x.message.text);
    expect(texts.length).toBe(CASES.filter((c) => c.code !== null).length);
    for (const t of texts) expect(t).toMatch(/^Cross-Origin Request Blocked/);
    const junit = (await run(['har', harPath, '--junit'])).stdout;
    expect(junit).toContain('message="Cross-Origin Request Blocked');
    expect(junit).not.toContain('has been blocked by CORS policy');
  });

  it('pairs the preflights Firefox recorded with their requests', async () => {
    const report = JSON.parse((await run(['har', harPath, '--json'])).stdout) as HarReport;
    for (const name of ['preflight allowed', 'preflight method refused', 'preflight bad status']) {
      const req = requestFor(
        report,
        CASES.findIndex((c) => c.name === name),
      );
      expect(req.preflight, name).toBe('recorded');
      expect(
        req.timeline.filter((t) => t.kind === 'preflight'),
        name,
      ).toHaveLength(1);
    }
  });

  it('exposed headers: the readable set is the one the page saw', async () => {
    const report = JSON.parse((await run(['har', harPath, '--json'])).stdout) as HarReport;
    const i = CASES.findIndex((c) => c.name === 'exposed header readable');
    expect(results[i]!.header).toBe('r1');
    expect(requestFor(report, i).check?.exposedHeaders).toContain('x-request-id');
    const j = CASES.findIndex((c) => c.name === 'unexposed header hidden');
    expect(results[j]!.header).toBeNull();
    expect(requestFor(report, j).check?.exposedHeaders).not.toContain('x-request-id');
  });
});
