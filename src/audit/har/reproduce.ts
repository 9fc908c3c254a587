import type { BrowserName, CredentialsMode } from '../../browser/index.js';
import type { HeaderList } from '../../exchange.js';

/** Quote for a POSIX shell: plain words stay bare, anything else in single quotes. */
function sh(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `corsair check` command that sends the same request from the same origin, with the same method,
 * headers and credentials mode, decided by the same browser.
 *
 * @example
 * reproduceCommand({ url: 'https://api.example.com/items', pageOrigin: 'https://app.example.com', method: 'PUT',
 *   headers: [['Content-Type', 'application/json']], credentials: 'include', browser: 'chromium' });
 * // "corsair check https://api.example.com/items --origin https://app.example.com --method PUT -H 'Content-Type: application/json' --credentials include"
 */
export function reproduceCommand(r: {
  readonly url: string;
  readonly pageOrigin: string;
  readonly method: string;
  readonly headers: HeaderList;
  readonly credentials: CredentialsMode;
  readonly browser: BrowserName;
}): string {
  const parts = ['corsair', 'check', sh(r.url), '--origin', sh(r.pageOrigin)];
  if (r.method !== 'GET') parts.push('--method', sh(r.method));
  for (const [n, v] of r.headers) parts.push('-H', sh(`${n}: ${v}`));
  if (r.credentials !== 'same-origin') parts.push('--credentials', r.credentials);
  if (r.browser !== 'chromium') parts.push('--browser', r.browser);
  return parts.join(' ');
}
