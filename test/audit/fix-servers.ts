// Servers written the way popular CORS guides write them, each with a CORS mistake `check` must
// diagnose, and the same server again with corsair's generated fix applied in place of its CORS code.
// Used by test/audit/fix-servers.test.ts (check) and test/real-browsers/diagnosis.test.ts (Chromium).
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fastifyCors from '@fastify/cors';
import koaCors from '@koa/cors';
import cors from 'cors';
import express from 'express';
import Fastify from 'fastify';
import Koa, { type Middleware } from 'koa';
import type { GeneratedFile } from '../../src/generate/index.js';
import {
  freePort,
  importGenerated,
  listenNode,
  PYTHON,
  pythonHas,
  type Running,
  serverAvailable,
  spawnServer,
  webServerAvailable,
  workDir,
} from '../generate/servers.js';

/** A request a page makes: path below the server, method, headers, credentials include or not. */
export interface PageRequest {
  readonly path: string;
  readonly method: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly include: boolean;
}

export const req = (
  path: string,
  method = 'GET',
  headers: readonly (readonly [string, string])[] = [],
  include = true,
): PageRequest => ({ path, method, headers, include });

const JSON_BODY: readonly [string, string] = ['Content-Type', 'application/json'];

/**
 * One case: the server before and after the fix, the request that fails before, the root cause check
 * must name, and the requests that pass before (they must still pass after).
 */
export interface FixCase {
  readonly name: string;
  /** `check --server` target. */
  readonly target: string;
  readonly available: boolean;
  readonly before: (origin: string) => Promise<Running>;
  readonly after: (origin: string, files: readonly GeneratedFile[]) => Promise<Running>;
  readonly failing: PageRequest;
  readonly rootCause: string | null;
  /** What the root cause's summary must say (the software named from its evidence and hint). */
  readonly says?: RegExp;
  readonly passing: readonly PageRequest[];
  /** Requests that fail before for the same reason and must pass after. */
  readonly alsoFixed?: readonly PageRequest[];
}

// ---------------------------------------------------------------------------------------------------
// nginx (Debian): add_header inside `if` cancels the inherited CORS headers; no `always` on a 404.

const nginxAvailable = webServerAvailable('nginx');

function nginxConf(dir: string, port: number, cors: { http: string; server: string; api: string }): string {
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path ${dir}/tmp/body;
    proxy_temp_path ${dir}/tmp/proxy;
    fastcgi_temp_path ${dir}/tmp/fastcgi;
    uwsgi_temp_path ${dir}/tmp/uwsgi;
    scgi_temp_path ${dir}/tmp/scgi;
${cors.http}
    server {
        listen 127.0.0.1:${port};
${cors.server}
        location = / { return 200 "ok ${basename(dir)}\\n"; }
        location /api/ {
${cors.api}
            location /api/missing/ { return 404; }
            return 200 '{"items":[]}\\n';
        }
    }
}
`;
}

async function startNginxConf(
  files: readonly GeneratedFile[],
  cors: (dir: string) => { http: string; server: string; api: string },
): Promise<Running> {
  const dir = workDir('fix-nginx', files);
  const port = await freePort();
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, port, cors(dir)));
  return spawnServer('nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`], port, {
    identity: basename(dir),
    cwd: dir,
    cleanup: dir,
    logFile: `${dir}/error.log`,
  });
}

/** The guides' nginx: CORS headers in the location, the preflight answered in `if`, no `always`. */
export const nginxIf: FixCase = {
  name: 'nginx: add_header inside if, and no always',
  target: 'nginx',
  available: nginxAvailable,
  before: (origin) =>
    startNginxConf([], () => ({
      http: '',
      server: '',
      api: `            add_header Access-Control-Allow-Origin "${origin}";
            add_header Access-Control-Allow-Credentials "true";
            if ($request_method = OPTIONS) {
                add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE, OPTIONS";
                add_header Access-Control-Allow-Headers "Authorization, Content-Type";
                add_header Access-Control-Max-Age 86400;
                return 204;
            }`,
    })),
  after: (_origin, files) =>
    startNginxConf(files, (dir) => ({
      http: `    include ${dir}/cors-maps.conf;`,
      server: `        include ${dir}/cors.conf;`,
      api: '',
    })),
  failing: req('/api/items', 'PUT', [JSON_BODY]),
  rootCause: 'options-headers-replaced',
  says: /nginx's `add_header` inside `if/,
  passing: [req('/api/items'), req('/api/items', 'POST', [['Content-Type', 'text/plain']])],
  alsoFixed: [req('/api/items', 'DELETE', [['Authorization', 'Bearer t']]), req('/api/missing/x')],
};

/** The same nginx, seen from a 404: the CORS headers vanish without `always`. */
export const nginxAlways: FixCase = {
  ...nginxIf,
  name: 'nginx: no always, so a 404 has no CORS headers',
  failing: req('/api/missing/x'),
  rootCause: 'error-status-without-cors',
  says: /nginx adds add_header lines only to 2xx\/3xx answers unless they end with `always`/,
  alsoFixed: [],
};

// ---------------------------------------------------------------------------------------------------
// Express 5 + cors per route (the guides' `app.options('*', cors())` throws on Express 5).

type NodeMw = express.RequestHandler;

function expressRoutes(app: express.Express, mw: NodeMw[]): express.Express {
  app.get('/items', ...mw, (_q, r) => {
    r.json([]);
  });
  app.put('/items/:id', ...mw, (_q, r) => {
    r.json({ ok: true });
  });
  app.delete('/items/:id', ...mw, (_q, r) => {
    r.status(204).end();
  });
  return app;
}

export const expressPerRoute: FixCase = {
  name: "Express 5: cors() per route, OPTIONS answered by Express's router",
  target: 'express',
  available: true,
  before: async (origin) => listenNode(expressRoutes(express(), [cors({ origin, credentials: true })])),
  after: async (_origin, files) => {
    const { mod, dir } = await importGenerated<{ corsMiddleware: NodeMw }>(files, 'fix-express');
    const app = express();
    app.use(mod.corsMiddleware);
    return listenNode(expressRoutes(app, []), dir);
  },
  failing: req('/items/1', 'DELETE'),
  rootCause: 'options-not-routed-to-cors',
  says: /Express answered OPTIONS itself[\s\S]*app\.options\('\*', cors\(\)\)` throws on Express 5/,
  passing: [req('/items')],
};

// ---------------------------------------------------------------------------------------------------
// Fastify + @fastify/cors with the guides' short method list; Koa + @koa/cors with a short header list.

export const fastifyMethods: FixCase = {
  name: "Fastify: @fastify/cors with methods ['GET', 'POST']",
  target: 'fastify',
  available: true,
  before: async (origin) => {
    const app = Fastify();
    await app.register(fastifyCors, { origin, methods: ['GET', 'POST'], credentials: true });
    for (const m of ['GET', 'POST', 'PATCH'] as const)
      app.route({ method: m, url: '/items', handler: async () => ({ ok: true }) });
    await app.ready();
    return listenNode((q, s) => app.routing(q, s));
  },
  after: async (_origin, files) => {
    const { mod, dir } = await importGenerated<{ corsOptions: object; fastifyCors: typeof fastifyCors }>(
      files,
      'fix-fastify',
    );
    const app = Fastify();
    await app.register(mod.fastifyCors, mod.corsOptions);
    for (const m of ['GET', 'POST', 'PATCH'] as const)
      app.route({ method: m, url: '/items', handler: async () => ({ ok: true }) });
    await app.ready();
    return listenNode((q, s) => app.routing(q, s), dir);
  },
  failing: req('/items', 'PATCH', [JSON_BODY, ['X-Request-Id', '1']]),
  rootCause: null,
  passing: [
    req('/items'),
    req('/items', 'POST', [JSON_BODY, ['Authorization', 'Bearer t'], ['X-Anything', '1']]),
  ],
};

function koaApp(mw: Middleware): Koa {
  const app = new Koa();
  app.use(mw);
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  return app;
}

export const koaHeaders: FixCase = {
  name: "Koa: @koa/cors with allowHeaders ['Content-Type']",
  target: 'koa',
  available: true,
  before: async (origin) =>
    listenNode(koaApp(koaCors({ origin, credentials: true, allowHeaders: ['Content-Type'] })).callback()),
  after: async (_origin, files) => {
    const { mod, dir } = await importGenerated<{ corsMiddleware: Middleware }>(files, 'fix-koa');
    return listenNode(koaApp(mod.corsMiddleware).callback(), dir);
  },
  failing: req('/items', 'POST', [JSON_BODY, ['Authorization', 'Bearer t']]),
  rootCause: null,
  passing: [req('/items'), req('/items', 'PUT', [JSON_BODY]), req('/items', 'DELETE')],
};

// ---------------------------------------------------------------------------------------------------
// Python from Debian: Starlette's CORSMiddleware with "*" and credentials; flask-cors resources.

const starletteAvailable = serverAvailable(
  'FastAPI with uvicorn',
  () => pythonHas('fastapi, uvicorn'),
  'apt-get install -y python3-fastapi python3-uvicorn',
);
const flaskAvailable = serverAvailable(
  'Flask with flask-cors',
  () => pythonHas('flask, flask_cors'),
  'apt-get install -y python3-flask python3-flask-cors',
);

async function startPython(
  prefix: string,
  files: readonly GeneratedFile[],
  app: (id: string) => string,
  args: (port: number) => string[],
): Promise<Running> {
  const dir = workDir(prefix, files);
  const port = await freePort();
  writeFileSync(join(dir, 'app.py'), app(basename(dir)));
  return spawnServer(PYTHON, args(port), port, { identity: basename(dir), cwd: dir, cleanup: dir });
}

const uvicorn = (port: number) => [
  '-m',
  'uvicorn',
  'app:app',
  '--host',
  '127.0.0.1',
  '--port',
  String(port),
  '--log-level',
  'warning',
];

const fastapiApp = (cors: string) => (id: string) =>
  `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/", response_class=PlainTextResponse)
def index():
    return "ok ${id}\\n"


@app.get("/api/me")
def me():
    return {"user": "alice"}


@app.post("/api/items")
def items():
    return {"ok": True}


${cors}
`;

export const starletteStar: FixCase = {
  name: 'FastAPI/Starlette: allow_origins=["*"] with allow_credentials=True',
  target: 'fastapi',
  available: starletteAvailable,
  before: () =>
    startPython(
      'fix-fastapi',
      [],
      fastapiApp(
        'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"], allow_headers=["*"])',
      ),
      uvicorn,
    ),
  after: (_origin, files) =>
    startPython(
      'fix-fastapi',
      files,
      fastapiApp('from cors import add_cors  # noqa: E402\n\nadd_cors(app)'),
      uvicorn,
    ),
  failing: req('/api/me'),
  rootCause: 'cookie-dependent-reflection',
  says: /Starlette's CORSMiddleware does exactly this with allow_origins=\["\*"\] and allow_credentials=True/,
  passing: [req('/api/me', 'GET', [], false), req('/api/items', 'POST', [JSON_BODY], false)],
};

const flaskApp = (cors: string) => (id: string) =>
  `import sys
from flask import Flask, jsonify
${cors}


@app.route("/")
def index():
    return "ok ${id}\\n"


@app.route("/api/me")
def me():
    return jsonify(user="alice")


@app.route("/api/v10/me")
def me_v10():
    return jsonify(user="alice", v=10)


@app.route("/api/v1/status")
def status():
    return jsonify(ok=True)


app.run(host="127.0.0.1", port=int(sys.argv[1]))
`;

export const flaskResources: FixCase = {
  name: 'Flask: flask-cors resources r"/api/v1/*" public and r"/api/*" with credentials',
  target: 'flask',
  available: flaskAvailable,
  before: (origin) =>
    startPython(
      'fix-flask',
      [],
      flaskApp(`from flask_cors import CORS

app = Flask(__name__)
CORS(app, resources={
    r"/api/v1/*": {"origins": "*"},
    r"/api/*": {"origins": ["${origin}"], "supports_credentials": True},
})`),
      (port) => ['app.py', String(port)],
    ),
  after: (_origin, files) =>
    startPython(
      'fix-flask',
      files,
      flaskApp('from cors import init_cors\n\napp = Flask(__name__)\ninit_cors(app)'),
      (port) => ['app.py', String(port)],
    ),
  failing: req('/api/v10/me'),
  rootCause: 'path-scoped-rules',
  says: /flask-cors `resources` keys are regular expressions matched from the start/,
  passing: [req('/api/me')],
};

export const FIX_CASES: readonly FixCase[] = [
  nginxIf,
  nginxAlways,
  expressPerRoute,
  fastifyMethods,
  koaHeaders,
  starletteStar,
  flaskResources,
];
