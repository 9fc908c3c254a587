// The engine behind a user agent (the page predicts for the engine that runs it; the proxy judges the
// upstream as the page's own browser would): user agents as real browsers send them.
import { describe, expect, it } from 'vitest';
import { engineOfUserAgent } from '../../src/browser/user-agent.js';

const UA: readonly (readonly [string, string, 'chromium' | 'firefox' | 'webkit'])[] = [
  [
    'Safari 17 on macOS',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'webkit',
  ],
  [
    'Safari on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    'webkit',
  ],
  [
    'Chrome on iPhone (WebKit underneath)',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
    'webkit',
  ],
  [
    'Firefox on iPad (WebKit underneath)',
    'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15',
    'webkit',
  ],
  [
    // WKWebView's customUserAgent replaces the whole string: an app's own name, no AppleWebKit token.
    'an iOS app’s WKWebView with its own user agent',
    'Shop/4.2 (iPhone; iOS 17.5; Scale/3.00)',
    'webkit',
  ],
  [
    'WebKitGTK MiniBrowser 2.50.6 (as the conformance suite sees it)',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15',
    'webkit',
  ],
  [
    'Chrome on Linux',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    'chromium',
  ],
  [
    'Edge on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
    'chromium',
  ],
  ['Firefox ESR', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'firefox'],
  ['curl', 'curl/8.5.0', 'chromium'],
];

describe('the engine behind a user agent', () => {
  it.each(UA)('%s', (_name, ua, engine) => {
    expect(engineOfUserAgent(ua)).toBe(engine);
  });
});
