const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether a serialized host is loopback (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`), where
 * plain `http://` cannot be intercepted on the network.
 *
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('example.com'); // false
 */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || LOOPBACK_V4.test(host);
}
