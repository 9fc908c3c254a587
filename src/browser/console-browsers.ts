// The shipped browsers and how reports name their consoles: data only, with no import that runs, so
// the web page (src/ui/client) loads this module as it is, next to the engine that uses it.
import type { ConsoleBrowser } from './types.js';

/**
 * How reports name each browser's console.
 *
 * @example
 * CONSOLE_LABEL.webkit; // 'WebKit'
 */
export const CONSOLE_LABEL: Readonly<Record<ConsoleBrowser, string>> = {
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'WebKit',
};

/**
 * The shipped browsers, in the order reports list them.
 *
 * @example
 * CONSOLE_BROWSERS; // ['chromium', 'firefox', 'webkit']
 */
export const CONSOLE_BROWSERS = Object.keys(CONSOLE_LABEL) as readonly ConsoleBrowser[];
