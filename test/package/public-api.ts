// The public API per entry point: the names README.md's entry-point table and docs/ promise. The
// packed-tarball test fails when one is missing from what npm installs (at run time or in the types),
// and when package.json's `exports` gains or loses an entry point without this list following: adding
// a public entry point is a decision (CHANGELOG.md's version policy), not a side effect.
export interface EntryPoint {
  /** Run-time exports (functions, classes, constants). */
  readonly values: readonly string[];
  /** Type-only exports. */
  readonly types: readonly string[];
}

export const PUBLIC_API: Readonly<Record<string, EntryPoint>> = {
  '.': {
    values: [
      'CorsairError',
      'CorsConfigError',
      'createCors',
      'isCorsPolicy',
      'MAX_REQUEST_HEADERS_LENGTH',
      'mergeVary',
      'OPTION_NAMES',
      'PolicyFileError',
      'parsePolicyFile',
      'respondTo',
      'validateCorsOptions',
      'writeDecision',
      'writeCorsHeaders',
      'responseDraft',
      'draftSink',
      'DEFAULT_PREFLIGHT_STATUS',
    ],
    types: [
      'CorsOptions',
      'CorsPolicy',
      'CorsConfigIssue',
      'Decision',
      'HeaderList',
      'HttpExchange',
      'PolicyFileOptions',
    ],
  },
  './node': { values: ['cors', 'handleCors'], types: [] },
  './fastify': { values: ['default', 'corsairFastify'], types: [] },
  './koa': { values: ['cors'], types: [] },
  './hono': { values: ['cors'], types: [] },
  './fetch': { values: ['withCors'], types: [] },
  './browser': {
    values: [
      'simulateCors',
      'explainMessage',
      'PreflightCache',
      'profiles',
      'getProfile',
      'classifyRequest',
      'buildPreflightRequest',
      'buildActualRequest',
      'corsCheck',
      'checkPreflightResponse',
      'isCorsSafelistedRequestHeader',
      'corsUnsafeRequestHeaderNames',
      'originOfUrl',
      'serializeOrigin',
      'parseSerializedOrigin',
      'isSameSite',
    ],
    types: ['Outcome', 'CorsRequestInit', 'BrowserName', 'BrowserProfile', 'CorsErrorCode', 'Transport'],
  },
  './audit': {
    values: [
      'checkEndpoint',
      'scanTarget',
      'scanMany',
      'verifyDeployment',
      'formatCheckText',
      'formatScanText',
      'toSarif',
      'toJUnit',
      'createHttpTransport',
      'FINDING_TEXT',
      'SEVERITIES',
      'CorsairError',
    ],
    types: ['CheckReport', 'ScanOptions', 'TargetResult', 'Finding', 'FindingId', 'VerifyResult', 'SarifLog'],
  },
  './generate': {
    values: ['generateConfig', 'TARGETS', 'GenerateError', 'CorsairError'],
    types: ['GenerateResult'],
  },
  './proxy': {
    values: ['createCorsProxy', 'formatLogEntry', 'ProxyError', 'COOKIE_MODES'],
    types: ['CorsProxy', 'ProxyOptions', 'ProxyLogEntry', 'CookieMode', 'ProxyErrorCode'],
  },
  './ui': { values: ['startUi', 'UiError'], types: ['UiOptions', 'UiServer'] },
};

/** `corsair-cors` + `./node` → `corsair-cors/node`. */
export function specifier(pkg: string, subpath: string): string {
  return subpath === '.' ? pkg : `${pkg}/${subpath.slice(2)}`;
}
