// Every reason line WebKit prints, one per failure the engine reports. The expected strings are written
// out by hand from WebCore (loader/CrossOriginAccessControl.cpp, CrossOriginPreflightResultCache.cpp,
// DocumentThreadableLoader.cpp) as WebKitGTK 2.50.6 printed them in the conformance suite; they are not
// produced by the code under test.
import { describe, expect, it } from 'vitest';
import { CONSOLE_BROWSERS, CONSOLE_LABEL } from '../../src/browser/console.js';
import type { FailureDetail } from '../../src/browser/failure.js';
import type { MessageContext } from '../../src/browser/messages.js';
import { webkitMessage } from '../../src/browser/messages-webkit.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName } from '../../src/browser/types.js';
import type { HttpRequest, HttpResponse } from '../../src/exchange.js';

const PAGE = 'https://app.example.com';
const API = 'https://api.example.com/items';
const ctx: MessageContext = {
  initiator: 'fetch',
  url: API,
  initialUrl: API,
  origin: PAGE,
  method: 'PUT',
  status: 200,
};
const LOAD = `Fetch API cannot load ${API} due to access control checks.`;
const ORIGIN = `Origin ${PAGE} is not allowed by Access-Control-Allow-Origin. Status code: 200`;
const MULTIPLE = 'Access-Control-Allow-Origin cannot contain more than one origin.';
const WILDCARD = 'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.';
const CREDENTIALS = 'Credentials flag is true, but Access-Control-Allow-Credentials is not "true".';

// WebKit runs the same access check on a preflight and on the actual response: same line for both.
const reasons: [FailureDetail, string][] = [
  [{ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, ORIGIN],
  [{ code: 'PreflightMissingAllowOriginHeader', value: '', lines: 0 }, ORIGIN],
  [{ code: 'AllowOriginMismatch', value: 'https://other.example', lines: 1 }, ORIGIN],
  [{ code: 'PreflightAllowOriginMismatch', value: 'https://other.example', lines: 1 }, ORIGIN],
  [{ code: 'InvalidAllowOriginValue', value: 'nope', lines: 1 }, ORIGIN],
  [{ code: 'PreflightInvalidAllowOriginValue', value: 'nope', lines: 1 }, ORIGIN],
  [{ code: 'MultipleAllowOriginValues', value: `${PAGE}, ${PAGE}`, lines: 2 }, MULTIPLE],
  [{ code: 'PreflightMultipleAllowOriginValues', value: `${PAGE},*`, lines: 1 }, MULTIPLE],
  // Chromium calls a space-separated list "multiple values"; WebKit looks for a comma only.
  [{ code: 'MultipleAllowOriginValues', value: `${PAGE} ${PAGE}`, lines: 1 }, ORIGIN],
  [{ code: 'WildcardOriginNotAllowed', value: '*', lines: 1 }, WILDCARD],
  [{ code: 'PreflightWildcardOriginNotAllowed', value: '*', lines: 1 }, WILDCARD],
  [{ code: 'InvalidAllowCredentials', value: 'TRUE', lines: 1 }, CREDENTIALS],
  [{ code: 'PreflightInvalidAllowCredentials', value: '', lines: 0 }, CREDENTIALS],
  [{ code: 'PreflightInvalidStatus', status: 200 }, 'Preflight response is not successful. Status code: 200'],
  [
    { code: 'PreflightDisallowedRedirect', status: 200, location: 'https://api.example.com/items/' },
    'Preflight response is not successful. Status code: 200',
  ],
  [
    { code: 'MethodDisallowedByPreflightResponse', method: 'PUT', allowed: ['GET'] },
    'Method PUT is not allowed by Access-Control-Allow-Methods.',
  ],
  [
    {
      code: 'HeaderDisallowedByPreflightResponse',
      header: 'x-api-key',
      allowed: [],
      wildcardAuthorization: false,
    },
    'Request header field x-api-key is not allowed by Access-Control-Allow-Headers.',
  ],
  [
    { code: 'InvalidAllowMethodsPreflightResponse', value: 'GET PUT', token: 'GET PUT' },
    'Header Access-Control-Allow-Methods has an invalid value: GET PUT',
  ],
  [
    { code: 'InvalidAllowHeadersPreflightResponse', value: 'a b', token: 'a b' },
    'Header Access-Control-Allow-Headers has an invalid value: a b',
  ],
  [
    { code: 'CorsDisabledScheme', message: 'not http', fix: 'use http' },
    'not allowed to follow a cross-origin CORS redirection with non CORS scheme',
  ],
  [{ code: 'TooManyRedirects', limit: 20 }, 'Load cannot follow more than 20 redirections'],
];

describe("WebKit's reason line for each failure", () => {
  it.each(reasons.map(([d, line]) => [d.code, d, line] as const))('%s', (_code, d, line) => {
    expect(webkitMessage(d, ctx)).toBe(`${line}\n${LOAD}`);
  });

  it('a redirect refused for its userinfo or scheme names the target, without userinfo, when no redirect is recorded', () => {
    // explain() words WebKit's line from a pasted message, which gives the location but no redirect step.
    expect(
      webkitMessage({ code: 'RedirectContainsCredentials', location: 'https://u:p@cdn.example/x' }, ctx),
    ).toBe(
      `Cross-origin redirection to https://cdn.example/x denied by Cross-Origin Resource Sharing policy: redirection URL https://u:p@cdn.example/x has credentials\n${LOAD}`,
    );
    expect(webkitMessage({ code: 'RedirectDisallowedScheme', location: 'data:text/plain,hi' }, ctx)).toBe(
      `Cross-origin redirection to data:text/plain,hi denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme\n${LOAD}`,
    );
  });

  it('only the userinfo of the target itself is left out, not a URL in its query', () => {
    const location = 'https://cdn.example/login?next=https://u:p@app.example/';
    expect(
      webkitMessage(
        { code: 'MissingAllowOriginHeader', value: '', lines: 0 },
        { ...ctx, redirectTo: location },
      ),
    ).toBe(
      `Cross-origin redirection to ${location} denied by Cross-Origin Resource Sharing policy: ${ORIGIN}\n${LOAD}`,
    );
  });

  it('a request refused before it is sent shows the TypeError the page gets', async () => {
    const o = await simulateCors(
      { pageOrigin: PAGE, url: 'https://u:p@api.example.com/items' },
      { browser: 'webkit', send: () => ({ status: 200, headers: [] }) },
    );
    expect(o.error?.code).toBe('InvalidRequest');
    expect(o.error?.messages.webkit).toMatch(/^TypeError: .*includes credentials/);
  });
});

describe('WebKit names the Origin the failing request carried', () => {
  it("after a redirect to another origin it is 'null' (the request is tainted)", async () => {
    const send = (r: HttpRequest): HttpResponse =>
      r.url === API
        ? {
            status: 302,
            headers: [
              ['Access-Control-Allow-Origin', '*'],
              ['Location', 'https://cdn.example.net/x'],
            ],
          }
        : { status: 200, headers: [['Access-Control-Allow-Origin', PAGE]] };
    const o = await simulateCors({ pageOrigin: PAGE, url: API }, { browser: 'webkit', send });
    expect(o.error?.code).toBe('AllowOriginMismatch');
    expect(o.error?.messages.webkit).toBe(
      'Origin null is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://cdn.example.net/x due to access control checks.',
    );
  });
});

describe('a redirect to ftp: (redirect-odd/ftp-scheme)', () => {
  // WebKit refuses an ftp: Location before it runs the CORS check on the redirect, so its line is the
  // same whichever browser the simulation decided for, and whatever that redirect's own headers say.
  for (const headers of [[], [['Access-Control-Allow-Origin', '*']]] as [string, string][][]) {
    it(`prints WebKit's refusal in every browser's run (redirect ${headers.length ? 'allowed' : 'without CORS headers'})`, async () => {
      const send = (r: HttpRequest): HttpResponse =>
        r.url === API
          ? { status: 302, headers: [...headers, ['Location', 'ftp://localhost/x']] }
          : { status: 200, headers: [] };
      const line = async (browser: BrowserName) =>
        (await simulateCors({ pageOrigin: PAGE, url: API }, { browser, send })).error?.messages.webkit;
      expect(await line('webkit')).toBe(`FTP URLs are disabled\n${LOAD}`);
      expect(await line('firefox')).toBe(`FTP URLs are disabled\n${LOAD}`);
      if (headers.length === 0) expect(await line('chromium')).toBe(`FTP URLs are disabled\n${LOAD}`);
    });
  }
});

describe('report labels', () => {
  it('name each browser whose console they introduce', () => {
    for (const b of CONSOLE_BROWSERS) expect(CONSOLE_LABEL[b].toLowerCase()).toBe(b);
  });
});
