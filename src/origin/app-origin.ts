// Origins of browser extensions and app shells. Their schemes are not special in the URL Standard
// (`new URL('capacitor://localhost').origin` is 'null'), yet the platform registers them as standard
// schemes and sends `Origin: capacitor://localhost` or `Origin: chrome-extension://<id>` byte for byte.
// corsair accepts them as EXACT origins only (never inside a wildcard pattern) and keeps them exactly as
// written: the string a platform sends is the only serialization there is.
import { type OriginDiagnosis, quote } from './diagnosis.js';
import { MAX_HOST_LENGTH } from './host-rules.js';

/**
 * A platform known to send a non-http(s) origin, and the shape of the host it sends.
 *
 * @example
 * APP_ORIGIN_PLATFORMS.find((p) => p.scheme === 'capacitor')?.sentBy; // 'Capacitor on iOS …'
 */
export interface AppOriginPlatform {
  readonly scheme: string;
  readonly sentBy: string;
  /** The host this platform sends, when it has a fixed shape. */
  readonly host?: RegExp;
  readonly hostShape?: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The platforms documented in docs/origin.md; other registered schemes are accepted with the generic rules. */
export const APP_ORIGIN_PLATFORMS: readonly AppOriginPlatform[] = [
  {
    scheme: 'chrome-extension',
    sentBy: 'Chromium extensions (Chrome, Edge, Opera, Brave): pages, popups and service workers',
    host: /^[a-p]{32}$/,
    hostShape: 'the 32-letter extension ID (letters a to p)',
  },
  {
    scheme: 'moz-extension',
    sentBy: 'Firefox extensions (a random UUID per installation)',
    host: new RegExp(`^${UUID}$`),
    hostShape: 'the lowercase internal UUID from about:debugging',
  },
  {
    scheme: 'safari-web-extension',
    sentBy: 'Safari web extensions (a UUID per installation)',
    host: new RegExp(`^${UUID}$`, 'i'),
    hostShape: 'a UUID, written as the Origin header shows it',
  },
  { scheme: 'capacitor', sentBy: 'Capacitor on iOS (Android sends http://localhost or https://localhost)' },
  { scheme: 'ionic', sentBy: 'Ionic / Cordova on iOS (WKWebView)' },
  { scheme: 'tauri', sentBy: 'Tauri on macOS and Linux (Windows and Android send http://tauri.localhost)' },
];

/**
 * Schemes that never name an app origin: their documents have an opaque origin (`null`), or they are
 * special schemes handled by the URL parser (`ws`, `ftp`), or no document is ever loaded from them.
 */
const NOT_APP_SCHEMES: ReadonlySet<string> = new Set([
  'file',
  'data',
  'blob',
  'about',
  'javascript',
  'filesystem',
  'mailto',
  'urn',
]);

const HOST = /^[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*$/;
const PORT = /^[1-9][0-9]{0,4}$/;

/**
 * Whether a lowercase scheme may carry an app origin (`chrome-extension`, `capacitor`, …).
 *
 * @example
 * isAppOriginScheme('capacitor'); // true
 * isAppOriginScheme('file');      // false
 */
export function isAppOriginScheme(scheme: string): boolean {
  return !NOT_APP_SCHEMES.has(scheme) && scheme.length <= 64;
}

function bad(message: string, fix: string): OriginDiagnosis {
  return { code: 'ORIGIN_INVALID_HOST', message, fix };
}

/**
 * Why `scheme://authority` is not an app origin a platform can send, or `undefined`. The authority has
 * already been checked for a path, query, fragment, userinfo and `*`.
 *
 * @example
 * appOriginProblem('capacitor://localhost', 'capacitor', 'localhost'); // undefined
 * appOriginProblem('chrome-extension://abc', 'chrome-extension', 'abc')?.code; // 'ORIGIN_INVALID_HOST'
 */
export function appOriginProblem(
  input: string,
  scheme: string,
  authority: string,
): OriginDiagnosis | undefined {
  const colon = authority.lastIndexOf(':');
  const host = colon === -1 ? authority : authority.slice(0, colon);
  const port = colon === -1 ? null : authority.slice(colon + 1);
  if (host === '' || !HOST.test(host) || host.length > MAX_HOST_LENGTH) {
    return bad(
      `${quote(input)} has the host '${host}'; an app or extension origin's host is letters, digits, '-', '_', '~' and dots.`,
      'copy the origin exactly from the Origin header of a request the app made',
    );
  }
  if (port !== null && (!PORT.test(port) || Number(port) > 65535)) {
    return {
      code: 'ORIGIN_INVALID_PORT',
      message: `${quote(input)} has the port '${port}'; a port is a number from 1 to 65535 without leading zeros.`,
      fix: port === '' ? "remove the ':' after the host" : 'use a valid port number',
    };
  }
  const platform = APP_ORIGIN_PLATFORMS.find((p) => p.scheme === scheme);
  if (platform?.host !== undefined && !platform.host.test(host)) {
    return bad(
      `${quote(input)}: ${platform.sentBy.split(' (')[0]} send ${platform.hostShape} as the host, not '${host}'.`,
      'copy the origin exactly from the Origin header of a request the extension made',
    );
  }
  return undefined;
}
