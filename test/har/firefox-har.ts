// Firefox saves a HAR with its own exporter (DevTools' HAR auto-export): the toolbox must be open, which
// needs a display, so Firefox runs headful on a private Xvfb display. The export is written when the
// page finishes loading (and again on the next navigation), so the page makes its requests before its
// load event: an <img> the server holds until the page's script has finished.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { FIREFOX_PATH } from '../real-browsers/launch.js';

export const XVFB_PATH = '/usr/bin/Xvfb';
const required = process.env.CORSAIR_REQUIRE_BROWSERS === '1';

/** Whether Xvfb is installed; skips loudly, or fails under CORSAIR_REQUIRE_BROWSERS=1. */
export function xvfbAvailable(): boolean {
  if (existsSync(XVFB_PATH)) return true;
  const msg = `\n!!! Xvfb not found at ${XVFB_PATH}: Firefox's HAR export (needs a display) is SKIPPED. Install it with: apt-get install -y xvfb\n`;
  if (required) throw new Error(`${msg}CORSAIR_REQUIRE_BROWSERS=1, so this is a failure.`);
  console.warn(msg);
  return false;
}

async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn(XVFB_PATH, ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    proc.stdout?.once('data', (d: Buffer) => resolve(`:${d.toString().trim()}`));
    proc.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, proc };
}

/**
 * Load `pageUrl` in Firefox with the Network panel open and return the HAR Firefox saved that holds
 * every one of `markers` (the URLs the page requests), plus what `resultsExpr` evaluates to in the page.
 * Every URL, not only the last: the panel collects requests asynchronously, and on a loaded machine the
 * export at the load event lacked requests made before the last one. The export at the next navigation
 * holds them.
 */
export async function recordFirefoxHar(
  pageUrl: string,
  nextUrl: string,
  markers: readonly string[],
  resultsExpr: string,
): Promise<{ har: string; results: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), 'corsair-ffhar-'));
  const profile = mkdtempSync(join(tmpdir(), 'corsair-ffprof-'));
  const xvfb = await startXvfb();
  try {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: false,
      userDataDir: profile,
      protocol: 'webDriverBiDi',
      args: ['-devtools'],
      env: { ...process.env, DISPLAY: xvfb.display },
      extraPrefsFirefox: {
        'devtools.netmonitor.har.enableAutoExportToFile': true,
        'devtools.netmonitor.har.defaultLogDir': dir,
        'devtools.netmonitor.har.defaultFileName': 'page',
        'devtools.toolbox.selectedTool': 'netmonitor',
        'devtools.toolbox.host': 'window',
        'network.proxy.type': 0,
        'network.proxy.allow_hijacking_localhost': false,
        'dom.security.https_first': false,
        'app.update.enabled': false,
        'toolkit.telemetry.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
      },
    });
    try {
      const tab = (await browser.pages())[0] ?? (await browser.newPage());
      await tab.goto(pageUrl);
      const results = await tab.evaluate(resultsExpr);
      await tab.goto(nextUrl);
      let lacking = '';
      for (let i = 0; i < 150; i++) {
        lacking = '';
        for (const f of readdirSync(dir)) {
          const text = readFileSync(join(dir, f), 'utf8');
          const missing = markers.filter((m) => !text.includes(m));
          if (missing.length === 0) return { har: text, results };
          lacking += `\n${f} lacks ${missing.join(', ')}`;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(
        `Firefox wrote no HAR holding every request the page made, in ${dir}:${lacking || ' no file'}`,
      );
    } finally {
      await browser.close().catch(() => {});
    }
  } finally {
    xvfb.proc.kill();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}
