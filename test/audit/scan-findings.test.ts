// False alarms and blind spots of scan (issue 14), each reproduced by a real server written the way
// guides write them: a fixed Access-Control-Allow-Origin needs no Vary (Express, nginx); a check that
// trusts every origin containing example.com is found without --origin when the server names its
// origin, and said to be reduced coverage when it does not (Koa; text, JSON and SARIF); suffix and
// prefix checks that only let same-site origins through are reported, lower (Fastify, Express);
// sensitive exposed headers and Set-Cookie (Starlette, flask-cors).
import http from 'node:http';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/audit/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { listen, type Running } from '../adapters/servers.js';
import { run } from '../cli/run.js';
import {
  pythonHas,
  serverAvailable,
  startFastapi,
  startFlask,
  startNginx,
  webServerAvailable,
} from '../generate/servers.js';

const TRUSTED = 'https://app.example.com';
let transport: HttpTransport;
beforeAll(() => {
  transport = createHttpTransport({ timeoutMs: 5000 });
});
afterAll(async () => {
  await transport.close();
});

async function scan(url: string, trustedOrigin?: string) {
  return scanTarget(url, { send: transport.send, ...(trustedOrigin ? { trustedOrigin } : {}) });
}

async function withServer<T>(start: Promise<Running>, body: (url: string) => Promise<T>): Promise<T> {
  const s = await start;
  try {
    return await body(s.url.endsWith('/') ? s.url : `${s.url}/`);
  } finally {
    await s.close();
  }
}

/** Express with a hand-written origin check; refused origins get `fallback` (or nothing). */
function expressCheck(allow: (o: string) => boolean, fallback?: string) {
  const app = express();
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allow(origin)) res.set('Access-Control-Allow-Origin', origin);
    else if (fallback) res.set('Access-Control-Allow-Origin', fallback);
    res.set('Access-Control-Allow-Credentials', 'true');
    res.set('Vary', 'Origin');
    if (req.method === 'OPTIONS') res.set('Access-Control-Allow-Methods', 'GET, PUT').status(204).end();
    else next();
  });
  app.get('/', (_q, r) => r.json({ secret: 42 }));
  return listen(http.createServer(app));
}

describe('missing-vary only when the answer depends on the Origin', () => {
  it('Express with a fixed Access-Control-Allow-Origin and no Vary: no finding, a note on caching', async () => {
    const app = express().get('/', (_q, res) => {
      res.set('Access-Control-Allow-Origin', TRUSTED).set('Access-Control-Allow-Credentials', 'true');
      res.json({ secret: 42 });
    });
    await withServer(listen(http.createServer(app)), async (url) => {
      const r = await scan(url, TRUSTED);
      expect(r.findings.map((f) => f.id)).toEqual([]);
      expect(r.notes?.join(' ')).toMatch(
        /same for every origin .*Vary: Origin is not needed.*Cache-Control: private/,
      );
    });
  });

  it('Express reflecting only the trusted origin, without Vary: missing-vary (a second origin got no header)', async () => {
    const app = express().get('/', (req, res) => {
      if (req.headers.origin === TRUSTED) res.set('Access-Control-Allow-Origin', TRUSTED);
      res.json({});
    });
    await withServer(listen(http.createServer(app)), async (url) => {
      const r = await scan(url, TRUSTED);
      expect(r.findings.map((f) => [f.id, f.severity])).toEqual([['missing-vary', 'low']]);
    });
  });

  it.runIf(webServerAvailable('nginx'))('nginx add_header with a fixed origin: no missing-vary', async () => {
    const conf = `add_header Access-Control-Allow-Origin "${TRUSTED}" always;\nadd_header Access-Control-Allow-Credentials "true" always;\n`;
    const files = [
      { path: 'cors-maps.conf', content: '' },
      { path: 'cors.conf', content: conf },
    ];
    await withServer(startNginx(files), async (url) => {
      const r = await scan(url, TRUSTED);
      expect(r.findings.map((f) => f.id)).toEqual([]);
      // Without --origin, the fixed value names the trusted origin.
      const bare = await scan(url);
      expect(bare.coverage).toMatchObject({
        source: 'allow-origin',
        trustedOrigin: TRUSTED,
        reduced: false,
      });
    });
  });
});

describe('scan without --origin', () => {
  const contains = (o: string) => o.includes('example.com');

  it('infers the trusted origin from a fallback Access-Control-Allow-Origin and finds the bypasses', async () => {
    await withServer(expressCheck(contains, TRUSTED), async (url) => {
      const r = await scan(url);
      expect(r.coverage).toMatchObject({ source: 'allow-origin', trustedOrigin: TRUSTED });
      const ids = r.findings.map((f) => f.id);
      expect(ids).toContain('pre-domain-bypass');
      expect(ids).toContain('post-domain-bypass');
    });
  });

  it('Koa trusting every origin containing example.com, no hint: coverage reduced in text, JSON and SARIF', async () => {
    const app = new Koa().use((ctx) => {
      const origin = ctx.get('origin');
      if (contains(origin)) {
        ctx.set('Access-Control-Allow-Origin', origin);
        ctx.set('Access-Control-Allow-Credentials', 'true');
        ctx.set('Vary', 'Origin');
      }
      ctx.body = { secret: 42 };
    });
    await withServer(listen(http.createServer(app.callback())), async (url) => {
      const r = await scan(url);
      expect(r.findings).toEqual([]);
      expect(r.coverage).toMatchObject({ source: 'target', reduced: true });
      const text = await run(['scan', url]);
      expect(text.stdout).toContain('no findings, coverage reduced');
      expect(text.stdout).toMatch(
        /note: Coverage reduced: no --origin given .* --origin https:\/\/app\.example\.com/,
      );
      expect(text.stdout).toContain('1 with reduced coverage (give --origin)');
      const json = JSON.parse((await run(['scan', url, '--json'])).stdout);
      expect(json.results[0].coverage).toMatchObject({ reduced: true, source: 'target' });
      expect(json.summary.coverageReduced).toBe(1);
      const sarif = JSON.parse((await run(['scan', url, '--sarif'])).stdout);
      const [notification] = sarif.runs[0].invocations[0].toolExecutionNotifications;
      expect(notification).toMatchObject({ level: 'warning', descriptor: { id: 'SCAN_COVERAGE_REDUCED' } });
      expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(true);
      // With --origin the same server is caught.
      const caught = await scan(url, TRUSTED);
      expect(caught.findings.map((f) => f.id)).toContain('pre-domain-bypass');
    });
  });
});

describe('bypasses that stay inside the trusted registrable domain are reported, lower', () => {
  it('Fastify with endsWith("app.example.com"): evilapp.example.com passes, rated low', async () => {
    const app = Fastify();
    app.addHook('onRequest', async (req, reply) => {
      const origin = req.headers.origin;
      if (origin?.endsWith('app.example.com')) {
        reply
          .header('Access-Control-Allow-Origin', origin)
          .header('Access-Control-Allow-Credentials', 'true');
      }
      reply.header('Vary', 'Origin');
    });
    app.get('/', async () => ({ secret: 42 }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const r = await scan(`${url}/`, TRUSTED);
      const f = r.findings.find((x) => x.id === 'pre-domain-bypass');
      expect(f).toMatchObject({ origin: 'https://evilapp.example.com', severity: 'low', credentials: true });
      expect(f?.description).toContain('inside the trusted registrable domain');
      // Subdomains of app.example.com pass too, and so does its http:// twin; evilapp.example.com is not
      // one of those subdomains, so the suffix check is named on its own.
      expect(r.findings.map((x) => x.id).sort()).toEqual([
        'any-subdomain',
        'insecure-origin',
        'pre-domain-bypass',
      ]);
    } finally {
      await app.close();
    }
  });

  it('Express with startsWith(trusted) limited to *.example.com: app.example.com.example.com, low', async () => {
    const check = (o: string) => o.startsWith(TRUSTED) && o.endsWith('.example.com');
    await withServer(expressCheck(check), async (url) => {
      const r = await scan(url, TRUSTED);
      expect(r.findings.map((f) => [f.id, f.severity, f.origin])).toEqual([
        ['post-domain-bypass', 'low', 'https://app.example.com.example.com'],
      ]);
    });
  });

  it('when every subdomain is trusted, any-subdomain explains the same-site tricks and is reported alone', async () => {
    await withServer(
      expressCheck((o) => o.startsWith('https://') && o.endsWith('.example.com')),
      async (url) => {
        const r = await scan(url, TRUSTED);
        expect(r.findings.map((f) => [f.id, f.severity])).toEqual([['any-subdomain', 'low']]);
      },
    );
  });
});

describe('exposed headers', () => {
  const hasFastapi = serverAvailable(
    'FastAPI (Starlette) with uvicorn',
    () => pythonHas('fastapi, uvicorn'),
    'apt-get install -y python3-fastapi python3-uvicorn',
  );
  const hasFlask = serverAvailable(
    'Flask with flask-cors',
    () => pythonHas('flask, flask_cors'),
    'apt-get install -y python3-flask python3-flask-cors',
  );

  it.runIf(hasFastapi)('Starlette CORSMiddleware exposing X-Debug-Token and Set-Cookie', async () => {
    const py = `from starlette.middleware.cors import CORSMiddleware


def add_cors(app):
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["${TRUSTED}"],
        allow_credentials=True,
        expose_headers=["X-Debug-Token", "Set-Cookie", "X-Request-Id"],
    )
`;
    await withServer(startFastapi([{ path: 'cors.py', content: py }]), async (url) => {
      const r = await scan(url, TRUSTED);
      const byId = new Map(r.findings.map((f) => [f.id, f]));
      expect(byId.get('sensitive-exposed-header')?.description).toContain('Exposed: X-Debug-Token.');
      expect(byId.get('set-cookie-exposed')?.description).toContain('forbidden response header name');
      expect(byId.get('sensitive-exposed-header')?.severity).toBe('low');
    });
  });

  it.runIf(hasFlask)('flask-cors exposing X-Internal-Host', async () => {
    const py = `from flask_cors import CORS


def init_cors(app):
    CORS(app, origins=["${TRUSTED}"], supports_credentials=True, expose_headers=["X-Internal-Host"])
`;
    await withServer(startFlask([{ path: 'cors.py', content: py }]), async (url) => {
      const r = await scan(url, TRUSTED);
      // flask-cors with one origin answers refused origins without the header and sends no Vary: Origin
      // (Debian's flask-cors 3.0): that one is a real finding.
      expect(r.findings.map((f) => f.id)).toEqual(['missing-vary', 'sensitive-exposed-header']);
    });
  });
});
