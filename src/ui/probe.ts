// The server half of the tester: send what the browser would send (preflight, actual request, redirects)
// to the same URL and let the browser engine decide. This is `corsair check` (src/audit/check.ts) run for
// the page, with the page's own origin.
import { checkEndpoint } from '../audit/index.js';
import type { CredentialsMode } from '../browser/index.js';
import type { HeaderLine } from '../exchange.js';
import { isHeaderName } from '../fetch/header-names.js';
import { isMethod } from '../fetch/methods.js';
import { createHttpTransport, parseTargetUrl, TransportError } from '../http/index.js';
import { UiError } from './errors.js';
import type { ProbeRequest, ProbeResult } from './shared/api.js';

const CREDENTIALS: readonly CredentialsMode[] = ['omit', 'same-origin', 'include'];
const MAX_HEADERS = 50;
const PROBE_TIMEOUT_MS = 8000;

/**
 * Check untrusted probe input from the page.
 *
 * @example
 * parseProbeRequest({ url: 'http://localhost:4001/c/abc/items', method: 'GET', headers: [], credentials: 'omit', browser: 'chromium' });
 */
export function parseProbeRequest(input: unknown): ProbeRequest {
  const bad = (what: string, fix: string) =>
    new UiError('UI_BAD_PROBE', what, fix, { details: { status: 400 } });
  if (typeof input !== 'object' || input === null)
    throw bad(
      'The probe request must be a JSON object.',
      'Send { url, method, headers, credentials, browser }.',
    );
  const r = input as Record<string, unknown>;
  if (typeof r.url !== 'string') throw bad('url is missing.', 'Enter the URL to test.');
  try {
    parseTargetUrl(r.url);
  } catch (e) {
    throw new UiError(
      'UI_BAD_URL',
      e instanceof Error ? e.message : String(e),
      'Give a full http:// or https:// URL.',
      { details: { status: 400 } },
    );
  }
  const method = typeof r.method === 'string' && r.method !== '' ? r.method : 'GET';
  if (method.length > 32 || !isMethod(method))
    throw bad(`'${method}' is not an HTTP method.`, 'Use a method such as GET or PUT.');
  const headers: HeaderLine[] = [];
  if (!Array.isArray(r.headers) || r.headers.length > MAX_HEADERS)
    throw bad(`headers must be a list of at most ${MAX_HEADERS} [name, value] pairs.`, 'Send fewer headers.');
  for (const h of r.headers) {
    if (!Array.isArray(h) || h.length !== 2 || typeof h[0] !== 'string' || typeof h[1] !== 'string')
      throw bad(
        'Each header must be a [name, value] pair of strings.',
        "Write headers as 'Name: value' lines.",
      );
    if (!isHeaderName(h[0]))
      throw bad(`'${h[0]}' is not a header name.`, "Write headers as 'Name: value' lines.");
    if (/[\r\n\0]/.test(h[1])) throw bad(`The value of ${h[0]} contains a line break.`, 'Remove it.');
    headers.push([h[0], h[1]]);
  }
  const credentials = CREDENTIALS.includes(r.credentials as CredentialsMode)
    ? (r.credentials as CredentialsMode)
    : 'same-origin';
  const browser = r.browser === 'firefox' || r.browser === 'webkit' ? r.browser : 'chromium';
  return { url: r.url, method, headers, credentials, browser };
}

/**
 * Probe the URL as the browser would from `pageOrigin` and return the engine's verdict with every step.
 * A URL the server cannot reach is a verdict too (the browser's fetch rejects with a TypeError).
 *
 * @example
 * const result = await runProbe(parseProbeRequest(body), 'http://127.0.0.1:4000');
 */
export async function runProbe(probe: ProbeRequest, pageOrigin: string): Promise<ProbeResult> {
  const started = performance.now();
  const http = createHttpTransport({ timeoutMs: PROBE_TIMEOUT_MS });
  const init = {
    pageOrigin,
    url: probe.url,
    method: probe.method,
    headers: probe.headers,
    credentials: probe.credentials,
  };
  try {
    const report = await checkEndpoint(init, { send: http.send, browser: probe.browser });
    return {
      allowed: report.allowed,
      browser: probe.browser,
      pageOrigin,
      error: report.error,
      steps: report.outcome.steps,
      exposedHeaders: report.exposedHeaders,
      warnings: report.warnings,
      networkError: null,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
    return {
      allowed: false,
      browser: probe.browser,
      pageOrigin,
      error: null,
      steps: [],
      exposedHeaders: [],
      warnings: [],
      networkError: e.toJSON(),
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    await http.close();
  }
}
