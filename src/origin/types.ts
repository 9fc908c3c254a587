/**
 * A tuple origin (HTML Standard §7.1.1 "Origin"). `host` is the serialized host: lowercase, IDN already
 * in punycode, IPv6 addresses in brackets. `port` is `null` when it is the scheme's default port.
 *
 * @example
 * const o: TupleOrigin = { scheme: 'https', host: 'api.example.com', port: null };
 */
export interface TupleOrigin {
  readonly scheme: string;
  readonly host: string;
  readonly port: number | null;
}

/**
 * An opaque origin: sandboxed iframes, `file:` and `data:` documents. It serializes as `null` and is
 * never same-origin with anything in corsair (two opaque origins cannot be told apart from their text).
 *
 * @example
 * const o: OpaqueOrigin = { opaque: true };
 */
export interface OpaqueOrigin {
  readonly opaque: true;
}

/**
 * An origin (HTML Standard): a tuple or opaque.
 *
 * @example
 * const o: Origin = originOfUrl('https://example.com/path');
 */
export type Origin = TupleOrigin | OpaqueOrigin;

/**
 * Whether an origin is opaque.
 *
 * @example
 * isOpaqueOrigin({ opaque: true }); // true
 */
export function isOpaqueOrigin(o: Origin): o is OpaqueOrigin {
  return 'opaque' in o;
}

/** Schemes whose URLs have a tuple origin (URL Standard §4.5 "origin"), with their default ports. */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
};

/**
 * The default port of a scheme with a tuple origin, or `undefined` for every other scheme (including
 * names such as `constructor` that a plain object lookup would find on its prototype).
 *
 * @example
 * defaultPort('https');       // 443
 * defaultPort('constructor'); // undefined
 */
export function defaultPort(scheme: string): number | undefined {
  return Object.hasOwn(DEFAULT_PORTS, scheme) ? DEFAULT_PORTS[scheme] : undefined;
}
