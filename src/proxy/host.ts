// DNS-rebinding defence: the proxy answers only to names an attacker's DNS cannot point at it.
import { isIP } from 'node:net';

/**
 * Whether the page reached the proxy by a name a DNS-rebinding attack cannot take over: an IP literal,
 * `localhost`, `*.localhost`, or a name given with `--allowed-host`.
 *
 * @example
 * hostAllowed('localhost:8787', new Set()); // true
 * hostAllowed('attacker.example', new Set()); // false
 */
export function hostAllowed(host: string, allowedHosts: ReadonlySet<string>): boolean {
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
