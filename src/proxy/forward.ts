// One upstream request over a socket pinned to the checked address, with the body streamed through.
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import type { HeaderList } from '../exchange.js';
import { ProxyError } from './errors.js';
import { type BodyFraming, framingHeaders, reusableAfter } from './framing.js';
import { flatten, toHeaderList } from './headers.js';
import { pinnedLookup, type ResolvedAddress } from './resolve.js';

/**
 * Keep-alive agents shared by all upstream requests of one proxy.
 *
 * @example
 * const agents = createAgents({});
 * agents.destroy();
 */
export interface UpstreamAgents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
  /** Sockets whose last exchange ended with certain framing; only these go back to the pool. */
  readonly reusable: WeakSet<Socket>;
  destroy(): void;
}

/**
 * Create the agents. Pooled sockets were each connected to an address checked when they were opened,
 * and a socket returns to the pool only after an exchange whose end was certain (see `reusableAfter`).
 *
 * @example
 * const agents = createAgents({ ca: readFileSync('ca.pem', 'utf8') });
 */
export function createAgents(tls: { readonly ca?: string; readonly insecure?: boolean }): UpstreamAgents {
  const reusable = new WeakSet<Socket>();
  const pool = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64 };
  const http = new HttpAgent(pool);
  const https = new HttpsAgent({
    ...pool,
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    rejectUnauthorized: tls.insecure !== true,
  });
  for (const agent of [http, https]) {
    const keep = agent.keepSocketAlive.bind(agent);
    // A falsy answer makes the agent destroy the socket instead of pooling it.
    agent.keepSocketAlive = (socket: Socket) => reusable.delete(socket) && keep(socket);
  }
  return {
    http,
    https,
    reusable,
    destroy() {
      http.destroy();
      https.destroy();
    },
  };
}

/**
 * One request to send upstream.
 *
 * @example
 * const r: UpstreamRequest = { url, method: 'GET', headers: [['Host', 'api.example.com']], pinned: { address: '93.184.215.14', family: 4 }, body: null, framing: { kind: 'none' }, timeoutMs: 30000, connectTimeoutMs: 10000 };
 */
export interface UpstreamRequest {
  readonly url: URL;
  readonly method: string;
  /** End-to-end header lines; framing fields among them are ignored (see `framing`). */
  readonly headers: HeaderList;
  /** The checked address the socket must connect to. */
  readonly pinned: ResolvedAddress;
  /** The page's request body, streamed as it arrives; `null` for none. */
  readonly body: Readable | null;
  /** How the body is delimited upstream, restated by the proxy (never copied from the page). */
  readonly framing: BodyFraming;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Aborted when the page goes away. */
  readonly signal?: AbortSignal;
}

/** Map a socket error onto the proxy's codes: refused/unreachable, reset, or timeout. */
function upstreamError(err: unknown, url: URL, req: UpstreamRequest): ProxyError {
  if (err instanceof ProxyError) return err;
  const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : '';
  const msg = err instanceof Error ? err.message : String(err);
  const where = url.host;
  if (code.startsWith('HPE_'))
    return new ProxyError(
      'PROXY_UPSTREAM_BAD_RESPONSE',
      `The upstream ${where} sent a malformed HTTP response (${msg}); the connection was closed.`,
      'Fix the upstream server: its response framing is ambiguous (e.g. Transfer-Encoding with Content-Length).',
      { details: { status: 502 } },
    );
  if (code === 'ETIMEDOUT')
    return new ProxyError(
      'PROXY_UPSTREAM_TIMEOUT',
      `Could not connect to ${where} within ${req.connectTimeoutMs} ms.`,
      'Check that the upstream is up, or raise --connect-timeout.',
      { details: { status: 504 } },
    );
  if (code === 'ECONNRESET' || code === 'EPIPE' || msg === 'socket hang up')
    return new ProxyError(
      'PROXY_UPSTREAM_RESET',
      `The upstream ${where} closed the connection before answering (${code || msg}).`,
      'Look at the upstream server log: it crashed or dropped the request.',
      { details: { status: 502 } },
    );
  return new ProxyError(
    'PROXY_UPSTREAM_UNREACHABLE',
    `Cannot reach the upstream ${where} (${code || msg}).`,
    'Check that the upstream is running and the --target URL (scheme, host, port) is right.',
    { details: { status: 502 } },
  );
}

/**
 * Send the request upstream and resolve with the response once its headers arrive (the body is left
 * to stream). Rejects with a `ProxyError`: unreachable/reset → 502, silent for `timeoutMs` → 504.
 *
 * @example
 * const res = await sendUpstream({ url: new URL('http://127.0.0.1:3000/x'), method: 'GET', headers: [], pinned: { address: '127.0.0.1', family: 4 }, body: null, framing: { kind: 'none' }, timeoutMs: 30000, connectTimeoutMs: 10000 }, agents);
 * res.statusCode; // 200
 */
export function sendUpstream(req: UpstreamRequest, agents: UpstreamAgents): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    let settled = false;
    let response: IncomingMessage | undefined;
    const outgoing = openRequest(req, agents);
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      outgoing.destroy();
      reject(upstreamError(err, req.url, req));
    };
    const connectTimer = connectDeadline(outgoing, req, fail);
    // Idle timeout: connecting, waiting for headers, or between body chunks.
    outgoing.setTimeout(req.timeoutMs, () => {
      const err = idleTimeout(req);
      if (!settled) fail(err);
      else {
        // Mid-body: fail the response stream with the timeout itself, so the log says why it was cut.
        response?.destroy(err);
        outgoing.destroy();
      }
    });
    outgoing.on('error', fail);
    // The proxy never asked for a protocol switch: a 101 is a response it cannot relay.
    outgoing.on('upgrade', (_res, socket) => {
      socket.destroy();
      fail(
        Object.assign(new Error('unrequested 101 Switching Protocols'), { code: 'HPE_UNREQUESTED_UPGRADE' }),
      );
    });
    outgoing.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      if (reusableAfter(req.method, res.statusCode ?? 0, toHeaderList(res.rawHeaders)))
        agents.reusable.add(res.socket);
      settled = true;
      response = res;
      clearTimeout(connectTimer);
      resolve(res);
    });
    if (req.signal) {
      if (req.signal.aborted) fail(new Error('the page went away'));
      else req.signal.addEventListener('abort', () => outgoing.destroy(), { once: true });
    }
    sendBody(req, outgoing);
  });
}

function openRequest(req: UpstreamRequest, agents: UpstreamAgents): ClientRequest {
  const { url } = req;
  const secure = url.protocol === 'https:';
  const outgoing = (secure ? httpsRequest : httpRequest)({
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    method: req.method,
    headers: flatten([...withoutFraming(req.headers), ...framingHeaders(req.framing)]),
    agent: secure ? agents.https : agents.http,
    // Whatever NODE_OPTIONS says: a lenient parser would accept responses the page reads differently.
    insecureHTTPParser: false,
    // The socket may only reach the address that was checked (no second DNS answer).
    lookup: pinnedLookup(req.pinned),
    setHost: false,
  });
  // A byte count the body stream does not match is an error, not a second message.
  // (Node has it on every OutgoingMessage; its types only on ServerResponse.)
  (outgoing as { strictContentLength?: boolean }).strictContentLength = req.framing.kind === 'length';
  return outgoing;
}

/** Fail when TCP (and TLS) is not up within `connectTimeoutMs`; returns the timer to clear. */
function connectDeadline(
  outgoing: ClientRequest,
  req: UpstreamRequest,
  fail: (err: unknown) => void,
): NodeJS.Timeout {
  const timer = setTimeout(() => {
    fail(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
  }, req.connectTimeoutMs);
  outgoing.on('socket', (socket) => {
    const connected = () => clearTimeout(timer);
    // A pooled keep-alive socket is already connected (and its TLS done).
    if (!socket.connecting) connected();
    else socket.once(req.url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
  });
  return timer;
}

function idleTimeout(req: UpstreamRequest): ProxyError {
  return new ProxyError(
    'PROXY_UPSTREAM_TIMEOUT',
    `The upstream ${req.url.host} did not answer within ${req.timeoutMs} ms.`,
    'Check why the upstream is slow, or raise --timeout.',
    { details: { status: 504 } },
  );
}

function sendBody(req: UpstreamRequest, outgoing: ClientRequest): void {
  if (req.body === null || req.framing.kind === 'none') outgoing.end();
  // A page that stops mid-body fails the upstream request too: a cut body never ends a message.
  else pipeline(req.body, outgoing, (e) => e && outgoing.destroy(e));
}

function withoutFraming(lines: HeaderList): HeaderList {
  return lines.filter(([n]) => {
    const lower = n.toLowerCase();
    return lower !== 'content-length' && lower !== 'transfer-encoding';
  });
}
