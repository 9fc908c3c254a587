import { getDomain, parse } from 'tldts';
import { isOpaqueOrigin, type Origin } from './types.js';

// Browsers use the whole Public Suffix List, private section included (github.io is a public suffix).
const PSL = { allowPrivateDomains: true } as const;

function bare(host: string): string {
  const h = host.toLowerCase();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/**
 * The registrable domain ("eTLD+1") of a host by the Public Suffix List, private domains included;
 * `null` for IP addresses and for hosts that are themselves a public suffix.
 *
 * @example
 * registrableDomain('a.b.example.co.uk'); // 'example.co.uk'
 * registrableDomain('alice.github.io');   // 'alice.github.io'
 * registrableDomain('127.0.0.1');         // null
 */
export function registrableDomain(host: string): string | null {
  const h = bare(host);
  if (h === '' || h.includes(':')) return null;
  return getDomain(h, PSL);
}

/**
 * Whether a host is exactly a public suffix listed in the Public Suffix List (ICANN or private
 * section), e.g. `com`, `co.uk`, `github.io`. Hosts the list does not know (e.g. `localhost`) and IP
 * addresses are not public suffixes. The server policy uses this to refuse `https://*.github.io`.
 *
 * @example
 * isPublicSuffix('github.io');   // true
 * isPublicSuffix('example.com'); // false
 */
export function isPublicSuffix(host: string): boolean {
  const h = bare(host).replace(/\.$/, '');
  if (h === '' || h.includes(':')) return false;
  const r = parse(h, PSL);
  if (r.isIp) return false;
  return (r.isIcann === true || r.isPrivate === true) && r.publicSuffix === h;
}

/**
 * Schemeful same-site (HTML Standard §7.1.2 "same site"): same scheme, and the same registrable
 * domain; hosts without one (IP addresses, `localhost`, public suffixes) must be equal. Opaque origins
 * are never same-site with anything here.
 *
 * @example
 * isSameSite(originOfUrl('https://a.example.com'), originOfUrl('https://b.example.com:8443')); // true
 * isSameSite(originOfUrl('http://example.com'), originOfUrl('https://example.com'));           // false
 */
export function isSameSite(a: Origin, b: Origin): boolean {
  if (isOpaqueOrigin(a) || isOpaqueOrigin(b)) return false;
  if (a.scheme !== b.scheme) return false;
  if (a.host === b.host) return true;
  const da = registrableDomain(a.host);
  return da !== null && da === registrableDomain(b.host);
}
