// Fetch Standard §2.9 "Port blocking": a request whose URL is http(s) on a bad port is a network error
// before anything is sent, so that a page cannot talk SMTP, IRC or X11 to a server through fetch().
// The spec's list is below; browsers that deviate carry their own list as data in their profile.

/**
 * The Fetch Standard's bad ports (the table in "bad port", as of the 2024 additions of 4190 and 6679).
 *
 * @example
 * FETCH_BAD_PORTS.has(6000); // true (x11)
 */
export const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/**
 * "Should request be blocked due to a bad port": the URL's port when the URL is http(s) on a port in
 * `badPorts` (the spec's list unless a browser's own is given), else null.
 *
 * @example
 * badPortOf('http://127.0.0.1:6000/'); // 6000
 * badPortOf('https://api.example.com/'); // null (443 is the default port, not a bad one)
 */
export function badPortOf(url: string, badPorts: ReadonlySet<number> = FETCH_BAD_PORTS): number | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const port = u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port);
  return badPorts.has(port) ? port : null;
}
