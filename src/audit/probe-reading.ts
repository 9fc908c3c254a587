// How `scan` asks the browser engine about one crafted origin. The engine builds the requests each
// browser profile sends (an actual GET, and the preflight of a PUT with a custom header), and the
// engine's CORS check (Fetch Standard §4.9) and CORS-preflight check (§4.8) decide, per profile, what
// the attacker's page may do with the answers. Nothing here reads Access-Control-* headers itself.
import {
  type AccessCheckFailure,
  type BrowserProfile,
  buildActualRequest,
  buildPreflightRequest,
  type ClassifiedRequest,
  checkPreflightResponse,
  corsCheck,
} from '../browser/index.js';
import type { HeaderList, HttpExchange, HttpRequest, HttpResponse } from '../exchange.js';
import { corsPageRequest } from './page-request.js';

/**
 * What a response grants one origin, by the engine's CORS check: a credentialed read, a read without
 * credentials, a read without credentials by any origin (`*`), or nothing.
 *
 * @example
 * const g: Grant = 'credentialed';
 */
export type Grant = 'credentialed' | 'anonymous' | 'any-origin' | 'none';

/**
 * What the engine's CORS-preflight check says of the probe's PUT with a custom header: it may follow
 * (`open`); the origin passed the access and status checks but the listed methods or headers refuse
 * this request (`origin-trusted`: what the lists allow is open); or refused.
 *
 * @example
 * const v: PreflightVerdict = 'origin-trusted';
 */
export type PreflightVerdict = 'open' | 'origin-trusted' | 'refused';

/**
 * One browser profile's reading of one probe: the two exchanges (as that browser sends them) and the
 * engine's verdicts on them.
 *
 * @example
 * const readings = await readProbe('https://api.example.com/', 'null', { send, profiles: browserProfiles });
 * readings.some((r) => r.read === 'credentialed'); // whether some browser lets a sandboxed page read with cookies
 */
export interface ProbeReading {
  readonly profile: BrowserProfile;
  readonly actual: HttpExchange;
  readonly preflight: HttpExchange;
  /** What the actual response grants the probe's origin. */
  readonly read: Grant;
  /** The CORS check's failure for a credentialed read of the actual response (null when it passes). */
  readonly readFailure: AccessCheckFailure | null;
  /** What the preflight response's access check grants the probe's origin. */
  readonly preflightGrant: Grant;
  /** The access check's failure on the preflight response, with credentials. */
  readonly preflightAccessFailure: AccessCheckFailure | null;
  /** The CORS-preflight check's verdict on the PUT with a custom header, with or without credentials. */
  readonly nonSimple: {
    readonly verdict: PreflightVerdict;
    readonly credentials: boolean;
    /** The preflight check's failure code for the strongest mode tried (credentials first), if it failed. */
    readonly failure: string | null;
  };
  /** Whether each response's Access-Control-Allow-Credentials passes the engine's credentials rule. */
  readonly allowsCredentials: { readonly actual: boolean; readonly preflight: boolean };
}

/**
 * How `readProbe` reaches the target.
 *
 * @example
 * const opts: ReadProbeOptions = { send: http.send, profiles: browserProfiles };
 */
export interface ReadProbeOptions {
  readonly send: (request: HttpRequest) => Promise<HttpResponse>;
  readonly profiles: readonly BrowserProfile[];
  /** The victim's ambient credentials (a session cookie), added to the actual request as a browser attaches them. */
  readonly headers?: HeaderList;
}

/** The probe's non-simple request: a PUT with a custom header always needs a preflight. */
const NON_SIMPLE = { method: 'PUT', headers: [['X-Corsair-Probe', '1']] } as const;

// Preflight failures that come after the access and ok-status checks: the origin itself was trusted.
const LIST_FAILURES = new Set([
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
]);

/**
 * Send the probe's requests as each profile's browser builds them (identical requests go on the wire
 * once) and read the answers with the engine, one reading per profile.
 *
 * @example
 * const [chromiumReading] = await readProbe('https://api.example.com/', 'https://evil.example', { send, profiles: [chromium] });
 * chromiumReading.read; // 'none' when the server does not trust https://evil.example
 */
export async function readProbe(
  target: string,
  origin: string,
  options: ReadProbeOptions,
): Promise<ProbeReading[]> {
  const answers = new Map<string, Promise<HttpResponse>>();
  const exchange = async (request: HttpRequest): Promise<HttpExchange> => {
    const key = JSON.stringify([request.method, request.url, request.headers]);
    const response = answers.get(key) ?? options.send(request);
    answers.set(key, response);
    return { request, response: await response };
  };
  const readings: ProbeReading[] = [];
  for (const profile of options.profiles) {
    // The page's requests are credentialed: `include` is what an attacker's page uses.
    const actualInit = corsPageRequest(target, origin, { method: 'GET', credentials: 'include' }, profile);
    const nonSimpleInit = corsPageRequest(target, origin, { ...NON_SIMPLE, credentials: 'include' }, profile);
    const actualRequest = buildActualRequest(actualInit, origin);
    const actual = await exchange({
      ...actualRequest,
      headers: [...actualRequest.headers, ...(options.headers ?? [])],
    });
    const preflight = await exchange(buildPreflightRequest(nonSimpleInit, origin));
    readings.push(judgeProbe(profile, origin, nonSimpleInit, actual, preflight));
  }
  return readings;
}

function judgeProbe(
  profile: BrowserProfile,
  origin: string,
  nonSimpleRequest: ClassifiedRequest,
  actual: HttpExchange,
  preflight: HttpExchange,
): ProbeReading {
  const read = grantOf(actual.response.headers, origin, profile);
  const preflightGrant = grantOf(preflight.response.headers, origin, profile);
  return {
    profile,
    actual,
    preflight,
    read: read.grant,
    readFailure: read.failure,
    preflightGrant: preflightGrant.grant,
    preflightAccessFailure: preflightGrant.failure,
    nonSimple: nonSimpleVerdict(preflight.response, origin, preflightGrant.grant, nonSimpleRequest, profile),
    allowsCredentials: {
      actual: allowsCredentials(actual.response.headers, profile),
      preflight: allowsCredentials(preflight.response.headers, profile),
    },
  };
}

/** The engine's CORS check, asked with and without credentials. */
function grantOf(
  headers: HeaderList,
  origin: string,
  profile: BrowserProfile,
): { grant: Grant; failure: AccessCheckFailure | null } {
  const failure = corsCheck(headers, origin, true, profile);
  if (failure === null) return { grant: 'credentialed', failure };
  if (corsCheck(headers, origin, false, profile) !== null) return { grant: 'none', failure };
  return { grant: failure.code === 'WildcardOriginNotAllowed' ? 'any-origin' : 'anonymous', failure };
}

/**
 * The engine's credentials rule (Access-Control-Allow-Credentials is byte-exactly `true`) on its own:
 * the CORS check of the same headers with the origin part satisfied. It tells a `*` that asked for
 * credentials from one that did not.
 */
function allowsCredentials(headers: HeaderList, profile: BrowserProfile): boolean {
  const satisfied: HeaderList = [
    ...headers.filter(([n]) => n.toLowerCase() !== 'access-control-allow-origin'),
    ['Access-Control-Allow-Origin', 'null'],
  ];
  return corsCheck(satisfied, 'null', true, profile) === null;
}

/** The CORS-preflight check of the non-simple request, with credentials when the origin has them. */
function nonSimpleVerdict(
  response: HttpResponse,
  origin: string,
  grant: Grant,
  c: ClassifiedRequest,
  profile: BrowserProfile,
): ProbeReading['nonSimple'] {
  if (grant === 'none' || grant === 'any-origin')
    return { verdict: 'refused', credentials: false, failure: null };
  const modes = grant === 'credentialed' ? [true, false] : [false];
  const results = modes.map((include) => ({
    include,
    result: checkPreflightResponse(
      response,
      { origin, include, method: c.method, unsafeHeaderNames: c.unsafeHeaderNames, hasAuthorization: false },
      profile,
    ),
  }));
  const first = results[0]!.result;
  const failure = first.ok ? null : first.failure.code;
  const open = results.find((r) => r.result.ok);
  if (open) return { verdict: 'open', credentials: open.include, failure };
  const trusted = results.find((r) => !r.result.ok && LIST_FAILURES.has(r.result.failure.code));
  if (trusted) return { verdict: 'origin-trusted', credentials: trusted.include, failure };
  return { verdict: 'refused', credentials: false, failure };
}
