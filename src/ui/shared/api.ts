// The JSON contract between the page and the local server (types only: nothing here runs).
import type {
  ConsoleBrowser,
  ConsoleMessages,
  CorsErrorCode,
  CredentialsMode,
  Outcome,
  Warning,
} from '../../browser/types.js';
import type { HeaderLine } from '../../exchange.js';
import type { CorsConfigIssue } from '../../policy/index.js';
import type { DemoConfig } from './demo-config.js';

/**
 * An error the API answers with: a code, a sentence and a fix, like every user-facing corsair error.
 *
 * @example
 * const e: ApiError = { code: 'UI_BAD_TOKEN', message: 'This request did not come from the corsair page.', fix: 'Reload the page.' };
 */
export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * `POST /api/probe`: the request the page is about to make.
 *
 * @example
 * const body: ProbeRequest = { url: 'http://localhost:4001/c/abc/items', method: 'GET', headers: [], credentials: 'omit', browser: 'chromium' };
 */
export interface ProbeRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: readonly HeaderLine[];
  readonly credentials: CredentialsMode;
  readonly browser: ConsoleBrowser;
}

/**
 * `POST /api/probe` answer: the engine's prediction from the raw exchanges the server saw.
 *
 * @example
 * const r: ProbeResult = await (await fetch('/api/probe', init)).json();
 * if (!r.allowed) console.log(r.error?.fix);
 */
export interface ProbeResult {
  readonly allowed: boolean;
  readonly browser: ConsoleBrowser;
  readonly pageOrigin: string;
  readonly error: null | {
    readonly code: CorsErrorCode;
    readonly messages: ConsoleMessages;
    readonly cause: string;
    readonly fix: string;
  };
  /** Preflight and actual steps with their raw header lines and checks (empty when the network failed). */
  readonly steps: Outcome['steps'];
  readonly exposedHeaders: readonly string[];
  readonly warnings: readonly Warning[];
  /** Set when the server could not reach the URL at all (the browser then fails too, with a TypeError). */
  readonly networkError: ApiError | null;
  readonly elapsedMs: number;
}

/**
 * `POST /api/demo`: register a demo API answer; the reply names the URL that answers with it.
 *
 * @example
 * const r: DemoRegistration = { id: '3f9a0c1b2d', url: 'http://localhost:4001/c/3f9a0c1b2d/items', config };
 */
export interface DemoRegistration {
  readonly id: string;
  readonly url: string;
  readonly config: DemoConfig;
}

/**
 * `POST /api/validate` answer: the issues of the options and the policy file to save.
 *
 * @example
 * const v: ValidateResult = { valid: true, issues: [], policyFile: '{\n  "origins": ["https://app.example.com"]\n}\n', targets: [], generated: null, generateError: null };
 */
export interface ValidateResult {
  readonly valid: boolean;
  readonly issues: readonly CorsConfigIssue[];
  readonly policyFile: string;
  /** Config generators (`name` or `name:flavor`), with a short label and what the output is. */
  readonly targets: readonly { readonly id: string; readonly label: string; readonly title: string }[];
  /** The config for the requested target, when one was asked for and the options are valid. */
  readonly generated: null | {
    readonly target: string;
    readonly files: readonly { readonly path: string; readonly content: string }[];
    readonly notes: readonly { readonly code: string; readonly message: string }[];
  };
  /** Why the requested target cannot express this (valid) policy safely. */
  readonly generateError: ApiError | null;
}

/**
 * Which part of a policy decides a request path: a route (by its index and pattern; `off` when it is
 * `cors: false`), the defaults, nothing (no route and no defaults: no CORS), or nothing because servers
 * may read the path as different routes, or because it has more segments than corsair reads.
 *
 * @example
 * const m: RouteMatch = { kind: 'route', index: 1, path: '/private/*', off: false };
 */
export type RouteMatch =
  | { readonly kind: 'route'; readonly index: number; readonly path: string; readonly off: boolean }
  | { readonly kind: 'defaults' }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous' }
  | { readonly kind: 'too-long' };

/**
 * `POST /api/policy-demo` answer: the demo API URL that serves the builder's policy at the asked path,
 * and the route that path takes.
 *
 * @example
 * const r: PolicyDemoRegistration = { id: '3f9a0c1b2d4e', url: 'http://localhost:4001/p/3f9a0c1b2d4e/private/items', sent: '/private/items', route: { kind: 'defaults' } };
 */
export interface PolicyDemoRegistration {
  readonly id: string;
  /** The demo URL as a browser reads it (dot segments resolved). */
  readonly url: string;
  /** The path and query the policy decides by: what a browser sends, below `/p/<id>`. */
  readonly sent: string;
  readonly route: RouteMatch;
}
