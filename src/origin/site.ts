import { registrableDomain } from './public-suffix.js';
import { isOpaqueOrigin, type Origin } from './types.js';

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
