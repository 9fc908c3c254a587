// The console lines messages.test.ts does not cover: the preflight forms, XMLHttpRequest's wording,
// redirects, network failures and requests refused before they are sent, and how each browser prints
// a header value that is not ASCII. Every expected string is written out by hand from Chromium's
// cors_error_string.cc / DevTools network line and Firefox's security.properties, as the conformance
// suite saw Chromium 156 and Firefox ESR 153 print them; none is produced by the code under test.
import { describe, expect, it } from 'vitest';
import type { FailureDetail } from '../../src/browser/failure.js';
import {
  chromiumMessage,
  decodeUtf8Lossy,
  escapeNonAscii,
  firefoxMessage,
  type MessageContext,
} from '../../src/browser/messages.js';

const URL_ = 'https://api.example.com/items';
const ctx: MessageContext = {
  initiator: 'fetch',
  url: URL_,
  initialUrl: URL_,
  origin: 'https://app.example.com',
  method: 'PUT',
  status: 200,
};
const xhr: MessageContext = { ...ctx, initiator: 'xhr' };
const C = `Access to fetch at '${URL_}' from origin 'https://app.example.com' has been blocked by CORS policy: `;
const X = `Access to XMLHttpRequest at '${URL_}' from origin 'https://app.example.com' has been blocked by CORS policy: `;
const PRE = "Response to preflight request doesn't pass access control check: ";
const HINT = ' Have the server send the header with a valid value.';
const XHR_NOTE =
  ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';
const F = `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${URL_}.`;

const MULTIPLE =
  "The 'Access-Control-Allow-Origin' header contains multiple values 'https://a, https://b', but only one is allowed.";
const INVALID = "The 'Access-Control-Allow-Origin' header contains the invalid value 'nope'.";
const MISMATCH =
  "The 'Access-Control-Allow-Origin' header has a value 'https://b.example' that is not equal to the supplied origin.";
const WILDCARD =
  "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
const CREDENTIALS =
  "The value of the 'Access-Control-Allow-Credentials' header in the response is 'yes' which must be 'true' when the request's credentials mode is 'include'.";

describe("Chromium's preflight access-check lines: the preflight prefix, then the actual request's wording", () => {
  const cases: [FailureDetail, string, string][] = [
    [{ code: 'PreflightMultipleAllowOriginValues', value: 'https://a, https://b', lines: 1 }, MULTIPLE, HINT],
    [{ code: 'PreflightInvalidAllowOriginValue', value: 'nope', lines: 1 }, INVALID, HINT],
    [{ code: 'PreflightAllowOriginMismatch', value: 'https://b.example', lines: 1 }, MISMATCH, HINT],
    [{ code: 'PreflightWildcardOriginNotAllowed', value: '*', lines: 1 }, WILDCARD, ''],
    [{ code: 'PreflightInvalidAllowCredentials', value: 'yes', lines: 1 }, CREDENTIALS, ''],
  ];
  it.each(cases.map(([d, text, hint]) => [d.code, d, text, hint] as const))('%s', (_c, d, text, hint) => {
    expect(chromiumMessage(d, ctx)).toBe(`${C}${PRE}${text}${hint}`);
  });
});

describe("Chromium's XMLHttpRequest lines (conformance family xhr)", () => {
  it('end the value errors at the reason, without the fetch hint', () => {
    expect(chromiumMessage({ code: 'AllowOriginMismatch', value: 'https://b.example', lines: 1 }, xhr)).toBe(
      X + MISMATCH,
    );
    expect(chromiumMessage({ code: 'InvalidAllowOriginValue', value: 'nope', lines: 1 }, xhr)).toBe(
      X + INVALID,
    );
    expect(
      chromiumMessage(
        { code: 'PreflightMultipleAllowOriginValues', value: 'https://a, https://b', lines: 1 },
        xhr,
      ),
    ).toBe(X + PRE + MULTIPLE);
  });

  it('add the withCredentials note to every credential error, and to nothing else', () => {
    expect(chromiumMessage({ code: 'InvalidAllowCredentials', value: 'yes', lines: 1 }, xhr)).toBe(
      X + CREDENTIALS + XHR_NOTE,
    );
    expect(chromiumMessage({ code: 'PreflightWildcardOriginNotAllowed', value: '*', lines: 1 }, xhr)).toBe(
      X + PRE + WILDCARD + XHR_NOTE,
    );
    expect(chromiumMessage({ code: 'PreflightInvalidAllowCredentials', value: 'yes', lines: 1 }, xhr)).toBe(
      X + PRE + CREDENTIALS + XHR_NOTE,
    );
    expect(chromiumMessage({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, xhr)).toBe(
      `${X}No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
  });
});

describe("Chromium's lines for redirects, network failures and refused requests", () => {
  it('a redirect to a scheme CORS does not allow names the location', () => {
    expect(chromiumMessage({ code: 'RedirectDisallowedScheme', location: 'data:text/plain,hi' }, ctx)).toBe(
      `${C}Redirect location 'data:text/plain,hi' has a disallowed scheme for cross-origin requests.`,
    );
  });

  it('failures without a CORS reason are the DevTools network line: method, URL, net error', () => {
    expect(chromiumMessage({ code: 'TooManyRedirects', limit: 20 }, ctx)).toBe(
      `PUT ${URL_} net::ERR_TOO_MANY_REDIRECTS`,
    );
    expect(chromiumMessage({ code: 'NetworkError', reason: 'connection refused' }, ctx)).toBe(
      `PUT ${URL_} net::ERR_FAILED`,
    );
    // test/real-browsers/bad-ports.test.ts: Chromium refuses port 6000 with this line.
    expect(
      chromiumMessage(
        { code: 'NetworkError', reason: 'bad port', net: 'ERR_UNSAFE_PORT', badPort: 6000 },
        ctx,
      ),
    ).toBe(`PUT ${URL_} net::ERR_UNSAFE_PORT`);
  });

  it('a request fetch() refuses before sending is the TypeError the page gets', () => {
    const message = "Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported.";
    expect(chromiumMessage({ code: 'ForbiddenMethod', message, fix: '' }, ctx)).toBe(`TypeError: ${message}`);
    const invalid = "Failed to execute 'fetch' on 'Window': Invalid name";
    expect(chromiumMessage({ code: 'InvalidRequest', message: invalid, fix: '' }, ctx)).toBe(
      `TypeError: ${invalid}`,
    );
  });
});

describe("Firefox's lines beyond the access check", () => {
  it('reads the preflight forms of the access check with the same reasons', () => {
    expect(
      firefoxMessage({ code: 'PreflightAllowOriginMismatch', value: 'https://b.example', lines: 1 }, ctx),
    ).toBe(`${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://b.example’).`);
    expect(firefoxMessage({ code: 'PreflightInvalidAllowOriginValue', value: 'nope', lines: 1 }, ctx)).toBe(
      `${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘nope’).`,
    );
    expect(firefoxMessage({ code: 'PreflightWildcardOriginNotAllowed', value: '*', lines: 1 }, ctx)).toBe(
      `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘${URL_}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).`,
    );
    expect(firefoxMessage({ code: 'PreflightInvalidAllowCredentials', value: 'yes', lines: 1 }, ctx)).toBe(
      `${F} (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`,
    );
  });

  it('"Multiple" only for several header lines; one line holding a list "does not match"', () => {
    expect(
      firefoxMessage(
        { code: 'PreflightMultipleAllowOriginValues', value: 'https://a, https://b', lines: 2 },
        ctx,
      ),
    ).toBe(`${F} (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`);
    expect(
      firefoxMessage(
        { code: 'PreflightMultipleAllowOriginValues', value: 'https://a, https://b', lines: 1 },
        ctx,
      ),
    ).toBe(`${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://a, https://b’).`);
  });

  it('gives the status of a failed preflight, and (null) when there was no response', () => {
    expect(firefoxMessage({ code: 'PreflightInvalidStatus', status: 404 }, { ...ctx, status: 404 })).toBe(
      `${F} (Reason: CORS preflight response did not succeed). Status code: 404.`,
    );
    expect(
      firefoxMessage({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, { ...ctx, status: null }),
    ).toBe(`${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: (null).`);
  });

  it('words redirects, other schemes and redirect loops', () => {
    expect(firefoxMessage({ code: 'RedirectDisallowedScheme', location: 'data:text/plain,hi' }, ctx)).toBe(
      `${F} (Reason: CORS request external redirect not allowed).`,
    );
    expect(firefoxMessage({ code: 'CorsDisabledScheme', message: 'm', fix: 'f' }, ctx)).toBe(
      `${F} (Reason: CORS request not http).`,
    );
    expect(firefoxMessage({ code: 'TooManyRedirects', limit: 20 }, { ...ctx, status: 302 })).toBe(
      `${F} (Reason: CORS request did not succeed). Status code: (null).`,
    );
  });

  it('a request refused before it is sent prints no CORS line, only the TypeError', () => {
    // test/real-browsers/bad-ports.test.ts compares this with Firefox's own rejection.
    expect(
      firefoxMessage(
        { code: 'NetworkError', reason: 'bad port', net: 'ERR_UNSAFE_PORT', badPort: 6000 },
        ctx,
      ),
    ).toBe('TypeError: NetworkError when attempting to fetch resource.');
    expect(
      firefoxMessage(
        { code: 'InvalidRequest', message: 'Window.fetch: x is not a valid URL.', fix: '' },
        ctx,
      ),
    ).toBe('TypeError: Window.fetch: x is not a valid URL.');
  });
});

describe('header values that are not ASCII (conformance case simple-acao/non-ascii)', () => {
  it('Chromium escapes each as \\uXXXX, four uppercase hex digits', () => {
    expect(escapeNonAscii('http://b\u00fccher.example')).toBe('http://b\\u00FCcher.example');
    expect(escapeNonAscii('\u00e9\u4e2d')).toBe('\\u00E9\\u4E2D');
    expect(escapeNonAscii('https://plain.example')).toBe('https://plain.example');
    expect(
      chromiumMessage({ code: 'AllowOriginMismatch', value: 'https://\u00e9.example', lines: 1 }, ctx),
    ).toContain("a value 'https://\\u00E9.example' that");
  });

  it('Firefox decodes the bytes as UTF-8, a byte that is not UTF-8 as U+FFFD', () => {
    // 'ü' sent as UTF-8 is the two bytes C3 BC, read here one code point per byte.
    expect(decodeUtf8Lossy('http://b\u00c3\u00bccher.example')).toBe('http://b\u00fccher.example');
    expect(decodeUtf8Lossy('http://b\u00fccher.example')).toBe('http://b\ufffdcher.example');
    expect(decodeUtf8Lossy('https://plain.example')).toBe('https://plain.example');
    // Already text (a code point above one byte): left as it is.
    expect(decodeUtf8Lossy('\u00fc\u4e2d')).toBe('\u00fc\u4e2d');
    expect(
      firefoxMessage({ code: 'AllowOriginMismatch', value: 'https://\u00c3\u00a9.example', lines: 1 }, ctx),
    ).toBe(
      `${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://\u00e9.example’).`,
    );
  });
});
