// A reference model of what a policy means, written from the options alone with WHATWG URL and no
// engine code, so tests compare the engine (and real browsers) against intent, not against itself.
import type { CorsOptions } from '../../src/index.js';

export const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);

export function isSerializedOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    // What no browser can send (issue 21): port 0, and a DNS name with an empty label or a character
    // no DNS name holds, although the URL parser accepts both.
    if (u.port === '0') return false;
    if (!u.hostname.startsWith('[') && !/^([a-z0-9_-]+\.)*[a-z0-9_-]+\.?$/.test(u.hostname)) return false;
    return u.origin === origin;
  } catch {
    return false;
  }
}

/** Whether the policy means to trust `origin` (string entries only: exact origins and patterns). */
export function intendsOrigin(o: CorsOptions, origin: string): boolean {
  if (o.origins === '*') return origin === 'null' || isSerializedOrigin(origin);
  if (o.origins === undefined) return false;
  // Extension and app-shell origins (capacitor://localhost) are exact strings the platform sends;
  // WHATWG URL gives their URLs an opaque origin, so they are compared as written.
  if (o.origins.some((entry) => typeof entry === 'string' && !entry.includes('*') && entry === origin))
    return true;
  if (!isSerializedOrigin(origin)) return false;
  const u = new URL(origin);
  return o.origins.some((entry) => {
    if (typeof entry !== 'string') throw new Error('reference model: strings only');
    if (!entry.includes('*')) return entry === origin;
    const m = /^(https?):\/\/(\*\.)?([^:]+)(?::(.+))?$/.exec(entry)!;
    const [, scheme, sub, host, port] = m;
    if (u.protocol !== `${scheme}:`) return false;
    if (port !== '*' && u.port !== (port ?? '')) return false;
    return sub ? u.hostname.endsWith(`.${host}`) : u.hostname === host;
  });
}

/** A page's request as the policy sees it: method, CORS-unsafe header names, credentials mode. */
export interface IntentRequest {
  readonly origin: string;
  readonly method: string;
  /** Names of the request's CORS-unsafe headers (those a preflight would list). */
  readonly unsafeHeaders: readonly string[];
  readonly credentials: 'omit' | 'same-origin' | 'include';
}

/** Whether the policy means to let the page read the response. */
export function intendsRequest(o: CorsOptions, r: IntentRequest): boolean {
  if (!intendsOrigin(o, r.origin)) return false;
  if (r.credentials === 'include' && o.credentials !== true) return false;
  const needsPreflight = !SAFELISTED_METHODS.has(r.method) || r.unsafeHeaders.length > 0;
  if (!needsPreflight) return true;
  const methods = o.methods ?? ['GET', 'HEAD', 'POST'];
  const methodOk = SAFELISTED_METHODS.has(r.method) || methods === '*' || methods.includes(r.method);
  const allowed =
    o.allowedHeaders === '*' ? null : new Set((o.allowedHeaders ?? []).map((h) => h.toLowerCase()));
  return methodOk && r.unsafeHeaders.every((n) => allowed === null || allowed.has(n.toLowerCase()));
}

/**
 * A route pattern as a case-insensitive RegExp, written from the pattern text alone (`:name` one
 * non-empty segment, a final `/*` anything below, a trailing `/` optional): the reference the route
 * table is compared against.
 */
export function routePatternRegExp(path: string): RegExp {
  const rest = path.endsWith('/*');
  const body = (rest ? path.slice(0, -2) : path).replace(/\/$/, '');
  const parts = body
    .split('/')
    .slice(1)
    .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.map((p) => `/${p}`).join('')}${rest ? '(?:/.*)?' : ''}/?$`, 'i');
}
