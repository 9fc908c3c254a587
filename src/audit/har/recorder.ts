import { type BrowserName, profiles } from '../../browser/index.js';
import { getAll } from '../../exchange.js';
import type { HarLog } from './model.js';

/**
 * Which browser made the recording, and how corsair knows.
 *
 * @example
 * const b: RecordingBrowser = { name: 'firefox', from: 'log.creator Firefox 153.0' };
 */
export interface RecordingBrowser {
  readonly name: BrowserName;
  /** Where the name came from, for the report: `--browser`, `log.browser …`, `User-Agent`, or a default. */
  readonly from: string;
  /** Set when the recording browser is not modelled and another profile decides instead. */
  readonly note: string | null;
}

/** Maps a browser or exporter name to a profile name; `webkit` is kept when the engine has that profile. */
function nameToProfile(name: string): string | null {
  const n = name.toLowerCase();
  if (/firefox|gecko/.test(n)) return 'firefox';
  if (/chrom|webinspector|edge|msedge|opera|brave|electron/.test(n)) return 'chromium';
  if (/webkit|safari/.test(n)) return 'webkit';
  return null;
}

function fromUserAgent(ua: string): string | null {
  if (/Firefox\//.test(ua)) return 'firefox';
  if (/(Chrome|Chromium|HeadlessChrome|Edg)\//.test(ua)) return 'chromium';
  if (/Safari\//.test(ua) && /AppleWebKit\//.test(ua)) return 'webkit';
  return null;
}

/**
 * The browser a HAR was recorded with: the exporter when it is a browser (DevTools writes
 * `WebInspector`, Firefox writes `Firefox`), else `log.browser` (Playwright), else the requests'
 * User-Agent (proxies such as mitmproxy or Charles), else Chromium. `override` (`--browser`) wins.
 *
 * @example
 * recordingBrowser(log).name; // 'chromium' for a Playwright HAR recorded with Chromium
 */
export function recordingBrowser(log: HarLog, override?: BrowserName): RecordingBrowser {
  if (override) return { name: override, from: '--browser', note: null };
  const candidates: [string | null, string][] = [];
  const { creator, browser } = log;
  if (creator && !/playwright|puppeteer|mitmproxy|charles|fiddler|proxyman|har/i.test(creator.name))
    candidates.push([nameToProfile(creator.name), `log.creator ${creator.name} ${creator.version}`.trim()]);
  if (browser)
    candidates.push([nameToProfile(browser.name), `log.browser ${browser.name} ${browser.version}`.trim()]);
  for (const e of log.entries) {
    const ua = getAll(e.request.headers, 'user-agent')[0];
    if (ua) {
      candidates.push([fromUserAgent(ua), 'the requests’ User-Agent']);
      break;
    }
  }
  for (const [name, from] of candidates) {
    if (!name) continue;
    if (name in profiles) return { name: name as BrowserName, from, note: null };
    return {
      name: 'spec',
      from,
      note: `The HAR was recorded by ${name === 'webkit' ? 'Safari (WebKit)' : name}, which corsair does not model yet: the Fetch Standard decides instead.`,
    };
  }
  return {
    name: 'chromium',
    from: 'default',
    note: 'The HAR does not say which browser recorded it: Chromium decides (use --browser to choose).',
  };
}
