const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Whether a serialized host is loopback (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`), where
 * plain `http://` cannot be intercepted on the network.
 *
 * @example
 * isLoopbackHost('127.0.0.1');  // true
 * isLoopbackHost('localhost.'); // true
 * isLoopbackHost('example.com'); // false
 */
export function isLoopbackHost(host: string): boolean {
  // `localhost.` is the fully qualified spelling of the same name, loopback for browsers too (Secure
  // Contexts §3.2 "potentially trustworthy origin": localhost names); IPv4 literals never keep the dot.
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name === 'localhost' || name.endsWith('.localhost') || host === '[::1]' || LOOPBACK_V4.test(host);
}
