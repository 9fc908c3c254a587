// corsair-cors/browser: the browser engine. Pure TypeScript, no I/O: the caller's `send` is the network.
export type { HeaderLine, HeaderList, HttpExchange, HttpRequest, HttpResponse } from '../exchange.js';
export { getAll, hasHeader } from '../exchange.js';
export type { ListParse } from '../fetch/header-list.js';
export { getCombined, parseTokenList } from '../fetch/header-list.js';
export {
  CORS_SAFELISTED_RESPONSE_HEADER_NAMES,
  FORBIDDEN_REQUEST_HEADER_NAMES,
  FORBIDDEN_RESPONSE_HEADER_NAMES,
  isHeaderName,
} from '../fetch/header-names.js';
export { isCorsSafelistedMethod, isForbiddenMethod, isMethod, normalizeMethod } from '../fetch/methods.js';
export { isToken } from '../fetch/token.js';
export * from '../origin/index.js';
export type { Advice, AdviceContext } from './advice.js';
export { advise } from './advice.js';
export type { ClassifiedRequest, DroppedHeader, RequestRefusal } from './classify.js';
export { classifyRequest } from './classify.js';
export { CONSOLE_BROWSERS, CONSOLE_LABEL, CONSOLE_MESSAGE, consoleMessages } from './console.js';
export type { AccessCheckFailure } from './cors-check.js';
export { corsCheck } from './cors-check.js';
export type { ExplainedMessage, PasteExplanation, RankedCode, Recognised } from './explain.js';
export { explainMessage, explainPaste, reproduceCommand } from './explain.js';
export { exposedHeaderNames } from './exposed-headers.js';
export type { FailureDetail, PreflightAccessCode } from './failure.js';
export type { MaxAge } from './max-age.js';
export { parseMaxAge } from './max-age.js';
export type { MessageContext } from './messages.js';
export { chromiumMessage, firefoxMessage } from './messages.js';
export { webkitMessage } from './messages-webkit.js';
export type { MimeType } from './mime.js';
export { parseMimeType } from './mime.js';
export type { CacheQuery } from './preflight-cache.js';
export { PreflightCache } from './preflight-cache.js';
export type { PreflightCheckResult, PreflightContext, PreflightResult } from './preflight-check.js';
export { checkPreflightResponse, headerDisallowed, isRedirect, methodDisallowed } from './preflight-check.js';
export type { BrowserProfile, SafelistedValueRule } from './profile.js';
export {
  browserProfiles,
  chromium,
  firefox,
  getProfile,
  headersObjectInit,
  profiles,
  spec,
  webkit,
} from './profile.js';
export type { SecFetchSite } from './request-builders.js';
export { buildActualRequest, buildPreflightRequest, secFetchSite } from './request-builders.js';
export {
  corsUnsafeRequestHeaderNames,
  forbiddenRequestHeaderReason,
  getDecodeAndSplit,
  isCorsSafelistedRequestHeader,
  isCorsUnsafeRequestHeaderByte,
  isForbiddenRequestHeader,
  isHeaderValue,
  normalizeHeaderValue,
} from './request-headers.js';
export type { SimulateOptions } from './simulate.js';
export { simulateCors } from './simulate.js';
export type * from './types.js';
