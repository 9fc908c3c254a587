// One upstream request over a socket pinned to the checked address, with the body streamed through.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { HeaderList } from '../exchange.js';
import { ProxyError } from './errors.js';
import { flatten } from './headers.js';
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
  destroy(): void;
}

/**
 * Create the agents. Pooled sockets were each connected to an address checked when they were opened.
 *
 * @example
 * const agents = createAgents({ ca: readFileSync('ca.pem', 'utf8') });
 */
export function createAgents(tls: { readonly ca?: string; readonly insecure?: boolean }): UpstreamAgents {
  const http = new HttpAgent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
  const https = new HttpsAgent({
    keepAlive: true,
    maxSockets: 256,
    maxFreeSockets: 64,
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    rejectUnauthorized: tls.insecure !== true,
  });
  return {
    http,
    https,
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
 * const r: UpstreamRequest = { url, method: 'GET', headers: [['Host', 'api.example.com']], pinned: { address: '93.184.215.14', family: 4 }, body: null };
 */
export interface UpstreamRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: HeaderList;
  /** The checked address the socket must connect to. */
  readonly pinned: ResolvedAddress;
  /** The page's request body, streamed as it arrives; `null` for none. */
  readonly body: Readable | null;
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
  if (code === 'ETIMEDOUT')
    return new ProxyError(
      'PROXY_UPSTREAM_TIMEOUT',
      `Could not connect to ${where} within ${req.connectTimeoutMs} ms.`,
      'Check that the upstream is up, or raise --connect-timeout.',
      504,
    );
  if (code === 'ECONNRESET' || code === 'EPIPE' || msg === 'socket hang up')
    return new ProxyError(
      'PROXY_UPSTREAM_RESET',
      `The upstream ${where} closed the connection before answering (${code || msg}).`,
      'Look at the upstream server log: it crashed or dropped the request.',
      502,
    );
  return new ProxyError(
    'PROXY_UPSTREAM_UNREACHABLE',
    `Cannot reach the upstream ${where} (${code || msg}).`,
    'Check that the upstream is running and the --target URL (scheme, host, port) is right.',
    502,
  );
}

/**
 * Send the request upstream and resolve with the response once its headers arrive (the body is left
 * to stream). Rejects with a `ProxyError`: unreachable/reset → 502, silent for `timeoutMs` → 504.
 *
 * @example
 * const res = await sendUpstream({ url: new URL('http://127.0.0.1:3000/x'), method: 'GET', headers: [], pinned: { address: '127.0.0.1', family: 4 }, body: null, timeoutMs: 30000, connectTimeoutMs: 10000 }, agents);
 * res.statusCode; // 200
 */
export function sendUpstream(req: UpstreamRequest, agents: UpstreamAgents): Promise<IncomingMessage> {
  const { url } = req;
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    let settled = false;
    let response: IncomingMessage | undefined;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      outgoing.destroy();
      reject(upstreamError(err, url, req));
    };
    const outgoing = send({
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers: flatten(req.headers),
      agent: secure ? agents.https : agents.http,
      // The socket may only reach the address that was checked (no second DNS answer).
      lookup: pinnedLookup(req.pinned),
      setHost: false,
    });
    const connectTimer = setTimeout(() => {
      const err = Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' });
      fail(err);
    }, req.connectTimeoutMs);
    outgoing.on('socket', (socket) => {
      const connected = () => clearTimeout(connectTimer);
      // A pooled keep-alive socket is already connected (and its TLS done).
      if (!socket.connecting) connected();
      else socket.once(secure ? 'secureConnect' : 'connect', connected);
    });
    // Idle timeout: connecting, waiting for headers, or between body chunks.
    outgoing.setTimeout(req.timeoutMs, () => {
      const err = new ProxyError(
        'PROXY_UPSTREAM_TIMEOUT',
        `The upstream ${url.host} did not answer within ${req.timeoutMs} ms.`,
        'Check why the upstream is slow, or raise --timeout.',
        504,
      );
      if (!settled) fail(err);
      else {
        // Mid-body: fail the response stream with the timeout itself, so the log says why it was cut.
        response?.destroy(err);
        outgoing.destroy();
      }
    });
    outgoing.on('error', fail);
    outgoing.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      response = res;
      clearTimeout(connectTimer);
      resolve(res);
    });
    if (req.signal) {
      if (req.signal.aborted) fail(new Error('the page went away'));
      else req.signal.addEventListener('abort', () => outgoing.destroy(), { once: true });
    }
    if (req.body === null) {
      outgoing.end();
    } else {
      req.body.pipe(outgoing);
      req.body.on('error', (e) => outgoing.destroy(e));
    }
  });
}
