// Cause and fix for a recognised message, from what it states only. Where every fact advise() needs
// is stated, advise() words it (the same words check uses); otherwise the wording says what is unknown
// instead of filling it in.
import { advise } from '../advice.js';
import type { FailureDetail } from '../failure.js';
import type { CorsErrorCode } from '../types.js';
import type { Facts } from './facts.js';

export const PAGE_ORIGIN = "<your page's origin>";
export const THE_URL = '<the URL>';

/** Cause, fix and the facts a fix would need that the message does not state. */
export interface HonestAdvice {
  readonly cause: string;
  readonly fix: string;
  readonly detail: FailureDetail;
}

type Values = Readonly<Record<string, string>>;

/**
 * The failure's detail with only stated values: a value the message does not state is ''.
 *
 * @example
 * detailOf('MethodDisallowedByPreflightResponse', { method: 'PUT' }, facts); // { code, method: 'PUT', allowed: [] }
 */
export function detailOf(code: CorsErrorCode, v: Values, facts: Facts): FailureDetail {
  switch (code) {
    case 'PreflightInvalidStatus':
      return { code, status: facts.status ?? 0 };
    case 'PreflightDisallowedRedirect':
      return { code, status: facts.status ?? 0, location: v.location ?? '' };
    case 'InvalidAllowMethodsPreflightResponse':
    case 'InvalidAllowHeadersPreflightResponse':
      return { code, value: v.token ?? '', token: v.token ?? '' };
    case 'MethodDisallowedByPreflightResponse':
      return { code, method: v.method ?? facts.method ?? '', allowed: [] };
    case 'HeaderDisallowedByPreflightResponse':
      return { code, header: v.header ?? '', allowed: [], wildcardAuthorization: false };
    case 'RedirectContainsCredentials':
    case 'RedirectDisallowedScheme':
      return { code, location: v.location ?? '' };
    case 'NetworkError':
      return { code, reason: 'the request failed before a response arrived' };
    case 'CorsDisabledScheme':
      return {
        code,
        message:
          'The page fetched a URL whose scheme is not http or https (file:, data:, a custom scheme) from another origin; browsers only use CORS over HTTP(S).',
        fix: 'Serve both the page and the resource over http(s) (e.g. a local dev server instead of opening the page from file://).',
      };
    case 'TooManyRedirects':
      return { code, limit: 20 };
    case 'ForbiddenMethod':
    case 'InvalidRequest':
      return { code, message: '', fix: '' };
    default:
      return {
        code,
        value: v.value ?? '',
        lines: code.includes('Multiple') ? 2 : v.value ? 1 : 0,
      } as FailureDetail;
  }
}

const where = (code: string) =>
  code.startsWith('Preflight') && code !== 'PreflightInvalidStatus' && code !== 'PreflightDisallowedRedirect'
    ? 'the preflight (OPTIONS) response'
    : 'the response';

/** Wording for failures whose deciding value the message leaves out; null when advise() has all it needs. */
function unstated(code: CorsErrorCode, d: FailureDetail, url: string): { cause: string; fix: string } | null {
  switch (d.code) {
    case 'MethodDisallowedByPreflightResponse':
      return d.method
        ? {
            cause: `The preflight's Access-Control-Allow-Methods does not allow method ${d.method}.`,
            fix: `Add ${d.method} to Access-Control-Allow-Methods in the OPTIONS response, keeping the methods it already allows.`,
          }
        : {
            cause:
              "The preflight's Access-Control-Allow-Methods does not allow the request's method (the message does not name it).",
            fix: "Add the method your code sends (fetch()'s `method`) to Access-Control-Allow-Methods in the OPTIONS response, keeping the methods it already allows.",
          };
    case 'HeaderDisallowedByPreflightResponse':
      return d.header
        ? {
            cause: `The request sends the header '${d.header}', which the preflight's Access-Control-Allow-Headers does not allow.${d.header.toLowerCase() === 'authorization' ? " A '*' there never covers Authorization." : ''}`,
            fix: `Add ${d.header} to Access-Control-Allow-Headers in the OPTIONS response, keeping the headers it already allows.`,
          }
        : {
            cause:
              "The preflight's Access-Control-Allow-Headers does not allow one of the request's headers (the message does not name it).",
            fix: 'Add the headers your code sets to Access-Control-Allow-Headers in the OPTIONS response, keeping the ones it already allows.',
          };
    case 'PreflightInvalidStatus':
      return d.status
        ? null
        : {
            cause: `The preflight (OPTIONS ${url}) did not get a 2xx status (the message does not say which). The server or a proxy does not handle OPTIONS for this route, or requires authentication for it (preflights never carry cookies or Authorization).`,
            fix: 'Answer OPTIONS requests that carry Origin and Access-Control-Request-Method with 204 and the CORS headers, before any authentication or routing that would reject them.',
          };
    case 'PreflightDisallowedRedirect':
      return {
        cause: `The preflight (OPTIONS ${url}) was answered with a redirect${d.location ? ` to ${d.location}` : ''}; browsers never follow redirects for preflights (typical causes: http→https, a missing or extra trailing slash, a login redirect).`,
        fix: `Call the final URL directly from the page, or make the server answer OPTIONS at ${url} itself instead of redirecting.`,
      };
    case 'InvalidAllowMethodsPreflightResponse':
    case 'InvalidAllowHeadersPreflightResponse':
      return d.token
        ? null
        : {
            cause: `The preflight's ${code.includes('Methods') ? 'Access-Control-Allow-Methods' : 'Access-Control-Allow-Headers'} cannot be parsed (items must be separated by commas, not spaces, and hold no quotes or slashes).`,
            fix: 'Send a comma-separated list of names, one header line or several.',
          };
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return 'value' in d && d.value
        ? null
        : {
            cause: `${where(code).replace(/^t/, 'T')} carries an Access-Control-Allow-Origin that is not exactly the page's origin (the message does not show the value: ${code.includes('Multiple') ? 'more than one origin' : 'another origin, or not an origin'}).`,
            fix: "Send exactly one Access-Control-Allow-Origin line holding the request's Origin (scheme, host and port, no trailing slash) when it is on your allowlist. Send `Vary: Origin` too.",
          };
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return 'value' in d && d.value
        ? null
        : {
            cause: `The request includes credentials, so ${where(code)} must carry \`Access-Control-Allow-Credentials: true\` (exactly, lowercase); it does not (the message does not say what it carries).`,
            fix: `Add \`Access-Control-Allow-Credentials: true\` to ${where(code)} for allowlisted origins, or send the request without credentials if it needs none.`,
          };
    case 'NetworkError':
      return {
        cause: `The request to ${url} never got a response the browser could use (Firefox: "CORS request did not succeed"): the server is down or unreachable, the connection was refused or reset, the TLS certificate is not trusted, or the page is https and the URL http. Browsers report this like a CORS failure, but it is not one.`,
        fix: 'Open the URL in a tab of the same browser and look for the network error; check that the server is up and reachable (DNS, port, certificate, mixed content).',
      };
    default:
      return null;
  }
}

/**
 * Cause and fix naming what the message states and marking what it does not.
 *
 * @example
 * honestAdvice('PreflightInvalidStatus', {}, facts).cause; // "… did not get a 2xx status (the message does not say which) …"
 */
export function honestAdvice(code: CorsErrorCode, v: Values, facts: Facts): HonestAdvice {
  const detail = detailOf(code, v, facts);
  const url = facts.url ?? THE_URL;
  const own = unstated(code, detail, url);
  if (own) return { ...own, detail };
  const a = advise(detail, {
    origin: facts.origin ?? PAGE_ORIGIN,
    url,
    method: facts.method ?? 'GET',
    include: facts.credentials || code.includes('Credentials') || code.includes('Wildcard'),
  });
  return { cause: a.cause, fix: a.fix, detail };
}
