import { defaultPort, isOpaqueOrigin, type Origin } from './types.js';

const OPAQUE: Origin = Object.freeze({ opaque: true as const });

function parseUrl(input: string | URL): URL | null {
  if (input instanceof URL) return input;
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

/**
 * The origin of a URL, per the URL Standard §4.5 "origin": http, https, ws, wss and ftp URLs have a
 * tuple origin (default port dropped); a `blob:` URL has the origin of the http(s) URL inside it;
 * everything else (`file:`, `data:`, `about:`, unknown schemes, unparsable input) is opaque.
 *
 * @example
 * originOfUrl('https://Example.com:443/a?b'); // { scheme: 'https', host: 'example.com', port: null }
 * originOfUrl('blob:https://a.test/uuid');     // { scheme: 'https', host: 'a.test', port: null }
 * originOfUrl('file:///etc/hosts');            // { opaque: true }
 */
export function originOfUrl(url: string | URL): Origin {
  const u = parseUrl(url);
  if (!u) return OPAQUE;
  const scheme = u.protocol.slice(0, -1);
  if (scheme === 'blob') {
    // The blob URL store is out of reach, so use the "parse the path" branch.
    const inner = parseUrl(u.pathname);
    if (inner && (inner.protocol === 'http:' || inner.protocol === 'https:')) return originOfUrl(inner);
    return OPAQUE;
  }
  if (defaultPort(scheme) === undefined || u.hostname === '') return OPAQUE;
  // WHATWG URL already drops a default port, lowercases the host and converts IDN to punycode.
  return { scheme, host: u.hostname, port: u.port === '' ? null : Number(u.port) };
}

/**
 * The ASCII serialization of an origin (HTML Standard §7.1.1): `scheme://host[:port]`, or `null` for
 * an opaque origin. This is the exact text a browser puts in the `Origin` header.
 *
 * @example
 * serializeOrigin({ scheme: 'https', host: '[::1]', port: 8443 }); // 'https://[::1]:8443'
 * serializeOrigin({ opaque: true });                               // 'null'
 */
export function serializeOrigin(o: Origin): string {
  if (isOpaqueOrigin(o)) return 'null';
  return o.port === null ? `${o.scheme}://${o.host}` : `${o.scheme}://${o.host}:${o.port}`;
}

/**
 * Lenient parse of a string someone gave as an origin, through WHATWG URL: case, default ports,
 * IDN and even a path are normalised away. `null` when the text is not a URL with a tuple origin.
 * Use {@link parseSerializedOrigin} to insist on the exact serialized form.
 *
 * @example
 * parseOrigin('https://Example.com:443');   // { scheme: 'https', host: 'example.com', port: null }
 * parseOrigin('not an origin');             // null
 */
export function parseOrigin(input: string): Origin | null {
  const u = parseUrl(input);
  if (!u) return null;
  const o = originOfUrl(u);
  return isOpaqueOrigin(o) ? null : o;
}

/**
 * Same origin (HTML Standard §7.1.1): equal scheme, host and port. An opaque origin is never the same
 * as anything here, because two `null`s may come from different documents.
 *
 * @example
 * isSameOrigin(originOfUrl('https://a.test/x'), originOfUrl('https://a.test:443/y')); // true
 */
export function isSameOrigin(a: Origin, b: Origin): boolean {
  if (isOpaqueOrigin(a) || isOpaqueOrigin(b)) return false;
  return a.scheme === b.scheme && a.host === b.host && a.port === b.port;
}
