// The development CORS proxy: the policy engine decides CORS, the upstream only ever sees requests for
// its own configured URL, from a socket pinned to an address checked against SSRF.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { pipeline } from 'node:stream';
import { getCombined, type HeaderLine, type HeaderList } from '../exchange.js';
import { createCors, isCorsPolicy } from '../policy/create.js';
import type { CorsPolicy, Decision } from '../policy/types.js';
import { mergeVary } from '../policy/vary.js';
import { blockedAddress } from './address.js';
import { type CookieMode, rewriteSetCookie } from './cookies.js';
import { ProxyError } from './errors.js';
import { createAgents, sendUpstream, type UpstreamAgents } from './forward.js';
import {
  flatten,
  isCorsResponseHeader,
  stripHopByHop,
  toHeaderList,
  upstreamRequestHeaders,
} from './headers.js';
import { type ResolvedAddress, resolveUpstream, systemResolver } from './resolve.js';
import { type ProxyTarget, parseTarget, proxyUrlFor, routeRequest } from './targets.js';
import type { CorsProxy, ProxyLogEntry, ProxyOptions } from './types.js';
import { upstreamVerdict } from './verdict.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

function positiveMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new ProxyError(
      'PROXY_BAD_OPTION',
      `${name} must be a positive whole number of milliseconds, got ${value}.`,
      `Set e.g. ${name}: ${fallback}.`,
      500,
    );
  return value;
}

function compileTargets(specs: readonly string[]): ProxyTarget[] {
  if (specs.length === 0)
    throw new ProxyError(
      'PROXY_BAD_TARGET',
      'No upstream target is configured.',
      'Give one with --target https://api.example.com.',
      500,
    );
  const targets = specs.map(parseTarget);
  const mounts = new Set<string>();
  for (const t of targets) {
    if (mounts.has(t.mount))
      throw new ProxyError(
        'PROXY_BAD_TARGET',
        `Two targets are mounted at '${t.mount}'.`,
        'Give each extra target its own prefix: --target /name=https://host.',
        500,
      );
    mounts.add(t.mount);
  }
  return targets;
}

// The proxy always answers preflights itself: they never reach the upstream.
function compilePolicy(cors: ProxyOptions['cors']): CorsPolicy {
  return isCorsPolicy(cors) ? cors : createCors({ ...cors, preflightContinue: false });
}

/** Whether the page reached us by a name a DNS-rebinding attack cannot take over. */
function hostAllowed(host: string, allowedHosts: ReadonlySet<string>): boolean {
  // host[:port] only: no userinfo, path or spaces that a URL parser would read differently.
  if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host)) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return (
    isIP(bare) !== 0 ||
    bare === 'localhost' ||
    bare.endsWith('.localhost') ||
    allowedHosts.has(bare) ||
    allowedHosts.has(host.toLowerCase())
  );
}

interface Outgoing {
  status: number;
  error?: string;
  reason?: string;
  upstream?: string;
  upstreamVerdict?: string;
}

/**
 * Create a CORS proxy: a loopback-only HTTP server that forwards to its configured target(s), answers
 * preflights and sets CORS headers from corsair's policy engine, refuses internal upstream addresses
 * (after DNS, pinned for the connection) unless `allowPrivate`, and streams bodies both ways.
 * Throws a `ProxyError` or `CorsConfigError` for bad options.
 *
 * @example
 * const proxy = createCorsProxy({
 *   targets: ['https://api.example.com'],
 *   cors: { origins: ['http://localhost:5173'], methods: '*', allowedHeaders: '*', credentials: true },
 *   onLog: (e) => console.log(formatLogEntry(e)),
 * });
 * const { url } = await proxy.listen({ port: 8787 }); // 'http://127.0.0.1:8787'
 */
export function createCorsProxy(options: ProxyOptions): CorsProxy {
  const targets = compileTargets(options.targets);
  const policy = compilePolicy(options.cors);
  const timeoutMs = positiveMs(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const connectTimeoutMs = positiveMs(
    options.connectTimeoutMs,
    DEFAULT_CONNECT_TIMEOUT_MS,
    'connectTimeoutMs',
  );
  const cookieMode: CookieMode = options.cookies ?? 'keep';
  const allowPrivate = options.allowPrivate === true;
  const resolver = options.resolver ?? systemResolver;
  const allowedHosts = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const agents: UpstreamAgents = createAgents({
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    ...(options.insecure !== undefined ? { insecure: options.insecure } : {}),
  });
  const onLog = options.onLog;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const start = performance.now();
    const time = new Date();
    const lines = toHeaderList(req.rawHeaders);
    const origin = getCombined(lines, 'origin');
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let cors: ProxyLogEntry['cors'] = 'not-cors';
    const log = (o: Outgoing) => {
      if (!onLog) return;
      const entry: ProxyLogEntry = {
        time,
        origin,
        method,
        path,
        status: o.status,
        cors,
        durationMs: Math.round(performance.now() - start),
        ...(o.upstream !== undefined ? { upstream: o.upstream } : {}),
        ...(o.error !== undefined ? { error: o.error } : {}),
        ...(o.reason !== undefined ? { reason: o.reason } : {}),
        ...(o.upstreamVerdict !== undefined ? { upstreamVerdict: o.upstreamVerdict } : {}),
      };
      onLog(entry);
    };
    run().catch((err: unknown) => {
      // Only a corsair bug lands here: answer 500 rather than hang the page.
      const msg = err instanceof Error ? err.message : String(err);
      if (!res.headersSent)
        res
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`corsair proxy internal error: ${msg}\n`);
      else res.destroy();
      log({ status: 500, error: 'PROXY_INTERNAL', reason: msg });
    });

    async function run(): Promise<void> {
      const host = req.headers.host ?? '127.0.0.1';
      if (!hostAllowed(host, allowedHosts)) {
        const err = new ProxyError(
          'PROXY_HOST_REFUSED',
          `The proxy does not answer to the host name '${host.slice(0, 100)}'.`,
          'Reach it as localhost or by IP address, or add the name with --allowed-host.',
          403,
        );
        sendError(res, err, [], []);
        log({ status: err.status, error: err.code, reason: err.message });
        return;
      }
      const decided = policy.decideValues(
        method,
        origin,
        getCombined(lines, 'access-control-request-method'),
        getCombined(lines, 'access-control-request-headers'),
      );
      const decision: Decision = decided instanceof Promise ? await decided : decided;
      if (decision.kind === 'preflight') {
        cors = decision.allowed ? 'preflight-allowed' : 'preflight-refused';
        const status = decision.status ?? 204;
        const headers: HeaderLine[] = [...decision.headers];
        if (decision.varyValue !== '') headers.push(['Vary', decision.varyValue]);
        if (decision.body !== undefined) headers.push(['Content-Type', 'text/plain; charset=utf-8']);
        res.writeHead(status, flatten(headers)).end(decision.body);
        log({ status, ...(decision.reason !== undefined ? { reason: decision.reason } : {}) });
        return;
      }
      if (decision.kind === 'actual') cors = decision.allowed ? 'allowed' : 'refused';
      if (!decision.allowed) {
        // Never relay a request the page may not read: it could still act (a POST) with the user's cookies.
        const err = new ProxyError(
          'PROXY_ORIGIN_REFUSED',
          `The origin '${origin ?? ''}' is not allowed by the proxy's CORS policy; the request was not forwarded.`,
          'Add the origin with --allow-origin (or to the --policy file).',
          403,
        );
        sendError(res, err, decision.headers, decision.vary);
        log({
          status: err.status,
          error: err.code,
          ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
        });
        return;
      }
      let upstreamUrl: URL | undefined;
      try {
        const routed = routeRequest(path, targets);
        upstreamUrl = routed.url;
        const pinned = await resolveUpstream(routed.url.hostname, { resolver, allowPrivate });
        await forward(routed.target, routed.url, pinned, host, decision);
      } catch (e) {
        const err =
          e instanceof ProxyError
            ? e
            : new ProxyError('PROXY_UPSTREAM_UNREACHABLE', String(e), 'Check the upstream.', 502);
        sendError(res, err, decision.headers, decision.vary);
        log({
          status: res.headersSent ? res.statusCode : err.status,
          error: err.code,
          reason: err.message,
          ...(upstreamUrl ? { upstream: upstreamUrl.href } : {}),
        });
      }
    }

    async function forward(
      target: ProxyTarget,
      url: URL,
      pinned: ResolvedAddress,
      host: string,
      decision: Decision,
    ): Promise<void> {
      const abort = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      const hasBody =
        req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
      const upstreamHeaders = upstreamRequestHeaders(lines, url.host, {
        clientAddress: req.socket.remoteAddress ?? '',
        host,
        proto: 'http',
      });
      const upRes = await sendUpstream(
        {
          url,
          method,
          headers: upstreamHeaders,
          pinned,
          body: hasBody ? req : null,
          timeoutMs,
          connectTimeoutMs,
          signal: abort.signal,
        },
        agents,
      );
      const status = upRes.statusCode ?? 502;
      const upLines = toHeaderList(upRes.rawHeaders);
      const proxyOrigin = `http://${host}`;
      const out: HeaderLine[] = [];
      const vary: string[] = [];
      for (const line of stripHopByHop(upLines)) {
        const [name, value] = line;
        const lower = name.toLowerCase();
        if (isCorsResponseHeader(lower)) continue;
        if (lower === 'vary') vary.push(value);
        else if (lower === 'set-cookie') {
          const cookie = rewriteSetCookie(value, cookieMode, target);
          if (cookie !== null) out.push([name, cookie]);
        } else if (lower === 'location') {
          const mapped = mapLocation(value, url, proxyOrigin);
          if (mapped === null && status >= 300 && status < 400) {
            upRes.destroy();
            throw redirectRefused(value, url);
          }
          out.push([name, mapped ?? value]);
        } else out.push(line);
      }
      for (const l of decision.headers) out.push(l);
      const varyValue = mergeVary(vary, decision.vary);
      if (varyValue !== '') out.push(['Vary', varyValue]);

      const verdict =
        options.verbose === true && origin !== null
          ? upstreamVerdict({
              origin,
              url: url.href,
              method,
              headers: lines,
              response: { status, headers: upLines },
              preflight: (p) => preflightUpstream(p, url, pinned),
            }).catch((e: unknown) => `no verdict (${e instanceof Error ? e.message : String(e)})`)
          : undefined;

      res.writeHead(status, upRes.statusMessage, flatten(out));
      await new Promise<void>((resolve) => {
        pipeline(upRes, res, (err) => {
          const finish = (v: string | undefined) => {
            // Who broke the transfer: the upstream (timeout, reset) or the page (it closed its connection).
            const broken = !err
              ? undefined
              : err instanceof ProxyError
                ? err.code
                : abort.signal.aborted
                  ? 'PAGE_CLOSED'
                  : 'PROXY_UPSTREAM_RESET';
            log({
              status,
              upstream: url.href,
              ...(broken !== undefined
                ? {
                    error: broken,
                    reason: `the body was cut: ${err instanceof Error ? err.message : String(err)}`,
                  }
                : {}),
              ...(v !== undefined ? { upstreamVerdict: v } : {}),
            });
            resolve();
          };
          if (err) res.destroy();
          if (verdict) void verdict.then(finish);
          else finish(undefined);
        });
      });
    }
  };

  function mapLocation(value: string, base: URL, proxyOrigin: string): string | null {
    let abs: URL;
    try {
      abs = new URL(value, base);
    } catch {
      return null;
    }
    return proxyUrlFor(abs, targets, proxyOrigin);
  }

  function redirectRefused(location: string, from: URL): ProxyError {
    let why = 'it is not a configured target';
    try {
      const to = new URL(location, from);
      const blocked = blockedAddress(to.hostname);
      if (blocked !== null && blocked.kind !== 'not-an-ip')
        why = `it is a ${blocked.kind} address (${blocked.range})`;
    } catch {
      why = 'it is not a URL';
    }
    return new ProxyError(
      'PROXY_REDIRECT_REFUSED',
      `The upstream redirected to '${location.slice(0, 200)}', which the proxy will not send the page to: ${why}.`,
      'Add that upstream with --target /name=URL if it is yours, or fix the redirect.',
      502,
    );
  }

  async function preflightUpstream(
    p: { method: string; url: string; headers: HeaderList },
    url: URL,
    pinned: ResolvedAddress,
  ): Promise<{ status: number; headers: HeaderList }> {
    const headers: HeaderLine[] = [
      ['Host', url.host],
      ...p.headers.filter(([n]) => n.toLowerCase() !== 'host'),
    ];
    const r = await sendUpstream(
      { url, method: 'OPTIONS', headers, pinned, body: null, timeoutMs, connectTimeoutMs },
      agents,
    );
    r.resume();
    return { status: r.statusCode ?? 0, headers: toHeaderList(r.rawHeaders) };
  }

  let server: Server | undefined;
  return {
    handle,
    listen({ port = 8787, host = '127.0.0.1' } = {}) {
      return new Promise((resolve, reject) => {
        const s = createServer(handle);
        server = s;
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          const addr = s.address();
          const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
          const shown = host.includes(':') ? `[${host}]` : host;
          resolve({ url: `http://${shown}:${bound}`, port: bound, host });
        });
      });
    },
    close() {
      agents.destroy();
      const s = server;
      if (s === undefined) return Promise.resolve();
      return new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}

/** Answer with a coded JSON error that still carries the CORS headers, so the page can read it. */
function sendError(
  res: ServerResponse,
  err: ProxyError,
  corsLines: HeaderList,
  vary: readonly string[],
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: HeaderLine[] = [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Cache-Control', 'no-store'],
    ['Corsair-Proxy-Error', err.code],
    ...corsLines,
  ];
  if (vary.length > 0) headers.push(['Vary', vary.join(', ')]);
  const body = JSON.stringify({ error: { code: err.code, message: err.message, fix: err.fix } });
  res.writeHead(err.status, flatten(headers)).end(`${body}\n`);
}
