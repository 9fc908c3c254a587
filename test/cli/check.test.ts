import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCert, type TestCert } from '../http/tls-fixture.js';
import { run, spawnCli } from './run.js';
import { goodApi, serve, type TestServer } from './servers.js';

const APP = 'https://app.example.com';
let good: TestServer;
let noCors: TestServer;
let longCache: TestServer;
let hostile: net.Server;
let hostileUrl = '';
let silent: net.Server;
let silentUrl = '';
let tls: TestCert;
const sockets = new Set<net.Socket>();
const track = (s: net.Socket) => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
  s.on('error', () => {});
};
let tlsServer: https.Server;
let tlsUrl = '';

beforeAll(async () => {
  good = await serve(goodApi(APP));
  noCors = await serve((_req, res) => res.end('{}'));
  longCache = await serve((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
    res.setHeader('Access-Control-Allow-Methods', 'PUT');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
    res.end();
  });
  // A server whose header value carries a C1 control byte (0x9b is CSI on some terminals).
  hostile = net.createServer((s) => {
    track(s);
    s.on('data', () =>
      s.end(
        Buffer.from(
          `HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: ${APP}\x9b31m\r\nContent-Length: 0\r\n\r\n`,
          'latin1',
        ),
      ),
    );
  });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`;
  silent = net.createServer(track);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  tls = makeSelfSignedCert();
  tlsServer = https.createServer({ key: tls.key, cert: tls.cert }, goodApi(APP));
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await Promise.all([good.close(), noCors.close(), longCache.close()]);
  for (const s of sockets) s.destroy();
  for (const s of [hostile, silent, tlsServer]) {
    if (s instanceof https.Server) s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
  tls.cleanup();
});

describe('corsair check', () => {
  it('allowed: timeline with preflight, verdict, exit 0', async () => {
    const r = await run([
      'check',
      `${good.url}items`,
      '--origin',
      APP,
      '--method',
      'PUT',
      '-H',
      'Content-Type: application/json',
      '--credentials',
      'include',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /1\. Preflight[\s\S]*> OPTIONS .*\/items[\s\S]*Access-Control-Request-Method: PUT[\s\S]*2\. Request[\s\S]*> PUT/,
    );
    expect(r.stdout).toContain('ALLOWED');
    expect(r.stdout).not.toContain('Warnings');
  });

  it('blocked: both console messages, cause, fix, exit 1', async () => {
    const r = await run(['check', noCors.url, '--origin', APP]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BLOCKED');
    expect(r.stdout).toContain(
      `Access to fetch at '${noCors.url}' from origin '${APP}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
    expect(r.stdout).toContain('Cross-Origin Request Blocked:');
    expect(r.stdout).toMatch(/Cause: .+/);
    expect(r.stdout).toMatch(/Fix: .+/);
  });

  it('a wrong origin is blocked by the real server', async () => {
    const r = await run(['check', good.url, '--origin', 'https://evil.example', '--credentials', 'include']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('MissingAllowOriginHeader');
  });

  it.each([
    ['nginx', 'add_header Access-Control-Allow-Origin $cors_allow_origin always;'],
    ['express', "import cors from 'cors';"],
    ['corsair', "from 'corsair-cors/node'"],
    ['caddy', 'Access-Control-Allow-Origin'],
    ['fastapi', 'CORSMiddleware'],
    ['flask', 'flask_cors'],
    ['django', 'CORS_ALLOWED_ORIGINS'],
  ])('--server %s prints the generated config for that target', async (server, snippet) => {
    const r = await run(['check', noCors.url, '--origin', APP, '--method', 'DELETE', '--server', server]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`Fix for ${server === 'corsair' ? 'express' : server}:`);
    expect(r.stdout).toContain(snippet);
    expect(r.stdout).toContain(
      'Policy (cors.json): {"origins":["https://app.example.com"],"methods":["DELETE"]}',
    );
  });

  it('--server with a typo: did you mean, one line, exit 2', async () => {
    const r = await run(['check', noCors.url, '--origin', APP, '--server', 'ngnix']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      "CLI_UNKNOWN_SERVER: --server 'ngnix' is not a server corsair writes a fix for (did you mean 'nginx'?)",
    );
  });

  it('the server fix keeps what the server already allows', async () => {
    const r = await run([
      'check',
      good.url,
      '--origin',
      APP,
      '--method',
      'DELETE',
      '-H',
      'X-Request-Id: 7',
      '--server',
      'express',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Kept: methods GET, PUT (Access-Control-Allow-Methods of the preflight)');
    expect(r.stdout).toContain('Added: methods DELETE (this request)');
    expect(r.stdout).toContain("methods: ['GET', 'PUT', 'DELETE'],");
    expect(r.stdout).toContain("allowedHeaders: ['Content-Type', 'x-request-id'],");
  });

  it('follows a cross-origin redirect as the browser does: the origin becomes null', async () => {
    // The API allows APP only; after the redirect the browser sends Origin: null, so it fails there.
    const hop = await serve((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
      res.setHeader('Location', `${good.url}final`);
      res.statusCode = 302;
      res.end();
    });
    try {
      const r = await run(['check', `${hop.url}start`, '--origin', APP, '--json']);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.stdout);
      expect(j.exchanges.map((e: { request: { url: string } }) => e.request.url)).toEqual([
        `${hop.url}start`,
        `${good.url}final`,
      ]);
      expect(j.exchanges[1].request.headers).toContainEqual(['Origin', 'null']);
      expect(j.error.messages.chromium).toContain(`(redirected from '${hop.url}start')`);
    } finally {
      await hop.close();
    }
  });

  it('--json has the documented shape', async () => {
    const r = await run(['check', `${good.url}x`, '--origin', APP, '--method', 'PUT', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual([
      'allowed',
      'diagnosis',
      'error',
      'exchanges',
      'executed',
      'preflight',
      'schemaVersion',
      'serverReason',
      'warnings',
    ]);
    expect(j.schemaVersion).toBe(1);
    expect(j).toMatchObject({ allowed: true, preflight: true, error: null, executed: null, diagnosis: null });
    expect(j.exchanges).toHaveLength(2);
    expect(j.exchanges[0].request).toMatchObject({ method: 'OPTIONS', url: `${good.url}x` });
    expect(j.exchanges[0].response.status).toBe(204);
    expect(j.exchanges[0].response.headers).toContainEqual(['Access-Control-Allow-Methods', 'GET, PUT']);
  });

  it('a blocked simple POST the server ran says so, with the defences, in text and JSON', async () => {
    const args = [
      'check',
      noCors.url,
      '--origin',
      APP,
      '--method',
      'POST',
      '-H',
      'Content-Type: text/plain',
      '--credentials',
      'include',
    ];
    const t = await run(args);
    expect(t.code).toBe(1);
    expect(t.stdout).toContain('BLOCKED (MissingAllowOriginHeader)');
    expect(t.stdout).toContain(
      'request-executed: The server ran this POST (it answered 200); CORS only hid the response from the page, it did not stop the request.',
    );
    for (const defence of ['SameSite', 'CSRF token', 'require a preflight', 'Sec-Fetch-Site'])
      expect(t.stdout).toContain(defence);
    const j = JSON.parse((await run([...args, '--json'])).stdout);
    expect(j.executed).toEqual({
      method: 'POST',
      url: noCors.url,
      status: 200,
      preflighted: false,
      credentials: true,
    });
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain('request-executed');
  });

  it('a blocked GET, or a blocked preflight, ran nothing that changes state: no request-executed', async () => {
    const get = JSON.parse((await run(['check', noCors.url, '--origin', APP, '--json'])).stdout);
    expect(get.executed).toBeNull();
    const pre = JSON.parse(
      (await run(['check', noCors.url, '--origin', APP, '--method', 'DELETE', '--json'])).stdout,
    );
    expect(pre.executed).toBeNull();
    expect(pre.warnings.map((w: { code: string }) => w.code)).not.toContain('request-executed');
  });

  it('--json --server carries the root causes and the fix (policy, provenance, generated files)', async () => {
    const r = await run([
      'check',
      good.url,
      '--origin',
      APP,
      '--method',
      'DELETE',
      '--server',
      'nginx',
      '--json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.diagnosis.rootCauses).toEqual([]);
    expect(j.diagnosis.fix.policy).toMatchObject({ origins: [APP], methods: ['GET', 'PUT', 'DELETE'] });
    expect(j.diagnosis.fix.target).toBe('nginx');
    expect(j.diagnosis.fix.files.map((f: { path: string }) => f.path)).toEqual([
      'cors-maps.conf',
      'cors.conf',
    ]);
  });

  it('--cookie goes on the actual request only (never the preflight), and a cross-site cookie is flagged', async () => {
    const r = await run([
      'check',
      `${good.url}x`,
      '--origin',
      APP,
      '--method',
      'PUT',
      '--credentials',
      'include',
      '--cookie',
      'a=1',
      '--cookie',
      'b="2"',
      '--json',
    ]);
    const j = JSON.parse(r.stdout);
    const cookie = (i: number) =>
      j.exchanges[i].request.headers.filter(([n]: [string]) => n === 'Cookie').map(([, v]: string[]) => v);
    expect(cookie(0)).toEqual([]);
    expect(cookie(1)).toEqual(['a=1; b="2"']);
    expect(j.warnings.map((w: { code: string }) => w.code)).toContain('cookie-cross-site');
  });

  it("--method 'GE T' is bad input: one line, exit 2, nothing sent", async () => {
    const r = await run(['check', good.url, '--origin', APP, '--method', 'GE T']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^corsair: error CLI_BAD_METHOD: --method 'GE T' is not an HTTP method name\. Fix: /,
    );
    expect(r.stdout).toBe('');
  });

  it.each(['a', '=1', 'a=1; b=2', 'a=x y', 'a b=1'])(
    '--cookie %j is refused: one line, exit 2',
    async (bad) => {
      const r = await run(['check', good.url, '--origin', APP, '--cookie', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^corsair: error CLI_BAD_COOKIE: .* Fix: Write it as --cookie name=value/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it('--json on a blocked request carries code, messages, cause and fix', async () => {
    const r = await run(['check', noCors.url, '--origin', APP, '--json', '--browser', 'firefox']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.error.code).toBe('MissingAllowOriginHeader');
    expect(j.error.messages.firefox).toContain('Cross-Origin Request Blocked');
    expect(j.error.messages.chromium).toContain('Access to fetch at');
    expect(j.error.cause).toBeTruthy();
    expect(j.error.fix).toBeTruthy();
  });

  it('warns about max-age beyond a cap, missing Vary and dropped headers', async () => {
    const r = await run([
      'check',
      longCache.url,
      '--origin',
      APP,
      '--method',
      'PUT',
      '-H',
      'Cookie: a=b',
      '-H',
      'Referer: https://elsewhere.example/',
      '--browser',
      'firefox',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Warnings');
    expect(r.stdout).toMatch(/max-age-capped: .*Chromium/);
    expect(r.stdout).toContain('missing-vary');
    expect(r.stdout).toMatch(/header-dropped: Referer/i);
    // -H Cookie is the browser's cookie jar, not a page header: sent only with credentials include.
    expect(r.stdout).toContain('cookie-not-sent');
  });

  it('hostile header values are escaped, not sent to the terminal', async () => {
    const r = await run(['check', hostileUrl, '--origin', APP]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\x9b');
    expect(r.stdout).toContain('\\x9b31m');
  });

  it.each([
    ['unreachable', () => ['check', 'http://127.0.0.1:59/', '--origin', APP], 'HTTP_CONNECTION_REFUSED'],
    ['timeout', () => ['check', silentUrl, '--origin', APP, '--timeout', '300'], 'HTTP_TIMEOUT'],
    ['self-signed TLS', () => ['check', tlsUrl, '--origin', APP], 'HTTP_TLS_ERROR'],
    ['bad URL', () => ['check', 'http//nope', '--origin', APP], 'HTTP_INVALID_URL'],
    ['ftp URL', () => ['check', 'ftp://x.test/', '--origin', APP], 'HTTP_INVALID_URL'],
    ['bad origin', () => ['check', good.url, '--origin', 'app.example.com'], 'ORIGIN_NO_SCHEME'],
    [
      'origin with a trailing slash',
      () => ['check', good.url, '--origin', `${APP}/`],
      'ORIGIN_TRAILING_SLASH',
    ],
    ['origin with a path', () => ['check', good.url, '--origin', `${APP}/app`], 'ORIGIN_HAS_PATH'],
    [
      'ws origin',
      () => ['check', good.url, '--origin', 'wss://app.example.com'],
      'ORIGIN_UNSUPPORTED_SCHEME',
    ],
    ['bad header', () => ['check', good.url, '--origin', APP, '-H', 'NoColon'], 'CLI_BAD_HEADER'],
    ['bad timeout', () => ['check', good.url, '--origin', APP, '--timeout', 'soon'], 'CLI_BAD_TIMEOUT'],
    [
      'missing CA file',
      () => ['check', tlsUrl, '--origin', APP, '--ca', '/nonexistent.pem'],
      'CLI_FILE_UNREADABLE',
    ],
  ])('%s: exit 2, one line with the code', async (_label, args, code) => {
    const r = await run(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^corsair: error ${code}: .+\\n$`));
  });

  it('--ca trusts a private certificate, --insecure skips verification', async () => {
    expect((await run(['check', tlsUrl, '--origin', APP, '--ca', tls.certPath])).code).toBe(0);
    expect((await run(['check', tlsUrl, '--origin', APP, '--insecure'])).code).toBe(0);
  });
});

describe('corsair check (built binary)', () => {
  it('exit 0 / 1 / 2 end to end', async () => {
    expect((await spawnCli(['check', good.url, '--origin', APP])).code).toBe(0);
    const blocked = await spawnCli(['check', noCors.url, '--origin', APP]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('BLOCKED');
    const down = await spawnCli(['check', 'http://127.0.0.1:59/', '--origin', APP]);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^corsair: error HTTP_CONNECTION_REFUSED: [^\n]+\n$/);
  });
});

describe('corsair check on a bad port', () => {
  it('sends nothing at all (no request, no diagnosis probe) and offers no server fix', async () => {
    // 6669 is on every browser's bad-port list (IRC); a listener there counts every connection.
    let connections = 0;
    const listener = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => listener.listen(6669, '127.0.0.1', r));
    try {
      const r = await run([
        'check',
        'http://127.0.0.1:6669/items',
        '--origin',
        'https://app.example.com',
        '--server',
        'nginx',
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('ERR_UNSAFE_PORT');
      expect(r.stdout).not.toMatch(/Fix for nginx|Add --server/);
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((r) => listener.close(() => r()));
    }
  });
});
