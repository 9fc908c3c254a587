import { registrableDomain } from '../origin/public-suffix.js';
import { RULES } from '../policy/rulebook.js';
import type { FindingId } from './types.js';

/**
 * One crafted origin and the finding it proves when the server trusts it (`trusted` is the baseline).
 *
 * @example
 * const p: Probe = { id: 'null-origin', origin: 'null' };
 */
export interface Probe {
  readonly id: FindingId | 'trusted';
  readonly origin: string;
  /** The probe's host is inside the trusted host's registrable domain: an attacker needs a subdomain there. */
  readonly sameSite?: boolean;
}

/**
 * A host that is never anyone's real origin; variants are built on it.
 *
 * @example
 * `https://app.example.com.${ATTACKER_HOST}`; // a post-domain probe
 */
export const ATTACKER_HOST = 'corsair-attacker.net';

/**
 * Shared hosting where anyone can publish a page under the provider's domain.
 *
 * @example
 * THIRD_PARTY_ORIGINS.includes('https://cdpn.io'); // true
 */
export const THIRD_PARTY_ORIGINS: readonly string[] = [
  'https://corsair-probe.github.io',
  'https://cdpn.io',
  'https://corsair-probe.netlify.app',
  'https://corsair-probe.vercel.app',
];

/**
 * Characters that some browsers (Safari) accept in a host and that break naive "no dot after" checks.
 *
 * @example
 * SPECIAL_CHARS.map((c) => `https://app.example.com${c}.evil.net`);
 */
export const SPECIAL_CHARS: readonly string[] = ['_', '`', '}', '!', '~'];

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The crafted origins `scan` sends to a target, derived from a trusted origin (or the target's own
 * origin): the classic bypasses of hand-written origin checks (PortSwigger's and Corsy's classes).
 *
 * @example
 * deriveProbes('https://api.example.com/', 'https://app.example.com').find((p) => p.id === 'post-domain-bypass')?.origin;
 * // 'https://app.example.com.corsair-attacker.net'
 */
export function deriveProbes(target: string, trustedOrigin?: string): Probe[] {
  const base = new URL(trustedOrigin ?? target);
  const scheme = base.protocol;
  const host = base.hostname;
  const port = base.port ? `:${base.port}` : '';
  const isIp = IPV4.test(host) || host.startsWith('[');
  const domain = isIp ? null : registrableDomain(host);
  const probes: Probe[] = [];
  const add = (id: Probe['id'], origin: string) => {
    if (probes.some((p) => p.origin === origin)) return;
    const probeHost = origin === 'null' ? '' : new URL(origin).hostname;
    // Only the bypass classes have a milder same-site rating (an http:// twin of the host is no milder).
    const bypass = id !== 'trusted' && RULES[id].sameSite !== undefined;
    const sameSite = bypass && domain !== null && registrableDomain(probeHost) === domain;
    probes.push(sameSite ? { id, origin, sameSite } : { id, origin });
  };
  add('trusted', base.origin);
  add('origin-reflection', `https://${ATTACKER_HOST}`);
  add('null-origin', 'null');
  if (!isIp) hostProbes(add, scheme, host, port, domain);
  if (scheme === 'https:') add('insecure-origin', `http://${host}${port}`);
  for (const o of THIRD_PARTY_ORIGINS) add('third-party-origin', o);
  if (host !== 'localhost' && host !== '127.0.0.1') add('localhost-origin', 'http://localhost:3000');
  return probes;
}

/**
 * The bypasses of a host name: attacker domains first (the worse finding wins when both pass), then the
 * same tricks inside the trusted registrable domain (a suffix or prefix check on the host, an unescaped
 * dot between its own labels), then subdomains.
 */
function hostProbes(
  add: (id: Probe['id'], origin: string) => void,
  scheme: string,
  host: string,
  port: string,
  domain: string | null,
): void {
  // `evil` + a subdomain is still a subdomain (any-subdomain's class); `evil` + the registrable domain is not.
  add('pre-domain-bypass', `${scheme}//evil${domain ?? host}${port}`);
  add('post-domain-bypass', `${scheme}//${host}.${ATTACKER_HOST}${port}`);
  if (domain && domain !== host) add('post-domain-bypass', `${scheme}//${domain}.${ATTACKER_HOST}${port}`);
  // Each dot of the host, in turn, replaced by a letter: what `api.example.com` as a regex also matches
  // (the last two give attacker domains, the ones before stay inside the registrable domain).
  const dots = [...host.matchAll(/\./g)]
    .map((m) => m.index ?? 0)
    .slice(-4)
    .reverse();
  for (const i of dots)
    add('unescaped-dot-bypass', `${scheme}//${host.slice(0, i)}x${host.slice(i + 1)}${port}`);
  for (const c of SPECIAL_CHARS) add('special-char-bypass', `${scheme}//${host}${c}.${ATTACKER_HOST}${port}`);
  if (domain && domain !== host) {
    add('pre-domain-bypass', `${scheme}//evil${host}${port}`);
    add('post-domain-bypass', `${scheme}//${host}.${domain}${port}`);
  }
  if (domain) add('any-subdomain', `${scheme}//corsair-probe.${domain}${port}`);
  if (domain && domain !== host) add('any-subdomain', `${scheme}//corsair-probe.${host}${port}`);
}
