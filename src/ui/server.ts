// `corsair ui`: the page's server on 127.0.0.1 and the demo API on a second loopback origin.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoute } from './api.js';
import { createDemoHandler } from './demo-api.js';
import { DemoRegistry, PolicyRegistry } from './demo-registry.js';
import { UiError } from './errors.js';
import { guardApiRequest, hostAllowed, loopbackHosts } from './guard.js';
import { FAVICON_SVG, renderPage } from './page.js';
import { STYLES } from './styles.js';

/**
 * Options of `startUi`.
 *
 * @example
 * const options: UiOptions = { port: 4000 };
 */
export interface UiOptions {
  /** The page's port on 127.0.0.1; 0 picks a free one. Default 4000. */
  readonly port?: number;
  /** The demo API's port; default the page's port + 1 (or a free one when that is taken or the page's is 0). */
  readonly demoPort?: number;
  /** The version shown in the footer. */
  readonly version?: string;
}

/**
 * A running `corsair ui`.
 *
 * @example
 * const ui = await startUi({ port: 0 });
 * console.log(ui.url); // http://127.0.0.1:41234/
 * await ui.close();
 */
export interface UiServer {
  /** The page's URL, e.g. `http://127.0.0.1:4000/`. */
  readonly url: string;
  /** The demo API's origin, e.g. `http://localhost:4001`. */
  readonly demoOrigin: string;
  readonly close: () => Promise<void>;
}

const CLIENT_DIR = new URL('./', import.meta.url);
const ERRORS_JS = new URL('../errors.js', import.meta.url);
// The Fetch Standard rules the page checks before sending (a header name is a token): the same module the
// engines use, so the page and the server never disagree.
const FETCH_MODULE = /^\/fetch\/(token|header-names|methods)\.js$/;
// The browsers and their console labels (data only) that the result cards list, and which of them runs
// the page (from its user agent): modules without imports that run, shared with the engine.
const BROWSER_MODULE = /^\/browser\/(console-browsers|user-agent)\.js$/;
const ASSET = /^\/assets\/(client|shared)\/([a-z0-9-]+\.js)$/;
// The page may fetch any URL (that is the tester) but loads code and styles from itself only.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/**
 * Start the page's server and the demo API, both bound to 127.0.0.1. Rejects with a coded error when
 * the page's port is taken.
 *
 * @example
 * const ui = await startUi({ port: 4000 });
 * process.on('SIGINT', () => void ui.close());
 */
export async function startUi(options: UiOptions = {}): Promise<UiServer> {
  const token = randomBytes(24).toString('base64url');
  const registry = new DemoRegistry();
  const policies = new PolicyRegistry();
  const probes = { inFlight: 0 };
  let uiPort = 0;
  let demoPort = 0;
  const demoOrigin = () => `http://localhost:${demoPort}`;

  const ui = createServer((req, res) => {
    void handleUi(req, res).catch((e: unknown) => sendError(res, e));
  });
  const handleUi = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/api/')) {
      const route = apiRoute(path);
      if (!route)
        throw new UiError('UI_NOT_FOUND', `There is no API route ${path}.`, 'Reload the page.', {
          details: { status: 404 },
        });
      if (req.method !== 'POST')
        throw new UiError('UI_METHOD', `${path} takes POST.`, 'Send a POST request.', {
          details: { status: 405 },
        });
      const pageOrigin = guardApiRequest(req, { hosts: loopbackHosts(uiPort), token });
      const result = await route(req, pageOrigin, { registry, policies, demoOrigin, maxProbes: 4, probes });
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result));
    }
    // Static routes check Host too: the HTML holds the token, and DNS rebinding would otherwise let a
    // foreign page read it.
    if (!hostAllowed(req, loopbackHosts(uiPort)))
      throw new UiError(
        'UI_BAD_HOST',
        'This server answers requests for its loopback address only.',
        `Open http://127.0.0.1:${uiPort}/.`,
        { details: { status: 403 } },
      );
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new UiError('UI_METHOD', `${path} takes GET.`, 'Open the page in a browser.', {
        details: { status: 405 },
      });
    if (path === '/' || path === '/index.html')
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        renderPage({ token, demoOrigin: demoOrigin(), version: options.version ?? '' }),
      );
    if (path === '/assets/app.css') return send(res, 200, 'text/css; charset=utf-8', STYLES);
    if (path === '/favicon.svg') return send(res, 200, 'image/svg+xml', FAVICON_SVG);
    // The client's one import outside client/ and shared/: the error base class, shared by every layer.
    if (path === '/errors.js')
      return send(res, 200, 'text/javascript; charset=utf-8', await readFile(ERRORS_JS, 'utf8'));
    const f = FETCH_MODULE.exec(path);
    if (f)
      return send(
        res,
        200,
        'text/javascript; charset=utf-8',
        await readFile(new URL(`../fetch/${f[1]}.js`, import.meta.url), 'utf8'),
      );
    const b = BROWSER_MODULE.exec(path);
    if (b)
      return send(
        res,
        200,
        'text/javascript; charset=utf-8',
        await readFile(new URL(`../browser/${b[1]}.js`, import.meta.url), 'utf8'),
      );
    const m = ASSET.exec(path);
    if (m) {
      const file = new URL(`${m[1]}/${m[2]}`, CLIENT_DIR);
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text !== null) return send(res, 200, 'text/javascript; charset=utf-8', text);
    }
    throw new UiError('UI_NOT_FOUND', `Nothing at ${path}.`, 'Open the page at /.', {
      details: { status: 404 },
    });
  };

  const demo = createServer(
    createDemoHandler({
      registry,
      policies,
      hosts: () => loopbackHosts(demoPort),
      pageOrigins: () => [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
    }),
  );

  const wanted = options.port ?? 4000;
  uiPort = await listen(ui, wanted).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UiError(
        'UI_PORT_IN_USE',
        `Port ${wanted} on 127.0.0.1 is already in use.`,
        `Pick another port: corsair ui --port ${wanted + 2} (or PORT=0 for any free port).`,
        { details: { status: 0 } },
      );
    throw e;
  });
  const demoWanted = options.demoPort ?? (wanted === 0 ? 0 : uiPort + 1);
  demoPort = await listen(demo, demoWanted).catch(async (e: unknown) => {
    // The demo's port is ours to choose: when the usual one is taken, any free port will do.
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE' && options.demoPort === undefined)
      return listen(demo, 0);
    ui.close();
    throw e;
  });
  return {
    url: `http://127.0.0.1:${uiPort}/`,
    demoOrigin: demoOrigin(),
    close: async () => {
      await Promise.all([closeServer(ui), closeServer(demo)]);
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const err =
    e instanceof UiError
      ? e
      : new UiError(
          'UI_INTERNAL',
          'corsair ui hit an internal error.',
          'Rerun the request; report it if it persists.',
          { details: { status: 500 } },
        );
  res.req.resume();
  send(res, err.status, 'application/json; charset=utf-8', JSON.stringify({ error: err.toJSON() }));
}
