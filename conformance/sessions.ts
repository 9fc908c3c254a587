// Opens a real browser on the case server's page origin and collects its CORS console lines per case.
import { caseIdOf } from '../test/real-browsers/case-server.js';
import { launchChromium, launchFirefox } from '../test/real-browsers/launch.js';
import { launchWebKit } from '../test/real-browsers/webkit.js';
import type { EvaluatingPage } from './browser-runner.js';

/** The real browsers the suite drives. */
export type RealBrowser = 'chromium' | 'firefox' | 'webkit';

/** An open page plus the console lines it printed, keyed by case id. */
export interface BrowserSession {
  readonly browser: RealBrowser;
  readonly version: string;
  readonly page: EvaluatingPage;
  /** Console lines (errors) that name a case URL, in arrival order. */
  consoleLines(caseId: string): readonly string[];
  /**
   * Failed loads as DevTools prints them in the console (`GET <url> net::ERR_…`), from the network
   * domain (Chromium only; these never reach the console event).
   */
  networkErrors(caseId: string): readonly string[];
  /** How many lines (console and network) have arrived so far: lets a caller wait until they settle. */
  lineCount(): number;
  close(): Promise<void>;
}

/** Every case URL a console line names (`/case/<id>/<n>`), so a line is filed under its case. */
function fileLine(store: Map<string, string[]>, text: string, alsoUrls: readonly string[] = []): void {
  const ids = new Set<string>();
  for (const m of [text, ...alsoUrls].join(' ').matchAll(/https?:\/\/[^\s'"‘’()]+?(\/case\/[^\s'"‘’()]+)/g)) {
    const id = caseIdOf(m[1]!.replace(/[.,;]+$/, ''));
    if (id !== null) ids.add(id);
  }
  for (const id of ids) {
    const list = store.get(id);
    if (list) list.push(text);
    else store.set(id, [text]);
  }
}

function count(store: Map<string, string[]>): number {
  let n = 0;
  for (const lines of store.values()) n += lines.length;
  return n;
}

/**
 * Launch Chromium (playwright-core) and open the page origin.
 *
 * @example
 * const session = await openChromium('http://127.0.0.1:4100');
 */
export async function openChromium(pageOrigin: string): Promise<BrowserSession> {
  const browser = await launchChromium();
  const context = await browser.newContext();
  const page = await context.newPage();
  const store = new Map<string, string[]>();
  // Network-originated CORS errors do reach playwright's console event in Chromium (checked in 156).
  page.on('console', (message) => {
    if (message.type() === 'error') fileLine(store, message.text());
  });
  // Other failed loads (too many redirects, unsafe redirects) only show in DevTools as
  // `METHOD URL net::ERR_…`, built from the network domain; rebuild the same line.
  const network = new Map<string, string[]>();
  // A redirect keeps the request id: remember every URL of the chain, so a failure at a URL outside
  // the case server (ws://…) is still filed under its case.
  const inFlight = new Map<string, { method: string; urls: string[] }>();
  const cdp = await context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = inFlight.get(e.requestId);
    if (r) {
      r.method = e.request.method;
      r.urls.push(e.request.url);
    } else inFlight.set(e.requestId, { method: e.request.method, urls: [e.request.url] });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = inFlight.get(e.requestId);
    if (r && !e.canceled) fileLine(network, `${r.method} ${r.urls.at(-1)} ${e.errorText}`, r.urls);
  });
  await cdp.send('Network.enable');
  await page.goto(`${pageOrigin}/`);
  return {
    browser: 'chromium',
    version: browser.version(),
    page: { evaluate: (expression: string) => page.evaluate(expression) },
    consoleLines: (id) => store.get(id) ?? [],
    networkErrors: (id) => network.get(id) ?? [],
    lineCount: () => count(store) + count(network),
    close: async () => {
      await browser.close();
    },
  };
}

/**
 * Launch Firefox ESR (puppeteer-core, WebDriver BiDi) and open the page origin.
 *
 * @example
 * const session = await openFirefox('http://127.0.0.1:4100');
 */
export async function openFirefox(pageOrigin: string): Promise<BrowserSession> {
  const { browser, close } = await launchFirefox();
  try {
    const page = await browser.newPage();
    const store = new Map<string, string[]>();
    // Firefox reports CORS failures as script errors: BiDi log.entryAdded of type `javascript`,
    // which puppeteer surfaces as `pageerror`.
    page.on('pageerror', (error) => fileLine(store, error instanceof Error ? error.message : String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') fileLine(store, message.text());
    });
    await page.goto(`${pageOrigin}/`);
    return {
      browser: 'firefox',
      version: await browser.version(),
      page: { evaluate: (expression: string) => page.evaluate(expression) },
      consoleLines: (id) => store.get(id) ?? [],
      networkErrors: () => [],
      lineCount: () => count(store),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Launch WebKitGTK's MiniBrowser (its remote inspector, see test/real-browsers/webkit.ts) on the page
 * origin. WebKit prints a failure as three lines in a row: the reason (source `security`, no URL), then
 * `Fetch API cannot load <url> due to access control checks.` (source `javascript`), then `Failed to load
 * resource: <reason>` (source `network`, the URL in its `url` field). The reason waits for the next line and
 * is filed with it under the URL that line names.
 *
 * @example
 * const session = await openWebKit('http://127.0.0.1:4100');
 */
export async function openWebKit(pageOrigin: string): Promise<BrowserSession> {
  const page = await launchWebKit(`${pageOrigin}/`);
  const store = new Map<string, string[]>();
  let waiting: string[] = [];
  page.onConsole((m) => {
    if (m.level !== 'error') return;
    // The reason may name URLs (the page's origin, a redirect target) but never the one that failed.
    if (m.source === 'security') {
      waiting.push(m.text);
      return;
    }
    const urls = m.url ? [m.url] : [m.text];
    for (const line of [...waiting, m.text]) fileLine(store, line, urls);
    waiting = [];
  });
  return {
    browser: 'webkit',
    version: page.version,
    page: { evaluate: (expression: string) => page.evaluate(expression) },
    consoleLines: (id) => store.get(id) ?? [],
    networkErrors: () => [],
    lineCount: () => count(store) + waiting.length,
    close: () => page.close(),
  };
}
