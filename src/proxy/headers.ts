// Header rewriting between page, proxy and upstream. RFC 9110 §7.6.1: hop-by-hop fields (and any the
// Connection field names) describe one connection and must not be forwarded.
import type { HeaderLine, HeaderList } from '../exchange.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Pair up Node's flat `rawHeaders` (`[name, value, name, value, …]`) into header lines, order and
 * duplicates kept.
 *
 * @example
 * toHeaderList(['Vary', 'Origin', 'vary', 'Accept']); // [['Vary', 'Origin'], ['vary', 'Accept']]
 */
export function toHeaderList(raw: readonly string[]): HeaderLine[] {
  const out: HeaderLine[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/**
 * Flatten header lines into the array form `http.request` and `writeHead` accept (duplicates kept).
 *
 * @example
 * flatten([['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]); // ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']
 */
export function flatten(lines: HeaderList): string[] {
  const out: string[] = [];
  for (const [n, v] of lines) out.push(n, v);
  return out;
}

/**
 * The lines without hop-by-hop fields, nor the fields the `Connection` header names.
 *
 * @example
 * stripHopByHop([['Connection', 'close, X-Secret'], ['X-Secret', '1'], ['Accept', '*\/*']]); // [['Accept', '*\/*']]
 */
export function stripHopByHop(lines: HeaderList): HeaderLine[] {
  const named = new Set<string>();
  for (const [n, v] of lines) {
    if (n.toLowerCase() !== 'connection') continue;
    for (const token of v.split(',')) named.add(token.trim().toLowerCase());
  }
  return lines.filter(([n]) => {
    const lower = n.toLowerCase();
    return !HOP_BY_HOP.has(lower) && !named.has(lower);
  });
}

/**
 * What the connection to the proxy looked like, for `X-Forwarded-*`.
 *
 * @example
 * const f: ForwardedFor = { clientAddress: '127.0.0.1', host: '127.0.0.1:8787', proto: 'http' };
 */
export interface ForwardedFor {
  readonly clientAddress: string;
  /** The Host the page used to reach the proxy. */
  readonly host: string;
  readonly proto: 'http' | 'https';
}

/**
 * The request headers to send upstream: hop-by-hop fields, `Host`, `Expect` and `Content-Length`
 * removed (the proxy restates the body's framing itself, see framing.ts), `Host` set to the upstream's,
 * `X-Forwarded-For` appended to, `X-Forwarded-Host`/`-Proto` set. `Origin` and cookies pass unchanged
 * (the upstream may rely on them, e.g. for CSRF checks).
 *
 * @example
 * upstreamRequestHeaders([['Host', '127.0.0.1:8787'], ['Accept', '*\/*']], 'api.example.com', { clientAddress: '127.0.0.1', host: '127.0.0.1:8787', proto: 'http' });
 * // [['Host', 'api.example.com'], ['Accept', '*\/*'], ['X-Forwarded-For', '127.0.0.1'], ['X-Forwarded-Host', '127.0.0.1:8787'], ['X-Forwarded-Proto', 'http']]
 */
export function upstreamRequestHeaders(
  lines: HeaderList,
  upstreamHost: string,
  fwd: ForwardedFor,
): HeaderLine[] {
  const out: HeaderLine[] = [['Host', upstreamHost]];
  const priorFor: string[] = [];
  for (const [n, v] of stripHopByHop(lines)) {
    const lower = n.toLowerCase();
    if (
      lower === 'host' ||
      lower === 'expect' ||
      lower === 'content-length' ||
      lower === 'x-forwarded-host' ||
      lower === 'x-forwarded-proto'
    )
      continue;
    if (lower === 'x-forwarded-for') {
      priorFor.push(v);
      continue;
    }
    out.push([n, v]);
  }
  out.push(['X-Forwarded-For', [...priorFor, fwd.clientAddress].join(', ')]);
  out.push(['X-Forwarded-Host', fwd.host]);
  out.push(['X-Forwarded-Proto', fwd.proto]);
  return out;
}

/**
 * Whether a response header is the upstream's own CORS header, which the proxy replaces with the
 * policy engine's decision (Access-Control-*; `Vary` is merged, not removed).
 *
 * @example
 * isCorsResponseHeader('access-control-allow-origin'); // true
 */
export function isCorsResponseHeader(name: string): boolean {
  return name.toLowerCase().startsWith('access-control-');
}
