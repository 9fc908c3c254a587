// Shared launchers for the real-browser suites. Debian's binaries only: never download a browser.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser as PwBrowser } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser } from 'puppeteer-core';
import { MINIBROWSER_PATH, webkitInstalled, XVFB_PATH } from './webkit.js';

export const CHROMIUM_PATH = process.env.CORSAIR_CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.CORSAIR_FIREFOX ?? '/usr/bin/firefox-esr';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const required = process.env.CORSAIR_REQUIRE_BROWSERS === '1';

/** Where each browser comes from, to tell the reader how to install what is missing. */
const INSTALL: Readonly<
  Record<'chromium' | 'firefox' | 'webkit', { present: () => boolean; what: string; pkg: string }>
> = {
  chromium: { present: () => existsSync(CHROMIUM_PATH), what: CHROMIUM_PATH, pkg: 'chromium' },
  firefox: { present: () => existsSync(FIREFOX_PATH), what: FIREFOX_PATH, pkg: 'firefox-esr' },
  webkit: {
    present: webkitInstalled,
    what: `${MINIBROWSER_PATH} and ${XVFB_PATH}`,
    pkg: 'webkit2gtk-driver xvfb',
  },
};

/**
 * Whether a browser binary is present. When it is not, a suite skips with a loud message, or fails
 * when CORSAIR_REQUIRE_BROWSERS=1 (CI), so a missing install can never pass silently.
 */
export function browserAvailable(name: 'chromium' | 'firefox' | 'webkit'): boolean {
  const b = INSTALL[name];
  if (b.present()) return true;
  const msg = `\n!!! ${name} not found (${b.what}): real-browser tests are SKIPPED. Install it with: apt-get install -y ${b.pkg}\n`;
  if (required) throw new Error(`${msg}CORSAIR_REQUIRE_BROWSERS=1, so this is a failure.`);
  console.warn(msg);
  return false;
}

/** Launch Debian's Chromium through playwright-core (`extraArgs` after the standard ones). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<PwBrowser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Launch Debian's Firefox ESR through puppeteer-core over WebDriver BiDi, with a throwaway profile. */
export async function launchFirefox(): Promise<{ browser: PpBrowser; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'corsair-ff-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      // Keep Firefox off the (closed) network and away from its own services.
      'network.proxy.type': 0,
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'toolkit.telemetry.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      // Loopback must not be proxied or upgraded.
      'network.proxy.allow_hijacking_localhost': false,
      'dom.security.https_first': false,
    },
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
