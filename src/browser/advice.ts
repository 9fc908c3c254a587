import type { FailureDetail } from './failure.js';

/** What the advice needs to name concrete values. */
export interface AdviceContext {
  /** The origin the request carried (`null` after a cross-origin redirect). */
  readonly origin: string;
  readonly url: string;
  readonly method: string;
  readonly include: boolean;
}

/** A failure's cause in plain words and the concrete fix. */
export interface Advice {
  readonly cause: string;
  readonly fix: string;
}

const VARY = ' Send `Vary: Origin` too, so caches keep one answer per origin.';

// Allowing the opaque origin lets every sandboxed iframe and file: page read the response: never the fix.
const NULL_ORIGIN_FIX =
  'Do not allow the origin null: `Access-Control-Allow-Origin: null` would let every sandboxed iframe, file: page and data: URL on the web read this response. A browser sends Origin: null from a sandboxed iframe without allow-same-origin, from a file: or data: page, and after a redirect that crossed origins: serve the page from a real origin (http://localhost:<port> in development) and allow that origin, or call the final URL directly instead of through the redirect.';

/**
 * Explain a failure: why the browser refused and what to change. Wording names the values
 * involved, so the fix can be applied as written.
 *
 * @example
 * advise({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, { origin: 'https://app.example', url: 'https://api.example/x', method: 'GET', include: false }).fix;
 * // "Make the server at https://api.example answer requests from https://app.example with `Access-Control-Allow-Origin: https://app.example` …"
 */
export function advise(d: FailureDetail, ctx: AdviceContext): Advice {
  const server = serverOf(ctx.url);
  const o = ctx.origin;
  const pre =
    d.code.startsWith('Preflight') &&
    !['PreflightInvalidStatus', 'PreflightDisallowedRedirect'].includes(d.code);
  const where = pre ? 'the preflight (OPTIONS) response' : 'the response';
  const allowOriginFix =
    o === 'null'
      ? NULL_ORIGIN_FIX
      : `Make ${server} answer ${pre ? 'the OPTIONS preflight' : 'requests'} from ${o} with \`Access-Control-Allow-Origin: ${o}\`${ctx.include ? ' and `Access-Control-Allow-Credentials: true`' : ''} (echo the origin only after checking it against an allowlist; never reflect any origin).${VARY}`;
  switch (d.code) {
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return {
        cause: `${cap(where)} from ${ctx.url} has no Access-Control-Allow-Origin header, so the browser hides it from the page at ${o}. Often the CORS middleware did not run for this route or status (errors, 404s, ${pre ? 'OPTIONS not routed to it' : 'a proxy in front'}).`,
        fix: allowOriginFix,
      };
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return {
        cause: `${cap(where)} carries Access-Control-Allow-Origin '${'value' in d ? d.value : ''}'${'lines' in d && d.lines > 1 ? ` on ${d.lines} lines` : ''}; it must hold exactly one origin. Usually two layers (app and proxy, or two middlewares) both add the header, or a list of origins was sent as is.`,
        fix: `Send a single Access-Control-Allow-Origin line with one value: the request's Origin (${o}) when it is on your allowlist. Remove the duplicate from one layer.${VARY}`,
      };
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return {
        cause: `${cap(where)} carries Access-Control-Allow-Origin '${'value' in d ? d.value : ''}', which is not an origin.`,
        fix: `Send the exact serialized origin: \`Access-Control-Allow-Origin: ${o}\` (scheme, host and port only; no path, no trailing slash).`,
      };
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return {
        cause: `${cap(where)} allows '${'value' in d ? d.value : ''}' but the request came from '${o}'. The comparison is byte for byte: scheme, host, port${'value' in d && d.value.endsWith('/') ? ' and here a trailing slash' : ''} must match exactly.${o === 'null' ? ' The origin is null because a redirect crossed origins (or the page is sandboxed or a file:).' : ''}`,
        fix: allowOriginFix,
      };
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return {
        cause: `${cap(where)} says \`Access-Control-Allow-Origin: *\`, but the request includes credentials (cookies, HTTP auth); browsers never accept the wildcard then.`,
        fix:
          o === 'null'
            ? NULL_ORIGIN_FIX
            : `Either drop credentials (fetch without \`credentials: 'include'\`), or answer ${o} specifically: \`Access-Control-Allow-Origin: ${o}\` and \`Access-Control-Allow-Credentials: true\`, for allowlisted origins only.${VARY}`,
      };
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return {
        cause: `The request includes credentials, so ${where} must carry \`Access-Control-Allow-Credentials: true\` (exactly, lowercase); it ${'value' in d && d.value !== '' ? `carries '${d.value}'` : 'has none'}.`,
        fix: `Add \`Access-Control-Allow-Credentials: true\` to ${where} for allowlisted origins, or send the request without credentials if it needs none.`,
      };
    case 'PreflightInvalidStatus':
      return {
        cause: `The preflight (OPTIONS ${ctx.url}) got status ${d.status}; a preflight must succeed with a 2xx status. The server or a proxy does not handle OPTIONS for this route (or requires authentication for it: preflights never carry cookies or Authorization).`,
        fix: `Answer OPTIONS requests that carry Origin and Access-Control-Request-Method with 204 and the CORS headers, before any authentication or routing that would reject them.`,
      };
    case 'PreflightDisallowedRedirect':
      return {
        cause: `The preflight got a ${d.status} redirect to ${d.location}; browsers never follow redirects for preflights (typical causes: http→https, a missing or extra trailing slash, a login redirect).`,
        fix: `Call the final URL directly from the page (${d.location}), or make the server answer OPTIONS at ${ctx.url} itself instead of redirecting.`,
      };
    case 'InvalidAllowMethodsPreflightResponse':
    case 'InvalidAllowHeadersPreflightResponse': {
      const h =
        d.code === 'InvalidAllowMethodsPreflightResponse'
          ? 'Access-Control-Allow-Methods'
          : 'Access-Control-Allow-Headers';
      return {
        cause: `The preflight's ${h} '${d.value}' cannot be parsed: '${d.token}' is not a token (items must be separated by commas, not spaces, and hold no quotes or slashes).`,
        fix: `Send a comma-separated list, e.g. \`${h}: ${h.endsWith('Methods') ? 'GET, POST, PUT' : 'Content-Type, Authorization'}\`.`,
      };
    }
    case 'MethodDisallowedByPreflightResponse':
      return {
        cause: `The request uses method ${d.method}, which the preflight's Access-Control-Allow-Methods (${d.allowed.length ? d.allowed.join(', ') : 'absent'}) does not allow.${d.method !== d.method.toUpperCase() ? ` Method names are case-sensitive: fetch() sends '${d.method}' as written.` : ''}${ctx.include && d.allowed.includes('*') ? " '*' is a literal method name when credentials are included." : ''}`,
        fix: `Add ${d.method} to Access-Control-Allow-Methods in the OPTIONS response${d.method !== d.method.toUpperCase() ? ` (or call fetch with method '${d.method.toUpperCase()}')` : ''}.`,
      };
    case 'HeaderDisallowedByPreflightResponse':
      return {
        cause: d.wildcardAuthorization
          ? `The request sends Authorization, and the preflight allows headers with '*' only; '*' never covers Authorization.`
          : `The request sends the header '${d.header}', which the preflight's Access-Control-Allow-Headers (${d.allowed.length ? d.allowed.join(', ') : 'absent'}) does not allow.${ctx.include && d.allowed.includes('*') ? " '*' is a literal header name when credentials are included." : ''}`,
        fix: `Add ${d.header} to Access-Control-Allow-Headers in the OPTIONS response${d.header === 'content-type' ? ', or send a CORS-safelisted Content-Type (text/plain, application/x-www-form-urlencoded, multipart/form-data) so no preflight is needed' : ''}.`,
      };
    case 'RedirectContainsCredentials':
      return {
        cause: `The server redirected to '${d.location}', which contains a username and password; browsers refuse such redirects for cross-origin requests.`,
        fix: 'Redirect to a URL without userinfo; pass credentials in a header (Authorization) or a cookie instead.',
      };
    case 'RedirectDisallowedScheme':
      return {
        cause: `The server redirected a cross-origin request to '${d.location}', whose scheme is not http or https.`,
        fix: 'Redirect only to http(s) URLs, or have the page fetch the final resource directly.',
      };
    case 'TooManyRedirects':
      return {
        cause: `The request was redirected more than ${d.limit} times (a redirect loop).`,
        fix: 'Fix the redirect loop on the server (check trailing-slash and http→https rules).',
      };
    case 'NetworkError':
      if (d.badPort !== undefined)
        return {
          cause: `Port ${d.badPort} is a bad port (Fetch Standard "port blocking": it belongs to another protocol, such as X11, IRC or SMTP), so the browser refuses to connect: nothing is sent, and no server setting can change it.`,
          fix: `Serve the API on another port (443, 8443, 8080, 3000…); a browser only allows port ${d.badPort} when started with a flag (Chromium --explicitly-allowed-ports=${d.badPort}, Firefox network.security.ports.banned.override).`,
        };
      return {
        cause: `The request to ${ctx.url} never got a response: ${d.reason}. Browsers report this like a CORS failure, but it is not one.`,
        fix: 'Check that the server is up and reachable from the browser (DNS, port, TLS certificate, mixed content).',
      };
    case 'CorsDisabledScheme':
    case 'ForbiddenMethod':
    case 'InvalidRequest':
      return { cause: d.message, fix: d.fix };
  }
}

function serverOf(url: string): string {
  try {
    return `the server at ${new URL(url).origin}`;
  } catch {
    return 'the server';
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
