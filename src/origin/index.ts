// The only origin authority: strict parse (one coded diagnosis vocabulary), fast request-time parse,
// patterns, serialize, same-origin, same-site and the public-suffix check.
export type { OriginCode, OriginDiagnosis } from './diagnosis.js';
export type { OriginOffsets } from './fast.js';
export { parseSerializedOriginFast } from './fast.js';
export { isLoopbackHost } from './loopback.js';
export type { OriginPattern, OriginPatternResult } from './pattern.js';
export { parseOriginPattern } from './pattern.js';
export { isPublicSuffix, registrableDomain } from './public-suffix.js';
export { isSameSite } from './site.js';
export type {
  OriginParseOptions,
  SerializedOriginError,
  SerializedOriginOk,
  SerializedOriginResult,
} from './strict.js';
export { parseSerializedOrigin } from './strict.js';
export type { OpaqueOrigin, Origin, TupleOrigin } from './types.js';
export { DEFAULT_PORTS, defaultPort, isOpaqueOrigin } from './types.js';
export { isSameOrigin, originOfUrl, parseOrigin, serializeOrigin } from './url-origin.js';
