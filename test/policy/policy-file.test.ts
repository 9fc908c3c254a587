import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  CorsConfigError,
  createCors,
  PolicyFileError,
  parsePolicyFile,
  validateCorsOptions,
} from '../../src/index.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/policy.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const schemaAccepts = ajv.compile(schema);

const valid: unknown[] = [
  { origins: '*' },
  // Starlette's and jub0bs/cors's spelling of the wildcard.
  { origins: ['*'] },
  { $schema: './node_modules/corsair-cors/schema/policy.schema.json', origins: ['https://app.example.com'] },
  {
    origins: ['https://app.example.com', 'https://*.example.com', 'http://localhost:*'],
    credentials: true,
    maxAge: 600,
  },
  { origins: ['http://127.0.0.1:8080', 'http://[::1]:3000', 'http://app.localhost:*'], credentials: true },
  { origins: ['http://app.example.com'], credentials: true, allowInsecureOrigins: true },
  {
    origins: ['https://*.example.com:*', 'https://*.a.example.co.uk:8443'],
    methods: ['GET', 'PUT', 'PATCH', 'patch'],
  },
  {
    origins: '*',
    methods: '*',
    allowedHeaders: '*',
    exposedHeaders: '*',
    preflightStatus: 200,
    preflightContinue: false,
    debug: true,
  },
  {
    origins: ['https://app.example.com'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    exposedHeaders: ['X-Request-Id'],
  },
  {
    routes: [
      { path: '/public/*', origins: '*' },
      { path: '/private/:id/*', origins: ['https://app.example.com'], credentials: true, maxAge: 600 },
      { path: '/webhooks/*', cors: false },
    ],
  },
  { origins: ['https://app.example.com'], debug: true, routes: [{ path: '/', origins: '*', debug: false }] },
  { debug: true, routes: [{ path: '/api/users/me/', origins: ['https://app.example.com'] }] },
];

const invalid: unknown[] = [
  {},
  { routes: [] },
  { credentials: true, routes: [{ path: '/a', origins: '*' }] },
  { routes: [{ path: 'a', origins: '*' }] },
  { routes: [{ path: '/a*', origins: '*' }] },
  { routes: [{ path: '/*/a', origins: '*' }] },
  { routes: [{ path: '/a/:id(\\d+)', origins: '*' }] },
  { routes: [{ path: '/a/../b', origins: '*' }] },
  { routes: [{ path: '/a//b', origins: '*' }] },
  { routes: [{ path: '/a%2fb', origins: '*' }] },
  { routes: [{ path: '/a', origins: '*', credentials: true }] },
  { routes: [{ path: '/a', credentials: true }] },
  { routes: [{ path: '/a', cors: true }] },
  { routes: [{ path: '/a', cors: false, origins: '*' }] },
  { routes: [{ path: '/a', origins: '*', routes: [] }] },
  { routes: [{ path: '/a', origins: '*', debug: 'yes' }] },
  { routes: ['/a'] },
  { origins: [] },
  { origins: 'https://app.example.com' },
  { origins: ['null'] },
  { origins: ['file://'] },
  { origins: ['https://app.example.com/'] },
  { origins: ['https://app.example.com/path'] },
  { origins: ['https://App.example.com'] },
  { origins: ['https://app.example.com:443'] },
  { origins: ['http://app.example.com:80'] },
  { origins: ['https://u@app.example.com'] },
  { origins: ['https://*'] },
  { origins: ['https://a.*.example.com'] },
  { origins: ['*', 'https://a.example.com'] },
  { origins: ['*'], credentials: true },
  { origins: [42] },
  { origins: '*', credentials: true },
  { origins: ['https://a.example.com'], exposedHeaders: '*', credentials: true },
  { origins: ['http://app.example.com'], credentials: true },
  { origins: ['http://*.example.com'], credentials: true },
  { origins: ['https://a.example.com'], methods: ['CONNECT'] },
  { origins: ['https://a.example.com'], methods: ['GET POST'] },
  { origins: ['https://a.example.com'], methods: ['put'] },
  { origins: ['https://a.example.com'], methods: 'GET' },
  { origins: ['https://a.example.com'], allowedHeaders: ['Cookie'] },
  { origins: ['https://a.example.com'], allowedHeaders: ['sec-fetch-mode'] },
  { origins: ['https://a.example.com'], allowedHeaders: ['Bad Header'] },
  { origins: ['https://a.example.com'], exposedHeaders: ['Set-Cookie'] },
  { origins: ['https://a.example.com'], maxAge: 86401 },
  { origins: ['https://a.example.com'], maxAge: 1.5 },
  { origins: ['https://a.example.com'], preflightStatus: 404 },
  { origins: ['https://a.example.com'], credentials: 'yes' },
  { origins: ['https://a.example.com'], origin: 'x' },
];

// What a JSON Schema cannot express (it needs the Public Suffix List): only the validator refuses these.
const validatorOnly: unknown[] = [
  { origins: ['https://*.com'] },
  { routes: [{ path: '/a', origins: ['https://*.github.io'] }] },
  { origins: ['https://*.github.io'] },
  { origins: ['https://*.co.uk'] },
];

describe('schema/policy.schema.json agrees with the validator', () => {
  it.each(valid.map((v) => [JSON.stringify(v), v]))('valid: %s', (_s, v) => {
    expect(schemaAccepts(v), JSON.stringify(schemaAccepts.errors)).toBe(true);
    expect(validateCorsOptions(v)).toEqual([]);
    expect(parsePolicyFile(JSON.stringify(v))).toEqual(v);
  });
  it.each(invalid.map((v) => [JSON.stringify(v), v]))('invalid: %s', (_s, v) => {
    expect(schemaAccepts(v)).toBe(false);
    expect(validateCorsOptions(v).length).toBeGreaterThan(0);
    expect(() => parsePolicyFile(JSON.stringify(v))).toThrow(CorsConfigError);
  });
  it.each(validatorOnly.map((v) => [JSON.stringify(v), v]))('validator only: %s', (_s, v) => {
    expect(schemaAccepts(v)).toBe(true);
    expect(validateCorsOptions(v)[0]?.code).toBe('ORIGIN_PATTERN_PUBLIC_SUFFIX');
  });
});

describe('parsePolicyFile', () => {
  it('returns options createCors accepts', () => {
    const options = parsePolicyFile(
      '{ "origins": ["https://app.example.com"], "credentials": true }',
      'cors.json',
    );
    expect(createCors(options).options.exactOrigins).toEqual(['https://app.example.com']);
  });

  it('reports JSON syntax errors with a code, the source and a position', () => {
    let err: unknown;
    try {
      parsePolicyFile('{\n  "origins": [\n    "https://a.example",\n  ]\n}', 'cors.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyFileError);
    const e = err as PolicyFileError;
    expect(e.code).toBe('POLICY_JSON_SYNTAX');
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/^cors\.json:4:/);
    expect(e.fix).toBeTruthy();
  });

  it.each(['[]', '"x"', 'null', '42'])('refuses a top level that is not an object: %s', (text) => {
    expect(() => parsePolicyFile(text)).toThrow(expect.objectContaining({ code: 'POLICY_NOT_OBJECT' }));
  });

  it('gives the JSON path of every problem and "did you mean" for unknown keys', () => {
    let err: unknown;
    try {
      parsePolicyFile(
        JSON.stringify({
          origins: ['https://a.example', 'https://*.github.io'],
          allowHeaders: ['X'],
          maxAge: -5,
        }),
        'p.json',
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CorsConfigError);
    const e = err as CorsConfigError;
    expect(e.issues.map((i) => i.path)).toEqual(['$.allowHeaders', '$.origins[1]', '$.maxAge']);
    expect(e.issues[0]!.message).toContain("did you mean 'allowedHeaders'");
    expect(e.message).toContain('in p.json');
  });

  it('accepts a UTF-8 BOM', () => {
    expect(parsePolicyFile('\uFEFF{"origins":"*"}')).toEqual({ origins: '*' });
  });

  const fileError = (text: string, source?: string): PolicyFileError => {
    try {
      parsePolicyFile(text, source);
    } catch (e) {
      if (e instanceof PolicyFileError) return e;
      throw e;
    }
    throw new Error(`parsePolicyFile accepted ${JSON.stringify(text)}`);
  };
  const configError = (text: string): CorsConfigError => {
    try {
      parsePolicyFile(text, 'cors.json');
    } catch (e) {
      if (e instanceof CorsConfigError) return e;
      throw e;
    }
    throw new Error(`parsePolicyFile accepted ${JSON.stringify(text)}`);
  };

  it.each([
    ['{"origins": [1,]}', 1, 16],
    ['{"origins": *}', 1, 13],
    ['\n\n   {"origins" "*"}', 3, 15],
    ['{\r\n  "origins": [1,]\r\n}', 2, 17],
    ['{\n  "origins": ["https://a.example"]\n}\n,', 4, 1],
    ['', 1, 1],
  ])('%j: names the line and column of the error, as an editor counts them', (text, line, column) => {
    const e = fileError(text, 'cors.json');
    expect(e.code).toBe('POLICY_JSON_SYNTAX');
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.message.startsWith(`cors.json:${line}:${column}: `)).toBe(true);
    expect(e.path).toBe('$');
    expect(e.details.source).toBe('cors.json');
  });

  it('counts the position after a byte order mark, which editors do not show (Windows Notepad writes one)', () => {
    // The scanner used to read the mark itself as the error: every such file said 1:1.
    const e = fileError('\uFEFF{\n  "origins": [\n    "https://a.example",\n  ]\n}', 'cors.json');
    expect([e.line, e.column]).toEqual([4, 3]);
    expect(e.message).toMatch(/^cors\.json:4:3: /);
    expect([fileError('\uFEFF{"a": 1,}').column, fileError('\uFEFF').column]).toEqual([9, 1]);
  });

  it('prints a syntax error on one line, whatever text of the file the JSON parser quotes', () => {
    // V8 quotes the file around the error, line breaks and terminal escapes included.
    for (const text of [
      '{\n  "origins": [\n    "https://a.example",\n  ]\n}',
      '{"origins": \u001b[2J\u001b]0;pwned\u0007}',
      '{"origins":\t\u0085 x}',
    ]) {
      const e = fileError(text, 'cors.json');
      expect(e.message).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
      expect(e.message).toMatch(/^cors\.json:\d+:\d+: not valid JSON \(.+\)\.$/);
    }
    expect(fileError('{"origins": \u001b[2J}').message).toContain('\\u001b[2J');
  });

  it('names a file read without a name "policy file", and carries no source', () => {
    const e = fileError('{"a": 1,}');
    expect(e.message).toMatch(/^policy file:1:9: /);
    expect(e.details).toStrictEqual({ path: '$', line: 1, column: 9 });
    const top = fileError('[]');
    expect(top.message).toMatch(/^policy file: /);
    expect(top.details).toStrictEqual({ path: '$' });
    expect(fileError('[]', 'cors.json').details).toEqual({ path: '$', source: 'cors.json' });
  });

  it.each([
    ['[]', 'an array'],
    ['null', 'null'],
    ['"x"', 'string'],
    ['42', 'number'],
    ['true', 'boolean'],
  ])('says what the top level %s is instead of an object', (text, got) => {
    const e = fileError(text, 'cors.json');
    expect(e.code).toBe('POLICY_NOT_OBJECT');
    expect(e.message).toMatch(new RegExp(`^cors\\.json: .*got ${got}\\.$`));
    expect([e.line, e.column]).toEqual([undefined, undefined]);
    expect(JSON.parse(e.fix.match(/\{.*\}/)![0])).toEqual({ origins: ['https://app.example.com'] });
  });

  it('reports a debug that is not a boolean once, in JSON terms, at every level', () => {
    const e = configError(
      JSON.stringify({
        origins: '*',
        debug: 'yes',
        routes: [{ path: '/a', origins: '*', debug: 1 }, { path: '/b', origins: '*', debug: null }, 5],
      }),
    );
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['POLICY_OPTION_TYPE', '$.debug'],
      ['POLICY_OPTION_TYPE', '$.routes[0].debug'],
      ['POLICY_OPTION_TYPE', '$.routes[1].debug'],
      ['POLICY_ROUTE_TYPE', '$.routes[2]'],
    ]);
    for (const i of e.issues.slice(0, 3)) {
      expect(i.option).toBe('debug');
      // A file cannot hold a function, and its fix is JSON.
      expect(i.message).toMatch(/debug/);
      expect(i.message).not.toMatch(/function/);
      expect(JSON.parse(`{${i.fix!.replace(/^set /, '')}}`)).toEqual({ debug: true });
    }
  });

  it('words only debug for a file: other type errors keep their own message', () => {
    const e = configError('{"origins": "*", "credentials": "yes"}');
    expect(e.issues.map((i) => [i.code, i.option])).toEqual([['POLICY_OPTION_TYPE', 'credentials']]);
    expect(e.issues[0]!.message).toMatch(/credentials/);
  });

  it('lists every problem in the message: code, option, JSON path and fix, one per line', () => {
    const e = configError(
      JSON.stringify({ origins: ['https://a.example/'], maxAge: -5, credentials: 'yes' }),
    );
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('Invalid CORS configuration in cors.json: 3 problems');
    expect(lines).toHaveLength(1 + e.issues.length);
    e.issues.forEach((i, k) => {
      expect(lines[k + 1]).toContain(`- ${i.code} ${i.option} (${i.path}): `);
      expect(lines[k + 1]).toContain(` Fix: ${i.fix}`);
      // Each message and fix ends as one sentence: no doubled or missing full stop.
      expect(lines[k + 1]).toMatch(/[^.]\. Fix: .*[^.][.!?]$/);
    });
    expect(e.fix).toMatch(/each problem/);
    const one = configError('{"origins": []}');
    expect(one.message.split('\n')[0]).toBe('Invalid CORS configuration in cors.json: 1 problem');
    expect(one.fix).not.toMatch(/each/);
  });
});
