// The CORS-safelisted response-header names (Fetch Standard) are readable without
// Access-Control-Expose-Headers; every other name needs to be listed. Each name is checked on its own so
// dropping one from the list fails here, not only in the real-browser suites.
import { describe, expect, it } from 'vitest';
import { exposedHeaderNames } from '../../src/browser/index.js';
import type { HeaderList } from '../../src/exchange.js';

const SAFELISTED = [
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
];

function response(names: readonly string[]): HeaderList {
  return names.map((n) => [n, 'v'] as const);
}

describe.each([false, true])('safelisted response headers (credentials: %s)', (include) => {
  it.each(SAFELISTED)('%s is readable without Access-Control-Expose-Headers', (name) => {
    const exposed = exposedHeaderNames(response([name, 'x-other']), include);
    expect(exposed).toContain(name);
  });
  it.each(['x-other', 'date', 'etag', 'server', 'set-cookie', 'vary'])('%s needs to be exposed', (name) => {
    const exposed = exposedHeaderNames(response([name]), include);
    expect(exposed).not.toContain(name);
  });
});
