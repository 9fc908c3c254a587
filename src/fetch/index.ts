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
  CORS_SAFELISTED_RESPONSE_HEADER_NAMES,
  FORBIDDEN_REQUEST_HEADER_NAMES,
  FORBIDDEN_RESPONSE_HEADER_NAMES,
  forbiddenRequestHeaderPrefix,
  isCorsSafelistedResponseHeaderName,
  isForbiddenRequestHeaderName,
  isForbiddenResponseHeaderName,
  isHeaderName,
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
export { isToken, isTokenCodeUnit } from './token.js';
export { mergeVary, parseVary, variesOn } from './vary.js';
