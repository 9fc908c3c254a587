// Set-Cookie rewriting (RFC 6265bis §5.6), so cookies an upstream sets for its own host work on the
// proxy's host: drop Domain (host-only on the proxy), mount the Path, and make them cross-site.

/**
 * `keep`: pass Set-Cookie unchanged. `rewrite`: remove `Domain`, map `Path` onto the proxy mount and set
 * `SameSite=None; Secure` (browsers accept Secure cookies from http://localhost and 127.0.0.1).
 * `strip`: drop every Set-Cookie.
 *
 * @example
 * const mode: CookieMode = 'rewrite';
 */
export type CookieMode = 'keep' | 'rewrite' | 'strip';

/**
 * Every cookie mode, for option parsers.
 *
 * @example
 * new Option('--cookies <mode>').choices([...COOKIE_MODES]);
 */
export const COOKIE_MODES: readonly CookieMode[] = ['keep', 'rewrite', 'strip'];

/**
 * Rewrite one Set-Cookie value; `null` means drop the line.
 *
 * @example
 * rewriteSetCookie('sid=1; Domain=api.example.com; Path=/v1/auth; SameSite=Lax; HttpOnly', 'rewrite', { basePath: '/v1', mount: '/' });
 * // 'sid=1; Path=/auth; HttpOnly; SameSite=None; Secure'
 */
export function rewriteSetCookie(
  value: string,
  mode: CookieMode,
  paths: { readonly basePath: string; readonly mount: string },
): string | null {
  if (mode === 'strip') return null;
  if (mode === 'keep') return value;
  const [pair = '', ...attributes] = value.split(';');
  const kept: string[] = [pair.trim()];
  for (const attr of attributes) {
    const a = attr.trim();
    if (a === '') continue;
    const eq = a.indexOf('=');
    const name = (eq === -1 ? a : a.slice(0, eq)).trim().toLowerCase();
    if (name === 'domain' || name === 'samesite' || name === 'secure') continue;
    if (name === 'path') {
      kept.push(`Path=${mapPath(a.slice(eq + 1).trim(), paths)}`);
      continue;
    }
    kept.push(a);
  }
  kept.push('SameSite=None', 'Secure');
  return kept.join('; ');
}

function mapPath(
  path: string,
  { basePath, mount }: { readonly basePath: string; readonly mount: string },
): string {
  const prefix = mount === '/' ? '' : mount;
  if (basePath === '') return `${prefix}${path}` || '/';
  if (path === basePath || path.startsWith(`${basePath}/`))
    return `${prefix}${path.slice(basePath.length)}` || '/';
  // A path outside the target's base cannot be reached through the proxy: scope it to the mount.
  return mount;
}
