// Real Chromium and Firefox confirm what `scan` claims about exploitability: a page on another origin can
// read the response (with or without credentials) exactly when scan says so.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/audit/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { browserAvailable, launchChromium, launchFirefox } from '../real-browsers/launch.js';
import { startZoo, TRUSTED, ZOO } from './zoo.js';

const NAMES = [
  'reflect any origin + credentials',
  'reflect any origin, no credentials',
  'trusts null',
  'wildcard with credentials',
  'public wildcard',
  'exact match (correct)',
  'reflects the origin followed by a no-break space',
  'OPTIONS handler reflects any origin, GET does not',
  'express cors({ origin: true, credentials: true })',
  '@koa/cors({ credentials: true }) (reflects by default)',
];

/** What the suite needs from a page: run a function with one argument in it (playwright and puppeteer agree). */
interface EvalPage {
  goto(url: string): Promise<unknown>;
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

const BROWSERS = [
  {
    name: 'chromium' as const,
    open: async () => {
      const b = await launchChromium();
      return { page: (await b.newPage()) as unknown as EvalPage, close: () => b.close() };
    },
  },
  {
    name: 'firefox' as const,
    open: async () => {
      const f = await launchFirefox();
      return { page: (await f.browser.newPage()) as unknown as EvalPage, close: f.close };
    },
  },
];

describe.each(BROWSERS)('scan claims vs real $name', ({ name, open }) => {
  if (!browserAvailable(name)) return void it.skip(`${name} not installed`, () => {});
  let zoo: Awaited<ReturnType<typeof startZoo>>;
  let page: EvalPage;
  let close: () => Promise<void> = async () => {};
  let attacker: http.Server;
  let transport: HttpTransport;
  const animals = ZOO.filter((a) => NAMES.includes(a.name));

  beforeAll(async () => {
    zoo = await startZoo(animals);
    transport = createHttpTransport({ timeoutMs: 5000 });
    // The attacker's page: another origin (localhost vs 127.0.0.1, another port), same loopback address space.
    attacker = http.createServer((_req, res) =>
      res.setHeader('Content-Type', 'text/html').end('<!doctype html><title>attacker</title>'),
    );
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    ({ page, close } = await open());
    await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
  });
  afterAll(async () => {
    await close();
    await transport.close();
    await zoo.close();
    attacker.closeAllConnections();
    await new Promise<void>((r) => attacker.close(() => r()));
  });

  /** Whether a script at the attacker's origin can read `url` with the given credentials mode. */
  const readable = (url: string, credentials: 'include' | 'omit') =>
    page.evaluate(
      ([u, c]: string[]) =>
        fetch(u as string, { credentials: c as RequestCredentials }).then(
          (r) => r.text().then(() => true),
          () => false,
        ),
      [url, credentials],
    );

  /** The same from a sandboxed iframe, whose origin is `null`. */
  const readableFromNull = (url: string) =>
    page.evaluate(
      (u: string) =>
        new Promise<boolean>((resolve) => {
          const f = document.createElement('iframe');
          f.setAttribute('sandbox', 'allow-scripts');
          f.srcdoc = `<script>fetch(${JSON.stringify(u)}, { credentials: 'include' }).then((r) => r.text()).then(() => parent.postMessage(true, '*'), () => parent.postMessage(false, '*'));</script>`;
          addEventListener('message', (e) => resolve(e.data === true), { once: true });
          document.body.append(f);
        }),
      url,
    );

  it.each(animals.map((a, i) => [a.name, i] as const))('%s', async (_name, i) => {
    const url = zoo.urls[i]!;
    const result = await scanTarget(url, { send: transport.send, trustedOrigin: TRUSTED });
    const reflection = result.findings.find((f) => f.id === 'origin-reflection');
    // "Readable" findings: the actual request exposed the response, not only the preflight.
    const readableFinding = reflection && !/Only the preflight/.test(reflection.description);
    const wildcard = result.findings.some((f) => f.id === 'wildcard-origin');

    expect(await readable(url, 'include')).toBe(Boolean(readableFinding && reflection?.credentials));
    expect(await readable(url, 'omit')).toBe(Boolean(readableFinding || wildcard));
    const nullFinding = result.findings.find((f) => f.id === 'null-origin');
    expect(await readableFromNull(url)).toBe(
      Boolean(nullFinding?.credentials && !/Only the preflight/.test(nullFinding.description)),
    );
  });
});
