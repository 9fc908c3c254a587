// The Fetch Standard's shared vocabulary, below both engines: each rule written once here.

export type { ListParse } from './header-list.js';
export {
  combineHeaderLines,
  combineValues,
  getCombined,
  HEADER_VALUE_SEPARATOR,
  parseTokenList,
  trimOws,
} from './header-list.js';
export {
  CORS_RESPONSE_HEADER_NAMES,
  CORS_SAFELISTED_RESPONSE_HEADER_NAMES,
  FORBIDDEN_REQUEST_HEADER_NAMES,
  FORBIDDEN_RESPONSE_HEADER_NAMES,
  forbiddenRequestHeaderPrefix,
  isCorsResponseHeaderName,
  isCorsSafelistedResponseHeaderName,
  isForbiddenRequestHeaderName,
  isForbiddenResponseHeaderName,
  isHeaderName,
  isNeverExposableHeaderName,
  NEVER_EXPOSABLE_HEADER_NAMES,
} from './header-names.js';
export {
  CORS_SAFELISTED_METHODS,
  FORBIDDEN_METHODS,
  isCorsSafelistedMethod,
  isForbiddenMethod,
  isMethod,
  NORMALIZED_METHODS,
  normalizeMethod,
} from './methods.js';
export { badPortOf, FETCH_BAD_PORTS } from './ports.js';
export { isToken, isTokenCodeUnit } from './token.js';
export { mergeVary, parseVary, variesOn } from './vary.js';
