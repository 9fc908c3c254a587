// The strict origin parser: the one place that decides whether a string IS a serialized origin (HTML
// Standard §7.1.1 "ASCII serialization of an origin"), and if not, says exactly why in one coded
// diagnosis. Option validation, CLI arguments, the page and the proxy all go through it.
import { appOriginProblem, isAppOriginScheme } from './app-origin.js';
import { type OriginCode, type OriginDiagnosis, quote } from './diagnosis.js';
import { browsableHostProblem, browsablePortProblem } from './host-rules.js';
import { DEFAULT_PORTS, defaultPort, type OpaqueOrigin, type TupleOrigin } from './types.js';
import { originOfUrl, serializeOrigin } from './url-origin.js';

/**
 * What a caller accepts besides the shape: whether `null` (the opaque origin) is acceptable, and which
 * schemes. The defaults accept everything a browser can send in `Origin`.
 *
 * @example
 * const listable: OriginParseOptions = { opaque: false, schemes: ['http', 'https'] };
 */
export interface OriginParseOptions {
  /** Accept `null`, the opaque origin. Default `true`. */
  readonly opaque?: boolean;
  /** Lowercase schemes accepted. Default: every scheme with a tuple origin (http, https, ws, wss, ftp). */
  readonly schemes?: readonly string[];
  /**
   * Also accept the origins of browser extensions and app shells (`chrome-extension://<id>`,
   * `capacitor://localhost`; see app-origin.ts), kept exactly as written. Default `false`.
   */
  readonly appOrigins?: boolean;
}

/**
 * A string accepted by {@link parseSerializedOrigin}.
 *
 * @example
 * const ok: SerializedOriginOk = { ok: true, origin: { scheme: 'https', host: 'a.com', port: null }, serialized: 'https://a.com' };
 */
export interface SerializedOriginOk {
  readonly ok: true;
  readonly origin: TupleOrigin | OpaqueOrigin;
  readonly serialized: string;
}

/**
 * A string refused by {@link parseSerializedOrigin}: one coded diagnosis.
 *
 * @example
 * const e: SerializedOriginError = { ok: false, code: 'ORIGIN_HAS_PATH', message: "'https://a.com/x' has a path ('/x'); …", fix: "use 'https://a.com'" };
 */
export interface SerializedOriginError extends OriginDiagnosis {
  readonly ok: false;
}

type Rules = { readonly opaque: boolean; readonly schemes: readonly string[]; readonly appOrigins: boolean };
type Head = {
  readonly scheme: string;
  readonly authority: string;
  readonly rest: string;
  /** A browser-extension or app-shell scheme (not special in the URL Standard). */
  readonly app: boolean;
};
type HostPort = { readonly host: string; readonly portText: string | null };

const TUPLE_SCHEMES: readonly string[] = Object.keys(DEFAULT_PORTS);
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const WHITESPACE = /[\s\u0000-\u001f\u007f]/;
const HOST_EXAMPLE = "add a host, e.g. 'https://app.example.com'";

function fail(code: OriginCode, message: string, fix: string): SerializedOriginError {
  return { ok: false, code, message, fix };
}

/** `use '<corrected origin>'` when one can be derived from the input, else `fallback`. */
function use(input: string, fallback: string): string {
  try {
    const o = originOfUrl(new URL(input.trim()));
    return 'opaque' in o ? fallback : `use '${serializeOrigin(o)}'`;
  } catch {
    return fallback;
  }
}

function schemeList(schemes: readonly string[]): string {
  return schemes.length === 1 ? schemes[0]! : `${schemes.slice(0, -1).join(', ')} and ${schemes.at(-1)}`;
}

function opaqueRefused(input: string): SerializedOriginError {
  return fail(
    'ORIGIN_NULL',
    `${quote(input)} is the opaque origin sent by sandboxed iframes, file: pages and redirected requests; trusting it trusts all of them.`,
    "remove 'null'; serve the page from a real origin and list that origin",
  );
}

/** Step 1: the text as a whole (empty, `null`, whitespace). */
function checkText(input: string, rules: Rules): SerializedOriginResult | undefined {
  if (typeof input !== 'string' || input === '') {
    return fail(
      'ORIGIN_EMPTY',
      'The origin is empty.',
      "write a full origin such as 'https://app.example.com'",
    );
  }
  if (input === 'null')
    return rules.opaque ? { ok: true, origin: { opaque: true }, serialized: 'null' } : opaqueRefused(input);
  if (WHITESPACE.test(input)) {
    const t = input.trim();
    return fail(
      'ORIGIN_WHITESPACE',
      `${quote(input)} contains whitespace or a control character; an origin never does.`,
      t !== input && t !== '' && !WHITESPACE.test(t) ? `use '${t}'` : 'remove the whitespace',
    );
  }
  return undefined;
}

/** Step 2: `scheme://`, a scheme with a tuple origin that the caller accepts, written lowercase. */
function splitScheme(input: string, rules: Rules): Head | SerializedOriginError {
  const m = SCHEME.exec(input);
  if (!m || !input.slice(m[0].length).startsWith('//')) {
    if (input.toLowerCase() === 'null') {
      if (!rules.opaque) return opaqueRefused(input);
      return fail(
        'ORIGIN_NOT_SERIALIZED',
        `${quote(input)} is not the opaque origin; browsers send exactly 'null'.`,
        "use 'null'",
      );
    }
    // The origin of the URL meant (`app.example.com/login` → `https://app.example.com`), so the fix is
    // not refused in turn for its path.
    const meant = `https://${input.replace(/^\/+/, '')}`;
    return fail(
      'ORIGIN_NO_SCHEME',
      `${quote(input)} has no scheme; an origin starts with 'https://' or 'http://'.`,
      use(meant, `use '${meant}'`),
    );
  }
  const rawScheme = m[0].slice(0, -1);
  const scheme = rawScheme.toLowerCase();
  const app = defaultPort(scheme) === undefined && rules.appOrigins && isAppOriginScheme(scheme);
  if (defaultPort(scheme) === undefined && !app) {
    return fail(
      'ORIGIN_UNSUPPORTED_SCHEME',
      `${quote(input)} uses the scheme '${rawScheme}', whose URLs have an opaque origin (browsers send 'null'); only ${schemeList(rules.schemes)} origins can be written out.`,
      rules.opaque
        ? "use an http or https origin, or 'null' if you really mean opaque origins"
        : 'serve the page over http or https (e.g. http://localhost) and list that origin',
    );
  }
  if (!app && !rules.schemes.includes(scheme)) {
    return fail(
      'ORIGIN_UNSUPPORTED_SCHEME',
      `${quote(input)} is a ${scheme} origin; only ${schemeList(rules.schemes)} origins are accepted here.`,
      'list the https:// origin of the page',
    );
  }
  if (rawScheme !== scheme) {
    return fail(
      'ORIGIN_UPPERCASE',
      `${quote(input)} has uppercase letters in its scheme; browsers always send it lowercase, so it would never match.`,
      use(input, `write the scheme as '${scheme}'`),
    );
  }
  const afterScheme = input.slice(m[0].length + 2);
  const end = afterScheme.search(/[/?#\\]/);
  return end === -1
    ? { scheme, authority: afterScheme, rest: '', app }
    : { scheme, authority: afterScheme.slice(0, end), rest: afterScheme.slice(end), app };
}

/** Step 3: nothing after the authority, no userinfo, no wildcard. */
function checkAuthority(input: string, { scheme, authority, rest }: Head): SerializedOriginError | undefined {
  const base = `${scheme}://${authority}`;
  if (rest === '/' || rest === '\\') {
    return fail(
      'ORIGIN_TRAILING_SLASH',
      `${quote(input)} has a trailing slash; an origin never ends with '/'.`,
      use(base, `remove the trailing '/'`),
    );
  }
  if (rest !== '') {
    const [code, what]: [OriginCode, string] =
      rest[0] === '?'
        ? ['ORIGIN_HAS_QUERY', 'a query']
        : rest[0] === '#'
          ? ['ORIGIN_HAS_FRAGMENT', 'a fragment']
          : ['ORIGIN_HAS_PATH', 'a path'];
    return fail(
      code,
      `${quote(input)} has ${what} ('${rest}'); an origin is only scheme://host[:port].`,
      use(base, `remove '${rest}'`),
    );
  }
  if (authority.includes('@')) {
    return fail(
      'ORIGIN_HAS_USERINFO',
      `${quote(input)} contains a username or password; an origin never does and browsers refuse such URLs.`,
      use(
        `${scheme}://${authority.slice(authority.lastIndexOf('@') + 1)}`,
        `remove everything up to and including '@'`,
      ),
    );
  }
  if (authority.includes('*')) {
    return fail(
      'ORIGIN_WILDCARD',
      `${quote(input)} contains '*'; a wildcard is not an origin (browsers send one exact origin).`,
      'list each origin, or use the policy option made for subdomain patterns',
    );
  }
  return undefined;
}

/** Step 4 for an extension or app-shell origin: the platform's string is the serialization. */
function appOrigin(input: string, { scheme, authority }: Head): SerializedOriginResult {
  const problem = appOriginProblem(input, scheme, authority);
  if (problem !== undefined) return { ok: false, ...problem };
  const colon = authority.lastIndexOf(':');
  const host = colon === -1 ? authority : authority.slice(0, colon);
  const port = colon === -1 ? null : Number(authority.slice(colon + 1));
  return { ok: true, origin: { scheme, host, port }, serialized: input };
}

/** Step 4: split host and port (IPv6 literals are bracketed) and check the port. */
function splitHostPort(input: string, scheme: string, authority: string): HostPort | SerializedOriginError {
  let host = authority;
  let portText: string | null = null;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1)
      return fail(
        'ORIGIN_INVALID_HOST',
        `${quote(input)} has an unterminated IPv6 address.`,
        "close the address with ']'",
      );
    host = authority.slice(0, close + 1);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      return fail(
        'ORIGIN_INVALID_HOST',
        `${quote(input)} has text after the IPv6 address.`,
        `remove '${after}'`,
      );
    if (after !== '') portText = after.slice(1);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon !== -1) {
      host = authority.slice(0, colon);
      portText = authority.slice(colon + 1);
    }
  }
  if (host === '') return fail('ORIGIN_INVALID_HOST', `${quote(input)} has no host.`, HOST_EXAMPLE);
  if (portText !== null && (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535)) {
    return fail(
      'ORIGIN_INVALID_PORT',
      `${quote(input)} has the port '${portText}'; a port is a number from 1 to 65535.`,
      portText === '' ? `remove the ':' after the host` : 'use a valid port number',
    );
  }
  const zero = portText === null ? undefined : browsablePortProblem(quote(input), Number(portText));
  if (zero !== undefined) return { ok: false, ...zero };
  if (portText !== null && Number(portText) === defaultPort(scheme)) {
    return fail(
      'ORIGIN_DEFAULT_PORT',
      `${quote(input)} names the default port ${portText} for ${scheme}; browsers leave it out of the Origin header, so this would never match.`,
      // When the host is not one the URL parser takes, '<scheme>://<host>' would be refused too.
      use(`${scheme}://${host}`, `remove ':${portText}'`),
    );
  }
  return { host, portText };
}

/** Step 5: the URL parser's canonical form must be the input, byte for byte. */
function checkCanonical(input: string, host: string): SerializedOriginResult {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return fail(
      'ORIGIN_INVALID_HOST',
      `${quote(input)} has the host '${host}', which is not a valid host name or IP address.`,
      'check the host for typos and forbidden characters',
    );
  }
  const origin = originOfUrl(url);
  if ('opaque' in origin) return fail('ORIGIN_INVALID_HOST', `${quote(input)} has no host.`, HOST_EXAMPLE);
  const serialized = serializeOrigin(origin);
  // A host no browser can send is refused first, whatever its spelling: a "use '<canonical form>'" fix
  // would point at another refused origin (`[::FFFF:1.2.3.4]` → `[::ffff:102:304]`).
  const unbrowsable = browsableHostProblem(input, origin.host);
  if (unbrowsable !== undefined) return { ok: false, ...unbrowsable };
  if (serialized === input) return { ok: true, origin, serialized };
  if (host !== host.toLowerCase() && serialized === input.toLowerCase()) {
    return fail(
      'ORIGIN_UPPERCASE',
      `${quote(input)} has uppercase letters in its host; browsers always send it lowercase, so it would never match.`,
      `use '${serialized}'`,
    );
  }
  return fail(
    'ORIGIN_NOT_SERIALIZED',
    `${quote(input)} is not how a browser writes this origin; it sends '${serialized}' (host and port in canonical form, international names in punycode).`,
    `use '${serialized}'`,
  );
}

/**
 * The result of {@link parseSerializedOrigin}.
 *
 * @example
 * const r: SerializedOriginResult = parseSerializedOrigin('https://a.com');
 */
export type SerializedOriginResult = SerializedOriginOk | SerializedOriginError;

/**
 * Strict check that `input` IS a serialized origin, byte for byte, as a browser sends it in the
 * `Origin` header (HTML Standard §7.1.1 "ASCII serialization of an origin"); `null` is the opaque
 * origin. Anything else gets one coded diagnosis (`ORIGIN_TRAILING_SLASH`, `ORIGIN_HAS_PATH`,
 * `ORIGIN_DEFAULT_PORT`, `ORIGIN_UPPERCASE`, …) with a sentence and a fix. `options` narrows what the
 * caller accepts: the policy refuses `null` and every scheme but http and https.
 *
 * @example
 * parseSerializedOrigin('https://app.example.com');
 * // { ok: true, origin: { scheme: 'https', host: 'app.example.com', port: null }, serialized: 'https://app.example.com' }
 * parseSerializedOrigin('https://app.example.com/').code; // 'ORIGIN_TRAILING_SLASH'
 * parseSerializedOrigin('null', { opaque: false }).code;  // 'ORIGIN_NULL'
 */
export function parseSerializedOrigin(
  input: string,
  options: OriginParseOptions = {},
): SerializedOriginResult {
  const rules: Rules = {
    opaque: options.opaque ?? true,
    schemes: options.schemes ?? TUPLE_SCHEMES,
    appOrigins: options.appOrigins ?? false,
  };
  const text = checkText(input, rules);
  if (text !== undefined) return text;
  const head = splitScheme(input, rules);
  if ('ok' in head) return head;
  const shape = checkAuthority(input, head);
  if (shape !== undefined) return shape;
  if (head.app) return appOrigin(input, head);
  const hp = splitHostPort(input, head.scheme, head.authority);
  if ('ok' in hp) return hp;
  return checkCanonical(input, hp.host);
}
