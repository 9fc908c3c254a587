// The built-in demo API: an echo server on a second loopback origin whose CORS answer the page sets.
// It can send every wrong header a real server sends, so it must never become a tool for other sites:
// it answers only on loopback, only for the Host it listens on, and only to requests whose Origin is
// the corsair page's own; anything else gets a 403 without any CORS header.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCors } from '../adapters/node.js';
import type { HeaderLine } from '../exchange.js';
import type { CorsPolicy } from '../policy/index.js';
import type { DemoRegistry, PolicyRegistry } from './demo-registry.js';
import { hostAllowed } from './guard.js';
import { type DemoConfig, demoCorsHeaders } from './shared/demo-config.js';

/**
 * What the demo handler needs: the registry and, read per request, the hosts it answers for and the
 * page origins it serves.
 *
 * @example
 * const handler = createDemoHandler({ registry, policies, hosts: () => loopbackHosts(4001), pageOrigins: () => ['http://127.0.0.1:4000'] });
 */
export interface DemoHandlerOptions {
  readonly registry: DemoRegistry;
  /** The builder's policies, served under `/p/<id>/…` by corsair's own node middleware. */
  readonly policies: PolicyRegistry;
  readonly hosts: () => readonly string[];
  readonly pageOrigins: () => readonly string[];
}

const PATH = /^\/c\/([0-9a-f]{12})(\/[^?#]*)?$/;
// `/p/<id>` then the path the policy decides by, kept exactly as the browser sent it (with the query).
const POLICY_PATH = /^\/p\/([0-9a-f]{12})(\/.*)?$/s;
const FINAL_PATH = '/redirected';
const ECHO_BODY_LIMIT = 4096;

/**
 * Build the demo API's request handler. Paths are `/c/<config id>/<anything>`; the answer is an
 * echo of the request as JSON, with the CORS headers of that config.
 *
 * @example
 * http.createServer(createDemoHandler({ registry, hosts: () => loopbackHosts(port), pageOrigins: () => origins })).listen(port, '127.0.0.1');
 */
export function createDemoHandler(
  opts: DemoHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(req, res, opts).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: DemoHandlerOptions): Promise<void> {
  const refuse = (status: number, text: string) => {
    req.resume();
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`${text}\n`);
  };
  if (!hostAllowed(req, opts.hosts())) return refuse(403, 'corsair demo API: unknown Host.');
  const origins = req.headersDistinct.origin ?? [];
  const origin = origins[0];
  if (origins.length !== 1 || origin === undefined || !opts.pageOrigins().includes(origin))
    return refuse(403, 'corsair demo API: it answers the corsair ui page only.');
  const url = req.url ?? '/';
  const served = POLICY_PATH.exec(url);
  if (served) {
    const policy = opts.policies.get(served[1] as string);
    if (!policy) return refuse(404, 'corsair demo API: unknown policy (send it from the builder again).');
    return servePolicy(req, res, policy, served[2] ?? '/');
  }
  const path = url.split('?')[0] ?? '/';
  const m = PATH.exec(path);
  const config = m ? opts.registry.get(m[1] as string) : undefined;
  if (!m || !config) return refuse(404, 'corsair demo API: unknown configuration (reload the page).');
  const rest = m[2] ?? '/';

  const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  const kind = isPreflight ? 'preflight' : 'actual';
  const lines: HeaderLine[] = demoCorsHeaders(config, kind, origin);
  const redirects = config.redirect === kind && rest !== FINAL_PATH;
  if (redirects) {
    req.resume();
    lines.push(
      ['Location', `/c/${m[1]}${FINAL_PATH}`],
      ['Cache-Control', 'no-store'],
      ['Content-Length', '0'],
    );
    writeHead(res, config.redirectStatus, lines);
    res.end();
    return;
  }
  if (isPreflight) {
    req.resume();
    lines.push(['Cache-Control', 'no-store'], ['Content-Length', '0']);
    writeHead(res, config.preflightStatus, lines);
    res.end();
    return;
  }
  const body = await readLimited(req, ECHO_BODY_LIMIT);
  const echo = JSON.stringify(
    {
      method: req.method,
      path: url,
      // Cookies are not echoed: the demo proves they travel (credentials), not what they hold.
      headers: headerLines(req).map(([n, v]) => `${n}: ${n.toLowerCase() === 'cookie' ? '(redacted)' : v}`),
      body,
      config: configSummary(config),
    },
    null,
    2,
  );
  lines.push(
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Cache-Control', 'no-store'],
    ['X-Request-Id', randomUUID()],
    ['Content-Length', String(Buffer.byteLength(echo))],
  );
  writeHead(res, config.status, lines);
  res.end(req.method === 'HEAD' ? undefined : echo);
}

/**
 * Answer as an application behind corsair's node middleware mounted at `/p/<id>` (as an Express
 * sub-app sees it: `req.url` is the path below the mount point), so the policy's routes decide by the
 * path the page asked for. Whatever the middleware passes on gets the echo.
 */
async function servePolicy(
  req: IncomingMessage,
  res: ServerResponse,
  policy: CorsPolicy,
  target: string,
): Promise<void> {
  req.url = target;
  const answered = await handleCors(policy, req, res);
  if (answered) {
    req.resume();
    return;
  }
  const body = await readLimited(req, ECHO_BODY_LIMIT);
  const echo = JSON.stringify({ method: req.method, path: target, body }, null, 2);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Request-Id', randomUUID());
  res.end(req.method === 'HEAD' ? undefined : echo);
}

/** Write the status and header lines in order, duplicates kept (writeHead with a flat array does that). */
function writeHead(res: ServerResponse, status: number, lines: readonly HeaderLine[]): void {
  res.writeHead(status, lines.flat() as string[]);
}

function headerLines(req: IncomingMessage): HeaderLine[] {
  const out: HeaderLine[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    out.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
  return out;
}

async function readLimited(req: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    if (text.length < limit) text += (chunk as Buffer).toString('utf8');
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function configSummary(config: DemoConfig): string {
  return `origin=${config.originMode}${config.originMode === 'exact' ? `(${config.originValue})` : ''} credentials=${config.credentials}`;
}
