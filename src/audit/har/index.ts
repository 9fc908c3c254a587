// corsair-cors/audit: HAR files (a recorded page load) re-decided by the browser engine.
export { type AnalyzeHarOptions, analyzeHar } from './analyze.js';
export { buildChains, isCorsMode, isPreflightEntry, type OriginSource, type RequestChain } from './chains.js';
export { harReportJson, harToJUnit, harToSarif } from './ci.js';
export { HarError, type HarErrorCode } from './errors.js';
export type { HarEntry, HarLog, HarPage, HarTimings } from './model.js';
export { type ReadHarOptions, readHar } from './read.js';
export { type RecordingBrowser, recordingBrowser } from './recorder.js';
export {
  HAR_REPORT_SCHEMA_VERSION,
  type HarReport,
  type HarRequestReport,
  type HarSummary,
  type HarTimelineItem,
  type HarVerdict,
} from './report.js';
export { reproduceCommand } from './reproduce.js';
export { formatHarText, type HarTextOptions } from './text.js';
