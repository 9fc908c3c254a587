import type { HeaderList } from '../exchange.js';
import type { OriginPattern } from '../origin/pattern.js';
import type { RoutePattern } from './routes/pattern.js';

export type { OriginPattern } from '../origin/pattern.js';
export type { RoutePattern, RouteSegment } from './routes/pattern.js';

/**
 * A predicate deciding an origin in code. It receives the serialized origin (already checked to be a
 * well-formed, single `Origin` value) and may be async; only then does `decide` return a Promise.
 *
 * @example
 * const fromDb: OriginPredicate = async (origin) => (await tenants.byOrigin(origin)) !== undefined;
 */
export type OriginPredicate = (origin: string) => boolean | Promise<boolean>;

/**
 * One entry of `origins`: an exact serialized origin (`https://app.example.com`), a wildcard pattern
 * (`https://*.example.com` = any subdomain at any depth, not the apex; `http://localhost:*` = any port),
 * an anchored `RegExp`, or a predicate.
 *
 * @example
 * const entries: OriginEntry[] = ['https://app.example.com', 'https://*.example.com', /^https:\/\/pr-\d+\.preview\.example\.com$/];
 */
export type OriginEntry = string | RegExp | OriginPredicate;

/**
 * What `createCors` accepts. Every option is validated up front; see docs/server.md.
 *
 * @example
 * const options: CorsOptions = { origins: ['https://app.example.com'], methods: ['GET', 'PUT'], credentials: true, maxAge: 600 };
 */
export interface CorsOptions {
  /**
   * Allowed origins, or `'*'` for any origin (never with credentials). Required, except beside `routes`,
   * where the top-level options are the defaults for paths no route matches and may be left out (then
   * such paths get no CORS headers).
   */
  readonly origins?: '*' | readonly OriginEntry[];
  /** Methods a preflight may ask for; `'*'` for any. GET, HEAD and POST always pass (browsers never check them). Default: GET, HEAD, POST. */
  readonly methods?: '*' | readonly string[];
  /** Request header names a preflight may ask for; `'*'` for any. Default: none beyond the safelisted ones. */
  readonly allowedHeaders?: '*' | readonly string[];
  /** Response header names the page may read beyond the safelisted ones; `'*'` only without credentials. */
  readonly exposedHeaders?: '*' | readonly string[];
  /** Send `Access-Control-Allow-Credentials: true` (cookies, HTTP auth, client certificates). Default false. */
  readonly credentials?: boolean;
  /** Seconds a browser may cache a preflight answer (0..86400). Default: header omitted (browsers use 5 s). */
  readonly maxAge?: number;
  /** Status of an answered, allowed preflight (200..299). Default 204. */
  readonly preflightStatus?: number;
  /** Pass allowed preflights on to the application (with the CORS headers set) instead of answering them. */
  readonly preflightContinue?: boolean;
  /** Say why a request was refused: a `Corsair-Reason` header and body on refused preflights, and a log line. A function receives the reasons instead of `console.warn`. */
  readonly debug?: boolean | ((reason: string) => void);
  /** Allow `http://` origins other than loopback together with `credentials: true` (their cookies travel in clear). Default false. */
  readonly allowInsecureOrigins?: boolean;
  /**
   * Per-path policies, first match wins. Each route is a whole policy of its own (it inherits nothing
   * from the top level but `debug`) or `{ path, cors: false }`. Paths: literal segments, `:name`
   * segments and a trailing `/*`, matched case-insensitively on the decoded, normalized path.
   */
  readonly routes?: readonly CorsRoute[];
}

/**
 * A route with its own policy: a path pattern and the options of a single policy (`origins` required).
 *
 * @example
 * const route: CorsRouteOptions = { path: '/api/*', origins: ['https://app.example.com'], credentials: true };
 */
export interface CorsRouteOptions extends Omit<CorsOptions, 'routes' | 'origins'> {
  /** `/literal/:param/*`: literal segments, `:name` segments (one segment each), a trailing `/*`. */
  readonly path: string;
  readonly origins: '*' | readonly OriginEntry[];
}

/**
 * A route without CORS: requests to it get no CORS headers and preflights go to the application.
 *
 * @example
 * const route: CorsRouteOff = { path: '/webhooks/*', cors: false };
 */
export interface CorsRouteOff {
  readonly path: string;
  readonly cors: false;
}

/**
 * One entry of `routes`.
 *
 * @example
 * const routes: CorsRoute[] = [{ path: '/public/*', origins: '*' }, { path: '/webhooks/*', cors: false }];
 */
export type CorsRoute = CorsRouteOptions | CorsRouteOff;

/**
 * One configuration problem: the option (and JSON path) at fault, what is wrong, and how to fix it.
 *
 * @example
 * const issue: CorsConfigIssue = { code: 'POLICY_WILDCARD_WITH_CREDENTIALS', option: 'origins', path: '$.origins', message: "origins '*' cannot be used with credentials: true", fix: 'List the origins you trust.' };
 */
export interface CorsConfigIssue {
  /** A stable machine-readable code, e.g. `ORIGIN_TRAILING_SLASH`. */
  readonly code: string;
  /** The option's name, e.g. `origins`. */
  readonly option: string;
  /** A JSON path to the value at fault, e.g. `$.origins[2]`. */
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
}

/**
 * A reader of request headers by (lowercase) name, as `Headers` in the Fetch API has one.
 *
 * @example
 * const headers: HeaderGetter = new Headers({ origin: 'https://app.example.com' });
 */
export interface HeaderGetter {
  get(name: string): string | null | undefined;
}

/**
 * What `decide` reads: the method and the headers, either as ordered lines (duplicates detected) or
 * a getter that joins duplicates with `, ` (Fetch `Headers`, which makes a repeated Origin malformed).
 *
 * @example
 * const req: CorsRequest = { method: 'OPTIONS', headers: [['Origin', 'https://app.example.com'], ['Access-Control-Request-Method', 'PUT']] };
 */
export interface CorsRequest {
  readonly method: string;
  readonly headers: HeaderList | HeaderGetter;
  /** The request target (`/path?query`) or absolute URL; required by a policy with routes. */
  readonly url?: string;
}

/**
 * What the engine decided for one request. Adapters set `headers`, merge `vary` into any existing
 * `Vary` header, and when `status` is set answer the request themselves with that status and no body.
 *
 * @example
 * const d = policy.decide({ method: 'GET', headers: [['Origin', 'https://app.example.com']] });
 * // { kind: 'actual', allowed: true, headers: [['Access-Control-Allow-Origin', 'https://app.example.com']], vary: ['Origin'], varyValue: 'Origin' }
 */
export interface Decision {
  /** `preflight`: OPTIONS with Origin and Access-Control-Request-Method; `actual`: any other request with Origin; `not-cors`: no Origin. */
  readonly kind: 'preflight' | 'actual' | 'not-cors';
  /** Whether the policy lets the page read the response (or, for a preflight, send the actual request). */
  readonly allowed: boolean;
  /** Set when the adapter must answer the request itself (preflights, unless `preflightContinue`). */
  readonly status?: number;
  /** CORS response headers to set, in order. */
  readonly headers: HeaderList;
  /** Header names to merge into `Vary` (never overwriting or duplicating what is there). */
  readonly vary: readonly string[];
  /** `vary` joined with `, `, precomputed for adapters. */
  readonly varyValue: string;
  /** Why the request was refused (always set when `allowed` is false and the request is CORS). */
  readonly reason?: string;
  /** With `debug`, the text body of an answered refused preflight (the reason, for the network panel). */
  readonly body?: string;
  /**
   * CORS is off for this request's path (`cors: false`, or no route matches and there are no defaults):
   * the writer neither sets nor removes any header there, so the application's own answer stands.
   */
  readonly off?: true;
}

/**
 * The validated, normalized options, for tools (`generate`, `verify`) that turn a policy into other forms.
 *
 * @example
 * const { exactOrigins, patterns } = createCors({ origins: ['https://a.example', 'https://*.b.example'] }).options;
 */
export interface NormalizedCorsOptions {
  /** `true` when `origins: '*'`. */
  readonly anyOrigin: boolean;
  /** Exact serialized origins, in the order given. */
  readonly exactOrigins: readonly string[];
  /** Wildcard patterns as written (`https://*.example.com`, `http://localhost:*`). */
  readonly patterns: readonly OriginPattern[];
  /** Anchored RegExps given in code. */
  readonly regexps: readonly RegExp[];
  /** Number of predicates given in code (they cannot be exported). */
  readonly predicates: number;
  /** `'*'` or the method names exactly as configured. */
  readonly methods: '*' | readonly string[];
  /** `'*'` or the header names as configured (case kept). */
  readonly allowedHeaders: '*' | readonly string[];
  /** `'*'` or the header names as configured. */
  readonly exposedHeaders: '*' | readonly string[];
  readonly credentials: boolean;
  /** `undefined` when the header is not sent. */
  readonly maxAge: number | undefined;
  readonly preflightStatus: number;
  readonly preflightContinue: boolean;
  readonly allowInsecureOrigins: boolean;
}

/**
 * One validated route, for tools: its pattern and its normalized options, or `null` for `cors: false`.
 *
 * @example
 * const [first] = createCors({ routes: [{ path: '/public/*', origins: '*' }] }).routes;
 * // first.pattern.rest === true, first.options?.anyOrigin === true
 */
export interface NormalizedRoute {
  readonly pattern: RoutePattern;
  /** `null`: CORS is off for this path. */
  readonly options: NormalizedCorsOptions | null;
}

/**
 * A compiled policy. Build it once with `createCors` and share it between requests and adapters.
 *
 * @example
 * const policy: CorsPolicy = createCors({ origins: ['https://app.example.com'] });
 * policy.decide({ method: 'GET', headers: new Headers({ origin: 'https://app.example.com' }) });
 */
export interface CorsPolicy {
  /**
   * The options of a policy without routes. A policy with routes has no single set of options: reading
   * this throws `POLICY_HAS_ROUTES` (a `CorsUsageError`), so that a tool unaware of routes fails loudly
   * instead of treating the defaults as the whole policy; read `defaults` and `routes` instead.
   */
  readonly options: NormalizedCorsOptions;
  /** The top-level options: the whole policy, or beside routes the defaults (`null`: none, no CORS). */
  readonly defaults: NormalizedCorsOptions | null;
  /** The routes in order (empty without `routes`). */
  readonly routes: readonly NormalizedRoute[];
  /** Whether some origin predicate may return a Promise (then `decide` may too). */
  readonly isAsync: boolean;
  /** Decide a request (a policy with routes needs its `url`). Sync unless a predicate returns a Promise. */
  decide(request: CorsRequest): Decision | Promise<Decision>;
  /**
   * The same from raw values, the fastest path for adapters: `origin`, `requestMethod`
   * (Access-Control-Request-Method) and `requestHeaders` (Access-Control-Request-Headers) as read from
   * the request, `undefined`/`null` when absent, repeated lines joined with `, `; `target` is the
   * request target (`/path?query` or an absolute URL), which a policy with routes requires (it throws
   * `POLICY_ROUTES_NEED_PATH` without it rather than apply the defaults to every path).
   */
  decideValues(
    method: string,
    origin: string | null | undefined,
    requestMethod: string | null | undefined,
    requestHeaders: string | null | undefined,
    target?: string,
  ): Decision | Promise<Decision>;
  /** Whether `origin` (a serialized origin) is allowed, for tools; sync unless a predicate is async. */
  /** With routes, `target` (the request's path) picks the route; without it a routed policy throws. */
  allowsOrigin(origin: string, target?: string): boolean | Promise<boolean>;
}
