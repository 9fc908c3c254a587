// Every console template of shared/reference/browser-cors-facts.md, checked verbatim. The expected
// strings are written out here by hand from that reference, not produced by the code under test.
import { describe, expect, it } from 'vitest';
import type { FailureDetail } from '../../src/browser/failure.js';
import { chromiumMessage, firefoxMessage, type MessageContext } from '../../src/browser/messages.js';

const ctx: MessageContext = {
  initiator: 'fetch',
  url: 'https://api.example.com/items',
  initialUrl: 'https://api.example.com/items',
  origin: 'https://app.example.com',
  method: 'GET',
  status: 200,
};
const C =
  "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: ";
const PRE = "Response to preflight request doesn't pass access control check: ";
const F =
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items.';

const cases: [FailureDetail, string, string][] = [
  [
    { code: 'MissingAllowOriginHeader', value: '', lines: 0 },
    `${C}No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    `${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.`,
  ],
  [
    { code: 'WildcardOriginNotAllowed', value: '*', lines: 1 },
    `${C}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`,
    'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://api.example.com/items’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).',
  ],
  [
    { code: 'MultipleAllowOriginValues', value: 'https://a, https://b', lines: 1 },
    `${C}The 'Access-Control-Allow-Origin' header contains multiple values 'https://a, https://b', but only one is allowed. Have the server send the header with a valid value.`,
    `${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://a, https://b’).`,
  ],
  [
    { code: 'MultipleAllowOriginValues', value: 'https://a, https://a', lines: 2 },
    `${C}The 'Access-Control-Allow-Origin' header contains multiple values 'https://a, https://a', but only one is allowed. Have the server send the header with a valid value.`,
    `${F} (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`,
  ],
  [
    { code: 'InvalidAllowOriginValue', value: 'nope', lines: 1 },
    `${C}The 'Access-Control-Allow-Origin' header contains the invalid value 'nope'. Have the server send the header with a valid value.`,
    `${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘nope’).`,
  ],
  [
    { code: 'AllowOriginMismatch', value: 'https://app.example.com/', lines: 1 },
    `${C}The 'Access-Control-Allow-Origin' header has a value 'https://app.example.com/' that is not equal to the supplied origin. Have the server send the header with a valid value.`,
    `${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://app.example.com/’).`,
  ],
  [
    { code: 'InvalidAllowCredentials', value: '', lines: 1 },
    `${C}The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.`,
    `${F} (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`,
  ],
  [
    { code: 'PreflightMissingAllowOriginHeader', value: '', lines: 0 },
    `${C}${PRE}No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    `${F} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.`,
  ],
  [
    { code: 'PreflightInvalidStatus', status: 404 },
    `${C}${PRE}It does not have HTTP ok status.`,
    `${F} (Reason: CORS preflight response did not succeed). Status code: 200.`,
  ],
  [
    { code: 'PreflightDisallowedRedirect', status: 301, location: 'https://x/' },
    `${C}${PRE}Redirect is not allowed for a preflight request.`,
    `${F} (Reason: CORS request external redirect not allowed).`,
  ],
  [
    { code: 'InvalidAllowMethodsPreflightResponse', value: 'GET PUT', token: 'GET PUT' },
    `${C}Cannot parse Access-Control-Allow-Methods response header field in preflight response.`,
    `${F} (Reason: invalid token ‘GET PUT’ in CORS header ‘Access-Control-Allow-Methods’).`,
  ],
  [
    { code: 'InvalidAllowHeadersPreflightResponse', value: 'a b', token: 'a b' },
    `${C}Cannot parse Access-Control-Allow-Headers response header field in preflight response.`,
    `${F} (Reason: invalid token ‘a b’ in CORS header ‘Access-Control-Allow-Headers’).`,
  ],
  [
    { code: 'MethodDisallowedByPreflightResponse', method: 'PUT', allowed: [] },
    `${C}Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.`,
    `${F} (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`,
  ],
  [
    {
      code: 'HeaderDisallowedByPreflightResponse',
      header: 'x-api-key',
      allowed: [],
      wildcardAuthorization: false,
    },
    `${C}Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.`,
    `${F} (Reason: header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`,
  ],
  [
    { code: 'RedirectContainsCredentials', location: 'https://u:p@x.example/' },
    // Chromium 156 prints the location empty (conformance redirect-userinfo/*).
    `${C}Redirect location '' contains a username and password, which is disallowed for cross-origin requests.`,
    // Firefox 153 fails the fetch without a specific reason.
    `${F} (Reason: CORS request did not succeed). Status code: (null).`,
  ],
];

describe('console messages, verbatim', () => {
  for (const [detail, chromium, firefox] of cases) {
    it(`${detail.code}${'lines' in detail ? ` (${detail.lines} lines)` : ''}`, () => {
      expect(chromiumMessage(detail, ctx)).toBe(chromium);
      expect(firefoxMessage(detail, ctx)).toBe(firefox);
    });
  }

  it('after a redirect Chromium names both URLs', () => {
    const m = chromiumMessage(
      { code: 'MissingAllowOriginHeader', value: '', lines: 0 },
      { ...ctx, url: 'https://cdn.example.net/x', initialUrl: 'https://api.example.com/items' },
    );
    expect(m).toBe(
      "Access to fetch at 'https://cdn.example.net/x' (redirected from 'https://api.example.com/items') from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
  });

  it('XMLHttpRequest wording, with the withCredentials note on credential errors', () => {
    const x = { ...ctx, initiator: 'xhr' as const };
    expect(chromiumMessage({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, x)).toMatch(
      /^Access to XMLHttpRequest at /,
    );
    expect(chromiumMessage({ code: 'WildcardOriginNotAllowed', value: '*', lines: 1 }, x)).toMatch(
      / The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute\.$/,
    );
  });

  it('Firefox reports the status of the failing response, or (null) without one', () => {
    const d: FailureDetail = { code: 'MissingAllowOriginHeader', value: '', lines: 0 };
    expect(firefoxMessage(d, { ...ctx, status: 503 })).toMatch(/Status code: 503\.$/);
    expect(firefoxMessage({ code: 'NetworkError', reason: 'refused' }, { ...ctx, status: null })).toBe(
      `${F} (Reason: CORS request did not succeed). Status code: (null).`,
    );
  });
});
