import type { CorsOptions, CorsPolicy } from '../policy/types.js';
import type { CookieMode } from './cookies.js';
import type { Resolver } from './resolve.js';

/**
 * Options of `createCorsProxy`. Only `targets` and `cors` are required.
 *
 * @example
 * const options: ProxyOptions = {
 *   targets: ['https://api.example.com'],
 *   cors: { origins: ['http://localhost:5173'], methods: '*', allowedHeaders: '*', credentials: true },
 *   cookies: 'rewrite',
 * };
 */
export interface ProxyOptions {
  /**
   * Upstreams: `https://api.example.com/v1` (mounted at `/`) or `/auth=https://auth.example.com`
   * (mounted at `/auth`). Nothing else is ever reached.
   */
  readonly targets: readonly string[];
  /** The CORS policy (options for `createCors`, or a compiled policy). Preflights are always answered by the proxy. */
  readonly cors: CorsOptions | CorsPolicy;
  /** Connect to loopback, private, link-local, CGNAT and metadata addresses. Default false. */
  readonly allowPrivate?: boolean;
  /** What to do with upstream `Set-Cookie`. Default `keep`. */
  readonly cookies?: CookieMode;
  /** Milliseconds the upstream may stay silent (connecting, before headers, between body chunks) before a 504. Default 30 000. */
  readonly timeoutMs?: number;
  /** Milliseconds to establish the upstream connection (TCP and TLS) before a 504. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /**
   * Host names (beyond IP literals, `localhost` and `*.localhost`) the proxy answers to. Any other
   * `Host` is refused, so a DNS-rebinding page cannot use the proxy. Default none.
   */
  readonly allowedHosts?: readonly string[];
  /** Add, per CORS request, what the upstream's own CORS headers would have made the browser do. */
  readonly verbose?: boolean;
  /** Receives one entry per request (the CLI prints `formatLogEntry(entry)`). Default: none. */
  readonly onLog?: (entry: ProxyLogEntry) => void;
  /** Name resolution; defaults to the system resolver. Tests inject one. */
  readonly resolver?: Resolver;
  /** Trust upstream TLS certificates signed by these CAs (PEM). */
  readonly ca?: string;
  /** Skip upstream TLS verification (testing only). */
  readonly insecure?: boolean;
}

/**
 * What the proxy did with one request.
 *
 * @example
 * const e: ProxyLogEntry = { time: new Date(), origin: 'http://localhost:5173', method: 'GET', path: '/items', status: 200, cors: 'allowed', durationMs: 12 };
 */
export interface ProxyLogEntry {
  readonly time: Date;
  /** The request's Origin, or `null` for a request without one. */
  readonly origin: string | null;
  readonly method: string;
  readonly path: string;
  /** The status sent to the page (0 when the connection was cut before a status went out). */
  readonly status: number;
  /** The policy engine's decision: `preflight-allowed`, `preflight-refused`, `allowed`, `refused`, `not-cors`. */
  readonly cors: 'preflight-allowed' | 'preflight-refused' | 'allowed' | 'refused' | 'not-cors';
  readonly durationMs: number;
  /** The upstream URL, when the request was forwarded. */
  readonly upstream?: string;
  /** The error code, when the proxy answered with an error or the transfer broke. */
  readonly error?: string;
  /** The refusal reason of the policy engine, or the error message. */
  readonly reason?: string;
  /** With `verbose`: the browser engine's verdict on the upstream's own CORS headers. */
  readonly upstreamVerdict?: string;
}

/**
 * A running (or ready to run) proxy.
 *
 * @example
 * const proxy = createCorsProxy(options);
 * const { url } = await proxy.listen({ port: 8787 });
 * // … later
 * await proxy.close();
 */
export interface CorsProxy {
  /** The request handler, for mounting in your own `http.Server`. */
  readonly handle: (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => void;
  /** Start listening (default 127.0.0.1:8787). Resolves with the proxy's base URL. */
  listen(options?: {
    readonly port?: number;
    readonly host?: string;
  }): Promise<{ url: string; port: number; host: string }>;
  /** Stop listening, cut open connections and close upstream keep-alive sockets. */
  close(): Promise<void>;
}
