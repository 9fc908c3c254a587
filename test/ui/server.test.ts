// The UI server and the demo API over real HTTP on loopback: the guards that keep other sites out, the
// demo API's answers, and the probe deciding every preset as the preset says.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiServer } from '../../src/ui/index.js';
import type {
  DemoRegistration,
  PolicyDemoRegistration,
  ProbeResult,
  ValidateResult,
} from '../../src/ui/shared/api.js';
import { presets } from '../../src/ui/shared/presets.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: string;
}

/** A raw request (node:http lets a test set Host and Origin, which fetch() forbids). */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: text,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let ui: UiServer;
let page: string;
let token: string;
let apiHeaders: Record<string, string>;

async function api<T>(path: string, body: unknown): Promise<T> {
  const r = await send(`${page}${path}`, 'POST', apiHeaders, JSON.stringify(body));
  expect(r.status, r.body).toBe(200);
  return JSON.parse(r.body) as T;
}

beforeAll(async () => {
  ui = await startUi({ port: 0 });
  page = ui.url.replace(/\/$/, '');
  const html = await send(ui.url, 'GET', {});
  token = /name="corsair-token" content="([^"]+)"/.exec(html.body)?.[1] ?? '';
  apiHeaders = { Origin: page, 'Content-Type': 'application/json', 'X-Corsair-Token': token };
});
afterAll(async () => {
  await ui?.close();
});

describe('corsair ui server', () => {
  it('listens on 127.0.0.1 and serves the page with a strict CSP and the token', async () => {
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(ui.demoOrigin).toMatch(/^http:\/\/localhost:\d+$/);
    const r = await send(ui.url, 'GET', {});
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(r.body).toContain(`content="${ui.demoOrigin}"`);
  });

  it('refuses a foreign Host even for the page (DNS rebinding would leak the token)', async () => {
    const r = await send(ui.url, 'GET', { Host: 'attacker.example:80' });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain(token);
  });

  const probe = {
    url: 'http://127.0.0.1:59/',
    method: 'GET',
    headers: [],
    credentials: 'omit',
    browser: 'chromium',
  };
  it.each([
    ['no token', (h: Record<string, string>) => ({ ...h, 'X-Corsair-Token': '' }), 'UI_BAD_TOKEN'],
    [
      'a wrong token',
      (h: Record<string, string>) => ({ ...h, 'X-Corsair-Token': `${token.slice(1)}x` }),
      'UI_BAD_TOKEN',
    ],
    [
      'a foreign Origin',
      (h: Record<string, string>) => ({ ...h, Origin: 'https://evil.example' }),
      'UI_BAD_ORIGIN',
    ],
    ['no Origin', ({ Origin: _o, ...h }: Record<string, string>) => h, 'UI_BAD_ORIGIN'],
    ['a foreign Host', (h: Record<string, string>) => ({ ...h, Host: 'evil.example' }), 'UI_BAD_HOST'],
    ['a form body', (h: Record<string, string>) => ({ ...h, 'Content-Type': 'text/plain' }), 'UI_NOT_JSON'],
  ])('refuses a probe with %s', async (_name, patch, code) => {
    const r = await send(`${page}/api/probe`, 'POST', patch(apiHeaders), JSON.stringify(probe));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(r.body).error.code).toBe(code);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a cross-origin preflight for the API without CORS headers', async () => {
    const r = await send(`${page}/api/probe`, 'OPTIONS', {
      Origin: 'https://evil.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,x-corsair-token',
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses bodies over the limit', async () => {
    const r = await send(
      `${page}/api/explain`,
      'POST',
      apiHeaders,
      JSON.stringify({ text: 'x'.repeat(70_000) }),
    );
    expect(r.status).toBe(413);
  });

  it('explains a pasted message', async () => {
    const text = `Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`;
    const r = await api<{ explained: { code: string; fix: string } | null }>('/api/explain', { text });
    expect(r.explained?.code).toBe('MissingAllowOriginHeader');
    const none = await api<{ explained: unknown }>('/api/explain', { text: 'hello' });
    expect(none.explained).toBeNull();
  });

  it('validates policies', async () => {
    const ok = await api<ValidateResult>('/api/validate', {
      options: { origins: ['https://app.example.com'] },
    });
    expect(ok.valid).toBe(true);
    expect(JSON.parse(ok.policyFile)).toEqual({ origins: ['https://app.example.com'] });
    const bad = await api<ValidateResult>('/api/validate', { options: { origins: '*', credentials: true } });
    expect(bad.valid).toBe(false);
    expect(bad.issues.length).toBeGreaterThan(0);
  });

  it('generates a server config for a valid policy, and says why a target cannot', async () => {
    const options = { origins: ['https://app.example.com'], methods: ['GET', 'PUT'], credentials: true };
    const r = await api<ValidateResult>('/api/validate', { options, target: 'nginx' });
    expect(r.targets.map((t) => t.id)).toEqual(
      expect.arrayContaining(['nginx', 'express', 'express:corsair']),
    );
    expect(r.generated?.files.map((f) => f.content).join('\n')).toContain('https://app.example.com');
    const unknown = await api<ValidateResult>('/api/validate', { options, target: 'iis' });
    expect(unknown.generated).toBeNull();
    expect(unknown.generateError?.code).toBe('GENERATE_UNKNOWN_TARGET');
    const invalid = await api<ValidateResult>('/api/validate', {
      options: { origins: '*', credentials: true },
      target: 'nginx',
    });
    expect(invalid.generated).toBeNull();
  });

  it('refuses a malformed demo configuration with a code and a fix', async () => {
    const r = await send(
      `${page}/api/demo`,
      'POST',
      apiHeaders,
      JSON.stringify({ config: { allowHeaders: 'a\nb' } }),
    );
    expect(r.status).toBe(400);
    const e = JSON.parse(r.body).error;
    expect(e.code).toBe('UI_BAD_DEMO_CONFIG');
    expect(e.fix).toBeTruthy();
  });
});

describe('demo API', () => {
  let reg: DemoRegistration;
  beforeAll(async () => {
    reg = await api<DemoRegistration>('/api/demo', {
      config: { originMode: 'any', exposeHeaders: 'X-Request-Id' },
    });
  });

  it('gives the same configuration the same URL, and a changed one another', async () => {
    const again = await api<DemoRegistration>('/api/demo', {
      config: { originMode: 'any', exposeHeaders: 'X-Request-Id' },
    });
    expect(again.url).toBe(reg.url);
    const other = await api<DemoRegistration>('/api/demo', { config: { originMode: 'reflect' } });
    expect(other.url).not.toBe(reg.url);
  });

  it('echoes the request with the configured CORS headers to the page', async () => {
    const r = await send(
      reg.url,
      'POST',
      { Origin: page, 'Content-Type': 'text/plain', Cookie: 'secret=1' },
      'hello',
    );
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['access-control-expose-headers']).toBe('X-Request-Id');
    const echo = JSON.parse(r.body);
    expect(echo.method).toBe('POST');
    expect(echo.body).toBe('hello');
    expect(JSON.stringify(echo.headers)).not.toContain('secret=1');
    expect(echo.headers).toContain('Cookie: (redacted)');
  });

  it.each([
    ['another site', { Origin: 'https://evil.example' }],
    ['no Origin', {}],
    ['two Origin lines', { Origin: ['http://x', 'http://y'] as unknown as string }],
  ])('refuses %s with a 403 and no CORS header', async (_n, headers) => {
    const r = await send(reg.url, 'GET', headers);
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a foreign Host', async () => {
    const r = await send(reg.url, 'GET', { Origin: page, Host: 'evil.example' });
    expect(r.status).toBe(403);
  });

  it('answers 404 for an unknown configuration', async () => {
    const r = await send(`${ui.demoOrigin}/c/000000000000/items`, 'GET', { Origin: page });
    expect(r.status).toBe(404);
  });

  it('keeps duplicate and ordered header lines as configured', async () => {
    const dup = await api<DemoRegistration>('/api/demo', {
      config: { originMode: 'exact', originValue: `${page}, ${page}` },
    });
    const r = await send(dup.url, 'GET', { Origin: page });
    const i = r.rawHeaders.findIndex((x) => x.toLowerCase() === 'access-control-allow-origin');
    expect(r.rawHeaders[i + 1]).toBe(`${page}, ${page}`);
  });
});

describe('probe', () => {
  it.each(presets('http://127.0.0.1:4000').map((p) => [p.id, p.allowed] as const))(
    'predicts preset %s as allowed=%s',
    async (id, allowed) => {
      // Presets are built for the page's own origin, as the client does.
      const p = presets(page).find((x) => x.id === id);
      if (!p) throw new Error(id);
      const reg = await api<DemoRegistration>('/api/demo', { config: p.config });
      const headers = p.request.headers
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]);
      const r = await api<ProbeResult>('/api/probe', {
        url: reg.url,
        method: p.request.method,
        headers,
        credentials: p.request.credentials,
        browser: 'chromium',
      });
      expect(r.allowed, JSON.stringify(r.error)).toBe(allowed);
      expect(r.pageOrigin).toBe(page);
      expect(r.steps.length).toBeGreaterThan(0);
      if (!allowed) expect(r.error?.fix).toBeTruthy();
    },
  );

  it("a blocked simple POST the server ran shows request-executed in the page's warnings", async () => {
    const ran: string[] = [];
    const target = createServer((req, res) => {
      ran.push(req.method ?? '');
      res.end('{}');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    try {
      const r = await api<ProbeResult>('/api/probe', {
        url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/items`,
        method: 'POST',
        headers: [['Content-Type', 'text/plain']],
        credentials: 'include',
        browser: 'chromium',
      });
      expect(r.allowed).toBe(false);
      expect(ran).toEqual(['POST']);
      const w = r.warnings.find((x) => x.code === 'request-executed');
      expect(w?.message).toMatch(/^The server ran this POST \(it answered 200\); CORS only hid the response/);
    } finally {
      target.closeAllConnections();
      await new Promise<void>((r) => target.close(() => r()));
    }
  });

  it('turns an unreachable URL into a network error, not a crash', async () => {
    const r = await api<ProbeResult>('/api/probe', {
      url: 'http://127.0.0.1:59/',
      method: 'GET',
      headers: [],
      credentials: 'omit',
      browser: 'chromium',
    });
    expect(r.allowed).toBe(false);
    expect(r.networkError?.code).toBeTruthy();
  });

  it.each([
    ['a relative URL', { url: '/x' }, 'UI_BAD_URL'],
    ['a file URL', { url: 'file:///etc/passwd' }, 'UI_BAD_URL'],
    ['a bad method', { url: 'http://127.0.0.1:9/', method: 'GE T' }, 'UI_BAD_PROBE'],
    [
      'a header with a line break',
      { url: 'http://127.0.0.1:9/', headers: [['X-A', 'a\r\nb']] },
      'UI_BAD_PROBE',
    ],
  ])('refuses %s', async (_n, patch, code) => {
    const body = { method: 'GET', headers: [], credentials: 'omit', browser: 'chromium', ...patch };
    const r = await send(`${page}/api/probe`, 'POST', apiHeaders, JSON.stringify(body));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe(code);
  });
});

describe("the builder's policy served by the demo API (POST /api/policy-demo)", () => {
  const options = () => ({
    routes: [
      { path: '/public/*', origins: '*' },
      { path: '/private/*', origins: [page], credentials: true, methods: ['GET', 'DELETE'] },
      { path: '/webhooks/*', cors: false },
    ],
  });
  const register = (path: string) =>
    api<PolicyDemoRegistration>('/api/policy-demo', { options: options(), path });
  const acao = (r: Reply) => r.headers['access-control-allow-origin'];

  it('names the route each path takes, from the policy table', async () => {
    const cases: [string, PolicyDemoRegistration['route']][] = [
      ['/public/a', { kind: 'route', index: 0, path: '/public/*', off: false }],
      ['/PRIVATE/a?x=1', { kind: 'route', index: 1, path: '/private/*', off: false }],
      ['/webhooks/x', { kind: 'route', index: 2, path: '/webhooks/*', off: true }],
      ['/other', { kind: 'none' }],
      ['/public/..%2fprivate/a', { kind: 'ambiguous' }],
      [`/public${'/x'.repeat(126)}//y`, { kind: 'too-long' }],
      // What the browser sends: its URL parser resolves the dot segments first.
      ['/public/../private/a', { kind: 'route', index: 1, path: '/private/*', off: false }],
    ];
    for (const [path, route] of cases) expect((await register(path)).route, path).toEqual(route);
    const r = await register('/public/../private/a');
    expect(r.sent).toBe('/private/a');
    expect(r.url).toBe(`${ui.demoOrigin}/p/${r.id}/private/a`);
  });

  it("answers each route with that route's policy, through corsair's node middleware", async () => {
    const get = async (path: string, headers: Record<string, string> = {}) =>
      send((await register(path)).url, 'GET', { Origin: page, ...headers });
    expect(acao(await get('/public/a'))).toBe('*');
    const priv = await get('/private/a');
    expect(acao(priv)).toBe(page);
    expect(priv.headers['access-control-allow-credentials']).toBe('true');
    expect(JSON.parse(priv.body)).toMatchObject({ method: 'GET', path: '/private/a' });
    const hook = await get('/webhooks/x');
    expect(hook.status).toBe(200);
    expect(hook.rawHeaders.filter((h) => /^access-control-/i.test(h))).toEqual([]);
    const pre = await send((await register('/private/a')).url, 'OPTIONS', {
      Origin: page,
      'Access-Control-Request-Method': 'DELETE',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-methods']).toBe('GET, DELETE');
  });

  it('still answers the page only, and refuses what it cannot serve', async () => {
    const { url, id } = await register('/public/a');
    const foreign = await send(url, 'GET', { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(acao(foreign)).toBeUndefined();
    expect((await send(`${ui.demoOrigin}/p/000000000000/a`, 'GET', { Origin: page })).status).toBe(404);
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const bad = async (body: unknown, code: string) => {
      const r = await send(`${page}/api/policy-demo`, 'POST', apiHeaders, JSON.stringify(body));
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error.code).toBe(code);
    };
    await bad({ options: options(), path: 'no-slash' }, 'UI_BAD_PATH');
    await bad({ options: options(), path: '/a b' }, 'UI_BAD_PATH');
    await bad({ options: options(), path: '/../../c/x' }, 'UI_BAD_PATH');
    await bad({ options: { origins: '*', credentials: true }, path: '/' }, 'UI_BAD_POLICY');
  });
});

describe("the page's module graph, as the built server serves it", () => {
  // Every module the client imports must be served: one that is not (an engine module the page came to
  // import, e.g. /browser/console.js) leaves the page dead in every browser, with no error in Node.
  it('serves every module reachable from /assets/client/app.js', async () => {
    const dist = new URL('../../dist/ui/index.js', import.meta.url).href;
    const { startUi: startBuilt } = (await import(dist)) as typeof import('../../src/ui/index.js');
    const built = await startBuilt({ port: 0 });
    try {
      const seen = new Set<string>();
      const queue = [new URL('/assets/client/app.js', built.url).href];
      while (queue.length > 0) {
        const url = queue.shift() as string;
        if (seen.has(url)) continue;
        seen.add(url);
        const r = await send(url, 'GET', {});
        expect(r.status, url).toBe(200);
        expect(r.headers['content-type'], url).toContain('text/javascript');
        for (const m of r.body.matchAll(/(?:from|import)\s*'(\.{1,2}\/[^']+)'/g))
          queue.push(new URL(m[1] as string, url).href);
      }
      expect(seen.size).toBeGreaterThan(10);
    } finally {
      await built.close();
    }
  });
});
