// The classic CORS errors, each as a demo API answer plus the request that trips over it. Shared by the
// page (the preset buttons) and the tests (every preset must make the real browser and the engine agree).
import type { CredentialsMode } from '../../browser/types.js';
import { DEFAULT_DEMO_CONFIG, type DemoConfig } from './demo-config.js';

/**
 * What the tester sends. `headers` is one `Name: value` per line, as typed in the page.
 *
 * @example
 * const req: TesterRequest = { url: 'http://localhost:4001/c/abc/items', method: 'PUT', headers: 'Content-Type: application/json', credentials: 'include', body: '{}' };
 */
export interface TesterRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: string;
  readonly credentials: CredentialsMode;
  readonly body: string;
}

/**
 * A preset: the demo API's answer, the request (its URL is the demo API's), and what should happen.
 *
 * @example
 * const p = presets('http://127.0.0.1:4000').find((x) => x.id === 'put-not-allowed');
 */
export interface Preset {
  readonly id: string;
  readonly label: string;
  /** One sentence: the mistake this reproduces. */
  readonly description: string;
  readonly config: DemoConfig;
  readonly request: Omit<TesterRequest, 'url'>;
  /** Whether the browser lets the page read the response. */
  readonly allowed: boolean;
}

const JSON_PUT = {
  method: 'PUT',
  headers: 'Content-Type: application/json',
  credentials: 'omit',
  body: '{"name":"corsair"}',
} as const;
const SIMPLE_GET = { method: 'GET', headers: '', credentials: 'omit', body: '' } as const;

/**
 * Split a serialized origin into the parts the mismatch presets vary.
 *
 * @example
 * originParts('http://127.0.0.1:4000'); // { scheme: 'http', host: '127.0.0.1', port: '4000' }
 */
export function originParts(origin: string): { scheme: string; host: string; port: string } {
  const u = new URL(origin);
  return { scheme: u.protocol.slice(0, -1), host: u.hostname, port: u.port };
}

/**
 * Every preset for a page served at `pageOrigin` (the mismatch presets are near misses of it).
 *
 * @example
 * presets('http://127.0.0.1:4000').map((p) => p.id); // ['works-get', 'missing-header', …]
 */
export function presets(pageOrigin: string): Preset[] {
  const { scheme, host, port } = originParts(pageOrigin);
  const withPort = port ? `:${port}` : '';
  const otherPort = port === '3000' ? '3001' : '3000';
  const exact = (value: string): DemoConfig => ({
    ...DEFAULT_DEMO_CONFIG,
    originMode: 'exact',
    originValue: value,
  });
  return [
    {
      id: 'works-get',
      label: 'Works: simple GET',
      description: 'The server reflects the allowed origin: no preflight, the page reads the response.',
      config: DEFAULT_DEMO_CONFIG,
      request: SIMPLE_GET,
      allowed: true,
    },
    {
      id: 'works-put-credentials',
      label: 'Works: PUT with JSON and cookies',
      description:
        'A preflight allows PUT and Content-Type; the exact origin and Allow-Credentials allow cookies.',
      config: { ...DEFAULT_DEMO_CONFIG, credentials: true, exposeHeaders: 'X-Request-Id', maxAge: '600' },
      request: { ...JSON_PUT, credentials: 'include' },
      allowed: true,
    },
    {
      id: 'missing-header',
      label: 'Missing Access-Control-Allow-Origin',
      description: 'The server sends no CORS headers at all: the most common error.',
      config: { ...DEFAULT_DEMO_CONFIG, originMode: 'none', allowMethods: '', allowHeaders: '' },
      request: SIMPLE_GET,
      allowed: false,
    },
    {
      id: 'wildcard-credentials',
      label: "'*' with credentials",
      description:
        "Access-Control-Allow-Origin: * never works when the page sends cookies (credentials: 'include').",
      config: { ...DEFAULT_DEMO_CONFIG, originMode: 'any', credentials: true },
      request: { ...SIMPLE_GET, credentials: 'include' },
      allowed: false,
    },
    {
      id: 'authorization-not-allowed',
      label: 'Authorization not allowed',
      description:
        'The preflight answers Access-Control-Allow-Headers: Content-Type, so a request with Authorization is refused.',
      config: { ...DEFAULT_DEMO_CONFIG, allowHeaders: 'Content-Type' },
      request: { ...SIMPLE_GET, headers: 'Authorization: Bearer demo-token' },
      allowed: false,
    },
    {
      id: 'put-not-allowed',
      label: 'PUT not allowed',
      description: 'The preflight answers Access-Control-Allow-Methods without PUT.',
      config: { ...DEFAULT_DEMO_CONFIG, allowMethods: 'GET, POST' },
      request: JSON_PUT,
      allowed: false,
    },
    {
      id: 'preflight-404',
      label: 'Preflight gets 404',
      description: 'The server has no OPTIONS route: the preflight fails before the real request is sent.',
      config: { ...DEFAULT_DEMO_CONFIG, preflightStatus: 404 },
      request: JSON_PUT,
      allowed: false,
    },
    {
      id: 'mismatch-trailing-slash',
      label: 'Origin mismatch: trailing slash',
      description: `The server allows '${pageOrigin}/': an origin never ends with a slash.`,
      config: exact(`${pageOrigin}/`),
      request: SIMPLE_GET,
      allowed: false,
    },
    {
      id: 'mismatch-www',
      label: 'Origin mismatch: www',
      description: `The server allows ${scheme}://www.${host}${withPort}, but the page is ${pageOrigin}.`,
      config: exact(`${scheme}://www.${host}${withPort}`),
      request: SIMPLE_GET,
      allowed: false,
    },
    {
      id: 'mismatch-scheme',
      label: 'Origin mismatch: scheme',
      description: `The server allows ${scheme === 'https' ? 'http' : 'https'}://${host}${withPort}: the scheme is part of the origin.`,
      config: exact(`${scheme === 'https' ? 'http' : 'https'}://${host}${withPort}`),
      request: SIMPLE_GET,
      allowed: false,
    },
    {
      id: 'mismatch-port',
      label: 'Origin mismatch: port',
      description: `The server allows ${scheme}://${host}:${otherPort} (the dev server's port), not the page's.`,
      config: exact(`${scheme}://${host}:${otherPort}`),
      request: SIMPLE_GET,
      allowed: false,
    },
    {
      id: 'redirect-ok',
      label: 'Works: redirect on the actual request',
      description:
        'The API redirects (307) to another path of the same origin; each hop carries CORS headers.',
      config: { ...DEFAULT_DEMO_CONFIG, redirect: 'actual' },
      request: SIMPLE_GET,
      allowed: true,
    },
    {
      id: 'preflight-redirect',
      label: 'Preflight redirected',
      description:
        'A preflight may never be redirected (a common result of an http→https or trailing-slash rewrite).',
      config: { ...DEFAULT_DEMO_CONFIG, redirect: 'preflight' },
      request: JSON_PUT,
      allowed: false,
    },
  ];
}
