import { describe, expect, it } from 'vitest';
import type { CorsOptions } from '../../src/index.js';
import { CorsConfigError, createCors, validateCorsOptions } from '../../src/index.js';

interface Row {
  name: string;
  options: Record<string, unknown>;
  code: string;
  option: string;
  path: string;
  /** A fragment the message must contain (names the value at fault). */
  says: string;
  /** A fragment the fix must contain. */
  fix: string;
}

const O = ['https://app.example.com'];

// Every rule of the issue, one row each (and a few more).
const rows: Row[] = [
  {
    name: "'*' with credentials",
    options: { origins: '*', credentials: true },
    code: 'POLICY_WILDCARD_WITH_CREDENTIALS',
    option: 'origins',
    path: '$.origins',
    says: "'*'",
    fix: 'list the origins',
  },
  {
    name: 'null origin',
    options: { origins: ['null'] },
    code: 'ORIGIN_NULL',
    option: 'origins',
    path: '$.origins[0]',
    says: "'null'",
    fix: "remove 'null'",
  },
  {
    name: 'file:// origin',
    options: { origins: ['file://'] },
    code: 'ORIGIN_UNSUPPORTED_SCHEME',
    option: 'origins',
    path: '$.origins[0]',
    says: 'file:',
    fix: 'localhost',
  },
  {
    name: 'path',
    options: { origins: ['https://app.example.com/app'] },
    code: 'ORIGIN_HAS_PATH',
    option: 'origins',
    path: '$.origins[0]',
    says: 'path',
    fix: "use 'https://app.example.com'",
  },
  {
    name: 'query',
    options: { origins: ['https://app.example.com?x=1'] },
    code: 'ORIGIN_HAS_QUERY',
    option: 'origins',
    path: '$.origins[0]',
    says: 'query',
    fix: "use 'https://app.example.com'",
  },
  {
    name: 'trailing slash',
    options: { origins: ['https://app.example.com/'] },
    code: 'ORIGIN_TRAILING_SLASH',
    option: 'origins',
    path: '$.origins[0]',
    says: 'trailing slash',
    fix: "use 'https://app.example.com'",
  },
  {
    name: 'userinfo',
    options: { origins: ['https://u:p@app.example.com'] },
    code: 'ORIGIN_HAS_USERINFO',
    option: 'origins',
    path: '$.origins[0]',
    says: 'username or password',
    fix: "use 'https://app.example.com'",
  },
  {
    name: 'uppercase host',
    options: { origins: ['https://App.Example.com'] },
    code: 'ORIGIN_UPPERCASE',
    option: 'origins',
    path: '$.origins[0]',
    says: 'uppercase',
    fix: "use 'https://app.example.com'",
  },
  {
    name: 'explicit default port',
    options: { origins: ['https://app.example.com:443'] },
    code: 'ORIGIN_DEFAULT_PORT',
    option: 'origins',
    path: '$.origins[0]',
    says: 'default port 443',
    fix: "use 'https://app.example.com'",
  },
  {
    name: 'explicit default http port',
    options: { origins: ['http://localhost:80'] },
    code: 'ORIGIN_DEFAULT_PORT',
    option: 'origins',
    path: '$.origins[0]',
    says: 'default port 80',
    fix: "use 'http://localhost'",
  },
  {
    name: 'no scheme',
    options: { origins: ['app.example.com'] },
    code: 'ORIGIN_NO_SCHEME',
    option: 'origins',
    path: '$.origins[0]',
    says: 'no scheme',
    fix: "'https://app.example.com'",
  },
  {
    name: 'whitespace',
    options: { origins: [' https://app.example.com'] },
    code: 'ORIGIN_WHITESPACE',
    option: 'origins',
    path: '$.origins[0]',
    says: 'whitespace',
    fix: "'https://app.example.com'",
  },
  {
    name: 'wildcard over public suffix',
    options: { origins: ['https://*.com'] },
    code: 'ORIGIN_PATTERN_PUBLIC_SUFFIX',
    option: 'origins',
    path: '$.origins[0]',
    says: "public suffix 'com'",
    fix: 'your-name.com',
  },
  {
    name: 'wildcard over private public suffix',
    options: { origins: ['https://*.github.io'] },
    code: 'ORIGIN_PATTERN_PUBLIC_SUFFIX',
    option: 'origins',
    path: '$.origins[0]',
    says: "'github.io'",
    fix: 'github.io',
  },
  {
    name: 'wildcard over co.uk',
    options: { origins: ['https://*.co.uk'] },
    code: 'ORIGIN_PATTERN_PUBLIC_SUFFIX',
    option: 'origins',
    path: '$.origins[0]',
    says: "'co.uk'",
    fix: 'co.uk',
  },
  {
    name: 'wildcard matching every host',
    options: { origins: ['https://*'] },
    code: 'ORIGIN_PATTERN_TOO_BROAD',
    option: 'origins',
    path: '$.origins[0]',
    says: 'every host',
    fix: '*.example.com',
  },
  {
    name: 'wildcard in the middle',
    options: { origins: ['https://app.*.example.com'] },
    code: 'ORIGIN_PATTERN_INVALID',
    option: 'origins',
    path: '$.origins[0]',
    says: 'not a supported wildcard',
    fix: 'scheme://*.domain',
  },
  {
    name: 'uppercase pattern host',
    options: { origins: ['https://*.Example.com'] },
    code: 'ORIGIN_UPPERCASE',
    option: 'origins',
    path: '$.origins[0]',
    says: 'uppercase',
    fix: "'https://*.example.com'",
  },
  {
    name: 'insecure http with credentials',
    options: { origins: ['http://app.example.com'], credentials: true },
    code: 'POLICY_INSECURE_ORIGIN',
    option: 'origins',
    path: '$.origins[0]',
    says: 'plain http',
    fix: 'allowInsecureOrigins',
  },
  {
    name: 'insecure http pattern with credentials',
    options: { origins: ['http://*.example.com'], credentials: true },
    code: 'POLICY_INSECURE_ORIGIN',
    option: 'origins',
    path: '$.origins[0]',
    says: 'plain http',
    fix: "'https://*.example.com'",
  },
  {
    name: 'empty origin list',
    options: { origins: [] },
    code: 'POLICY_ORIGINS_EMPTY',
    option: 'origins',
    path: '$.origins',
    says: 'empty',
    fix: 'at least one origin',
  },
  {
    name: 'missing origins',
    options: {},
    code: 'POLICY_ORIGINS_MISSING',
    option: 'origins',
    path: '$.origins',
    says: 'required',
    fix: "origins: ['https://",
  },
  {
    name: 'origins as a string',
    options: { origins: 'https://app.example.com' },
    code: 'POLICY_OPTION_TYPE',
    option: 'origins',
    path: '$.origins',
    says: 'array',
    fix: "['https://app.example.com']",
  },
  {
    name: "'*' beside other origins",
    options: { origins: ['*', 'https://app.example.com'] },
    code: 'POLICY_WILDCARD_IN_LIST',
    option: 'origins',
    path: '$.origins[0]',
    says: "'*'",
    fix: "origins: ['*'] alone",
  },
  {
    name: 'unanchored RegExp',
    options: { origins: [/example\.com$/] },
    code: 'POLICY_REGEXP_UNSAFE',
    option: 'origins',
    path: '$.origins[0]',
    says: 'not anchored',
    fix: 'anchor it',
  },
  {
    name: 'RegExp with top-level alternation',
    options: { origins: [/^https:\/\/a\.example\.com|https:\/\/b\.example\.com$/] },
    code: 'POLICY_REGEXP_UNSAFE',
    option: 'origins',
    path: '$.origins[0]',
    says: "top-level '|'",
    fix: 'anchor it',
  },
  {
    name: 'RegExp with an unescaped dot',
    options: { origins: [/^https:\/\/api.example\.com$/] },
    code: 'POLICY_REGEXP_UNSAFE',
    option: 'origins',
    path: '$.origins[0]',
    says: "unescaped '.'",
    fix: 'anchor it',
  },
  {
    name: 'stateful RegExp',
    options: { origins: [/^https:\/\/a\.example\.com$/g] },
    code: 'POLICY_REGEXP_UNSAFE',
    option: 'origins',
    path: '$.origins[0]',
    says: 'stateful',
    fix: 'anchor it',
  },
  {
    name: 'non-string origin',
    options: { origins: [42] },
    code: 'POLICY_OPTION_TYPE',
    option: 'origins',
    path: '$.origins[0]',
    says: 'number 42',
    fix: 'string',
  },
  {
    name: 'CONNECT',
    options: { origins: O, methods: ['CONNECT'] },
    code: 'POLICY_METHOD_FORBIDDEN',
    option: 'methods',
    path: '$.methods[0]',
    says: "'CONNECT'",
    fix: "remove 'CONNECT'",
  },
  {
    name: 'TRACE',
    options: { origins: O, methods: ['GET', 'TRACE'] },
    code: 'POLICY_METHOD_FORBIDDEN',
    option: 'methods',
    path: '$.methods[1]',
    says: "'TRACE'",
    fix: "remove 'TRACE'",
  },
  {
    name: "'GET POST'",
    options: { origins: O, methods: ['GET POST'] },
    code: 'POLICY_METHOD_INVALID',
    option: 'methods',
    path: '$.methods[0]',
    says: "'GET POST'",
    fix: "'GET', 'POST'",
  },
  {
    name: 'lowercase put',
    options: { origins: O, methods: ['put'] },
    code: 'POLICY_METHOD_CASE',
    option: 'methods',
    path: '$.methods[0]',
    says: "'put'",
    fix: "'PUT'",
  },
  {
    name: 'methods as a string',
    options: { origins: O, methods: 'GET,PUT' },
    code: 'POLICY_OPTION_TYPE',
    option: 'methods',
    path: '$.methods',
    says: "'GET,PUT'",
    fix: "['GET', 'PUT']",
  },
  {
    name: 'Cookie',
    options: { origins: O, allowedHeaders: ['Cookie'] },
    code: 'POLICY_HEADER_FORBIDDEN',
    option: 'allowedHeaders',
    path: '$.allowedHeaders[0]',
    says: "'Cookie'",
    fix: 'credentials',
  },
  {
    name: 'Sec-*',
    options: { origins: O, allowedHeaders: ['Content-Type', 'Sec-Fetch-Mode'] },
    code: 'POLICY_HEADER_FORBIDDEN',
    option: 'allowedHeaders',
    path: '$.allowedHeaders[1]',
    says: "'Sec-Fetch-Mode'",
    fix: "remove 'Sec-Fetch-Mode'",
  },
  {
    name: 'Proxy-*',
    options: { origins: O, allowedHeaders: ['Proxy-Authorization'] },
    code: 'POLICY_HEADER_FORBIDDEN',
    option: 'allowedHeaders',
    path: '$.allowedHeaders[0]',
    says: "'Proxy-Authorization'",
    fix: 'remove',
  },
  {
    name: "'Bad Header'",
    options: { origins: O, allowedHeaders: ['Bad Header'] },
    code: 'POLICY_HEADER_INVALID',
    option: 'allowedHeaders',
    path: '$.allowedHeaders[0]',
    says: "'Bad Header'",
    fix: "'Bad', 'Header'",
  },
  {
    name: 'invalid exposed header',
    options: { origins: O, exposedHeaders: ['X:Y'] },
    code: 'POLICY_HEADER_INVALID',
    option: 'exposedHeaders',
    path: '$.exposedHeaders[0]',
    says: "'X:Y'",
    fix: 'X-Request-Id',
  },
  {
    name: 'exposing Set-Cookie',
    options: { origins: O, exposedHeaders: ['Set-Cookie'] },
    code: 'POLICY_HEADER_FORBIDDEN',
    option: 'exposedHeaders',
    path: '$.exposedHeaders[0]',
    says: "'Set-Cookie'",
    fix: "remove 'Set-Cookie'",
  },
  {
    name: "exposedHeaders '*' with credentials",
    options: { origins: O, exposedHeaders: '*', credentials: true },
    code: 'POLICY_EXPOSE_WILDCARD_WITH_CREDENTIALS',
    option: 'exposedHeaders',
    path: '$.exposedHeaders',
    says: "'*'",
    fix: 'list the header names',
  },
  {
    name: 'maxAge too large',
    options: { origins: O, maxAge: 86401 },
    code: 'POLICY_MAX_AGE_RANGE',
    option: 'maxAge',
    path: '$.maxAge',
    says: '86401',
    fix: '86400',
  },
  {
    name: 'maxAge negative',
    options: { origins: O, maxAge: -1 },
    code: 'POLICY_MAX_AGE_RANGE',
    option: 'maxAge',
    path: '$.maxAge',
    says: '-1',
    fix: 'maxAge: 600',
  },
  {
    name: 'maxAge not an integer',
    options: { origins: O, maxAge: 1.5 },
    code: 'POLICY_MAX_AGE_RANGE',
    option: 'maxAge',
    path: '$.maxAge',
    says: '1.5',
    fix: 'maxAge: 600',
  },
  {
    name: 'maxAge as a string',
    options: { origins: O, maxAge: '600' },
    code: 'POLICY_MAX_AGE_RANGE',
    option: 'maxAge',
    path: '$.maxAge',
    says: "'600'",
    fix: 'maxAge: 600',
  },
  {
    name: 'preflightStatus out of range',
    options: { origins: O, preflightStatus: 301 },
    code: 'POLICY_PREFLIGHT_STATUS',
    option: 'preflightStatus',
    path: '$.preflightStatus',
    says: '301',
    fix: '204',
  },
  {
    name: 'credentials not boolean',
    options: { origins: O, credentials: 'true' },
    code: 'POLICY_OPTION_TYPE',
    option: 'credentials',
    path: '$.credentials',
    says: "'true'",
    fix: 'credentials: true',
  },
  {
    name: 'unknown option origin',
    options: { origin: O },
    code: 'POLICY_UNKNOWN_OPTION',
    option: 'origin',
    path: '$.origin',
    says: "did you mean 'origins'",
    fix: "rename 'origin' to 'origins'",
  },
  {
    name: 'unknown option allowHeaders',
    options: { origins: O, allowHeaders: ['X'] },
    code: 'POLICY_UNKNOWN_OPTION',
    option: 'allowHeaders',
    path: '$.allowHeaders',
    says: "did you mean 'allowedHeaders'",
    fix: "'allowedHeaders'",
  },
  {
    name: 'unknown option exposeHeaders',
    options: { origins: O, exposeHeaders: ['X'] },
    code: 'POLICY_UNKNOWN_OPTION',
    option: 'exposeHeaders',
    path: '$.exposeHeaders',
    says: "did you mean 'exposedHeaders'",
    fix: "'exposedHeaders'",
  },
  {
    name: 'typo maxAgee',
    options: { origins: O, maxAgee: 5 },
    code: 'POLICY_UNKNOWN_OPTION',
    option: 'maxAgee',
    path: '$.maxAgee',
    says: "did you mean 'maxAge'",
    fix: "'maxAge'",
  },
  {
    name: 'unknown option without suggestion',
    options: { origins: O, zzzzzzzzzzzz: 1 },
    code: 'POLICY_UNKNOWN_OPTION',
    option: 'zzzzzzzzzzzz',
    path: '$.zzzzzzzzzzzz',
    says: "unknown option 'zzzzzzzzzzzz'",
    fix: 'known options',
  },
];

describe('validateCorsOptions: one rule per row', () => {
  it.each(rows)('$name', (row) => {
    const issues = validateCorsOptions(row.options);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue).toMatchObject({ code: row.code, option: row.option, path: row.path });
    expect(issue!.message).toContain(row.says);
    expect(issue!.fix).toBeDefined();
    expect(issue!.fix).toContain(row.fix);
    // createCors throws the same issues in one error, with a readable message naming the option.
    let thrown: unknown;
    try {
      createCors(row.options as unknown as CorsOptions);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CorsConfigError);
    const err = thrown as CorsConfigError;
    expect(err.issues).toEqual(issues);
    expect(err.message).toContain(row.option);
    expect(err.message).toContain(issue!.fix!);
  });
});

describe('validateCorsOptions: valid configurations', () => {
  const valid: Record<string, unknown>[] = [
    { origins: '*' },
    { origins: '*', methods: '*', allowedHeaders: '*', exposedHeaders: '*', maxAge: 0 },
    {
      origins: ['https://app.example.com', 'https://*.example.com', 'http://localhost:*'],
      credentials: true,
    },
    {
      origins: [
        'http://localhost:3000',
        'http://127.0.0.1:8080',
        'http://[::1]:5173',
        'http://app.localhost',
      ],
      credentials: true,
    },
    { origins: ['http://app.example.com'], credentials: true, allowInsecureOrigins: true },
    { origins: ['http://app.example.com'] },
    { origins: ['https://*.example.co.uk:8443', 'https://*.example.com:*', 'https://*.internal'] },
    {
      origins: [/^https:\/\/pr-\d+\.preview\.example\.com$/, /^https:\/\/(?:a|b)\.example\.com$/, () => true],
    },
    {
      origins: ['https://xn--bcher-kva.example'],
      methods: ['GET', 'PATCH', 'patch', 'PROPFIND'],
      maxAge: 86400,
    },
    {
      origins: ['https://app.example.com'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-Requested-With'],
    },
    { origins: ['https://app.example.com'], preflightStatus: 200, preflightContinue: true, debug: true },
  ];
  it.each(valid)('%o is valid', (options) => {
    expect(validateCorsOptions(options)).toEqual([]);
    expect(() => createCors(options as unknown as CorsOptions)).not.toThrow();
  });
});

describe('every problem at once', () => {
  it('collects all issues in one CorsConfigError, in option order', () => {
    const options = {
      origin: 'x',
      origins: ['https://App.example.com', 'https://*.github.io', 'null', 'http://evil.example.com'],
      credentials: true,
      methods: ['TRACE', 'GET POST'],
      allowedHeaders: ['Cookie'],
      exposedHeaders: '*',
      maxAge: 10e6,
    };
    const issues = validateCorsOptions(options);
    expect(issues.map((i) => i.code)).toEqual([
      'POLICY_UNKNOWN_OPTION',
      'ORIGIN_UPPERCASE',
      'ORIGIN_PATTERN_PUBLIC_SUFFIX',
      'ORIGIN_NULL',
      'POLICY_INSECURE_ORIGIN',
      'POLICY_METHOD_FORBIDDEN',
      'POLICY_METHOD_INVALID',
      'POLICY_HEADER_FORBIDDEN',
      'POLICY_EXPOSE_WILDCARD_WITH_CREDENTIALS',
      'POLICY_MAX_AGE_RANGE',
    ]);
    expect(() => createCors(options as unknown as CorsOptions)).toThrow(/10 problems/);
  });

  it('rejects a non-object', () => {
    expect(validateCorsOptions('https://a.example')[0]?.code).toBe('POLICY_OPTIONS_TYPE');
    expect(validateCorsOptions(null)[0]?.code).toBe('POLICY_OPTIONS_TYPE');
  });
});

describe('normalized options on the policy', () => {
  it('exposes exact origins, patterns, methods, headers for tools', () => {
    const p = createCors({
      origins: ['https://app.example.com', 'https://*.example.com', 'http://localhost:*'],
      methods: ['GET', 'PUT', 'PUT'],
      allowedHeaders: ['Content-Type', 'content-type'],
      exposedHeaders: ['X-Request-Id'],
      credentials: true,
      maxAge: 600,
    });
    expect(p.options.exactOrigins).toEqual(['https://app.example.com']);
    expect(p.options.patterns.map((x) => [x.source, x.host, x.subdomains, x.anyPort])).toEqual([
      ['https://*.example.com', 'example.com', true, false],
      ['http://localhost:*', 'localhost', false, true],
    ]);
    expect(p.options.methods).toEqual(['GET', 'PUT']);
    expect(p.options.allowedHeaders).toEqual(['Content-Type']);
    expect(p.options).toMatchObject({
      credentials: true,
      maxAge: 600,
      anyOrigin: false,
      exposedHeaders: ['X-Request-Id'],
    });
  });
});
