// The cause and fix `corsair explain` gives for a pasted message: built from what the message states,
// it names the values the message gives (method, header, status, location, value) and says so when the
// message leaves the deciding value out, instead of inventing one. The prose is ours: these tests check
// the facts a user acts on and the kind of fix, not the wording. The pasted lines are the browsers' own.
import { describe, expect, it } from 'vitest';
import { explainMessage } from '../../src/browser/explain.js';

const URL_ = 'https://api.example.com/items';
const CH = `Access to fetch at '${URL_}' from origin 'https://app.example.com' has been blocked by CORS policy: `;
const PRE = "Response to preflight request doesn't pass access control check: ";
const FF = `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${URL_}.`;

function explain(text: string) {
  const e = explainMessage(text);
  expect(e, text).not.toBeNull();
  return e as NonNullable<typeof e>;
}

describe('an Access-Control-Allow-Origin value the message does not show', () => {
  it('Firefox "Multiple": more than one origin; send exactly one line with the request origin', () => {
    const e = explain(`${FF} (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).`);
    expect(e.code).toBe('MultipleAllowOriginValues');
    expect(e.cause).toMatch(/^The response carries an Access-Control-Allow-Origin/);
    expect(e.cause).toContain('more than one origin');
    expect(e.fix).toContain("exactly one Access-Control-Allow-Origin line holding the request's Origin");
  });

  it('a preflight line cut before the value says the preflight response is at fault', () => {
    const e = explain(`${CH}${PRE}The 'Access-Control-Allow-Origin' header has a value 'https://app.exa…`);
    expect(e.code).toBe('PreflightAllowOriginMismatch');
    expect(e.cause).toContain('The preflight (OPTIONS) response carries');
    expect(e.cause).toContain('another origin, or not an origin');
    expect(e.cause).not.toContain('app.exa');
  });

  it('a shown value is quoted and the fix names the page origin', () => {
    const e = explain(
      `${CH}The 'Access-Control-Allow-Origin' header has a value 'https://app.example.com/' that is not equal to the supplied origin.`,
    );
    expect(e.cause).toContain("'https://app.example.com/'");
    expect(e.cause).toContain('trailing slash');
    expect(e.fix).toContain('`Access-Control-Allow-Origin: https://app.example.com`');
  });
});

describe('credentials', () => {
  it('Firefox does not say what Access-Control-Allow-Credentials held: neither does the cause', () => {
    const e = explain(`${FF} (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`);
    expect(e.code).toBe('InvalidAllowCredentials');
    expect(e.cause).toContain('does not say what it carries');
    expect(e.fix).toContain('`Access-Control-Allow-Credentials: true` to the response');
    expect(e.reproduce).toContain('--credentials include');
  });

  it('Chromium quotes the value, and the cause repeats it', () => {
    const e = explain(
      `${CH}${PRE}The value of the 'Access-Control-Allow-Credentials' header in the response is 'false' which must be 'true' when the request's credentials mode is 'include'.`,
    );
    expect(e.code).toBe('PreflightInvalidAllowCredentials');
    expect(e.cause).toContain("carries 'false'");
    expect(e.fix).toContain('`Access-Control-Allow-Credentials: true` to the preflight (OPTIONS) response');
  });

  it('the wildcard with credentials: answer the exact origin, with credentials allowed', () => {
    const e = explain('Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.');
    expect(e.code).toBe('WildcardOriginNotAllowed');
    expect(e.fix).toContain('`Access-Control-Allow-Credentials: true`');
    expect(e.reproduce).toContain('--credentials include');
  });
});

describe('the preflight', () => {
  it('a status: named when stated, said to be unknown when not', () => {
    const stated = explain('Preflight response is not successful. Status code: 403');
    expect(stated.cause).toContain('status 403');
    expect(stated.fix).toMatch(/^Answer OPTIONS requests/);
    const unstated = explain(`${CH}${PRE}It does not have HTTP ok status.`);
    expect(unstated.cause).toContain(`OPTIONS ${URL_}`);
    expect(unstated.cause).toContain('does not say which');
    expect(unstated.fix).toMatch(/^Answer OPTIONS requests/);
  });

  it('a redirect: the location when the message gives it, and where to answer OPTIONS', () => {
    const bare = explain(`${CH}${PRE}Redirect is not allowed for a preflight request.`);
    expect(bare.code).toBe('PreflightDisallowedRedirect');
    expect(bare.cause).toContain(`OPTIONS ${URL_}) was answered with a redirect;`);
    expect(bare.fix).toContain(`answer OPTIONS at ${URL_} itself`);
    const old = explain(
      "The request was redirected to 'https://api.example.com/items/', which is disallowed for cross-origin requests that require preflight.",
    );
    expect(old.code).toBe('PreflightDisallowedRedirect');
    expect(old.cause).toContain('redirect to https://api.example.com/items/');
  });

  it('an unparsable list: the header named, and the token when Firefox gives it', () => {
    const methods = explain(
      `${CH}Cannot parse Access-Control-Allow-Methods response header field in preflight response.`,
    );
    expect(methods.code).toBe('InvalidAllowMethodsPreflightResponse');
    expect(methods.cause).toContain("The preflight's Access-Control-Allow-Methods cannot be parsed");
    expect(methods.fix).toContain('comma-separated');
    const headers = explain(
      `${CH}Cannot parse Access-Control-Allow-Headers response header field in preflight response.`,
    );
    expect(headers.cause).toContain("The preflight's Access-Control-Allow-Headers cannot be parsed");
    const token = explain(
      `${FF} (Reason: invalid token ‘GET PUT’ in CORS header ‘Access-Control-Allow-Methods’).`,
    );
    expect(token.cause).toContain("'GET PUT' is not a token");
    expect(token.fix).toContain('Access-Control-Allow-Methods: GET, POST, PUT');
  });

  it('a method or header: add the named one, keeping what is allowed; Authorization is never under *', () => {
    const m = explain(
      `${CH}Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.`,
    );
    expect(m.cause).toContain('method DELETE');
    expect(m.fix).toContain('Add DELETE to Access-Control-Allow-Methods');
    for (const name of ['Authorization', 'authorization']) {
      const h = explain(`Request header field ${name} is not allowed by Access-Control-Allow-Headers.`);
      expect(h.code).toBe('HeaderDisallowedByPreflightResponse');
      expect(h.cause).toContain(`'${name}'`);
      expect(h.cause).toContain("'*' there never covers Authorization");
      expect(h.fix).toContain(`Add ${name} to Access-Control-Allow-Headers`);
    }
    const key = explain('Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.');
    expect(key.cause).not.toContain('Authorization');
    // A header name is a token and may hold dots: the whole name is the one to allow.
    const dotted = explain(
      `${CH}Request header field x.request-id is not allowed by Access-Control-Allow-Headers in preflight response.`,
    );
    expect(dotted.recognised.header).toBe('x.request-id');
    expect(dotted.fix).toContain('Add x.request-id to Access-Control-Allow-Headers');
    expect(dotted.reproduce).toContain("-H 'x.request-id: <value>'");
  });

  it("Firefox's header message names the header", () => {
    const e = explain(
      `${FF} (Reason: header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).`,
    );
    expect(e.recognised.header).toBe('x-api-key');
    expect(e.fix).toContain('Add x-api-key to Access-Control-Allow-Headers');
    expect(e.reproduce).toContain("-H 'x-api-key: <value>'");
  });
});

describe('redirects, schemes and the network', () => {
  it('a redirect with userinfo names its target and the fix drops the userinfo', () => {
    const e = explain(
      `Cross-origin redirection to https://cdn.example/x denied by Cross-Origin Resource Sharing policy: redirection URL https://u:p@cdn.example/x has credentials`,
    );
    expect(e.code).toBe('RedirectContainsCredentials');
    // The location is read whole, dots and all (it was cut at the first dot: 'https://u:p@cdn').
    expect(e.cause).toContain("'https://u:p@cdn.example/x'");
    expect(e.fix).toContain('without userinfo');
  });

  it('a redirect loop', () => {
    const e = explain('Load cannot follow more than 20 redirections');
    expect(e.code).toBe('TooManyRedirects');
    expect(e.cause).toContain('more than 20 times');
    expect(e.fix).toContain('redirect loop');
  });

  it('"did not succeed" is a network failure, not CORS: open the URL and look for the error', () => {
    const e = explain(`${FF} (Reason: CORS request did not succeed). Status code: (null).`);
    expect(e.code).toBe('NetworkError');
    expect(e.cause).toContain(`The request to ${URL_} never got a response`);
    expect(e.cause).toContain('it is not one');
    expect(e.fix).toContain('Open the URL in a tab');
  });

  it('"not http": serve the page and the resource over http(s)', () => {
    const e = explain(`${FF} (Reason: CORS request not http).`);
    expect(e.code).toBe('CorsDisabledScheme');
    expect(e.cause).toContain('not http or https');
    expect(e.fix).toContain('over http(s)');
  });
});

describe('what a message does not state is not assumed', () => {
  it('no credentials in the message: the fix does not add Access-Control-Allow-Credentials', () => {
    const e = explain(`${CH}No 'Access-Control-Allow-Origin' header is present on the requested resource.`);
    expect(e.fix).toContain('`Access-Control-Allow-Origin: https://app.example.com`');
    expect(e.fix).not.toContain('Access-Control-Allow-Credentials');
  });

  // Each line cut by the paste before its value ("…"): the value is not repeated, and the cause says so.
  const cut: [string, string][] = [
    [
      'InvalidAllowOriginValue',
      `${CH}The 'Access-Control-Allow-Origin' header contains the invalid value 'ht…`,
    ],
    [
      'PreflightInvalidAllowOriginValue',
      `${CH}${PRE}The 'Access-Control-Allow-Origin' header contains the invalid value 'ht…`,
    ],
    [
      'PreflightMultipleAllowOriginValues',
      `${CH}${PRE}The 'Access-Control-Allow-Origin' header contains multiple values 'https://a.example, ht…`,
    ],
  ];
  it.each(cut)('%s cut before its value', (code, text) => {
    const e = explain(text);
    expect(e.candidates.map((c) => c.code)).toContain(code);
    expect(e.code).toBe(code);
    expect(e.cause).toContain('the message does not show the value');
  });

  it('a method or header the message does not name is asked for, not made up', () => {
    const m = explain(`${FF} (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).`);
    expect(m.cause).toContain("does not allow the request's method (the message does not name it)");
    const h = explain(
      `${CH}Request header field … is not allowed by Access-Control-Allow-Headers in preflight response.`,
    );
    expect(h.code).toBe('HeaderDisallowedByPreflightResponse');
    expect(h.recognised.header).toBeNull();
    expect(h.cause).toContain("one of the request's headers (the message does not name it)");
    expect(h.fix).toMatch(/^Add the headers your code sets to Access-Control-Allow-Headers/);
  });
});

it('a header name cut by the paste is not taken for the whole name', () => {
  const e = explainMessage(
    `${CH}Request header field x-api-ke… is not allowed by Access-Control-Allow-Headers in preflight response.`,
  );
  expect(e?.recognised.header).toBeNull();
  expect(e?.fix).not.toContain('x-api-ke');
});
