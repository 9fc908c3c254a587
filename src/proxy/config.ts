// The proxy's options, validated and compiled once at construction.
import { createCors, isCorsPolicy } from '../policy/create.js';
import type { CorsPolicy } from '../policy/types.js';
import type { CookieMode } from './cookies.js';
import { ProxyError } from './errors.js';
import { createAgents, type UpstreamAgents } from './forward.js';
import { type Resolver, systemResolver } from './resolve.js';
import { type ProxyTarget, parseTarget } from './targets.js';
import type { ProxyLogEntry, ProxyOptions } from './types.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** The largest delay Node's timers accept (2^31 − 1 ms, about 24.8 days); beyond it they fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Everything a request needs from the options, compiled.
 *
 * @example
 * const config = compileProxyConfig({ targets: ['https://api.example.com'], cors: { origins: ['http://localhost:5173'] } });
 */
export interface ProxyConfig {
  readonly targets: readonly ProxyTarget[];
  readonly policy: CorsPolicy;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly cookieMode: CookieMode;
  readonly allowPrivate: boolean;
  readonly resolver: Resolver;
  /** Host names (lowercase) the proxy answers to besides IP literals and localhost. */
  readonly allowedHosts: ReadonlySet<string>;
  readonly agents: UpstreamAgents;
  readonly verbose: boolean;
  readonly onLog: ((entry: ProxyLogEntry) => void) | undefined;
}

function timerMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0 || value > MAX_TIMER_MS)
    throw new ProxyError(
      'PROXY_BAD_OPTION',
      `${name} must be a whole number of milliseconds from 1 to ${MAX_TIMER_MS}, got ${value}.`,
      `Set e.g. ${name}: ${fallback}.`,
      { details: { status: 500 } },
    );
  return value;
}

function compileTargets(specs: readonly string[]): ProxyTarget[] {
  if (specs.length === 0)
    throw new ProxyError(
      'PROXY_BAD_TARGET',
      'No upstream target is configured.',
      'Give one with --target https://api.example.com.',
      { details: { status: 500 } },
    );
  const targets = specs.map(parseTarget);
  const mounts = new Set<string>();
  for (const t of targets) {
    if (mounts.has(t.mount))
      throw new ProxyError(
        'PROXY_BAD_TARGET',
        `Two targets are mounted at '${t.mount}'.`,
        'Give each extra target its own prefix: --target /name=https://host.',
        { details: { status: 500 } },
      );
    mounts.add(t.mount);
  }
  return targets;
}

// The proxy always answers preflights itself: they never reach the upstream. It fronts one API for
// one development page, so it takes one policy: per-path policies belong to the deployment's own server.
function compilePolicy(cors: ProxyOptions['cors']): CorsPolicy {
  const routed = isCorsPolicy(cors) ? cors.routes.length > 0 : cors.routes !== undefined;
  if (routed) {
    throw new ProxyError(
      'PROXY_ROUTES_UNSUPPORTED',
      'The proxy takes one CORS policy for every path, and this policy has routes.',
      "Give the proxy the policy of the route your page calls (a policy file without 'routes').",
      { details: { status: 500 } },
    );
  }
  return isCorsPolicy(cors) ? cors : createCors({ ...cors, preflightContinue: false });
}

/**
 * Validate the options (throws `ProxyError` or `CorsConfigError`) and compile them. The upstream
 * agents are created last, so a bad option leaves nothing open.
 *
 * @example
 * const config = compileProxyConfig({ targets: ['https://api.example.com'], cors: { origins: ['http://localhost:5173'] } });
 * config.timeoutMs; // 30000
 */
export function compileProxyConfig(options: ProxyOptions): ProxyConfig {
  const targets = compileTargets(options.targets);
  const policy = compilePolicy(options.cors);
  const timeoutMs = timerMs(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
  const connectTimeoutMs = timerMs(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, 'connectTimeoutMs');
  return {
    targets,
    policy,
    timeoutMs,
    connectTimeoutMs,
    cookieMode: options.cookies ?? 'keep',
    allowPrivate: options.allowPrivate === true,
    resolver: options.resolver ?? systemResolver,
    allowedHosts: new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase())),
    agents: createAgents({
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.insecure !== undefined ? { insecure: options.insecure } : {}),
    }),
    verbose: options.verbose === true,
    onLog: options.onLog,
  };
}
