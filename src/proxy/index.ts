// `corsair-cors/proxy`: the development CORS proxy (`corsair proxy`) from code, to listen on its own or
// to mount in your http.Server. The SSRF defences (address checks, pinned resolution) and target parsing
// are internal: they are applied for you and change without notice.
export type { CookieMode } from './cookies.js';
export { COOKIE_MODES } from './cookies.js';
export type { ProxyErrorCode } from './errors.js';
export { ProxyError } from './errors.js';
export { formatLogEntry } from './log.js';
export type { ResolvedAddress, Resolver } from './resolve.js';
export { createCorsProxy } from './server.js';
export type { CorsProxy, ProxyLogEntry, ProxyOptions } from './types.js';
