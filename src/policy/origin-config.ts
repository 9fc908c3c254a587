// Config-time diagnosis of origins and wildcard patterns. Uses WHATWG URL (global in every runtime) to
// find the canonical serialization, then says precisely why the input differs from it.
import type { OriginPattern } from './types.js';

/**
 * A diagnosis: the canonical form, or a code, a sentence and a fix.
 *
 * @example
 * const d: OriginDiagnosis = diagnoseOrigin('https://app.example.com'); // { ok: true, origin: 'https://app.example.com', … }
 */
export type OriginDiagnosis =
  | {
      readonly ok: true;
      readonly origin: string;
      readonly scheme: string;
      readonly host: string;
      readonly port: string;
    }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly fix: string };

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether `host` is loopback (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`): `http://` is fine there.
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || LOOPBACK_V4.test(host);
}

function fail(code: string, message: string, fix: string): OriginDiagnosis {
  return { ok: false, code, message, fix };
}

/**
 * Diagnose a configured exact origin: accept only a string that IS a serialized http(s) origin.
 *
 * @example
 * diagnoseOrigin('https://app.example.com/'); // { ok: false, code: 'ORIGIN_TRAILING_SLASH', … fix: "use 'https://app.example.com'" }
 */
export function diagnoseOrigin(input: string): OriginDiagnosis {
  const q = `'${input}'`;
  if (input === 'null') {
    return fail(
      'ORIGIN_NULL',
      `${q} is the opaque origin sent by sandboxed iframes, file: pages and redirected requests; trusting it trusts all of them`,
      "remove 'null'; serve the page from a real origin and list that origin",
    );
  }
  if (input.trim() !== input || /\s/.test(input)) {
    return fail('ORIGIN_WHITESPACE', `${q} contains whitespace`, `use '${input.replace(/\s+/g, '')}'`);
  }
  if (input.toLowerCase().startsWith('file:')) {
    return fail(
      'ORIGIN_FILE',
      `${q}: file: pages have the opaque origin 'null', which can never be trusted safely`,
      'serve the page over http://localhost and list that origin',
    );
  }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(input)) {
    return fail(
      'ORIGIN_NO_SCHEME',
      `${q} has no scheme; an origin is scheme://host[:port]`,
      `use 'https://${input.replace(/^\/+/, '')}'`,
    );
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return fail(
      'ORIGIN_INVALID',
      `${q} is not a valid URL origin`,
      "write it as 'https://host' or 'https://host:port'",
    );
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') {
    return fail(
      'ORIGIN_SCHEME',
      `${q} uses the scheme '${scheme}:'; only http and https origins can be listed`,
      'list the https:// origin of the page',
    );
  }
  const canonical = url.origin;
  if (input === canonical) return { ok: true, origin: canonical, scheme, host: url.hostname, port: url.port };
  const use = `use '${canonical}'`;
  if (url.username !== '' || url.password !== '') {
    return fail('ORIGIN_USERINFO', `${q} contains a user name or password; an origin never does`, use);
  }
  if (url.search !== '' || input.includes('?')) {
    return fail('ORIGIN_HAS_QUERY', `${q} has a query; an origin is only scheme://host[:port]`, use);
  }
  if (url.hash !== '' || input.includes('#')) {
    return fail('ORIGIN_HAS_FRAGMENT', `${q} has a fragment; an origin is only scheme://host[:port]`, use);
  }
  if (input.endsWith('/') && url.pathname === '/') {
    return fail('ORIGIN_TRAILING_SLASH', `${q} has a trailing slash; an origin never ends with '/'`, use);
  }
  if (url.pathname !== '/') {
    return fail('ORIGIN_HAS_PATH', `${q} has a path; browsers send only scheme://host[:port] in Origin`, use);
  }
  const defaultPort = scheme === 'https' ? ':443' : ':80';
  if (input.toLowerCase().endsWith(defaultPort)) {
    return fail(
      'ORIGIN_DEFAULT_PORT',
      `${q} spells out the default port ${defaultPort.slice(1)}; browsers omit it, so this would never match`,
      use,
    );
  }
  if (input !== input.toLowerCase() && input.toLowerCase() === canonical) {
    return fail(
      'ORIGIN_UPPERCASE',
      `${q} has uppercase letters; browsers send the scheme and host in lowercase, so this would never match`,
      use,
    );
  }
  return fail('ORIGIN_NOT_SERIALIZED', `${q} is not written as browsers serialize origins`, use);
}

/**
 * Parse a wildcard pattern: `scheme://*.domain[:port]` (subdomains at any depth, not the apex) and/or
 * `scheme://host:*` (any port). Returns a diagnosis for the host part; the public-suffix check is the caller's.
 *
 * @example
 * parsePattern('https://*.example.com'); // { ok: true, pattern: { scheme: 'https', host: 'example.com', subdomains: true, anyPort: false, … } }
 */
export function parsePattern(
  input: string,
):
  | { readonly ok: true; readonly pattern: OriginPattern }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly fix: string } {
  const q = `'${input}'`;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?([^/:?#*]+|\[[^\]]+\])(?::(\*|[0-9]+))?$/.exec(input);
  if (m === null || (m[2] === undefined && m[4] !== '*')) {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\*$/.test(input) || input === 'https://*' || input === 'http://*') {
      return {
        ok: false,
        code: 'ORIGIN_PATTERN_TOO_BROAD',
        message: `${q} matches every host`,
        fix: "list the domains you trust, e.g. 'https://*.example.com', or use origins: '*' without credentials",
      };
    }
    return {
      ok: false,
      code: 'ORIGIN_PATTERN_INVALID',
      message: `${q} is not a supported wildcard pattern; '*' may only stand for subdomains ('https://*.example.com') or the port ('http://localhost:*')`,
      fix: "write 'scheme://*.domain', 'scheme://host:*' or 'scheme://*.domain:*'",
    };
  }
  const scheme = m[1]!;
  const sub = m[2] !== undefined;
  const hostPart = m[3]!;
  const portPart = m[4];
  const anyPort = portPart === '*';
  // Let the exact-origin diagnosis judge the host (case, IDNA, default port) on a concrete instance.
  const probe = `${scheme}://${sub ? `x.${hostPart}` : hostPart}${portPart !== undefined && !anyPort ? `:${portPart}` : ''}`;
  const d = diagnoseOrigin(probe);
  if (!d.ok) {
    const fixed = /use '(.*)'$/.exec(d.fix);
    const fix =
      fixed !== null
        ? `use '${fixed[1]!.replace(sub ? '://x.' : '://', sub ? '://*.' : '://')}${anyPort ? ':*' : ''}'`
        : d.fix;
    return {
      ok: false,
      code: d.code,
      message: `${q}: ${d.message.replace(`'${probe}'`, 'the host part')}`,
      fix,
    };
  }
  const host = sub ? d.host.slice(2) : d.host;
  if (sub && host.startsWith('[')) {
    return {
      ok: false,
      code: 'ORIGIN_PATTERN_INVALID',
      message: `${q}: an IP address has no subdomains`,
      fix: 'list the address itself',
    };
  }
  return {
    ok: true,
    pattern: { source: input, scheme, host, port: anyPort ? '' : d.port, subdomains: sub, anyPort },
  };
}
