// Boot real servers with generated configurations on 127.0.0.1, each in its own temp dir, and stop them.
// Binaries come from Debian packages; a missing one skips loudly, or fails with CORSAIR_REQUIRE_SERVERS=1.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GeneratedFile } from '../../src/generate/index.js';
import { runtimeBinary } from '../edge/runtimes.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PYTHON = process.env.CORSAIR_PYTHON ?? '/usr/bin/python3';
const required = process.env.CORSAIR_REQUIRE_SERVERS === '1';

/** A running server: its base URL and how to stop it. */
export interface Running {
  readonly url: string;
  readonly log: () => string;
  close(): Promise<void>;
}

/**
 * The hang guard of a test that boots a real server or runtime and runs `verify` against it (~60
 * exchanges): Deno type-checks the generated code first, and a 2-core machine running three browsers
 * beside it takes far longer than the default 20 s. Not a timing assertion: only a hung test hits it.
 */
export const SERVER_PROOF_TIMEOUT_MS = 90_000;

/**
 * Whether a server can run here (its binary exists and, for Python, its modules import). Skips loudly,
 * or throws when CORSAIR_REQUIRE_SERVERS=1 (CI) so a missing install never passes silently.
 */
export function serverAvailable(name: string, check: () => boolean, install: string): boolean {
  let ok = false;
  try {
    ok = check();
  } catch {
    ok = false;
  }
  if (ok) return true;
  const msg = `\n!!! ${name} is not installed: its generated-config proof is SKIPPED. Install it with: ${install}\n`;
  if (required) throw new Error(`${msg}CORSAIR_REQUIRE_SERVERS=1, so this is a failure.`);
  console.warn(msg);
  return false;
}

/**
 * Whether one of Debian's web servers (nginx, apache2, caddy) is installed: `serverAvailable` with its
 * binary and package, which share the name.
 *
 * @example
 * describe.skipIf(!webServerAvailable('nginx'))('nginx', () => { … });
 */
export function webServerAvailable(name: 'nginx' | 'apache2' | 'caddy'): boolean {
  return serverAvailable(name, () => hasCommand(name), `apt-get install -y ${name}`);
}

/** Whether a Python module set imports with Debian's python3. */
export function pythonHas(modules: string): boolean {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;
}

/** Whether a command is on PATH. */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** A fresh temp dir holding the files (readable by other users: apache drops privileges). */
export function workDir(prefix: string, files: readonly GeneratedFile[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), `corsair-gen-${prefix}-`));
  chmodSync(dir, 0o755);
  for (const f of files) writeFileSync(join(dir, f.path), f.content);
  return dir;
}

const handedOut = new Set<number>();

/** A free loopback port (bound then released; the server binds it right after). Never the same twice per process. */
export async function freePort(): Promise<number> {
  for (;;) {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * How long a spawned server may take to listen before the test gives up: Deno type-checks generated code
 * before serving, which took over 20 s beside a full test run on a loaded 2-core machine. A hang guard
 * only: a server that starts at all starts well within it.
 */
const LISTEN_GUARD_MS = 60_000;

async function waitForPort(
  port: number,
  proc: ChildProcess,
  log: () => string,
  timeoutMs = LISTEN_GUARD_MS,
): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(`server exited with ${proc.exitCode} before listening:\n${log()}`);
    const ok = await new Promise<boolean>((r) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        r(true);
      });
      sock.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() - start > timeoutMs)
      throw new Error(`server did not listen on ${port} within ${timeoutMs} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Spawn a server process, wait for its port, and return how to stop it (SIGTERM, then SIGKILL). */
export async function spawnServer(
  cmd: string,
  args: readonly string[],
  port: number,
  opts: {
    cwd: string;
    env?: Record<string, string>;
    cleanup?: string;
    logFile?: string;
    identity: string;
    path?: string;
  },
): Promise<Running> {
  const proc = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += String(d);
  });
  proc.stderr?.on('data', (d) => {
    out += String(d);
  });
  const log = () => {
    let file = '';
    try {
      file = opts.logFile && existsSync(opts.logFile) ? readFileSync(opts.logFile, 'utf8') : '';
    } catch {
      file = '';
    }
    return out + file;
  };
  const close = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    if (opts.cleanup) rmSync(opts.cleanup, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}${opts.path ?? '/'}`;
  try {
    await waitForPort(port, proc, log);
    // The port may have been taken by another test's server in between: make sure this one answers.
    const body = await (await fetch(url)).text();
    if (!body.includes(opts.identity))
      throw new Error(`another server answered on port ${port}: ${body.slice(0, 200)}\n${log()}`);
  } catch (e) {
    await close();
    throw e;
  }
  return { url, log, close };
}

// ---------------------------------------------------------------------------------------------------
// Web servers

/** nginx with the two generated files, its own prefix, pid and logs, in the foreground. */
export async function startNginx(files: readonly GeneratedFile[]): Promise<Running> {
  const dir = workDir('nginx', files);
  const port = await freePort();
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
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
    include ${dir}/cors-maps.conf;
    server {
        listen 127.0.0.1:${port};
        include ${dir}/cors.conf;
        location / { return 200 "ok ${basename(dir)}\\n"; }
        # A location with add_header lines of its own must include the CORS snippet again.
        location /own { add_header X-Own 1 always; include ${dir}/cors.conf; return 200 "own\\n"; }
        # The classic trap: its own add_header, no include: nginx drops every inherited CORS header here.
        location /bare { add_header X-Own 1 always; return 200 "bare\\n"; }
        location /missing { return 404; }
    }
}
`,
  );
  return spawnServer('nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`], port, {
    identity: basename(dir),
    cwd: dir,
    cleanup: dir,
    logFile: `${dir}/error.log`,
  });
}

const APACHE_MODULES = '/usr/lib/apache2/modules';

/** Apache httpd with its own ServerRoot, Listen, PidFile and the modules the config needs. */
export async function startApache(files: readonly GeneratedFile[]): Promise<Running> {
  const dir = workDir('apache', files);
  const port = await freePort();
  mkdirSync(join(dir, 'www'));
  chmodSync(join(dir, 'www'), 0o755);
  writeFileSync(join(dir, 'www', 'index.html'), `ok ${basename(dir)}\n`);
  const mods = ['mpm_event', 'authz_core', 'setenvif', 'headers', 'rewrite', 'dir'];
  writeFileSync(
    join(dir, 'httpd.conf'),
    `ServerRoot ${dir}
${mods.map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`).join('\n')}
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
PidFile ${dir}/httpd.pid
DefaultRuntimeDir ${dir}
ErrorLog ${dir}/error.log
LogLevel warn
User www-data
Group www-data
StartServers 1
ServerLimit 1
ThreadsPerChild 8
DocumentRoot ${dir}/www
DirectoryIndex index.html
<Directory ${dir}/www>
    Require all granted
</Directory>
Include ${dir}/cors.conf
`,
  );
  return spawnServer('apache2', ['-f', `${dir}/httpd.conf`, '-DFOREGROUND'], port, {
    identity: basename(dir),
    path: '/index.html',
    cwd: dir,
    cleanup: dir,
    logFile: `${dir}/error.log`,
  });
}

/** Caddy with the generated snippet, admin API off, its own data and config dirs. */
export async function startCaddy(files: readonly GeneratedFile[]): Promise<Running> {
  const dir = workDir('caddy', files);
  const port = await freePort();
  const snippet = files.map((f) => f.content).join('\n');
  writeFileSync(
    join(dir, 'Caddyfile'),
    `{
	admin off
	auto_https off
	storage file_system ${dir}/data
}
${snippet}
http://127.0.0.1:${port} {
	import cors
	respond "ok ${basename(dir)}" 200
}
`,
  );
  return spawnServer('caddy', ['run', '--config', `${dir}/Caddyfile`, '--adapter', 'caddyfile'], port, {
    identity: basename(dir),
    cwd: dir,
    cleanup: dir,
    env: { HOME: dir, XDG_DATA_HOME: `${dir}/data`, XDG_CONFIG_HOME: `${dir}/config` },
  });
}

// ---------------------------------------------------------------------------------------------------
// Cloudflare's workerd (npm devDependency `workerd`; its binary comes from a platform package)

/** The workerd binary from node_modules, or null. */
export function workerdBinary(): string | null {
  const arch = process.arch === 'arm64' ? 'arm64' : '64';
  const os = process.platform === 'darwin' ? 'darwin' : 'linux';
  const candidates = [
    join(ROOT, 'node_modules/@cloudflare', `workerd-${os}-${arch}`, 'bin/workerd'),
    join(ROOT, 'node_modules/workerd/bin/workerd'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).size > 1_000_000) ?? null;
}

/** workerd serving the generated worker.js (a plain ES module: no bundling needed), as wrangler would. */
export async function startWorkerd(files: readonly GeneratedFile[]): Promise<Running> {
  const bin = workerdBinary();
  if (bin === null) throw new Error('workerd is not installed');
  const dir = workDir('workerd', files);
  const port = await freePort();
  const worker = files.find((f) => f.path === 'worker.js')!;
  // The generated worker's placeholder handler answers "Hello from the Worker"; make it say which one this is.
  writeFileSync(
    join(dir, 'worker.js'),
    worker.content.replace('Hello from the Worker', `ok ${basename(dir)}`),
  );
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .corsWorker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const corsWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2024-09-23",
);
`,
  );
  return spawnServer(bin, ['serve', 'config.capnp'], port, {
    identity: basename(dir),
    cwd: dir,
    cleanup: dir,
  });
}

// ---------------------------------------------------------------------------------------------------
// Netlify Edge Functions run on Deno (npm devDependency `deno`)

/**
 * The generated Edge Function in Deno (Netlify's runtime), type-checked. Netlify's `context.next()`
 * (the site behind the function) cannot exist here: a handler answering "ok" stands in for it.
 */
export async function startNetlifyEdge(files: readonly GeneratedFile[]): Promise<Running> {
  const deno = runtimeBinary('deno');
  if (deno === null) throw new Error('deno is not installed');
  const dir = workDir('netlify-edge');
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const port = await freePort();
  writeFileSync(
    join(dir, 'server.ts'),
    `import cors from './netlify/edge-functions/cors.ts';
const site = () => Promise.resolve(new Response('ok ${basename(dir)}', { headers: { 'Content-Type': 'text/plain' } }));
Deno.serve({ hostname: '127.0.0.1', port: ${port}, onListen() {} }, (request) => cors(request, { next: site }));
`,
  );
  return spawnServer(deno, ['run', '--check', '--no-prompt', '--allow-net=127.0.0.1', 'server.ts'], port, {
    identity: basename(dir),
    cwd: dir,
    cleanup: dir,
    env: { DENO_DIR: join(dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
  });
}

// ---------------------------------------------------------------------------------------------------
// Python frameworks (Debian's python3 and packages)

/** Flask's development server with the generated cors.py. */
export async function startFlask(files: readonly GeneratedFile[]): Promise<Running> {
  const dir = workDir('flask', files);
  const port = await freePort();
  writeFileSync(
    join(dir, 'app.py'),
    `import sys
from flask import Flask
from cors import init_cors

app = Flask(__name__)
init_cors(app)


@app.route("/", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@app.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def index(rest=""):
    return "ok ${basename(dir)}\\n"


app.run(host="127.0.0.1", port=int(sys.argv[1]))
`,
  );
  return spawnServer(PYTHON, ['app.py', String(port)], port, {
    identity: basename(dir),
    cwd: dir,
    cleanup: dir,
  });
}

/** FastAPI under uvicorn with the generated cors.py. */
export async function startFastapi(files: readonly GeneratedFile[]): Promise<Running> {
  const dir = workDir('fastapi', files);
  const port = await freePort();
  writeFileSync(
    join(dir, 'app.py'),
    `from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from cors import add_cors

app = FastAPI()


@app.api_route("/", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], response_class=PlainTextResponse)
def index():
    return "ok ${basename(dir)}\\n"


add_cors(app)
`,
  );
  return spawnServer(
    PYTHON,
    ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    port,
    { identity: basename(dir), cwd: dir, cleanup: dir },
  );
}

/** Django's runserver with the generated settings appended to a minimal project. */
export async function startDjango(files: readonly GeneratedFile[]): Promise<Running> {
  const dir = workDir('django', files);
  const port = await freePort();
  writeFileSync(
    join(dir, 'settings.py'),
    `SECRET_KEY = "corsair-test-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = ["corsheaders"]
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", "django.middleware.common.CommonMiddleware"]
DATABASES = {}
USE_TZ = True
from cors_settings import *  # noqa: E402,F401,F403
`,
  );
  writeFileSync(
    join(dir, 'urls.py'),
    `from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("", lambda request: HttpResponse("ok ${basename(dir)}\\n"))]
`,
  );
  return spawnServer(
    PYTHON,
    ['-m', 'django', 'runserver', `127.0.0.1:${port}`, '--noreload', '--nothreading'],
    port,
    {
      identity: basename(dir),
      cwd: dir,
      cleanup: dir,
      env: { PYTHONPATH: dir, DJANGO_SETTINGS_MODULE: 'settings' },
    },
  );
}

/**
 * Django's runserver with the generated per-path middleware (cors_routes.py) first in MIDDLEWARE and a
 * catch-all view, so every path reaches Django's own router.
 */
export async function startDjangoRoutes(files: readonly GeneratedFile[]): Promise<Running> {
  const dir = workDir('django-routes', files);
  const port = await freePort();
  writeFileSync(
    join(dir, 'settings.py'),
    `SECRET_KEY = "corsair-test-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = []
MIDDLEWARE = ["cors_routes.RoutedCorsMiddleware", "django.middleware.common.CommonMiddleware"]
APPEND_SLASH = False
DATABASES = {}
USE_TZ = True
`,
  );
  writeFileSync(
    join(dir, 'urls.py'),
    `from django.http import HttpResponse
from django.urls import re_path

urlpatterns = [re_path(r"", lambda request: HttpResponse("ok ${basename(dir)}\\n"))]
`,
  );
  return spawnServer(
    PYTHON,
    ['-m', 'django', 'runserver', `127.0.0.1:${port}`, '--noreload', '--nothreading'],
    port,
    {
      identity: basename(dir),
      cwd: dir,
      cleanup: dir,
      env: { PYTHONPATH: dir, DJANGO_SETTINGS_MODULE: 'settings' },
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// Node frameworks, in-process (the generated module is imported from a temp dir that sees our node_modules)

/** Write the generated files next to a node_modules link and import the first one. */
export async function importGenerated<T>(
  files: readonly GeneratedFile[],
  prefix: string,
  stubs: Readonly<Record<string, string>> = {},
): Promise<{ mod: T; dir: string }> {
  const dir = workDir(prefix);
  // A package that is not installed here (e.g. next/server) is replaced by a stub module next to the file.
  const stubFile = (specifier: string) => `${specifier.replace(/[^a-z0-9]+/gi, '_')}.stub.js`;
  for (const [specifier, content] of Object.entries(stubs))
    writeFileSync(join(dir, stubFile(specifier)), content);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const f of files) {
    // corsair's own adapters are imported from the source tree (the package is not installed here).
    let content = f.content.replace(/from 'corsair-cors(?:\/(\w+))?'/g, (_m, sub: string | undefined) => {
      const file = sub === undefined ? join(ROOT, 'src/index.ts') : join(ROOT, 'src/adapters', `${sub}.ts`);
      return `from ${JSON.stringify(pathToFileURL(file).href)}`;
    });
    for (const specifier of Object.keys(stubs))
      content = content.replace(`from '${specifier}'`, `from './${stubFile(specifier)}'`);
    writeFileSync(join(dir, f.path), content);
  }
  try {
    const mod = (await import(pathToFileURL(join(dir, files[0]!.path)).href)) as T;
    return { mod, dir };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Listen on a free loopback port with a Node request handler. */
export async function listenNode(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  dir?: string,
): Promise<Running> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    log: () => '',
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Serve a web-standard fetch handler over Node http, header lines kept as sent. */
export function fetchBridge(
  fetchHandler: (request: Request) => Response | Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body =
        chunks.length > 0 && req.method !== 'GET' && req.method !== 'HEAD'
          ? Buffer.concat(chunks)
          : undefined;
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body,
      });
      try {
        const response = await fetchHandler(request);
        const lines: [string, string][] = [];
        response.headers.forEach((v, k) => {
          lines.push([k, v]);
        });
        res.writeHead(response.status, lines.flat());
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  };
}
