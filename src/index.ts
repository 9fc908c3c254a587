// `corsair-cors`: the server policy engine, and the base class of every error corsair throws. The list
// is explicit on purpose: what is exported here is the public API that CHANGELOG.md's version policy
// covers; the rest of src/policy (compilation, origin syntax, option analysis) is internal and used by
// the adapters, the audit tools and generate.
export { CorsairError, type CorsairErrorJSON, type CorsairErrorOptions } from './errors.js';
export type { HeaderLine, HeaderList, HttpExchange, HttpRequest, HttpResponse } from './exchange.js';
export {
  CorsConfigError,
  CorsUsageError,
  createCors,
  DEFAULT_PREFLIGHT_STATUS,
  draftSink,
  isCorsPolicy,
  MAX_REQUEST_HEADERS_LENGTH,
  mergeVary,
  OPTION_NAMES,
  PolicyFileError,
  parsePolicyFile,
  policyWarnings,
  respondTo,
  responseDraft,
  validateCorsOptions,
  writeCorsHeaders,
  writeDecision,
} from './policy/index.js';
export type { PolicyFileOptions, PolicyFileRoute } from './policy/policy-file.js';
export type { PolicyAction, Rule, RuleId, Severity } from './policy/rulebook.js';
export { policyAction, RULES, ruleSeverity } from './policy/rulebook.js';
export type * from './policy/types.js';
export type { PolicyWarning } from './policy/validate/warnings.js';
export type { HeaderSink, ResponseDraft, ResponseSink } from './policy/write.js';
