// The development CORS proxy (`corsair proxy`). Internal: the CLI is its public face.
export type { BlockedAddress, BlockedKind } from './address.js';
export { blockedAddress } from './address.js';
export type { CookieMode } from './cookies.js';
export { COOKIE_MODES, rewriteSetCookie } from './cookies.js';
export type { ProxyErrorCode } from './errors.js';
export { ProxyError } from './errors.js';
export { formatLogEntry } from './log.js';
export type { ResolvedAddress, Resolver } from './resolve.js';
export { pinnedLookup, resolveUpstream, systemResolver } from './resolve.js';
export { createCorsProxy } from './server.js';
export type { ProxyTarget, RoutedRequest } from './targets.js';
export { parseTarget, proxyUrlFor, routeRequest } from './targets.js';
export type { CorsProxy, ProxyLogEntry, ProxyOptions } from './types.js';
