// The one module that loads the Public Suffix List (tldts). Request-time code never imports it, so the
// policy's decide path and the edge adapters (corsair-cors/hono, corsair-cors/fetch) stay small; option
// validation receives the check as a parameter.
import { getDomain, parse } from 'tldts';

// Browsers use the whole Public Suffix List, private section included (github.io is a public suffix).
const PSL = { allowPrivateDomains: true } as const;

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
  // tldts answers null for an empty host and for IP addresses, IPv6 with or without brackets
  // (test/origin/public-suffix.property.test.ts checks every kind of host a URL carries).
  return getDomain(host.toLowerCase(), PSL);
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
  const h = host.toLowerCase().replace(/\.$/, '');
  // An empty host or an IP address has no listed suffix (tldts: `publicSuffix` null, or not listed).
  const r = parse(h, PSL);
  return (r.isIcann === true || r.isPrivate === true) && r.publicSuffix === h;
}

/**
 * The site of a host for comparing hosts: its registrable domain when it has one (labels that a DNS
 * name may carry but tldts' hostname check refuses, such as `-`, still count), else the host itself
 * (IP addresses, `localhost`, public suffixes).
 *
 * @example
 * siteOfHost('-.example.com'); // 'example.com'
 * siteOfHost('localhost');     // 'localhost'
 */
export function siteOfHost(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  // An IPv6 address is its own site: without hostname validation tldts reads '[::ffff:1.2.3.4]' as the
  // domain '3.4'. A host of only a dot is its own site too, never the empty string.
  if (h === '' || h.includes(':')) return host;
  return getDomain(h, { ...PSL, validateHostname: false }) ?? h;
}
