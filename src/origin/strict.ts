import { DEFAULT_PORTS, type TupleOrigin } from './types.js';
import { originOfUrl, serializeOrigin } from './url-origin.js';

/** Why a string is not a serialized origin. */
export type OriginErrorCode =
  | 'EmptyOrigin'
  | 'Whitespace'
  | 'MissingScheme'
  | 'UnsupportedScheme'
  | 'UppercaseScheme'
  | 'UppercaseHost'
  | 'Userinfo'
  | 'TrailingSlash'
  | 'Path'
  | 'Query'
  | 'Fragment'
  | 'Wildcard'
  | 'InvalidHost'
  | 'InvalidPort'
  | 'DefaultPort'
  | 'NotSerialized';

/** A string accepted by {@link parseSerializedOrigin}. */
export interface SerializedOriginOk {
  readonly ok: true;
  readonly origin: TupleOrigin | { readonly opaque: true };
  readonly serialized: string;
}

/** A string refused by {@link parseSerializedOrigin}: a code, a plain sentence and the fix. */
export interface SerializedOriginError {
  readonly ok: false;
  readonly code: OriginErrorCode;
  readonly reason: string;
  readonly fix: string;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const WHITESPACE = /[\s\u0000-\u001f\u007f]/;

function fail(code: OriginErrorCode, reason: string, fix: string): SerializedOriginError {
  return { ok: false, code, reason, fix };
}

/** `'…'` with control characters made visible, so a message never hides what was wrong. */
function q(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/'/g, "\\'")}'`;
}

/** A best-effort corrected origin for the fix text, or null when none can be derived. */
function suggestion(input: string): string | null {
  try {
    const o = originOfUrl(new URL(input.trim()));
    return 'opaque' in o ? null : serializeOrigin(o);
  } catch {
    return null;
  }
}

function use(input: string, fallback: string): string {
  const s = suggestion(input);
  return s ? `use '${s}'` : fallback;
}

/**
 * Strict check that `input` IS a serialized origin, byte for byte, as a browser sends it in the
 * `Origin` header (HTML Standard §7.1.1 "ASCII serialization of an origin"); `null` is accepted as the
 * opaque origin. Anything else is refused with a precise code, a reason and a fix, e.g. a trailing
 * slash, a path, userinfo, uppercase letters, an explicit default port or an unsupported scheme. Used
 * by the server policy validator and the CLI.
 *
 * @example
 * parseSerializedOrigin('https://app.example.com');
 * // { ok: true, origin: { scheme: 'https', host: 'app.example.com', port: null }, serialized: 'https://app.example.com' }
 * parseSerializedOrigin('https://app.example.com/').ok; // false (code 'TrailingSlash')
 */
export function parseSerializedOrigin(input: string): SerializedOriginOk | SerializedOriginError {
  if (typeof input !== 'string' || input === '') {
    return fail(
      'EmptyOrigin',
      'The origin is empty.',
      "write a full origin such as 'https://app.example.com'",
    );
  }
  if (input === 'null') return { ok: true, origin: { opaque: true }, serialized: 'null' };
  if (WHITESPACE.test(input)) {
    const t = input.trim();
    return fail(
      'Whitespace',
      `${q(input)} contains whitespace or a control character; an origin never does.`,
      t !== input && t !== '' && !WHITESPACE.test(t) ? `use '${t}'` : 'remove the whitespace',
    );
  }
  const schemeMatch = SCHEME.exec(input);
  if (!schemeMatch || !input.slice(schemeMatch[0].length).startsWith('//')) {
    if (input.toLowerCase() === 'null') {
      return fail(
        'NotSerialized',
        `${q(input)} is not the opaque origin; browsers send exactly 'null'.`,
        "use 'null'",
      );
    }
    const bare = input.replace(/^\/+/, '');
    return fail(
      'MissingScheme',
      `${q(input)} has no scheme; an origin starts with 'https://' or 'http://'.`,
      `use 'https://${bare}'`,
    );
  }
  const rawScheme = schemeMatch[0].slice(0, -1);
  const scheme = rawScheme.toLowerCase();
  if (!(scheme in DEFAULT_PORTS)) {
    return fail(
      'UnsupportedScheme',
      `${q(input)} uses the scheme '${rawScheme}', whose URLs have an opaque origin (browsers send 'null' for them); only http, https, ws, wss and ftp origins can be written out.`,
      `use an http or https origin, or 'null' if you really mean opaque origins`,
    );
  }
  if (rawScheme !== scheme) {
    return fail(
      'UppercaseScheme',
      `${q(input)} has uppercase letters in its scheme; browsers always send it lowercase, so it would never match.`,
      use(input, `write the scheme as '${scheme}'`),
    );
  }
  const afterScheme = input.slice(schemeMatch[0].length + 2);
  const endOfAuthority = afterScheme.search(/[/?#\\]/);
  const authority = endOfAuthority === -1 ? afterScheme : afterScheme.slice(0, endOfAuthority);
  const rest = endOfAuthority === -1 ? '' : afterScheme.slice(endOfAuthority);
  const base = `${scheme}://${authority}`;
  if (rest !== '') {
    const c = rest[0];
    if (rest === '/' || rest === '\\') {
      return fail(
        'TrailingSlash',
        `${q(input)} has a trailing slash; an origin never ends with '/'.`,
        use(base, `remove the trailing '/'`),
      );
    }
    const [code, what] =
      c === '?'
        ? (['Query', 'a query'] as const)
        : c === '#'
          ? (['Fragment', 'a fragment'] as const)
          : (['Path', 'a path'] as const);
    return fail(
      code,
      `${q(input)} has ${what} ('${rest}'); an origin is only scheme://host[:port].`,
      use(base, `remove '${rest}'`),
    );
  }
  if (authority.includes('@')) {
    const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
    return fail(
      'Userinfo',
      `${q(input)} contains a username or password; an origin never does and browsers refuse such URLs.`,
      use(`${scheme}://${hostPart}`, `remove everything up to and including '@'`),
    );
  }
  if (authority.includes('*')) {
    return fail(
      'Wildcard',
      `${q(input)} contains '*'; a wildcard is not an origin (browsers send one exact origin).`,
      'list each origin, or use the policy option made for subdomain patterns',
    );
  }
  // Split host and port; IPv6 literals are bracketed.
  let host = authority;
  let portText: string | null = null;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1)
      return fail(
        'InvalidHost',
        `${q(input)} has an unterminated IPv6 address.`,
        "close the address with ']'",
      );
    host = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':'))
        return fail('InvalidHost', `${q(input)} has text after the IPv6 address.`, `remove '${after}'`);
      portText = after.slice(1);
    }
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon !== -1) {
      host = authority.slice(0, colon);
      portText = authority.slice(colon + 1);
    }
  }
  if (host === '') {
    return fail('InvalidHost', `${q(input)} has no host.`, "add a host, e.g. 'https://app.example.com'");
  }
  if (portText !== null) {
    if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535) {
      return fail(
        'InvalidPort',
        `${q(input)} has the port '${portText}'; a port is a number from 0 to 65535.`,
        portText === '' ? `remove the ':' after the host` : 'use a valid port number',
      );
    }
    if (Number(portText) === DEFAULT_PORTS[scheme]) {
      return fail(
        'DefaultPort',
        `${q(input)} names the default port ${portText} for ${scheme}; browsers leave it out of the Origin header, so this would never match.`,
        `use '${scheme}://${host}'`,
      );
    }
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return fail(
      'InvalidHost',
      `${q(input)} has the host '${host}', which is not a valid host name or IP address.`,
      'check the host for typos and forbidden characters',
    );
  }
  const origin = originOfUrl(url);
  if ('opaque' in origin) {
    return fail('InvalidHost', `${q(input)} has no host.`, "add a host, e.g. 'https://app.example.com'");
  }
  const serialized = serializeOrigin(origin);
  if (serialized === input) return { ok: true, origin, serialized };
  if (host !== host.toLowerCase() && serializeOrigin({ ...origin }) === input.toLowerCase()) {
    return fail(
      'UppercaseHost',
      `${q(input)} has uppercase letters in its host; browsers always send it lowercase, so it would never match.`,
      `use '${serialized}'`,
    );
  }
  return fail(
    'NotSerialized',
    `${q(input)} is not how a browser writes this origin; it sends '${serialized}' (host and port in canonical form, international names in punycode).`,
    `use '${serialized}'`,
  );
}
