import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainMessage } from '../../src/browser/explain.js';
import type { FailureDetail } from '../../src/browser/failure.js';
import { chromiumMessage, firefoxMessage, type MessageContext } from '../../src/browser/messages.js';

const ctx: MessageContext = {
  initiator: 'fetch',
  url: 'https://api.example.com/v1/items?id=3',
  initialUrl: 'https://api.example.com/v1/items?id=3',
  origin: 'http://localhost:5173',
  method: 'GET',
  status: 200,
};

const details: FailureDetail[] = [
  { code: 'MissingAllowOriginHeader', value: '', lines: 0 },
  { code: 'MultipleAllowOriginValues', value: 'http://localhost:5173, *', lines: 1 },
  { code: 'InvalidAllowOriginValue', value: 'nope', lines: 1 },
  { code: 'AllowOriginMismatch', value: 'http://localhost:3000', lines: 1 },
  { code: 'WildcardOriginNotAllowed', value: '*', lines: 1 },
  { code: 'InvalidAllowCredentials', value: 'false', lines: 1 },
  { code: 'PreflightMissingAllowOriginHeader', value: '', lines: 0 },
  { code: 'PreflightAllowOriginMismatch', value: 'http://localhost:5173/', lines: 1 },
  { code: 'PreflightWildcardOriginNotAllowed', value: '*', lines: 1 },
  { code: 'PreflightInvalidAllowCredentials', value: '', lines: 1 },
  { code: 'PreflightInvalidStatus', status: 404 },
  { code: 'PreflightDisallowedRedirect', status: 301, location: '' },
  { code: 'InvalidAllowMethodsPreflightResponse', value: 'x', token: 'x' },
  { code: 'InvalidAllowHeadersPreflightResponse', value: 'x', token: 'x' },
  { code: 'MethodDisallowedByPreflightResponse', method: 'DELETE', allowed: [] },
  {
    code: 'HeaderDisallowedByPreflightResponse',
    header: 'authorization',
    allowed: [],
    wildcardAuthorization: false,
  },
  { code: 'RedirectContainsCredentials', location: 'https://u:p@h.example/' },
];

describe('explainMessage on Chromium messages', () => {
  for (const d of details) {
    it(`round-trips ${d.code} (fetch and XMLHttpRequest)`, () => {
      for (const initiator of ['fetch', 'xhr'] as const) {
        const text = chromiumMessage(d, { ...ctx, initiator });
        const e = explainMessage(text);
        expect(e, text).not.toBeNull();
        expect(e?.browser).toBe('chromium');
        expect(e?.code).toBe(d.code);
        expect(e?.url).toBe(ctx.url);
        expect(e?.origin).toBe(ctx.origin);
        expect(e?.initiator).toBe(initiator);
        expect(e?.cause.length).toBeGreaterThan(20);
        expect(e?.fix.length).toBeGreaterThan(20);
      }
    });
  }

  it('keeps the values a fix needs', () => {
    const e = explainMessage(chromiumMessage(details[14] as FailureDetail, ctx));
    expect(e?.detail).toMatchObject({ method: 'DELETE' });
    expect(e?.fix).toContain('DELETE');
    const h = explainMessage(chromiumMessage(details[15] as FailureDetail, ctx));
    expect(h?.fix).toContain('authorization');
  });

  it('accepts DevTools noise around the message and the redirected form', () => {
    const text = `index.html:1 Access to fetch at 'https://b.example/x' (redirected from 'https://a.example/x') from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nGET https://b.example/x net::ERR_FAILED 302 (Found)`;
    const e = explainMessage(text);
    expect(e).toMatchObject({
      code: 'MissingAllowOriginHeader',
      url: 'https://b.example/x',
      redirectedFrom: 'https://a.example/x',
    });
  });

  it('accepts the old opaque-response hint', () => {
    const text =
      "Access to fetch at 'https://a.example/' from origin 'https://b.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
    expect(explainMessage(text)?.code).toBe('MissingAllowOriginHeader');
  });
});

describe('explainMessage on Firefox messages', () => {
  const expected: Record<string, string> = {
    MissingAllowOriginHeader: 'MissingAllowOriginHeader',
    PreflightMissingAllowOriginHeader: 'MissingAllowOriginHeader',
    AllowOriginMismatch: 'AllowOriginMismatch',
    WildcardOriginNotAllowed: 'WildcardOriginNotAllowed',
    InvalidAllowCredentials: 'InvalidAllowCredentials',
    PreflightInvalidStatus: 'PreflightInvalidStatus',
    MethodDisallowedByPreflightResponse: 'MethodDisallowedByPreflightResponse',
    HeaderDisallowedByPreflightResponse: 'HeaderDisallowedByPreflightResponse',
    InvalidAllowMethodsPreflightResponse: 'InvalidAllowMethodsPreflightResponse',
  };
  for (const d of details) {
    const want = expected[d.code];
    if (!want) continue;
    it(`reads ${d.code} as ${want}`, () => {
      const e = explainMessage(firefoxMessage(d, ctx));
      expect(e?.browser).toBe('firefox');
      expect(e?.code).toBe(want);
      expect(e?.url).toBe(ctx.url);
    });
  }
  it('reads straight quotes as well as curly ones, and the two-lines form', () => {
    const text =
      "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.example/x. (Reason: CORS header 'Access-Control-Allow-Origin' does not match 'https://b.example/').";
    expect(explainMessage(text)).toMatchObject({
      code: 'AllowOriginMismatch',
      detail: { value: 'https://b.example/' },
    });
    const multi =
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://a.example/x. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).';
    expect(explainMessage(multi)?.code).toBe('MultipleAllowOriginValues');
  });
});

describe('explainMessage on anything else', () => {
  it('returns null for unknown text', () => {
    for (const t of [
      '',
      'hello',
      'TypeError: Failed to fetch',
      "Access to fetch at 'x' from origin 'y' has been blocked by CORS policy: something new",
    ]) {
      expect(explainMessage(t)).toBeNull();
    }
  });
  // Linear time: test/arch/regexp-linear.test.ts reads every RegExp statically.
  it('never throws on hostile input up to 64 KiB, and explains none of it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        explainMessage(s);
        explainMessage(`Access to fetch at '${s}' from origin '${s}' has been blocked by CORS policy: ${s}`);
      }),
      { numRuns: 200 },
    );
    const big = `Access to fetch at '${'a'.repeat(65536)}' from origin '${"'".repeat(65536)}' has been blocked by CORS policy: ${'x '.repeat(32768)}`;
    expect(explainMessage(big)).toBeNull();
    expect(explainMessage(`Cross-Origin Request Blocked: ${'‘'.repeat(65536)}`)).toBeNull();
  });
});

describe('explain states only what the message says', () => {
  const CH =
    "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: ";

  it('a preflight status the message does not give is not "0"', () => {
    const e = explainMessage(
      `${CH}Response to preflight request doesn't pass access control check: It does not have HTTP ok status.`,
    );
    expect(e?.code).toBe('PreflightInvalidStatus');
    expect(e?.recognised.status).toBeNull();
    expect(e?.unstated).toContain('status');
    expect(e?.cause).not.toMatch(/status 0\b/);
    expect(e?.cause).toContain('does not say which');
    // When the DevTools network line gives it, it is used.
    const d = explainMessage(
      `${CH}Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\nPUT https://api.example.com/items net::ERR_FAILED 405 (Method Not Allowed)`,
    );
    expect(d?.recognised).toMatchObject({ status: 405, method: 'PUT' });
    expect(d?.cause).toContain('405');
  });

  it('a disallowed header is named, the allowed list it does not show is not called absent', () => {
    const e = explainMessage(
      `${CH}Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.`,
    );
    expect(e?.recognised.header).toBe('authorization');
    expect(e?.cause).not.toContain('absent');
    expect(e?.fix).toContain('Add authorization to Access-Control-Allow-Headers');
  });

  it("Firefox's method message does not name the method, and neither does the fix", () => {
    const e = explainMessage(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).',
    );
    expect(e?.code).toBe('MethodDisallowedByPreflightResponse');
    expect(e?.recognised.method).toBeNull();
    expect(e?.fix).not.toMatch(/Add {2}to|Add to/);
    expect(e?.fix).toContain('the method your code sends');
    expect(e?.reproduce).toBe(
      "corsair check https://api.example.com/items --origin '<your page's origin>' --method <METHOD>",
    );
  });

  it('the check command carries method, header and credentials, and marks what to fill in', () => {
    expect(
      explainMessage(
        `${CH}Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.`,
      )?.reproduce,
    ).toBe('corsair check https://api.example.com/items --origin https://app.example.com --method PATCH');
    expect(
      explainMessage(
        `${CH}Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.`,
      )?.reproduce,
    ).toBe(
      "corsair check https://api.example.com/items --origin https://app.example.com --method <METHOD> -H 'x-api-key: <value>'",
    );
    expect(
      explainMessage(
        `${CH}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`,
      )?.reproduce,
    ).toBe(
      'corsair check https://api.example.com/items --origin https://app.example.com --credentials include',
    );
  });

  it('an ambiguous Safari line lists its candidates and says it does not know which', () => {
    const e = explainMessage(
      'Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200',
    );
    expect(e?.browser).toBe('webkit');
    expect(e?.confidence).toBe('ambiguous');
    expect(e?.candidates.map((c) => c.code)).toEqual([
      'MissingAllowOriginHeader',
      'AllowOriginMismatch',
      'InvalidAllowOriginValue',
    ]);
    expect(e?.cause).toMatch(/^The message fits 3 failures .* does not say which/);
  });

  it('a value cut short by the paste is not repeated', () => {
    const e = explainMessage(`${CH}The 'Access-Control-Allow-Origin' header has a value 'https://app.exa…`);
    expect(e?.code).toBe('AllowOriginMismatch');
    expect(e?.detail).toMatchObject({ value: '' });
    expect(e?.cause).not.toContain('app.exa');
  });
});
