export type { HeaderLine, HeaderList, HttpExchange, HttpRequest, HttpResponse } from '../exchange.js';
export { getAll, hasHeader } from '../exchange.js';
export { getCombined } from '../fetch/header-list.js';
export { mergeVary } from '../fetch/vary.js';
export type { OriginCode, OriginDiagnosis } from '../origin/diagnosis.js';
export { parseSerializedOriginFast } from '../origin/fast.js';
export { isLoopbackHost } from '../origin/loopback.js';
export type { OriginPattern, OriginPatternResult } from '../origin/pattern.js';
export { parseOriginPattern } from '../origin/pattern.js';
export { isPublicSuffix } from '../origin/public-suffix.js';
export type { OriginParseOptions, SerializedOriginResult } from '../origin/strict.js';
export { parseSerializedOrigin } from '../origin/strict.js';
export { compilePolicy, MAX_REQUEST_HEADERS_LENGTH } from './compile.js';
export { createCors, isCorsPolicy, validateCorsOptions } from './create.js';
export { CorsConfigError, CorsUsageError, PolicyFileError } from './errors.js';
export type { PolicyFileOptions, PolicyFileRoute } from './policy-file.js';
export { parsePolicyFile } from './policy-file.js';
export { respondTo } from './respond.js';
export { compileCorsPolicy } from './routes/compile.js';
export { parseRoutePattern, patternCovers, type RoutePatternProblem } from './routes/pattern.js';
export { compileRouteTable, type RouteLookup } from './routes/table.js';
export {
  isSensitiveHeaderName,
  type PolicyAction,
  policyAction,
  RULES,
  type Rule,
  type RuleId,
  ruleSeverity,
  SEVERITIES,
  type Severity,
} from './rulebook.js';
export type * from './types.js';
export { optionsWarnings, type PolicyWarning, policyWarnings } from './validate/warnings.js';
export type {
  Analysis,
  AnalyzedOptions,
  AnalyzedPolicy,
  AnalyzedRoute,
  JudgedRegExp,
  PublicSuffixCheck,
  RegExpEngine,
  ValidationTools,
} from './validate.js';
export { analyzeCorsOptions, OPTION_NAMES, regexProblem, suggestOption } from './validate.js';
export type { HeaderSink, ResponseDraft, ResponseSink } from './write.js';
export {
  DEFAULT_PREFLIGHT_STATUS,
  draftSink,
  responseDraft,
  writeCorsHeaders,
  writeDecision,
} from './write.js';
