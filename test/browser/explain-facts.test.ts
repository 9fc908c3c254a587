// The facts explain reads around a message's reason: where (URL), from where (origin), how (method,
// status, fetch or XMLHttpRequest, credentials) and who printed it. Each line is one a browser, its
// DevTools or its network panel prints; what the line does not state must stay null.
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/browser/explain/facts.js';

describe('where the request went and where it came from', () => {
  it('the DevTools network line gives method, URL and status', () => {
    const f = extractFacts('PUT https://api.example.com/v1/items net::ERR_FAILED 405 (Method Not Allowed)');
    expect(f).toMatchObject({ method: 'PUT', url: 'https://api.example.com/v1/items', status: 405 });
  });

  it("the network panel's headers give them too", () => {
    const f = extractFacts(
      'Request URL: https://api.example.com/v1/items Request Method: OPTIONS Status Code: 404 Origin: https://app.example.com',
    );
    expect(f).toMatchObject({
      url: 'https://api.example.com/v1/items',
      method: 'OPTIONS',
      origin: 'https://app.example.com',
    });
  });

  it('Firefox names the URL without quotes and ends the sentence with a dot that is not part of it', () => {
    const f = extractFacts(
      'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/v1/items. (Reason: CORS request did not succeed). Status code: (null).',
    );
    expect(f).toMatchObject({
      url: 'https://api.example.com/v1/items',
      origin: null,
      status: null,
      browser: 'firefox',
    });
  });

  it('older Chromium: "Failed to load <url>:" and "Origin \'…\' is therefore not allowed access"', () => {
    const f = extractFacts(
      "Failed to load https://api.example.com/v1/items: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin 'http://localhost:3000' is therefore not allowed access. The response had HTTP status code 404.",
    );
    expect(f).toMatchObject({
      url: 'https://api.example.com/v1/items',
      origin: 'http://localhost:3000',
      status: 404,
      browser: 'chromium',
    });
  });

  it('a misspelt head still gives the URL where it stands', () => {
    expect(
      extractFacts("Acess to fetch at 'https://api.example.com/x' from origin 'https://a.example'").url,
    ).toBe('https://api.example.com/x');
  });

  it('a value cut by the paste is not a fact', () => {
    const f = extractFacts(
      "Access to fetch at 'https://api.example.com/very/lo...' from origin 'https://a.example'",
    );
    expect(f.url).toBeNull();
    expect(f.origin).toBe('https://a.example');
  });

  it('a redirect: the URL asked for, in either wording', () => {
    expect(
      extractFacts(
        "Access to fetch at 'https://b.example/x' (redirected from 'https://a.example/x') from origin 'https://o.example'",
      ).redirectedFrom,
    ).toBe('https://a.example/x');
    expect(
      extractFacts(
        "Redirect from 'https://a.example/x' to 'https://b.example/x' has been blocked by CORS policy",
      ).redirectedFrom,
    ).toBe('https://a.example/x');
  });
});

describe('who printed it', () => {
  const cases: [string, 'chromium' | 'firefox' | 'webkit' | null][] = [
    ['TypeError: Failed to fetch', 'chromium'],
    ['GET https://a.example/x net::ERR_FAILED', 'chromium'],
    ['TypeError: NetworkError when attempting to fetch resource.', 'firefox'],
    ["TypeError: Window.fetch: 'TRACE' HTTP method is unsupported.", 'firefox'],
    ['TypeError: Load failed', 'webkit'],
    ['Fetch API cannot load https://a.example/x due to access control checks.', 'webkit'],
    ['Failed to load resource: Preflight response is not successful. Status code: 404', 'webkit'],
    ['Load cannot follow more than 20 redirections', 'webkit'],
    ['Header Access-Control-Allow-Headers has an invalid value: a b', 'webkit'],
    // Chromium before 2017 used WebKit's "is not allowed by Access-Control-Allow-Origin" after its own head.
    [
      'XMLHttpRequest cannot load https://a.example/x. Origin https://b.example is not allowed by Access-Control-Allow-Origin.',
      'chromium',
    ],
    ['Access-Control-Allow-Origin: *', null],
  ];
  it.each(cases)('%s', (text, browser) => {
    expect(extractFacts(text).browser).toBe(browser);
  });
});

describe('how the request was made', () => {
  it('fetch or XMLHttpRequest, when the line says', () => {
    expect(
      extractFacts("Access to XMLHttpRequest at 'https://a.example/x' from origin 'https://b.example'")
        .initiator,
    ).toBe('xhr');
    expect(
      extractFacts('Fetch API cannot load https://a.example/x due to access control checks.').initiator,
    ).toBe('fetch');
    expect(extractFacts('Preflight response is not successful. Status code: 404').initiator).toBeNull();
  });

  it('credentials, from every wording that implies them', () => {
    for (const text of [
      "… when the request's credentials mode is 'include'.",
      '… is controlled by the withCredentials attribute.',
      'Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’',
      'Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.',
      "Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is ''.",
    ])
      expect(extractFacts(text).credentials, text).toBe(true);
    expect(
      extractFacts("No 'Access-Control-Allow-Origin' header is present on the requested resource.")
        .credentials,
    ).toBe(false);
  });

  it('a line that says a cross-origin request failed, and one that only names a header', () => {
    for (const text of [
      'TypeError: Failed to fetch',
      'TypeError: Load failed',
      'XMLHttpRequest cannot load https://a.example/x due to access control checks.',
      'Cross-Origin Request Blocked: …',
    ])
      expect(extractFacts(text).corsFailure, text).toBe(true);
    expect(extractFacts('Access-Control-Allow-Origin: https://a.example').corsFailure).toBe(false);
  });
});
