// Which engine sent a request, from its user agent: the web page predicts for the engine that runs it,
// and the proxy judges an upstream as the page's own browser would. No import that runs: the page loads
// this module as it is.
import type { ConsoleBrowser } from './types.js';

/**
 * The engine behind a user-agent string. Every browser on iPhone and iPad is WebKit (CriOS, FxiOS and
 * EdgiOS included); elsewhere Firefox says `Firefox/`, Chromium-based browsers say `Chrome/`, `Edg/`
 * or `OPR/`, and Safari or another WebKit browser (WebKitGTK's MiniBrowser, Epiphany) says
 * `AppleWebKit/` without them. Anything else is predicted as Chromium.
 *
 * @example
 * engineOfUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'); // 'webkit'
 */
export function engineOfUserAgent(ua: string): ConsoleBrowser {
  if (/\b(?:iPhone|iPad|iPod)\b/.test(ua)) return 'webkit';
  if (/\bFirefox\//.test(ua)) return 'firefox';
  if (/\b(?:Chrome|Chromium|Edg|OPR)\//.test(ua)) return 'chromium';
  if (/\bAppleWebKit\//.test(ua)) return 'webkit';
  return 'chromium';
}
