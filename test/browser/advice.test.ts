// The cause and fix corsair gives for each failure. The prose is ours, so these tests check what a user
// acts on, not the words: the cause names the values at fault (origin, header, method, status,
// location), the fix names the header line to send with the right value, and never tells anyone to
// allow the origin `null` or to reflect any origin.
import { describe, expect, it } from 'vitest';
import { type AdviceContext, advise } from '../../src/browser/advice.js';
import type { FailureDetail } from '../../src/browser/failure.js';

const APP = 'https://app.example.com';
const ctx: AdviceContext = {
  origin: APP,
  url: 'https://api.example.com/v1/items',
  method: 'PUT',
  include: false,
};
const withCredentials: AdviceContext = { ...ctx, include: true };
const fromNull: AdviceContext = { ...ctx, origin: 'null' };

const ALLOW_APP = `\`Access-Control-Allow-Origin: ${APP}\``;
const ALLOW_CREDENTIALS = '`Access-Control-Allow-Credentials: true`';

/** A fix safe to apply: never allows the opaque origin, never says to reflect whatever comes. */
function expectSafe(fix: string): void {
  expect(fix).not.toMatch(/(?<!would let[^.]*|Do not allow[^.]*)Access-Control-Allow-Origin: null/);
  expect(fix).not.toMatch(/Access-Control-Allow-Origin: \*/);
}

describe('a missing or wrong Access-Control-Allow-Origin', () => {
  const codes: FailureDetail[] = [
    { code: 'MissingAllowOriginHeader', value: '', lines: 0 },
    { code: 'AllowOriginMismatch', value: 'https://other.example', lines: 1 },
  ];
  it.each(codes.map((d) => [d.code, d] as const))(
    '%s: answer the page origin from the right server',
    (_c, d) => {
      const a = advise(d, ctx);
      expect(a.cause).toContain(APP);
      expect(a.fix).toContain('the server at https://api.example.com ');
      expect(a.fix).toContain(ALLOW_APP);
      expect(a.fix).not.toContain('Access-Control-Allow-Credentials');
      expect(a.fix).toContain('allowlist');
      expect(a.fix).toContain('Vary: Origin');
      expectSafe(a.fix);
      // With credentials the same fix needs Access-Control-Allow-Credentials as well.
      expect(advise(d, withCredentials).fix).toContain(`${ALLOW_APP} and ${ALLOW_CREDENTIALS}`);
    },
  );

  it('the preflight forms say the OPTIONS response is at fault and must carry it', () => {
    const missing = advise({ code: 'PreflightMissingAllowOriginHeader', value: '', lines: 0 }, ctx);
    expect(missing.cause).toMatch(
      /^The preflight \(OPTIONS\) response from https:\/\/api\.example\.com\/v1\/items /,
    );
    expect(missing.cause).toContain('OPTIONS not routed');
    expect(missing.fix).toContain(`answer the OPTIONS preflight from ${APP} with ${ALLOW_APP}`);
    const actual = advise({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, ctx);
    expect(actual.cause).toMatch(
      /^The response from https:\/\/api\.example\.com\/v1\/items has no Access-Control-Allow-Origin/,
    );
    expect(actual.fix).toContain(`answer requests from ${APP}`);
    const mismatch = advise(
      { code: 'PreflightAllowOriginMismatch', value: 'https://x.example', lines: 1 },
      ctx,
    );
    expect(mismatch.cause).toMatch(/^The preflight \(OPTIONS\) response allows 'https:\/\/x\.example'/);
  });

  it('a mismatch quotes both origins, and points at a trailing slash when there is one', () => {
    const slash = advise({ code: 'AllowOriginMismatch', value: `${APP}/`, lines: 1 }, ctx);
    expect(slash.cause).toContain(`'${APP}/'`);
    expect(slash.cause).toContain(`'${APP}'`);
    expect(slash.cause).toContain('trailing slash');
    const other = advise({ code: 'AllowOriginMismatch', value: 'https://other.example', lines: 1 }, ctx);
    expect(other.cause).not.toContain('trailing slash');
    expect(other.cause).not.toContain('null');
  });

  it('an origin that is not one: send the exact serialized origin', () => {
    const a = advise({ code: 'InvalidAllowOriginValue', value: `${APP}/path`, lines: 1 }, ctx);
    expect(a.cause).toContain(`'${APP}/path'`);
    expect(a.cause).toMatch(/^The response carries/);
    expect(a.fix).toContain(ALLOW_APP);
    expect(advise({ code: 'PreflightInvalidAllowOriginValue', value: 'x', lines: 1 }, ctx).cause).toMatch(
      /^The preflight \(OPTIONS\) response carries/,
    );
  });

  it('several values: send one line with the request origin, and say how many lines came', () => {
    const two = advise({ code: 'MultipleAllowOriginValues', value: `${APP}, *`, lines: 2 }, ctx);
    expect(two.cause).toContain(`'${APP}, *'`);
    expect(two.cause).toContain('on 2 lines');
    expect(two.fix).toContain(`(${APP})`);
    expect(two.fix).toContain('single Access-Control-Allow-Origin line');
    expect(two.fix).toContain('Vary: Origin');
    const one = advise({ code: 'PreflightMultipleAllowOriginValues', value: `${APP} ${APP}`, lines: 1 }, ctx);
    expect(one.cause).not.toContain('lines');
    expect(one.cause).toMatch(/^The preflight \(OPTIONS\) response carries/);
  });
});

describe('credentials', () => {
  it('the wildcard: drop credentials or answer the exact origin with credentials allowed', () => {
    for (const code of ['WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed'] as const) {
      const a = advise({ code, value: '*', lines: 1 }, withCredentials);
      expect(a.cause).toContain('`Access-Control-Allow-Origin: *`');
      expect(a.fix).toContain("credentials: 'include'");
      expect(a.fix).toContain(`${ALLOW_APP} and ${ALLOW_CREDENTIALS}`);
      expectSafe(a.fix);
    }
  });

  it('Access-Control-Allow-Credentials: says what the response carries, or that it has none', () => {
    const wrong = advise({ code: 'InvalidAllowCredentials', value: 'TRUE', lines: 1 }, withCredentials);
    expect(wrong.cause).toContain("carries 'TRUE'");
    expect(wrong.fix).toContain(`${ALLOW_CREDENTIALS} to the response`);
    const none = advise({ code: 'PreflightInvalidAllowCredentials', value: '', lines: 0 }, withCredentials);
    expect(none.cause).toContain('has none');
    expect(none.cause).not.toContain("carries ''");
    expect(none.fix).toContain(`${ALLOW_CREDENTIALS} to the preflight (OPTIONS) response`);
  });
});

describe('the origin null (a sandboxed page, a file: page, or after a redirect that crossed origins)', () => {
  const cases: FailureDetail[] = [
    { code: 'MissingAllowOriginHeader', value: '', lines: 0 },
    { code: 'PreflightAllowOriginMismatch', value: APP, lines: 1 },
    { code: 'WildcardOriginNotAllowed', value: '*', lines: 1 },
  ];
  it.each(cases.map((d) => [d.code, d] as const))('%s: never the fix "allow null"', (_c, d) => {
    const a = advise(d, { ...fromNull, include: true });
    expect(a.fix).toMatch(/^Do not allow the origin null/);
    expect(a.fix).toContain('serve the page from a real origin');
    expect(a.fix).not.toContain('answer');
  });

  it('a mismatch says why the origin is null', () => {
    const a = advise({ code: 'AllowOriginMismatch', value: APP, lines: 1 }, fromNull);
    expect(a.cause).toContain('The origin is null because a redirect crossed origins');
  });
});

describe('the preflight itself', () => {
  it('a status that is not 2xx: the status and URL, and the fix is to answer OPTIONS with 204', () => {
    const a = advise({ code: 'PreflightInvalidStatus', status: 401 }, ctx);
    expect(a.cause).toContain('OPTIONS https://api.example.com/v1/items');
    expect(a.cause).toContain('status 401');
    expect(a.fix).toMatch(
      /^Answer OPTIONS requests .* with 204 and the CORS headers, before any authentication/,
    );
  });

  it('a redirect: where it went, and to call that URL or answer OPTIONS in place', () => {
    const a = advise(
      { code: 'PreflightDisallowedRedirect', status: 301, location: 'https://api.example.com/v1/items/' },
      ctx,
    );
    expect(a.cause).toContain('301 redirect to https://api.example.com/v1/items/');
    expect(a.fix).toContain('(https://api.example.com/v1/items/)');
    expect(a.fix).toContain('answer OPTIONS at https://api.example.com/v1/items itself');
  });

  it('an unparsable list names its header and the bad token, and shows a list of that header', () => {
    const m = advise(
      { code: 'InvalidAllowMethodsPreflightResponse', value: 'GET PUT', token: 'GET PUT' },
      ctx,
    );
    expect(m.cause).toContain("Access-Control-Allow-Methods 'GET PUT'");
    expect(m.cause).toContain("'GET PUT' is not a token");
    expect(m.fix).toContain('`Access-Control-Allow-Methods: GET, POST, PUT`');
    const h = advise({ code: 'InvalidAllowHeadersPreflightResponse', value: 'a b', token: 'a b' }, ctx);
    expect(h.cause).toContain("Access-Control-Allow-Headers 'a b'");
    expect(h.fix).toContain('`Access-Control-Allow-Headers: Content-Type, Authorization`');
  });

  it('a method: add that method; a lowercase one is named and its uppercase spelling offered', () => {
    const put = advise(
      { code: 'MethodDisallowedByPreflightResponse', method: 'PUT', allowed: ['GET', 'POST'] },
      ctx,
    );
    expect(put.cause).toContain('method PUT');
    expect(put.cause).toContain('(GET, POST)');
    expect(put.cause).not.toContain('case-sensitive');
    expect(put.fix).toBe('Add PUT to Access-Control-Allow-Methods in the OPTIONS response.');
    const patch = advise(
      { code: 'MethodDisallowedByPreflightResponse', method: 'patch', allowed: ['PATCH'] },
      ctx,
    );
    expect(patch.cause).toContain("fetch() sends 'patch' as written");
    expect(patch.fix).toContain("(or call fetch with method 'PATCH')");
    const none = advise({ code: 'MethodDisallowedByPreflightResponse', method: 'PUT', allowed: [] }, ctx);
    expect(none.cause).toContain('(absent)');
  });

  it("'*' with credentials is a literal name, said only then", () => {
    const star = { code: 'MethodDisallowedByPreflightResponse', method: 'PUT', allowed: ['*'] } as const;
    expect(advise(star, withCredentials).cause).toContain("'*' is a literal method name");
    expect(advise(star, ctx).cause).not.toContain('literal');
    const h = {
      code: 'HeaderDisallowedByPreflightResponse',
      header: 'x-api-key',
      allowed: ['*'],
      wildcardAuthorization: false,
    } as const;
    expect(advise(h, withCredentials).cause).toContain("'*' is a literal header name");
    expect(advise(h, ctx).cause).not.toContain('literal');
  });

  it('a header: add that header; Content-Type may instead be a safelisted one', () => {
    const key = advise(
      {
        code: 'HeaderDisallowedByPreflightResponse',
        header: 'x-api-key',
        allowed: ['content-type'],
        wildcardAuthorization: false,
      },
      ctx,
    );
    expect(key.cause).toContain("'x-api-key'");
    expect(key.cause).toContain('(content-type)');
    expect(key.fix).toBe('Add x-api-key to Access-Control-Allow-Headers in the OPTIONS response.');
    const ct = advise(
      {
        code: 'HeaderDisallowedByPreflightResponse',
        header: 'content-type',
        allowed: [],
        wildcardAuthorization: false,
      },
      ctx,
    );
    expect(ct.cause).toContain('(absent)');
    expect(ct.fix).toContain('Add content-type to Access-Control-Allow-Headers');
    expect(ct.fix).toContain('text/plain, application/x-www-form-urlencoded, multipart/form-data');
    const auth = advise(
      {
        code: 'HeaderDisallowedByPreflightResponse',
        header: 'authorization',
        allowed: ['*'],
        wildcardAuthorization: true,
      },
      ctx,
    );
    expect(auth.cause).toContain("'*' never covers Authorization");
    expect(auth.fix).toContain('Add authorization to Access-Control-Allow-Headers');
  });
});

describe('redirects and the network', () => {
  it('names the redirect target and the kind of fix', () => {
    const creds = advise({ code: 'RedirectContainsCredentials', location: 'https://u:p@cdn.example/x' }, ctx);
    expect(creds.cause).toContain("'https://u:p@cdn.example/x'");
    expect(creds.fix).toContain('without userinfo');
    const scheme = advise({ code: 'RedirectDisallowedScheme', location: 'data:text/plain,hi' }, ctx);
    expect(scheme.cause).toContain("'data:text/plain,hi'");
    expect(scheme.fix).toContain('http(s)');
    const loop = advise({ code: 'TooManyRedirects', limit: 20 }, ctx);
    expect(loop.cause).toContain('more than 20 times');
    expect(loop.fix).toContain('redirect loop');
  });

  it('a bad port: no server setting helps; another port, or the flag that allows it', () => {
    const a = advise(
      { code: 'NetworkError', reason: 'bad port', net: 'ERR_UNSAFE_PORT', badPort: 6000 },
      ctx,
    );
    expect(a.cause).toContain('Port 6000 is a bad port');
    expect(a.fix).toContain('--explicitly-allowed-ports=6000');
    expect(a.fix).toContain('network.security.ports.banned.override');
  });

  it('no response: says it is not a CORS failure and gives the reason', () => {
    const a = advise({ code: 'NetworkError', reason: 'connect ECONNREFUSED 127.0.0.1:9' }, ctx);
    expect(a.cause).toContain('https://api.example.com/v1/items never got a response: connect ECONNREFUSED');
    expect(a.cause).toContain('it is not one');
    expect(a.fix).toContain('server is up');
  });

  it('refusals decided before the request pass their own cause and fix through', () => {
    for (const code of ['CorsDisabledScheme', 'ForbiddenMethod', 'InvalidRequest'] as const)
      expect(advise({ code, message: 'm', fix: 'f' }, ctx)).toEqual({ cause: 'm', fix: 'f' });
  });

  it('a URL that does not parse still gets a fix, for "the server"', () => {
    const a = advise({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }, { ...ctx, url: '<the URL>' });
    expect(a.fix).toMatch(/^Make the server answer requests/);
  });
});
