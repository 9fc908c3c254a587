// The local web page (`corsair ui`): internal to the CLI, exported for tests and embedding.
export { DemoRegistry } from './demo-registry.js';
export { UiError } from './errors.js';
export { loopbackHosts, TOKEN_HEADER } from './guard.js';
export type { UiOptions, UiServer } from './server.js';
export { startUi } from './server.js';
export type { ApiError, DemoRegistration, ProbeRequest, ProbeResult, ValidateResult } from './shared/api.js';
export type { DemoConfig, DemoConfigResult, OriginMode, RedirectMode } from './shared/demo-config.js';
export { DEFAULT_DEMO_CONFIG, demoCorsHeaders, normalizeDemoConfig } from './shared/demo-config.js';
export type { Preset, TesterRequest } from './shared/presets.js';
export { presets } from './shared/presets.js';
