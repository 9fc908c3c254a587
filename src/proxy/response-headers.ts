// The upstream's response headers as the page receives them: hop-by-hop fields and the upstream's own
// CORS headers dropped, cookies rewritten, redirects mapped back through the proxy, the policy's CORS
// headers and a merged Vary added, and the body's framing restated by the proxy.
import type { HeaderLine, HeaderList } from '../exchange.js';
import type { Decision } from '../policy/types.js';
import { draftSink, responseDraft, writeCorsHeaders } from '../policy/write.js';
import { blockedAddress } from './address.js';
import { type CookieMode, rewriteSetCookie } from './cookies.js';
import { ProxyError } from './errors.js';
import { responseHasNoBody, responseLength } from './framing.js';
import { isCorsResponseHeader, stripHopByHop } from './headers.js';
import { type ProxyTarget, proxyUrlFor } from './targets.js';

/**
 * What the page's response is made from.
 *
 * @example
 * const r: UpstreamAnswer = { method: 'GET', status: 200, lines: [['Content-Length', '2']], url, target, proxyOrigin: 'http://127.0.0.1:8787' };
 */
export interface UpstreamAnswer {
  /** The page's request method (a HEAD answer has no body whatever it says). */
  readonly method: string;
  readonly status: number;
  readonly lines: HeaderList;
  /** The upstream URL that answered. */
  readonly url: URL;
  readonly target: ProxyTarget;
  /** `http://` + the Host the page used. */
  readonly proxyOrigin: string;
}

/**
 * The header lines to send the page. Throws `PROXY_REDIRECT_REFUSED` for a redirect to a place no
 * target covers. `Content-Length` is the proxy's own statement (see `responseLength`), never a copy
 * of whatever the upstream's lines or its `Connection` field left.
 *
 * @example
 * pageResponseHeaders(answer, decision, targets, 'keep'); // [['Content-Type', 'application/json'], ['Content-Length', '2'], ['Access-Control-Allow-Origin', 'http://localhost:5173'], ['Vary', 'Origin']]
 */
export function pageResponseHeaders(
  answer: UpstreamAnswer,
  decision: Decision,
  targets: readonly ProxyTarget[],
  cookieMode: CookieMode,
): HeaderLine[] {
  const out: HeaderLine[] = [];
  for (const line of stripHopByHop(answer.lines)) {
    const [name, value] = line;
    const lower = name.toLowerCase();
    if (isCorsResponseHeader(lower) || lower === 'content-length') continue;
    if (lower === 'set-cookie') {
      const cookie = rewriteSetCookie(value, cookieMode, answer.target);
      if (cookie !== null) out.push([name, cookie]);
    } else if (lower === 'location') out.push([name, mapLocation(value, answer, targets)]);
    else out.push(line);
  }
  const length = responseLength(answer.lines);
  // HEAD keeps the length of the GET it stands for; 204 and 304 state none.
  const noBody = responseHasNoBody(answer.method, answer.status);
  if (length !== undefined && (!noBody || answer.method.toUpperCase() === 'HEAD'))
    out.push(['Content-Length', String(length)]);
  writeCorsHeaders(draftSink, responseDraft(out), decision);
  return out;
}

/** `Location` mapped onto the proxy; a redirect (3xx) to an uncovered place is refused. */
function mapLocation(value: string, answer: UpstreamAnswer, targets: readonly ProxyTarget[]): string {
  let mapped: string | null = null;
  try {
    mapped = proxyUrlFor(new URL(value, answer.url), targets, answer.proxyOrigin);
  } catch {
    mapped = null;
  }
  if (mapped !== null) return mapped;
  if (answer.status >= 300 && answer.status < 400) throw redirectRefused(value, answer.url);
  return value;
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
    { details: { status: 502 } },
  );
}
