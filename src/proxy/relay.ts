// The relay step: route the page's request to its target, connect to the checked address, send it
// with the proxy's own framing, and stream the answer back under the policy's CORS headers.
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream';
import type { HeaderLine, HeaderList } from '../exchange.js';
import type { Decision } from '../policy/types.js';
import { ProxyError } from './errors.js';
import { sendUpstream } from './forward.js';
import type { RequestFraming } from './framing.js';
import { flatten, toHeaderList, upstreamRequestHeaders } from './headers.js';
import type { PageRequest } from './page-request.js';
import { type ResolvedAddress, resolveUpstream } from './resolve.js';
import { sendError } from './respond.js';
import { pageResponseHeaders } from './response-headers.js';
import { type ProxyTarget, routeRequest } from './targets.js';
import { upstreamVerdict } from './verdict.js';

interface Route {
  readonly target: ProxyTarget;
  readonly url: URL;
  readonly pinned: ResolvedAddress;
}

/**
 * Relay an allowed request upstream and its answer back; `cookies: false` drops the page's `Cookie`
 * (the policy does not let this initiator use credentials). Every failure becomes a coded answer that
 * still carries the CORS headers (or a cut connection once the body has started).
 *
 * @example
 * await relay(page, decision, { body: { kind: 'none' }, closeAfter: false }, true);
 */
export async function relay(
  page: PageRequest,
  decision: Decision,
  framing: RequestFraming,
  cookies = true,
): Promise<void> {
  let upstreamUrl: URL | undefined;
  try {
    const routed = routeRequest(page.path, page.config.targets);
    upstreamUrl = routed.url;
    const { resolver, allowPrivate } = page.config;
    const pinned = await resolveUpstream(routed.url.hostname, { resolver, allowPrivate });
    const route = { ...routed, pinned };
    const abort = new AbortController();
    page.res.on('close', () => {
      if (!page.res.writableFinished) abort.abort();
    });
    const upRes = await send(page, route, framing, abort.signal, cookies);
    await answer(page, route, upRes, decision, framing, abort.signal);
  } catch (e) {
    const err =
      e instanceof ProxyError
        ? e
        : new ProxyError('PROXY_UPSTREAM_UNREACHABLE', String(e), 'Check the upstream.', {
            details: { status: 502 },
          });
    sendError(page.res, err, decision, framing.closeAfter);
    page.log({
      status: page.res.headersSent ? page.res.statusCode : err.status,
      error: err.code,
      reason: err.message,
      ...(upstreamUrl ? { upstream: upstreamUrl.href } : {}),
    });
  }
}

function send(
  page: PageRequest,
  route: Route,
  framing: RequestFraming,
  pageGone: AbortSignal,
  cookies: boolean,
): Promise<IncomingMessage> {
  const { req, config } = page;
  const lines = cookies ? page.lines : page.lines.filter(([n]) => n.toLowerCase() !== 'cookie');
  const headers = upstreamRequestHeaders(lines, route.url.host, {
    clientAddress: req.socket.remoteAddress ?? '',
    host: page.host,
    proto: 'http',
  });
  return sendUpstream(
    {
      url: route.url,
      method: page.method,
      headers,
      pinned: route.pinned,
      body: framing.body.kind === 'none' ? null : req,
      framing: framing.body,
      timeoutMs: config.timeoutMs,
      connectTimeoutMs: config.connectTimeoutMs,
      signal: pageGone,
    },
    config.agents,
  );
}

async function answer(
  page: PageRequest,
  route: Route,
  upRes: IncomingMessage,
  decision: Decision,
  framing: RequestFraming,
  pageGone: AbortSignal,
): Promise<void> {
  const status = upRes.statusCode ?? 502;
  const upLines = toHeaderList(upRes.rawHeaders);
  let headers: HeaderLine[];
  try {
    headers = pageResponseHeaders(
      {
        method: page.method,
        status,
        lines: upLines,
        url: route.url,
        target: route.target,
        proxyOrigin: `http://${page.host}`,
      },
      decision,
      page.config.targets,
      page.config.cookieMode,
    );
  } catch (e) {
    upRes.destroy();
    throw e;
  }
  if (framing.closeAfter) headers.push(['Connection', 'close']);
  const verdict = verboseVerdict(page, route, { status, headers: upLines });
  const { res } = page;
  // The body must match the length the proxy states, or the page would read the rest as a new answer.
  res.strictContentLength = true;
  res.writeHead(status, upRes.statusMessage, flatten(headers));
  const broken = await new Promise<unknown>((resolve) => {
    pipeline(upRes, res, (err) => {
      if (err) res.destroy();
      resolve(err);
    });
  });
  const v = verdict === undefined ? undefined : await verdict;
  page.log({
    status,
    upstream: route.url.href,
    ...(broken ? cutReason(broken, pageGone) : {}),
    ...(v !== undefined ? { upstreamVerdict: v } : {}),
  });
}

/** Who broke the transfer: the upstream (timeout, reset) or the page (it closed its connection). */
function cutReason(err: unknown, pageGone: AbortSignal): { error: string; reason: string } {
  const code =
    err instanceof ProxyError ? err.code : pageGone.aborted ? 'PROXY_PAGE_CLOSED' : 'PROXY_UPSTREAM_RESET';
  return { error: code, reason: `the body was cut: ${err instanceof Error ? err.message : String(err)}` };
}

/** With `verbose`: what the upstream's own CORS headers would have made the page's browser do. */
function verboseVerdict(
  page: PageRequest,
  route: Route,
  response: { status: number; headers: HeaderList },
): Promise<string> | undefined {
  if (!page.config.verbose || page.origin === null) return undefined;
  return upstreamVerdict({
    origin: page.origin,
    url: route.url.href,
    method: page.method,
    headers: page.lines,
    response,
    preflight: (p) => preflightUpstream(page, p, route),
  }).catch((e: unknown) => `no verdict (${e instanceof Error ? e.message : String(e)})`);
}

async function preflightUpstream(
  page: PageRequest,
  p: { method: string; url: string; headers: HeaderList },
  route: Route,
): Promise<{ status: number; headers: HeaderList }> {
  const headers: HeaderLine[] = [
    ['Host', route.url.host],
    ...p.headers.filter(([n]) => n.toLowerCase() !== 'host'),
  ];
  const { config } = page;
  const r = await sendUpstream(
    {
      url: route.url,
      method: 'OPTIONS',
      headers,
      pinned: route.pinned,
      body: null,
      framing: { kind: 'none' },
      timeoutMs: config.timeoutMs,
      connectTimeoutMs: config.connectTimeoutMs,
    },
    config.agents,
  );
  r.resume();
  return { status: r.statusCode ?? 0, headers: toHeaderList(r.rawHeaders) };
}
