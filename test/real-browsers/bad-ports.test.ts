// Bad ports (Fetch Standard "port blocking"), checked against the real browsers: a server listens on
// the port and counts requests, a page on another loopback port fetches it. check predicts what each
// browser does: Chromium refuses 6000 (net::ERR_UNSAFE_PORT) but connects to 6679 and 4190 (its list
// lacks the spec's 2024 additions); Firefox ESR refuses all three, with only the fetch rejection.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEndpoint } from '../../src/audit/index.js';
import type { BrowserName } from '../../src/browser/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { browserAvailable, launchChromium, launchFirefox } from './launch.js';

const PORTS = [6000, 6679, 4190] as const;

interface Counted {
  readonly port: number;
  hits: number;
  close(): Promise<void>;
}

/** A CORS-open server on a fixed port that counts what reaches it (null when the port is taken here). */
async function countOn(port: number): Promise<Counted | null> {
  const counted = { port, hits: 0, close: async () => {} };
  const server = http.createServer((_req, res) => {
    counted.hits++;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('reached');
  });
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!ok) {
    console.warn(`\n!!! port ${port} is in use on this machine: its bad-port case is SKIPPED\n`);
    return null;
  }
  counted.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return counted;
}

let page: http.Server;
let pageUrl = '';
const servers = new Map<number, Counted>();
let transport: HttpTransport;

beforeAll(async () => {
  page = http.createServer((_q, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><title>page</title>');
  });
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
  pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}`;
  for (const p of PORTS) {
    const s = await countOn(p);
    if (s) servers.set(p, s);
  }
  transport = createHttpTransport({ timeoutMs: 5000 });
});
afterAll(async () => {
  for (const s of servers.values()) await s.close();
  page.closeAllConnections();
  page.close();
  await transport.close();
});

async function predict(browser: BrowserName, port: number) {
  const url = `http://127.0.0.1:${port}/`;
  const before = servers.get(port)!.hits;
  const report = await checkEndpoint(
    { pageOrigin: pageUrl, url, method: 'GET' },
    { send: transport.send, browser },
  );
  // A refused port is refused before anything is sent: check sends nothing either.
  if (!report.allowed) expect(servers.get(port)!.hits).toBe(before);
  return report;
}

type PageFetch = (url: string) => Promise<{ ok: boolean; error: string; console: string[] }>;

function cases(name: BrowserName, blocked: readonly number[], pageFetch: () => PageFetch) {
  for (const port of PORTS) {
    const refuses = blocked.includes(port);
    it(`port ${port}: ${refuses ? 'refused before connecting' : 'connects'}, as check predicts`, async (ctx) => {
      if (!servers.has(port)) ctx.skip();
      const before = servers.get(port)!.hits;
      const real = await pageFetch()(`http://127.0.0.1:${port}/`);
      expect(real.ok).toBe(!refuses);
      expect(servers.get(port)!.hits - before).toBe(refuses ? 0 : 1);
      const report = await predict(name, port);
      expect(report.allowed).toBe(!refuses);
      if (!refuses) return;
      expect(report.error?.code).toBe('NetworkError');
      if (name === 'chromium') {
        expect(report.error?.messages.chromium).toBe(`GET http://127.0.0.1:${port}/ net::ERR_UNSAFE_PORT`);
        expect(real.console.join('\n')).toContain('net::ERR_UNSAFE_PORT');
      } else {
        expect(report.error?.messages.firefox).toBe(real.error);
      }
    });
  }
}

describe.runIf(browserAvailable('chromium'))('Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  cases('chromium', [6000], () => async (url) => {
    const p = await browser.newPage();
    const lines: string[] = [];
    p.on('console', (m) => lines.push(m.text()));
    try {
      await p.goto(pageUrl);
      const r = await p.evaluate(async (u) => {
        try {
          await (await fetch(u)).text();
          return { ok: true, error: '' };
        } catch (e) {
          return { ok: false, error: String(e) };
        }
      }, url);
      await p.waitForTimeout(100);
      return { ...r, console: lines };
    } finally {
      await p.close();
    }
  });
});

describe.runIf(browserAvailable('firefox'))('Firefox ESR', () => {
  let ff: Awaited<ReturnType<typeof launchFirefox>>;
  beforeAll(async () => {
    ff = await launchFirefox();
  });
  afterAll(async () => {
    await ff?.close();
  });
  cases('firefox', [6000, 6679, 4190], () => async (url) => {
    const p = await ff.browser.newPage();
    try {
      await p.goto(pageUrl);
      const r = await p.evaluate(async (u) => {
        try {
          await (await fetch(u)).text();
          return { ok: true, error: '' };
        } catch (e) {
          return { ok: false, error: String(e) };
        }
      }, url);
      return { ...r, console: [] };
    } finally {
      await p.close();
    }
  });
});
