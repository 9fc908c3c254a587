// Which disallowed request header Chromium names depends on the URL: Blink's header map holds the
// User-Agent client hints (sec-ch-ua, -mobile, -platform) only for potentially trustworthy URLs
// (FrameFetchContext::AddClientHintsIfNecessary), and those entries move the page's headers in the map
// (src/browser/header-map-order.ts). Played in real Chromium against one loopback API reached as
// `localhost` (trustworthy) and as a name that --host-resolver-rules maps to loopback (plain http: to
// another host: no hints), and predicted by the engine for the same URLs. The conformance family
// header-order covers the rest (fetch forms, XMLHttpRequest, bodies, Firefox) on loopback.
import http from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCors } from '../../src/browser/index.js';
import type { HttpResponse } from '../../src/exchange.js';
import { listen, type Running } from '../adapters/servers.js';
import { browserAvailable, launchChromium } from './launch.js';

const PLAIN_HOST = 'corsair-api.test';

/** Every preflight passes the origin check and allows no header; the actual request would pass. */
function answer(method: string, origin: string): HttpResponse {
  return method === 'OPTIONS'
    ? { status: 204, headers: [['Access-Control-Allow-Origin', origin]] }
    : { status: 200, headers: [['Access-Control-Allow-Origin', origin]] };
}

const SETS: readonly (readonly [string, string][])[] = [
  [
    ['Content-Type', 'application/json'],
    ['Authorization', 'Basic eA=='],
  ],
  [
    ['Content-Type', 'application/json'],
    ['X-Requested-With', 'XMLHttpRequest'],
  ],
  [
    ['Idempotency-Key', 'k'],
    ['Authorization', 'Bearer t'],
  ],
  // Sets whose order depends on each entry Blink adds (User-Agent, sec-ch-ua, sec-ch-ua-platform): the
  // table grows, or an added entry takes the slot a page header would probe to (profile data).
  [
    ['X-W', '1'],
    ['X-B', '1'],
    ['X-Trace-Id', '1'],
  ],
  [
    ['X-W', '1'],
    ['X-P', '1'],
  ],
  [
    ['X-L', '1'],
    ['X-J', '1'],
    ['X-N', '1'],
  ],
  [
    ['X-Q', '1'],
    ['Authorization', 'Bearer t'],
  ],
  [
    ['X-W', '1'],
    ['X-S', '1'],
  ],
  // Long and short names take each path of the hash (conformance header-order/long-names, short-names).
  [
    ['Access-Control-Allow-Origin', '*'],
    ['Access-Control-Allow-Credentials', 'true'],
    ['X-Forwarded-Client-Cert-Chain-Verification', '1'],
    ['X-Amzn-Trace-Id-For-A-Long-Header-Name-Checked-Here-1', '1'],
    ['Content-Type', 'application/json'],
  ],
  [
    ['X', '1'],
    ['XY', '1'],
    ['Q-1', '1'],
    ['Authorization', 'Bearer t'],
  ],
  // Names at the hash's length boundaries: 8, 24, 40 and 48 characters (16, 48, 80, 96 bytes).
  [
    ['X-Client', '1'],
    ['X-A', '1'],
  ],
  [
    ['X-Correlation-Context-Id', '1'],
    ['X-C', '1'],
  ],
  [
    ['X-Forty-Characters-Custom-Header-Name-Ab', '1'],
    ['X-C', '1'],
  ],
  [
    ['X-Amzn-Trace-Id-For-A-Long-Header-Name-Checked-X', '1'],
    ['X-H', '1'],
  ],
];

const NAMED = /Request header field (\S+) is not allowed by Access-Control-Allow-Headers/;

describe.skipIf(!browserAvailable('chromium'))('Chromium names the header its header map puts first', () => {
  let browser: Browser;
  let page: Page;
  let api: Running;
  let pageServer: Running;
  const lines: string[] = [];

  beforeAll(async () => {
    api = await listen(
      http.createServer((req, res) => {
        const { status, headers } = answer(req.method ?? 'GET', String(req.headers.origin ?? ''));
        res.writeHead(status, Object.fromEntries(headers));
        req.resume();
        res.end();
      }),
    );
    pageServer = await listen(
      http.createServer((_req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end('<!doctype html><title>page</title>');
      }),
    );
    browser = await launchChromium([`--host-resolver-rules=MAP ${PLAIN_HOST} 127.0.0.1`]);
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') lines.push(m.text());
    });
    await page.goto(`${pageServer.url}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await pageServer?.close();
  });

  /** The header Chromium's console names for a POST with these headers, and the engine's prediction. */
  async function both(url: string, headers: readonly [string, string][]): Promise<[string, string]> {
    await page.evaluate(
      ([u, h]) => fetch(u, { method: 'POST', headers: [...h], body: '{}' }).catch(() => undefined),
      [url, headers] as const,
    );
    let line: string | undefined;
    for (let i = 0; i < 50 && !line; i++) {
      line = lines.find((l) => l.includes(`'${url}'`));
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    const outcome = await simulateCors(
      { pageOrigin: pageServer.url, url, method: 'POST', headers, body: '{}' },
      { browser: 'chromium', send: (r) => answer(r.method, pageServer.url) },
    );
    return [
      line?.match(NAMED)?.[1] ?? `no message: ${line}`,
      outcome.error?.messages.chromium.match(NAMED)?.[1] ?? '',
    ];
  }

  it.each(SETS.map((s, i) => [i, s] as const))(
    'set %i: the engine names what Chromium names, on both hosts',
    async (i, set) => {
      const port = new URL(api.url).port;
      const trustworthy = await both(`http://localhost:${port}/t${i}`, set);
      const plain = await both(`http://${PLAIN_HOST}:${port}/p${i}`, set);
      expect(trustworthy[1]).toBe(trustworthy[0]);
      expect(plain[1]).toBe(plain[0]);
    },
  );

  it('the report that started it: authorization on a trustworthy URL, content-type on plain http', async () => {
    const port = new URL(api.url).port;
    const [trustworthy] = await both(`http://localhost:${port}/report`, SETS[0]!);
    const [plain] = await both(`http://${PLAIN_HOST}:${port}/report`, SETS[0]!);
    expect([trustworthy, plain]).toEqual(['authorization', 'content-type']);
  });
});
