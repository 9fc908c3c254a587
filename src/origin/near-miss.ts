// Near-miss origins: what an attacker registers to slip past a hand-written origin check (PortSwigger's
// and Corsy's classes). The policy probes user RegExps with them at construction; the scanner
// (src/audit/probes.ts) sends the same families to live servers.

/**
 * A host that is never anyone's real origin; near misses are built on it.
 *
 * @example
 * `https://app.example.com.${ATTACKER_HOST}`; // a post-domain near miss
 */
export const ATTACKER_HOST = 'corsair-attacker.net';

/**
 * Characters some browsers (Safari) accept in a host and that break naive "no dot after" checks.
 *
 * @example
 * SPECIAL_HOST_CHARS.map((c) => `https://app.example.com${c}.evil.net`);
 */
export const SPECIAL_HOST_CHARS: readonly string[] = ['_', '`', '}', '!', '~'];

/**
 * Origins that look like `scheme://host[:port]` but belong to someone else: the attacker's own host,
 * `evil` glued before the registrable domain, the attacker's domain appended, each dot replaced by a
 * letter or hyphen, special characters before an appended domain, the other scheme and another port.
 * `domain` is the registrable domain of `host` when the caller knows it.
 *
 * @example
 * nearMissOrigins('https', 'app.example.com', '', 'example.com');
 * // ['https://corsair-attacker.net', 'https://evilexample.com', 'https://app.example.com.corsair-attacker.net', …]
 */
export function nearMissOrigins(scheme: string, host: string, port: string, domain?: string): string[] {
  const p = port === '' ? '' : `:${port}`;
  const out = new Set<string>([`${scheme}://${ATTACKER_HOST}`, `${scheme}://${ATTACKER_HOST}${p}`]);
  const base = domain ?? host;
  out.add(`${scheme}://evil${base}${p}`);
  out.add(`${scheme}://evil-${base}${p}`);
  out.add(`${scheme}://${host}.${ATTACKER_HOST}${p}`);
  out.add(`${scheme}://${base}.${ATTACKER_HOST}${p}`);
  out.add(`${scheme}://${host}-${ATTACKER_HOST}${p}`);
  for (let i = host.indexOf('.'); i !== -1; i = host.indexOf('.', i + 1)) {
    out.add(`${scheme}://${host.slice(0, i)}x${host.slice(i + 1)}${p}`);
    out.add(`${scheme}://${host.slice(0, i)}-${host.slice(i + 1)}${p}`);
  }
  for (const c of SPECIAL_HOST_CHARS) out.add(`${scheme}://${host}${c}.${ATTACKER_HOST}${p}`);
  out.add(`${scheme === 'https' ? 'http' : 'https'}://${host}${p}`);
  // Another port: never the origin's own (an origin on 8443 would be its own near miss).
  out.add(`${scheme}://${host}:${port === '8443' ? '8444' : '8443'}`);
  return [...out];
}
