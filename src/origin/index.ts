export { isPublicSuffix, isSameSite, registrableDomain } from './site.js';
export type { OriginErrorCode, SerializedOriginError, SerializedOriginOk } from './strict.js';
export { parseSerializedOrigin } from './strict.js';
export type { OpaqueOrigin, Origin, TupleOrigin } from './types.js';
export { DEFAULT_PORTS, isOpaqueOrigin } from './types.js';
export { isSameOrigin, originOfUrl, parseOrigin, serializeOrigin } from './url-origin.js';
