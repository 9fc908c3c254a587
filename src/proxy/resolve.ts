// SSRF defence: resolve the upstream's name once, refuse it when any address is internal, and hand the
// socket that very address (a pinned `lookup`), so DNS cannot change its answer between check and connect.
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { blockedAddress } from './address.js';
import { ProxyError } from './errors.js';

/**
 * One resolved address.
 *
 * @example
 * const a: ResolvedAddress = { address: '93.184.215.14', family: 4 };
 */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Turns a host name into its addresses. Defaults to the system resolver (`dns.lookup`, all addresses);
 * tests inject one to make a name resolve anywhere.
 *
 * @example
 * const resolver: Resolver = async (host) => (host === 'api.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
 */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * The system resolver (`dns.lookup`, every address, in the resolver's order), as a socket would use it.
 *
 * @example
 * await systemResolver('localhost'); // [{ address: '127.0.0.1', family: 4 }, …]
 */
export const systemResolver: Resolver = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * Resolve `hostname` (a URL host, IPv6 in brackets) and check every address. Returns the address to
 * connect to; throws `PROXY_UPSTREAM_FORBIDDEN` when any address is loopback, private, link-local,
 * CGNAT, metadata or otherwise special (unless `allowPrivate`), `PROXY_DNS_FAILED` when it does not resolve.
 *
 * @example
 * const pinned = await resolveUpstream('api.example.com', { resolver: systemResolver, allowPrivate: false });
 * // { address: '93.184.215.14', family: 4 }
 */
export async function resolveUpstream(
  hostname: string,
  options: { readonly resolver: Resolver; readonly allowPrivate: boolean },
): Promise<ResolvedAddress> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let addresses: readonly ResolvedAddress[];
  const literal = isIP(bare);
  if (literal !== 0) {
    addresses = [{ address: bare, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await options.resolver(bare);
    } catch (e) {
      const why = e && typeof e === 'object' && 'code' in e ? String(e.code) : String(e);
      throw new ProxyError(
        'PROXY_DNS_FAILED',
        `The upstream host '${bare}' does not resolve (${why}).`,
        'Check the --target host name and your DNS.',
        { details: { status: 502 } },
      );
    }
    if (addresses.length === 0) {
      throw new ProxyError(
        'PROXY_DNS_FAILED',
        `The upstream host '${bare}' has no address.`,
        'Check the --target host name.',
        { details: { status: 502 } },
      );
    }
  }
  if (!options.allowPrivate) {
    // Any internal address refuses the name: a resolver may rotate answers, and the socket may try each.
    for (const a of addresses) {
      const blocked = blockedAddress(a.address);
      if (blocked !== null) {
        const via = literal !== 0 ? '' : ` (it resolves to ${a.address})`;
        throw new ProxyError(
          'PROXY_UPSTREAM_FORBIDDEN',
          `Refusing to connect to '${bare}'${via}: ${blocked.kind} address in ${blocked.range}.`,
          'The proxy never reaches internal addresses by default; pass --allow-private if this upstream is yours.',
          { details: { status: 403 } },
        );
      }
    }
  }
  const first = addresses[0]!;
  return first;
}

/**
 * A `lookup` for `http.request`/`net.connect` that answers every query with the one checked address.
 *
 * @example
 * http.request({ host: 'api.example.com', lookup: pinnedLookup({ address: '93.184.215.14', family: 4 }) });
 */
export function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    // With autoSelectFamily (Node >= 20 default) the socket asks for `all` addresses.
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as unknown as LookupFunction;
}
