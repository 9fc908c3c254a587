// Hand-made HARs: the smallest valid one, and builders for entries, as DevTools writes them.

export interface EntryInit {
  readonly method?: string;
  readonly url: string;
  readonly requestHeaders?: Record<string, string> | [string, string][];
  readonly status?: number;
  readonly responseHeaders?: Record<string, string> | [string, string][];
  readonly at?: number;
  readonly resourceType?: string;
  readonly error?: string;
  readonly cookies?: number;
  readonly redirectURL?: string;
  /** Total milliseconds the entry took (HAR `time`; 10 unless given). */
  readonly time?: number;
}

const pairs = (h: EntryInit['requestHeaders']) =>
  (Array.isArray(h) ? h : Object.entries(h ?? {})).map(([name, value]) => ({ name, value }));

/** One entry in Chromium DevTools' shape (`_resourceType`, `_error` on the response). */
export function devtoolsEntry(e: EntryInit): Record<string, unknown> {
  return {
    _resourceType: e.resourceType ?? 'fetch',
    pageref: 'page_1',
    startedDateTime: new Date(Date.UTC(2026, 0, 1) + (e.at ?? 0)).toISOString(),
    time: e.time ?? 10,
    request: {
      method: e.method ?? 'GET',
      url: e.url,
      httpVersion: 'HTTP/1.1',
      headers: pairs(e.requestHeaders),
      queryString: [],
      cookies: Array.from({ length: e.cookies ?? 0 }, (_, i) => ({ name: `c${i}`, value: 'v' })),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: e.status ?? 200,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: pairs(e.responseHeaders),
      cookies: [],
      content: { size: 0, mimeType: 'text/plain' },
      redirectURL: e.redirectURL ?? '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 0,
      _error: e.error ?? null,
    },
    cache: {},
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 5, receive: 1 },
  };
}

/** A HAR as Chromium's DevTools saves it ("Save all as HAR"). */
export function devtoolsHar(
  entries: Record<string, unknown>[],
  pageUrl = 'https://app.example.com/',
): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ startedDateTime: '2026-01-01T00:00:00.000Z', id: 'page_1', title: pageUrl, pageTimings: {} }],
      entries,
    },
  });
}
