// The local server must be usable from its own page only. A web site the user visits could otherwise
// use it as an SSRF relay (the probe fetches any URL) or read its answers through DNS rebinding.
// Defences: loopback only, a Host allowlist (rebinding), an exact Origin (cross-site requests),
// and a per-run secret only the page knows (it is in the HTML, which other origins cannot read).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { UiError } from './errors.js';

/**
 * The header carrying the per-run token. Being non-safelisted, it also forces a preflight cross-origin.
 *
 * @example
 * req.headers[TOKEN_HEADER]; // the token the page sent
 */
export const TOKEN_HEADER = 'x-corsair-token';

/**
 * The Host values a loopback server on `port` accepts: `127.0.0.1:port` and `localhost:port`.
 *
 * @example
 * loopbackHosts(4000); // ['127.0.0.1:4000', 'localhost:4000']
 */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * Whether the request's Host is one of `hosts` (a rebinding attacker's page sends its own host name).
 *
 * @example
 * hostAllowed(req, loopbackHosts(4000));
 */
export function hostAllowed(req: IncomingMessage, hosts: readonly string[]): boolean {
  const host = req.headers.host;
  return typeof host === 'string' && hosts.includes(host.toLowerCase());
}

/**
 * Refuse an API request that did not come from the page itself: wrong Host, an Origin other than the
 * page's own, a missing or wrong token, or a body that is not JSON. Returns the page's origin.
 *
 * @example
 * const pageOrigin = guardApiRequest(req, { hosts: loopbackHosts(4000), token });
 */
export function guardApiRequest(
  req: IncomingMessage,
  opts: { hosts: readonly string[]; token: string },
): string {
  if (!hostAllowed(req, opts.hosts))
    throw new UiError(
      'UI_BAD_HOST',
      'This server answers requests for its loopback address only.',
      `Open http://${opts.hosts[0]}/.`,
      { details: { status: 403 } },
    );
  const origin = req.headers.origin;
  const expected = `http://${String(req.headers.host).toLowerCase()}`;
  if (origin !== expected)
    throw new UiError(
      'UI_BAD_ORIGIN',
      `API requests are accepted from the corsair page (${expected}) only.`,
      'Use the page served by `corsair ui`.',
      { details: { status: 403 } },
    );
  const token = req.headers[TOKEN_HEADER];
  if (typeof token !== 'string' || !sameSecret(token, opts.token))
    throw new UiError(
      'UI_BAD_TOKEN',
      'This request does not carry the token of this corsair ui run.',
      'Reload the page (the server was restarted).',
      { details: { status: 403 } },
    );
  const type = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && !/^application\/json\b/i.test(type))
    throw new UiError('UI_NOT_JSON', 'API requests must send JSON.', 'Send Content-Type: application/json.', {
      details: { status: 415 },
    });
  return expected;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
