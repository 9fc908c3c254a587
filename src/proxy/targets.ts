// Where a request goes: one configured upstream (or a short allowlist, each at its own path prefix).
// The request path is appended to the target; nothing in the request can name another destination.
import { ProxyError } from './errors.js';

/**
 * A configured upstream: requests under `mount` go to `base` with the rest of the path appended.
 *
 * @example
 * const t: ProxyTarget = { mount: '/', base: new URL('https://api.example.com/v1'), basePath: '/v1' };
 */
export interface ProxyTarget {
  /** Path prefix on the proxy, `/` or `/name` (no trailing slash). */
  readonly mount: string;
  /** The upstream base URL (no query, no fragment, no credentials). */
  readonly base: URL;
  /** `base.pathname` without its trailing slash (`''` for the root). */
  readonly basePath: string;
}

/**
 * A request mapped onto an upstream.
 *
 * @example
 * const r: RoutedRequest = { target, url: new URL('https://api.example.com/v1/items?page=2') };
 */
export interface RoutedRequest {
  readonly target: ProxyTarget;
  readonly url: URL;
}

function badTarget(spec: string, why: string, fix: string): ProxyError {
  return new ProxyError('PROXY_BAD_TARGET', `--target '${spec}': ${why}.`, fix, { details: { status: 500 } });
}

/**
 * Read a target: `https://api.example.com/v1` (mounted at `/`) or `/auth=https://auth.example.com`
 * (mounted at `/auth`). Only http(s), no credentials, query or fragment in the URL.
 *
 * @example
 * parseTarget('https://api.example.com/v1'); // { mount: '/', base: URL('https://api.example.com/v1'), basePath: '/v1' }
 * parseTarget('/auth=https://auth.example.com'); // { mount: '/auth', … }
 */
export function parseTarget(spec: string): ProxyTarget {
  const eq = spec.startsWith('/') ? spec.indexOf('=') : -1;
  const mountText = eq > 0 ? spec.slice(0, eq) : '/';
  const urlText = eq > 0 ? spec.slice(eq + 1) : spec;
  let base: URL;
  try {
    base = new URL(urlText);
  } catch {
    throw badTarget(spec, 'not a URL', 'Write a full URL such as --target https://api.example.com.');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw badTarget(
      spec,
      `the scheme ${base.protocol} is not http or https`,
      'Use an http:// or https:// URL.',
    );
  if (base.username !== '' || base.password !== '')
    throw badTarget(
      spec,
      'credentials in the URL would be sent with every request',
      'Remove user:password@ from the URL.',
    );
  if (base.search !== '' || base.hash !== '')
    throw badTarget(spec, 'a target cannot carry a query or fragment', 'Remove ?… and #… from the URL.');
  const mount = mountText.length > 1 ? mountText.replace(/\/+$/, '') : '/';
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;:@/-]*$/.test(mount) || hasDotSegment(mount))
    throw badTarget(spec, `the mount '${mountText}' is not a plain path`, 'Write it as /name=https://host.');
  return { mount, base, basePath: base.pathname.replace(/\/+$/, '') };
}

/** Whether a path has a `.` or `..` segment, plain or percent-encoded (URL parsers resolve both). */
function hasDotSegment(path: string): boolean {
  for (const segment of path.split('/')) {
    const s = segment.replace(/%2e/gi, '.');
    if (s === '.' || s === '..') return true;
  }
  return false;
}

/**
 * Map a request target (`req.url`, origin-form) onto the upstream whose mount is the longest prefix.
 * Refuses absolute-form and authority-form targets (this is never a general relay), dot segments and
 * backslashes (they would climb out of the target's base path), and paths no mount covers.
 *
 * @example
 * routeRequest('/items?page=2', [parseTarget('https://api.example.com/v1')]).url.href;
 * // 'https://api.example.com/v1/items?page=2'
 */
export function routeRequest(requestTarget: string, targets: readonly ProxyTarget[]): RoutedRequest {
  if (!requestTarget.startsWith('/') || requestTarget.startsWith('//')) {
    throw new ProxyError(
      'PROXY_NOT_A_RELAY',
      `The request names its own destination ('${requestTarget.slice(0, 100)}'); this proxy only forwards to its configured target.`,
      'Request a path on the proxy, e.g. http://127.0.0.1:8787/items.',
      { details: { status: 400 } },
    );
  }
  const q = requestTarget.search(/[?#]/);
  const path = q === -1 ? requestTarget : requestTarget.slice(0, q);
  const query = q === -1 ? '' : requestTarget.slice(q).replace(/#.*$/, '');
  if (path.includes('\\') || /%5c/i.test(path) || hasDotSegment(path)) {
    throw new ProxyError(
      'PROXY_BAD_PATH',
      `The path '${path.slice(0, 100)}' has dot segments or backslashes, which could leave the target's base path.`,
      'Request the resolved path instead.',
      { details: { status: 400 } },
    );
  }
  let best: ProxyTarget | undefined;
  for (const t of targets) {
    const covers = t.mount === '/' || path === t.mount || path.startsWith(`${t.mount}/`);
    if (covers && (best === undefined || t.mount.length > best.mount.length)) best = t;
  }
  if (best === undefined) {
    throw new ProxyError(
      'PROXY_NO_ROUTE',
      `No target is mounted at '${path.slice(0, 100)}'.`,
      `Use a path under ${targets.map((t) => t.mount).join(', ')}.`,
      { details: { status: 404 } },
    );
  }
  const rest = best.mount === '/' ? path : path.slice(best.mount.length);
  const url = new URL(`${best.base.origin}${best.basePath}${rest === '' ? '/' : rest}${query}`);
  // Defence in depth: whatever the path held, the URL must still be inside the target.
  if (url.origin !== best.base.origin || !url.pathname.startsWith(best.basePath)) {
    throw new ProxyError(
      'PROXY_BAD_PATH',
      `The path '${path.slice(0, 100)}' leaves the target.`,
      'Request a path inside the target.',
      { details: { status: 400 } },
    );
  }
  return { target: best, url };
}

/**
 * Map an upstream URL back onto the proxy (for `Location`): the proxy URL that reaches the same
 * resource, or `null` when no target covers it.
 *
 * @example
 * proxyUrlFor(new URL('https://api.example.com/v1/login'), [parseTarget('https://api.example.com/v1')], 'http://127.0.0.1:8787');
 * // 'http://127.0.0.1:8787/login'
 */
export function proxyUrlFor(
  upstream: URL,
  targets: readonly ProxyTarget[],
  proxyOrigin: string,
): string | null {
  let best: ProxyTarget | undefined;
  for (const t of targets) {
    if (t.base.origin !== upstream.origin) continue;
    const p = upstream.pathname;
    const covers = t.basePath === '' || p === t.basePath || p.startsWith(`${t.basePath}/`);
    if (covers && (best === undefined || t.basePath.length > best.basePath.length)) best = t;
  }
  if (best === undefined) return null;
  const rest = upstream.pathname.slice(best.basePath.length);
  const mount = best.mount === '/' ? '' : best.mount;
  return `${proxyOrigin}${mount}${rest === '' ? '/' : rest}${upstream.search}${upstream.hash}`;
}
