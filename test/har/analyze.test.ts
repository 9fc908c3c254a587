// Hand-made HARs in the shapes exporters write (Chromium DevTools, Firefox, Safari, proxies): pairing,
// sanitized exports, the preflight cache, credentials, browser choice, what is skipped, reproduce.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeHar, type HarReport, readHar, reproduceCommand } from '../../src/audit/har/index.js';
import { runCli } from '../../src/cli/program.js';
import { devtoolsEntry, devtoolsHar } from './fixtures.js';

const APP = 'https://app.example.com';
const API = 'https://api.example.com';

async function analyze(text: string, options: Parameters<typeof analyzeHar>[1] = {}): Promise<HarReport> {
  return analyzeHar(await readHar([Buffer.from(text)]), options);
}

const origin = { Origin: APP, Referer: `${APP}/` };

describe('Chromium DevTools HARs', () => {
  it('pairs a recorded preflight with the failed request and names the refused header', async () => {
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({
          url: `${APP}/`,
          resourceType: 'document',
          requestHeaders: { 'Sec-Fetch-Dest': 'document' },
        }),
        devtoolsEntry({
          method: 'OPTIONS',
          url: `${API}/items`,
          resourceType: 'preflight',
          requestHeaders: {
            ...origin,
            'Access-Control-Request-Method': 'PUT',
            'Access-Control-Request-Headers': 'content-type,x-trace',
          },
          status: 204,
          responseHeaders: {
            'Access-Control-Allow-Origin': APP,
            'Access-Control-Allow-Methods': 'PUT',
            'Access-Control-Allow-Headers': 'content-type',
          },
          at: 10,
        }),
        devtoolsEntry({
          method: 'PUT',
          url: `${API}/items`,
          requestHeaders: { 'Content-Type': 'application/json', 'X-Trace': '1', Referer: `${APP}/` },
          status: 0,
          error: 'net::ERR_FAILED',
          at: 11,
        }),
      ]),
    );
    expect(report.browser).toBe('chromium');
    expect(report.summary).toMatchObject({ crossOrigin: 1, blocked: 1, notCors: 1 });
    const r = report.requests[0]!;
    expect(r.entries).toEqual([1, 2]);
    expect(r.preflight).toBe('recorded');
    expect(r.check?.error?.code).toBe('HeaderDisallowedByPreflightResponse');
    expect(r.check?.error?.messages.chromium).toBe(
      `Access to fetch at '${API}/items' from origin '${APP}' has been blocked by CORS policy: Request header field x-trace is not allowed by Access-Control-Allow-Headers in preflight response.`,
    );
    expect(r.agreesWithBrowser).toBe(true);
    expect(r.reproduce).toBe(
      `corsair check ${API}/items --origin ${APP} --method PUT -H 'Content-Type: application/json' -H 'X-Trace: 1'`,
    );
  });

  it('a sanitized export (no Authorization, no cookies) still decides, and says which value is missing', async () => {
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({
          method: 'OPTIONS',
          url: `${API}/me`,
          requestHeaders: {
            ...origin,
            'Access-Control-Request-Method': 'GET',
            'Access-Control-Request-Headers': 'authorization',
          },
          status: 204,
          responseHeaders: {
            'Access-Control-Allow-Origin': APP,
            'Access-Control-Allow-Headers': 'content-type',
          },
        }),
        devtoolsEntry({
          url: `${API}/me`,
          requestHeaders: origin,
          status: 0,
          error: 'net::ERR_FAILED',
          at: 1,
        }),
      ]),
    );
    const r = report.requests[0]!;
    expect(r.check?.error?.code).toBe('HeaderDisallowedByPreflightResponse');
    expect(r.missing.join()).toMatch(/value of authorization/);
    expect(r.reproduce).toContain("-H 'authorization: {unrecorded}'");
  });

  it('replays the preflight cache: a later request without a preflight entry is decided from the cached one', async () => {
    const pre = devtoolsEntry({
      method: 'OPTIONS',
      url: `${API}/items`,
      requestHeaders: { ...origin, 'Access-Control-Request-Method': 'DELETE' },
      status: 204,
      responseHeaders: {
        'Access-Control-Allow-Origin': APP,
        'Access-Control-Allow-Methods': 'DELETE',
        'Access-Control-Max-Age': '600',
      },
    });
    const del = (at: number) =>
      devtoolsEntry({
        method: 'DELETE',
        url: `${API}/items`,
        requestHeaders: origin,
        status: 204,
        responseHeaders: { 'Access-Control-Allow-Origin': APP },
        at,
      });
    const report = await analyze(devtoolsHar([pre, del(1), del(10_000)]));
    expect(report.requests.map((r) => [r.verdict, r.preflight])).toEqual([
      ['allowed', 'recorded'],
      ['allowed', 'cache'],
    ]);
  });

  it('the cached result lasts from when the preflight was answered (its start plus its time), not from the request', async () => {
    // Answered at 300 ms, cached for Chromium's default 5 s: until 5300 ms, even though the request it
    // cleared only started at 1300 ms.
    const pre = devtoolsEntry({
      method: 'OPTIONS',
      url: `${API}/items`,
      requestHeaders: { ...origin, 'Access-Control-Request-Method': 'DELETE' },
      status: 204,
      responseHeaders: { 'Access-Control-Allow-Origin': APP, 'Access-Control-Allow-Methods': 'DELETE' },
      time: 300,
    });
    const del = (at: number) =>
      devtoolsEntry({
        method: 'DELETE',
        url: `${API}/items`,
        requestHeaders: origin,
        status: 204,
        responseHeaders: { 'Access-Control-Allow-Origin': APP },
        at,
      });
    const within = await analyze(devtoolsHar([pre, del(1300), del(5299)]));
    expect(within.requests.map((r) => r.preflight)).toEqual(['recorded', 'cache']);
    const after = await analyze(devtoolsHar([pre, del(1300), del(5300)]));
    expect(after.requests[1]?.preflight).not.toBe('cache');
  });

  it('cookies on the request prove credentials: `*` is then refused', async () => {
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({
          url: `${API}/me`,
          requestHeaders: { ...origin, Cookie: 'sid=1' },
          cookies: 1,
          responseHeaders: { 'Access-Control-Allow-Origin': '*' },
          error: 'net::ERR_FAILED',
        }),
      ]),
    );
    const r = report.requests[0]!;
    expect([r.credentials, r.credentialsFrom]).toEqual(['include', 'cookie']);
    expect(r.check?.error?.code).toBe('WildcardOriginNotAllowed');
  });

  it('without cookies, the mode under which the engine gives the browser’s recorded result is chosen', async () => {
    const star = { 'Access-Control-Allow-Origin': '*' };
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({ url: `${API}/a`, requestHeaders: origin, responseHeaders: star }),
        devtoolsEntry({
          url: `${API}/b`,
          requestHeaders: origin,
          responseHeaders: star,
          error: 'net::ERR_FAILED',
          at: 1,
        }),
      ]),
    );
    expect(report.requests.map((r) => [r.verdict, r.credentials, r.credentialsFrom])).toEqual([
      ['allowed', 'same-origin', 'browser-result'],
      ['blocked', 'include', 'browser-result'],
    ]);
  });

  it('follows a redirect chain: after a cross-origin hop the Origin is null', async () => {
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({
          url: `${API}/old`,
          requestHeaders: origin,
          status: 302,
          responseHeaders: { Location: 'https://cdn.example.net/new', 'Access-Control-Allow-Origin': '*' },
          redirectURL: 'https://cdn.example.net/new',
        }),
        devtoolsEntry({
          url: 'https://cdn.example.net/new',
          requestHeaders: { Origin: 'null', Referer: `${APP}/` },
          responseHeaders: { 'Access-Control-Allow-Origin': APP },
          error: 'net::ERR_FAILED',
          at: 1,
        }),
      ]),
    );
    expect(report.requests).toHaveLength(1);
    const r = report.requests[0]!;
    expect(r.entries).toEqual([0, 1]);
    expect(r.check?.error?.code).toBe('AllowOriginMismatch');
    expect(r.check?.error?.messages.chromium).toContain("(redirected from 'https://api.example.com/old')");
    // The second hop went out with Origin: null, which the page's own origin in ACAO does not match.
    expect(r.check?.exchanges[1]?.request.headers).toContainEqual(['Origin', 'null']);
  });

  it('skips same-origin requests and what the browser fetched without CORS; drops HTTP/2 pseudo-headers', async () => {
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({
          url: `${APP}/`,
          resourceType: 'document',
          requestHeaders: { ':authority': 'app.example.com' },
        }),
        devtoolsEntry({ url: `${APP}/api/x`, requestHeaders: { 'Sec-Fetch-Mode': 'cors' } }),
        devtoolsEntry({
          url: 'https://img.example.net/a.png',
          resourceType: 'image',
          requestHeaders: { 'Sec-Fetch-Mode': 'no-cors', Referer: `${APP}/` },
        }),
        devtoolsEntry({
          url: `${API}/x`,
          requestHeaders: { ':method': 'GET', ':path': '/x', ...origin },
          responseHeaders: { 'Access-Control-Allow-Origin': APP },
        }),
      ]),
    );
    expect(report.summary).toMatchObject({ entries: 4, crossOrigin: 1, notCors: 3, allowed: 1 });
    expect(report.requests[0]!.reproduce).toBe(`corsair check ${API}/x --origin ${APP}`);
  });

  it('finds the page origin from the page when requests carry no Origin or Referer (Referrer-Policy no-referrer)', async () => {
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({
          url: `${API}/x`,
          requestHeaders: { 'Sec-Fetch-Mode': 'cors' },
          status: 0,
          error: 'net::ERR_FAILED',
        }),
      ]),
    );
    expect(report.requests[0]).toMatchObject({ pageOrigin: APP, originFrom: 'page', verdict: 'blocked' });
  });

  it('a preflight with no request after it is decided from the preflight alone', async () => {
    const report = await analyze(
      devtoolsHar([
        devtoolsEntry({
          method: 'OPTIONS',
          url: `${API}/items`,
          requestHeaders: { ...origin, 'Access-Control-Request-Method': 'PATCH' },
          status: 403,
          responseHeaders: {},
        }),
      ]),
    );
    expect(report.requests[0]).toMatchObject({ method: 'PATCH', verdict: 'blocked', preflight: 'recorded' });
    expect(report.requests[0]!.check?.error?.code).toBe('PreflightMissingAllowOriginHeader');
  });
});

describe('which browser decides', () => {
  const one = devtoolsEntry({
    url: `${API}/x`,
    requestHeaders: origin,
    responseHeaders: { 'Access-Control-Allow-Origin': APP },
  });
  const withCreator = (creator: object, extra: object = {}, entry: object = one) =>
    JSON.stringify({ log: { version: '1.2', creator, ...extra, entries: [entry] } });

  it.each([
    [{ name: 'WebInspector', version: '537.36' }, {}, 'chromium', /^log\.creator WebInspector/],
    [{ name: 'Firefox', version: '153.0' }, {}, 'firefox', /^log\.creator Firefox/],
    [
      { name: 'Playwright', version: '1.65.1' },
      { browser: { name: 'firefox', version: '140' } },
      'firefox',
      /^log\.browser firefox/,
    ],
    // The engine has a webkit profile (issue 18): Safari's Web Inspector exports decide as WebKit.
    [{ name: 'WebKit Web Inspector', version: '1' }, {}, 'webkit', /^log\.creator WebKit/],
  ])('%j %j → %s', async (creator, extra, browser, from) => {
    const report = await analyze(withCreator(creator, extra));
    expect(report.browser).toBe(browser);
    expect(report.browserFrom).toMatch(from);
    expect(report.notes.join()).not.toMatch(/does not model yet/);
  });

  it('a proxy export (mitmproxy) is read by its User-Agent', async () => {
    const entry = devtoolsEntry({
      url: `${API}/x`,
      requestHeaders: {
        ...origin,
        'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0',
      },
    });
    const report = await analyze(withCreator({ name: 'mitmproxy', version: '11' }, {}, entry));
    expect([report.browser, report.browserFrom]).toEqual(['firefox', 'the requests’ User-Agent']);
  });

  it('--browser overrides the recording', async () => {
    const report = await analyze(withCreator({ name: 'Firefox', version: '153.0' }), { browser: 'chromium' });
    expect([report.browser, report.browserFrom]).toEqual(['chromium', '--browser']);
  });
});

describe('reproduce commands and hostile values', () => {
  it('quotes for a POSIX shell', () => {
    expect(
      reproduceCommand({
        url: 'https://api.example.com/a?b=1&c',
        pageOrigin: APP,
        method: 'POST',
        headers: [['X-Note', "it's $HOME `x`"]],
        credentials: 'include',
        browser: 'firefox',
      }),
    ).toBe(
      `corsair check 'https://api.example.com/a?b=1&c' --origin ${APP} --method POST -H 'X-Note: it'\\''s $HOME \`x\`' --credentials include --browser firefox`,
    );
  });

  it('escapes control bytes from the HAR before they reach a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corsair-har-t-'));
    const file = join(dir, 'hostile.har');
    writeFileSync(
      file,
      devtoolsHar([
        devtoolsEntry({
          url: `${API}/x`,
          requestHeaders: origin,
          responseHeaders: { 'Access-Control-Allow-Origin': 'https://evil.example\u001b[2J' },
          error: 'net::ERR_FAILED',
        }),
      ]),
    );
    let stdout = '';
    const code = await runCli(['har', file], {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      isTTY: false,
      color: false,
      env: {},
      cwd: dir,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('\\x1b[2J');
  });
});

describe('progress on a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corsair-har-p-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('draws a progress bar on the TTY stream and keeps stdout clean', async () => {
    const file = join(dir, 'p.har');
    const entries = Array.from({ length: 50 }, (_, i) =>
      devtoolsEntry({
        url: `${API}/x${i}`,
        requestHeaders: origin,
        responseHeaders: { 'Access-Control-Allow-Origin': '*' },
        at: i,
      }),
    );
    writeFileSync(file, devtoolsHar(entries));
    let drawn = '';
    const tty = Object.assign(
      new Writable({
        write(chunk, _enc, cb) {
          drawn += chunk.toString();
          cb();
        },
      }),
      { isTTY: true, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    ) as unknown as NodeJS.WriteStream;
    let stdout = '';
    const args = ['har', file, '--json'];
    const code = await runCli(args, {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      isTTY: true,
      color: false,
      env: {},
      cwd: dir,
      progressStream: tty,
    });
    expect(code).toBe(0);
    expect(drawn).toMatch(/reading HAR|deciding/);
    expect(JSON.parse(stdout).summary.allowed).toBe(50);
  });
});
