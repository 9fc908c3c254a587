export { CorsairError } from '../errors.js';
export {
  createHttpTransport,
  type HttpTransport,
  type HttpTransportOptions,
  sendHttp,
  TransportError,
  type TransportErrorCode,
} from '../http/index.js';
export {
  type CheckOptions,
  type CheckReport,
  type CorsNeeds,
  checkEndpoint,
  type ExecutedRequest,
} from './check.js';
export { FINDING_TEXT, type FindingText } from './finding-text.js';
export { type Diagnosis, diagnoseBlocked } from './fix/diagnose.js';
export { observeServer, type ServerObservations } from './fix/observe.js';
export { type FixPlan, planFix } from './fix/plan.js';
export { findRootCauses, type RootCause, type RootCauseCode } from './fix/root-causes.js';
export * from './har/index.js';
export {
  type Clock,
  createPacer,
  type PaceEvent,
  type Pacer,
  type PacerOptions,
  SYSTEM_CLOCK,
} from './pacer.js';
export {
  type BackoffReason,
  HostRate,
  type HostRateOptions,
  type LoadSignal,
  retryAfterMs,
} from './politeness.js';
export { fingerprintRequests, pathPattern, type ScanRecord } from './probe-dedup.js';
export { ATTACKER_HOST, deriveProbes, type Probe, SPECIAL_CHARS, THIRD_PARTY_ORIGINS } from './probes.js';
export { type CheckTextOptions, formatCheckText } from './report/check-text.js';
export { JSON_SCHEMA_VERSION } from './report/json-version.js';
export { toJUnit } from './report/junit.js';
export { toSarif } from './report/sarif.js';
export type {
  SarifLevel,
  SarifLog,
  SarifMessage,
  SarifNotification,
  SarifResult,
  SarifRule,
  SarifRun,
} from './report/sarif-types.js';
export { formatExchange, formatScanText, printable, severityLabel, type TextOptions } from './report/text.js';
export { type ScanOptions, scanTarget } from './scan.js';
export { type CoverageSource, coverageOf, type ScanCoverage } from './scan-coverage.js';
export { ScanError, type ScanErrorCode } from './scan-error.js';
export { type ScanManyOptions, scanEach, scanMany } from './scan-many.js';
export {
  atLeast,
  type Evidence,
  type Finding,
  type FindingId,
  SEVERITIES,
  type Send,
  type Severity,
  type TargetResult,
} from './types.js';
export {
  type BrowserVerdict,
  type CaseResult,
  caseRequest,
  type Drift,
  type DriftKind,
  deriveVerifyCases,
  type VerifyCase,
  type VerifyOptions,
  type VerifyResult,
  verifyDeployment,
} from './verify.js';
