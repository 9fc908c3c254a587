// validate()'s entry: what is not an options object, a policy of routes without defaults (what may stay
// at its top level), defaults no path can reach, and the one issue a misspelt option draws instead of
// several. Each refusal at its JSON path, with a fix that, applied, validates.
import { describe, expect, it } from 'vitest';
import { FULL_TOOLS } from '../../src/policy/full-tools.js';
import {
  analyzeCorsOptions,
  CorsConfigError,
  createCors,
  validateCorsOptions,
} from '../../src/policy/index.js';

const APP = 'https://app.example.com';
const ROUTE = { path: '/api/*', origins: [APP] };
const codes = (options: unknown) => validateCorsOptions(options).map((i) => `${i.code} ${i.path}`);

describe('what is not an options object', () => {
  it.each([
    [null, 'null'],
    [[{ origins: [APP] }], 'an array'],
    ["{ origins: ['https://app.example.com'] }", "'{ origins"],
    [42, 'number 42'],
    [undefined, 'undefined'],
  ])('%o: one issue at $, saying what it got', (input, says) => {
    const issues = validateCorsOptions(input);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'POLICY_OPTIONS_TYPE', option: '(options)', path: '$' });
    expect(issues[0]?.message).toContain(`got ${says}`);
    expect(issues[0]?.fix).toContain(`{ origins: ['${APP}'] }`);
    expect(() => createCors(input as never)).toThrow(CorsConfigError);
  });

  it('paths start at the root the caller gives (a policy inside a bigger file)', () => {
    expect(analyzeCorsOptions('x', { root: '$.cors' }).issues.map((i) => i.path)).toEqual(['$.cors']);
    const { issues } = analyzeCorsOptions(
      { origins: ['null'], maxAge: -1, routes: [{ path: 'a', cors: false }] },
      {
        root: '$.cors',
      },
    );
    expect(issues.map((i) => i.path)).toEqual([
      '$.cors.origins[0]',
      '$.cors.maxAge',
      '$.cors.routes[0].path',
    ]);
  });
});

describe('routes without top-level origins: no defaults', () => {
  it('debug and $schema may stay at the top level; every other option is refused where it is', () => {
    expect(codes({ $schema: './policy.schema.json', debug: true, routes: [ROUTE] })).toEqual([]);
    expect(codes({ methods: ['PUT'], maxAge: 600, routes: [ROUTE] })).toEqual([
      'POLICY_DEFAULTS_WITHOUT_ORIGINS $.methods',
      'POLICY_DEFAULTS_WITHOUT_ORIGINS $.maxAge',
    ]);
    const [issue] = validateCorsOptions({ credentials: true, routes: [ROUTE] });
    expect(issue?.option).toBe('credentials');
    expect(issue?.message).toContain("'credentials'");
    expect(issue?.fix).toContain("move 'credentials' into each route");
    // Applied: the option moved into the route, or top-level origins added.
    expect(codes({ routes: [{ ...ROUTE, credentials: true }] })).toEqual([]);
    expect(codes({ origins: [APP], credentials: true, routes: [ROUTE] })).toEqual([]);
  });

  it('a wrong debug at the top level is still refused', () => {
    expect(codes({ debug: 'yes', routes: [ROUTE] })).toEqual(['POLICY_OPTION_TYPE $.debug']);
  });

  it('an unknown option is reported once, as unknown, not also as a default without origins', () => {
    expect(codes({ allowHeaders: ['X-A'], routes: [ROUTE] })).toEqual([
      'POLICY_UNKNOWN_OPTION $.allowHeaders',
    ]);
  });

  it('a misspelt origins is the one issue: the other options are the defaults it was meant to carry', () => {
    expect(codes({ origin: [APP], credentials: true, maxAge: 600, routes: [ROUTE] })).toEqual([
      'POLICY_UNKNOWN_OPTION $.origin',
    ]);
    expect(codes({ origins: [APP], credentials: true, maxAge: 600, routes: [ROUTE] })).toEqual([]);
  });

  it('a misspelt routes (flask-cors resources) is the one issue, not missing origins too', () => {
    expect(codes({ resources: [ROUTE] })).toEqual(['POLICY_UNKNOWN_OPTION $.resources']);
    expect(codes({ resources: [ROUTE], maxAge: 600 })).toEqual([
      'POLICY_UNKNOWN_OPTION $.resources',
      'POLICY_DEFAULTS_WITHOUT_ORIGINS $.maxAge',
    ]);
  });

  it('without origins and without a route: origins is missing, once', () => {
    for (const options of [{}, { routes: [] }, { debug: true }, { maxAge: 600 }, { methods: ['PUT'] }]) {
      const issues = validateCorsOptions(options);
      expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(['POLICY_ORIGINS_MISSING $.origins']);
      expect(issues[0]?.option).toBe('origins');
      expect(issues[0]?.message).toContain('origins is required');
      expect(issues[0]?.fix).toContain('origins: [');
    }
    // No routes, so an unknown option is only unknown, and origins is still missing.
    expect(codes({ xyz: 1 })).toEqual(['POLICY_UNKNOWN_OPTION $.xyz', 'POLICY_ORIGINS_MISSING $.origins']);
    // A route that is wrong is reported alone: origins are not missing, the route is.
    expect(codes({ routes: [{ path: 'api', origins: [APP] }] })).toEqual([
      'POLICY_ROUTE_PATH $.routes[0].path',
    ]);
  });
});

describe('defaults no path reaches', () => {
  it("a route '/*' after others: named by its index and path, at $.origins", () => {
    const issues = validateCorsOptions({
      origins: [APP],
      routes: [ROUTE, { path: '/*', cors: false }],
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'POLICY_DEFAULTS_UNREACHABLE',
      option: 'origins',
      path: '$.origins',
    });
    expect(issues[0]?.message).toContain("routes[1] ('/*')");
    expect(issues[0]?.fix).toContain('routes[1]');
  });

  it('routes that cover part of the paths leave the defaults reachable', () => {
    for (const path of ['/api/*', '/:any', '/:any/*', '/'])
      expect(codes({ origins: [APP], routes: [{ path, cors: false }] }), path).toEqual([]);
  });
});

describe('what a valid policy carries', () => {
  it('the top level and each route, normalized, and the top-level debug where no route sets one', () => {
    const said: string[] = [];
    const { issues, policy } = analyzeCorsOptions(
      {
        origins: [APP, 'https://*.example.org'],
        methods: ['PUT'],
        allowedHeaders: ['X-A'],
        exposedHeaders: ['X-B'],
        credentials: true,
        maxAge: 600,
        preflightStatus: 200,
        preflightContinue: true,
        debug: (r: string) => said.push(r),
        routes: [
          { path: '/hooks/*', cors: false },
          { path: '/pub/*', origins: '*' },
        ],
      },
      FULL_TOOLS,
    );
    expect(issues).toEqual([]);
    const d = policy?.defaults;
    expect(d).toMatchObject({
      anyOrigin: false,
      exactOrigins: [APP],
      methods: ['PUT'],
      allowedHeaders: ['X-A'],
      exposedHeaders: ['X-B'],
      credentials: true,
      maxAge: 600,
      preflightStatus: 200,
      preflightContinue: true,
      allowInsecureOrigins: false,
      predicates: 0,
    });
    expect(d?.patterns.map((p) => p.source)).toEqual(['https://*.example.org']);
    expect(policy?.routes.map((r) => [r.pattern.path, r.options === null])).toEqual([
      ['/hooks/*', true],
      ['/pub/*', false],
    ]);
    expect(policy?.routes[1]?.options?.anyOrigin).toBe(true);
    policy?.routes[1]?.options?.debugSink?.('from the route');
    policy?.debugSink?.('from the top');
    expect(said).toEqual(['from the route', 'from the top']);
  });
});
