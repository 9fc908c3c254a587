// Per-path policies (`routes`): validation of each route and of the list, the choice of route (first
// match wins, compared with a reference matcher written from the pattern text alone), and paths spelt
// to escape a rule (case, //, dot segments, percent-encoding, ;params, backslashes).
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CorsOptions, CorsPolicy, Decision } from '../../src/index.js';
import { CorsairError, CorsConfigError, createCors, validateCorsOptions } from '../../src/index.js';
import { parseRoutePattern, type RoutePattern } from '../../src/policy/routes/pattern.js';
import { compileRouteTable } from '../../src/policy/routes/table.js';
import { routePatternRegExp } from './reference.js';
import { APP, THREE_ROUTES } from './three-routes.js';

const EVIL = 'https://evil.example';

function decide(policy: CorsPolicy, target: string, origin: string | null, acrm?: string): Decision {
  return policy.decideValues(acrm ? 'OPTIONS' : 'GET', origin, acrm ?? null, null, target) as Decision;
}

function header(d: Decision, name: string): string | undefined {
  return d.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

describe('routes: validation', () => {
  const rows: { name: string; options: Record<string, unknown>; code: string; path: string; fix: string }[] =
    [
      {
        name: 'a route that is not an object',
        options: { routes: ['/api/*'] },
        code: 'POLICY_ROUTE_TYPE',
        path: '$.routes[0]',
        fix: 'path',
      },
      {
        name: 'a route without a path',
        options: { routes: [{ origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: "'/api/*'",
      },
      {
        name: 'a path without a leading slash',
        options: { routes: [{ path: 'api/*', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: "'/api/*'",
      },
      {
        name: 'a wildcard inside a segment',
        options: { routes: [{ path: '/api*', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: "'/api/*'",
      },
      {
        name: 'a wildcard before the end',
        options: { routes: [{ path: '/*/admin', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: '/prefix/*',
      },
      {
        name: 'a regexp group in a parameter',
        options: { routes: [{ path: '/users/:id(\\d+)', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: ':name',
      },
      {
        name: 'an optional parameter',
        options: { routes: [{ path: '/users/:id?', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: ':name',
      },
      {
        name: 'a percent-encoded literal',
        options: { routes: [{ path: '/caf%C3%A9', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: ':name',
      },
      {
        name: 'a ;param in a literal',
        options: { routes: [{ path: '/api;v=1', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: ':name',
      },
      {
        name: 'a dot segment',
        options: { routes: [{ path: '/api/../admin', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: 'without dot segments',
      },
      {
        name: 'an empty segment',
        options: { routes: [{ path: '/api//users', origins: '*' }] },
        code: 'POLICY_ROUTE_PATH',
        path: '$.routes[0].path',
        fix: "'/api/users'",
      },
      {
        name: 'cors: true',
        options: { routes: [{ path: '/a', cors: true }] },
        code: 'POLICY_ROUTE_CORS',
        path: '$.routes[0].cors',
        fix: 'cors: false',
      },
      {
        name: 'cors: false beside options',
        options: { routes: [{ path: '/a', cors: false, origins: '*' }] },
        code: 'POLICY_ROUTE_CORS',
        path: '$.routes[0].origins',
        fix: 'remove',
      },
      {
        name: 'nested routes',
        options: { routes: [{ path: '/a/*', origins: '*', routes: [] }] },
        code: 'POLICY_ROUTE_NESTED',
        path: '$.routes[0].routes',
        fix: 'top level',
      },
      {
        name: 'a duplicate path (case and parameter names aside)',
        options: {
          routes: [
            { path: '/users/:id', origins: '*' },
            { path: '/Users/:userId/', origins: [APP] },
          ],
        },
        code: 'POLICY_ROUTE_DUPLICATE',
        path: '$.routes[1].path',
        fix: 'merge',
      },
      {
        name: 'a route shadowed by an earlier wider one',
        options: {
          routes: [
            { path: '/api/*', origins: '*' },
            { path: '/api/private/:id', origins: [APP], credentials: true },
          ],
        },
        code: 'POLICY_ROUTE_UNREACHABLE',
        path: '$.routes[1].path',
        fix: 'before routes[0]',
      },
      {
        name: 'a literal shadowed by a parameter',
        options: {
          routes: [
            { path: '/:tenant/admin', origins: '*' },
            { path: '/acme/admin', origins: [APP] },
          ],
        },
        code: 'POLICY_ROUTE_UNREACHABLE',
        path: '$.routes[1].path',
        fix: 'before routes[0]',
      },
      {
        name: "a prefix route shadows its own prefix ('/api/*' matches '/api')",
        options: {
          routes: [
            { path: '/api/*', origins: '*' },
            { path: '/api', origins: [APP] },
          ],
        },
        code: 'POLICY_ROUTE_UNREACHABLE',
        path: '$.routes[1].path',
        fix: 'before routes[0]',
      },
      {
        name: 'a route invalid as a policy (its own JSON path)',
        options: { routes: [{ path: '/a/*', origins: '*', credentials: true }] },
        code: 'POLICY_WILDCARD_WITH_CREDENTIALS',
        path: '$.routes[0].origins',
        fix: 'list the origins',
      },
      {
        name: 'a route without origins',
        options: { routes: [{ path: '/a/*', methods: ['PUT'] }] },
        code: 'POLICY_ORIGINS_MISSING',
        path: '$.routes[0].origins',
        fix: 'origins',
      },
      {
        name: 'top-level options without top-level origins (routes do not inherit them)',
        options: { credentials: true, routes: [{ path: '/a/*', origins: [APP] }] },
        code: 'POLICY_DEFAULTS_WITHOUT_ORIGINS',
        path: '$.credentials',
        fix: 'into each route',
      },
      {
        name: "defaults beside a route '/*'",
        options: { origins: [APP], routes: [{ path: '/*', origins: '*' }] },
        code: 'POLICY_DEFAULTS_UNREACHABLE',
        path: '$.origins',
        fix: 'routes[0]',
      },
      {
        name: 'routes: [] without origins',
        options: { routes: [] },
        code: 'POLICY_ORIGINS_MISSING',
        path: '$.origins',
        fix: 'origins',
      },
      {
        name: 'routes not an array',
        options: { origins: '*', routes: { '/a': { origins: '*' } } },
        code: 'POLICY_OPTION_TYPE',
        path: '$.routes',
        fix: 'routes: [',
      },
      {
        name: "flask-cors' resources",
        options: { resources: [{ path: '/a', origins: '*' }] },
        code: 'POLICY_UNKNOWN_OPTION',
        path: '$.resources',
        fix: "'routes'",
      },
    ];
  it.each(rows)('$name', (row) => {
    const issues = validateCorsOptions(row.options);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: row.code, path: row.path });
    expect(issues[0]!.fix).toContain(row.fix);
    expect(() => createCors(row.options as CorsOptions)).toThrow(CorsConfigError);
  });

  it('reports the problems of every route at once', () => {
    const issues = validateCorsOptions({
      origins: '*',
      credentials: true,
      routes: [
        { path: '/a/*', origins: ['https://App.example.com'] },
        { path: 'b', cors: false },
        { path: '/a/b', origins: '*' },
      ],
    });
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'POLICY_WILDCARD_WITH_CREDENTIALS $.origins',
      'ORIGIN_UPPERCASE $.routes[0].origins[0]',
      'POLICY_ROUTE_PATH $.routes[1].path',
      'POLICY_ROUTE_UNREACHABLE $.routes[2].path',
    ]);
  });

  it.each<Record<string, unknown>>([
    THREE_ROUTES as unknown as Record<string, unknown>,
    { origins: [APP], routes: [{ path: '/health', cors: false }] },
    { debug: true, routes: [{ path: '/a/:id/*', origins: '*' }] },
    {
      origins: '*',
      routes: [
        { path: '/', origins: [APP] },
        { path: '/*', cors: false },
      ].slice(0, 1),
    },
    {
      routes: [
        { path: '/api/users/me', origins: [APP], credentials: true },
        { path: '/api/users/:id', origins: '*' },
        { path: '/api/*', origins: [APP] },
      ],
    },
  ])('accepts %j', (options) => {
    expect(validateCorsOptions(options)).toEqual([]);
  });
});

describe('routes: the compiled policy', () => {
  // Built per test, not when the file is collected, so a mutant in compilation is judged by the tests
  // that use it rather than as a static mutant that reruns every suite (docs/mutation.md).
  let policy: CorsPolicy;
  beforeEach(() => {
    policy = createCors(THREE_ROUTES);
  });

  it('picks the first matching route', () => {
    const pub = decide(policy, '/public/logo.png', EVIL);
    expect(header(pub, 'access-control-allow-origin')).toBe('*');
    expect(header(pub, 'access-control-allow-credentials')).toBeUndefined();
    const priv = decide(policy, '/private/account', APP);
    expect(header(priv, 'access-control-allow-origin')).toBe(APP);
    expect(header(priv, 'access-control-allow-credentials')).toBe('true');
    expect(decide(policy, '/private/account', EVIL).headers).toEqual([]);
  });

  it('never mixes a route answer with another: * never comes with credentials', () => {
    for (const target of ['/public/x', '/private/x', '/webhooks/x', '/other'])
      for (const origin of [APP, EVIL, null]) {
        const d = decide(policy, target, origin);
        expect(
          header(d, 'access-control-allow-origin') === '*' && header(d, 'access-control-allow-credentials'),
        ).toBeFalsy();
      }
  });

  it('gives a cors: false path no CORS headers, no Vary, and leaves its preflights to the application', () => {
    for (const d of [
      decide(policy, '/webhooks/stripe', APP),
      decide(policy, '/webhooks/stripe', APP, 'POST'),
    ]) {
      expect(d).toMatchObject({ allowed: false, headers: [], varyValue: '' });
      expect(d.status).toBeUndefined();
      expect(d.reason).toContain("CORS is off for '/webhooks/*'");
    }
    expect(decide(policy, '/webhooks/stripe', null)).toMatchObject({
      kind: 'not-cors',
      allowed: true,
      headers: [],
    });
  });

  it('without defaults, a path no route matches gets nothing', () => {
    expect(decide(policy, '/elsewhere', APP)).toMatchObject({ allowed: false, headers: [], varyValue: '' });
  });

  it('with defaults, a path no route matches gets them', () => {
    const p = createCors({ origins: [APP], routes: [{ path: '/public/*', origins: '*' }] });
    expect(header(decide(p, '/elsewhere', APP), 'access-control-allow-origin')).toBe(APP);
    expect(header(decide(p, '/public/a', EVIL), 'access-control-allow-origin')).toBe('*');
    expect(p.defaults?.exactOrigins).toEqual([APP]);
  });

  it('answers preflights with the route policy', () => {
    const d = decide(policy, '/private/account', APP, 'DELETE');
    expect(d.status).toBe(204);
    expect(header(d, 'access-control-allow-methods')).toBe('GET, DELETE');
    // The public route lists no DELETE: refused, answered naming what it allows (so the console names DELETE).
    const refused = decide(policy, '/public/x', APP, 'DELETE');
    expect(refused.allowed).toBe(false);
    expect(header(refused, 'access-control-allow-methods')).not.toMatch(/DELETE/);
  });

  it('exposes the normalized routes for tools, and refuses to pretend to be one policy', () => {
    expect(policy.routes.map((r) => [r.pattern.path, r.options?.anyOrigin ?? null])).toEqual([
      ['/public/*', true],
      ['/private/*', false],
      ['/webhooks/*', null],
    ]);
    expect(policy.routes[1]!.options?.credentials).toBe(true);
    expect(policy.defaults).toBeNull();
    expect(() => policy.options).toThrow(expect.objectContaining({ code: 'POLICY_HAS_ROUTES' }));
  });

  it('refuses to decide without the path rather than apply one policy to every path', () => {
    let thrown: unknown;
    try {
      policy.decideValues('GET', APP, null, null);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CorsairError);
    expect((thrown as CorsairError).code).toBe('POLICY_ROUTES_NEED_PATH');
    expect(() => policy.decide({ method: 'GET', headers: [['Origin', APP]] })).toThrow(/path/);
    expect(
      header(
        policy.decide({
          method: 'GET',
          headers: [['Origin', APP]],
          url: 'https://api.example.com/private/a',
        }) as Decision,
        'access-control-allow-origin',
      ),
    ).toBe(APP);
  });

  it('gives routes the top-level debug sink unless they set their own', () => {
    const said: string[] = [];
    const own: string[] = [];
    const p = createCors({
      debug: (r) => said.push(r),
      routes: [
        { path: '/a/*', origins: [APP] },
        { path: '/b/*', origins: [APP], debug: (r: string) => own.push(r) },
      ],
    });
    decide(p, '/a/x', EVIL);
    decide(p, '/b/x', EVIL);
    decide(p, '/c', EVIL);
    expect(said).toEqual([
      `the origin '${EVIL}' is not allowed`,
      "no route matches '/c' and there are no defaults",
    ]);
    expect(own).toEqual([`the origin '${EVIL}' is not allowed`]);
  });
});

describe('routes: spellings of a path cannot escape a rule', () => {
  // Built per test, not when the file is collected, so a mutant in compilation is judged by the tests
  // that use it rather than as a static mutant that reruns every suite (docs/mutation.md).
  let policy: CorsPolicy;
  beforeEach(() => {
    policy = createCors(THREE_ROUTES);
  });
  const acao = (target: string, origin = EVIL) =>
    header(decide(policy, target, origin), 'access-control-allow-origin');

  it.each([
    ['/PUBLIC/logo.png', '*'],
    ['/Public/', '*'],
    ['/public', '*'],
    ['/public/x?next=/private/y', '*'],
    ['/public/x#/private', '*'],
    ['http://api.example.com/public/x', '*'],
    ['/public/caf%C3%A9', '*'],
  ])('%s is the public route', (target, expected) => {
    expect(acao(target)).toBe(expected);
  });

  it.each([['/PRIVATE/account'], ['/Private/account/'], ['/private']])(
    '%s is the private route',
    (target) => {
      expect(acao(target, APP)).toBe(APP);
      expect(acao(target, EVIL)).toBeUndefined();
    },
  );

  // Each of these reaches the private or webhook handler on some server while looking public (or the
  // reverse) on another: no reading may win, so none gets CORS headers at all.
  it.each([
    '/public/../private/account',
    '/public/./../private/account',
    '/public/..%2fprivate/account',
    '/public/..%2Fprivate%2Faccount',
    '/public/%2e%2e/private/account',
    '/public/.%2E/private/account',
    '/public/%252e%252e/private/account',
    '/public%2f..%2fprivate/account',
    '/public/..;/private/account',
    '/public;x=1/../private/account',
    '/public\\..\\private\\account',
    '/public/..\\private/account',
    '//private/account',
    '/private%2faccount',
    '/%70rivate/account',
    '/%50RIVATE/account',
    '/private;jsessionid=1/account',
    '/webhooks/../public/x',
    '/webhooks%2f..%2fpublic/x',
    '*',
  ])('%s gets no CORS headers', (target) => {
    for (const origin of [APP, EVIL]) {
      const d = decide(policy, target, origin);
      expect(d.headers).toEqual([]);
      expect(d.reason).toMatch(/reads as different routes|no route matches|CORS is off/);
    }
  });
});

// A reference matcher written from the pattern text alone (reference.ts): one RegExp per route,
// tried in order. The table must choose the same route for every path a browser sends as is.
function referenceRoute(paths: readonly string[], target: string): number {
  const path = target.split(/[?#]/, 1)[0]!;
  return paths.findIndex((p) => routePatternRegExp(p).test(path));
}

const segmentArb = fc.constantFrom('api', 'API', 'users', 'me', 'a', 'b', 'Admin', 'x.y', '~v1', 'e=1');
const patternArb = fc
  .tuple(fc.array(fc.oneof(segmentArb, fc.constantFrom(':id', ':name')), { maxLength: 4 }), fc.boolean())
  .map(([segs, rest]) => `/${segs.join('/')}${rest ? (segs.length ? '/*' : '*') : ''}`);
const pathArb = fc
  .tuple(fc.array(segmentArb, { maxLength: 6 }), fc.boolean(), fc.constantFrom('', '?q=/admin', '#x'))
  .map(([segs, slash, tail]) => `/${segs.join('/')}${slash && segs.length ? '/' : ''}${tail}`);

describe('routes: the table agrees with the reference matcher', () => {
  it('for random route lists and the paths browsers send', () => {
    fc.assert(
      fc.property(
        fc.array(patternArb, { minLength: 1, maxLength: 12 }),
        fc.array(pathArb, { maxLength: 20 }),
        (paths, targets) => {
          const patterns = paths.map((p) => parseRoutePattern(p) as RoutePattern);
          const lookup = compileRouteTable(patterns);
          for (const t of targets)
            expect(lookup(t), `${t} in ${JSON.stringify(paths)}`).toBe(referenceRoute(paths, t));
        },
      ),
      { numRuns: 400, seed: 15 },
    );
  });

  // Percent-encoding, dots, slashes, backslashes and ;params mixed into paths: whenever the table
  // gives a route, the raw path and the path as the URL Standard and a decoding server read it all
  // take that same route.
  const trickArb = fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E.',
    '%2f',
    '%2F',
    '%5c',
    '\\',
    ';x=1',
    '',
    '%252e%252e',
    '%61',
  );
  const trickyPathArb = fc
    .array(fc.oneof(segmentArb, trickArb), { minLength: 1, maxLength: 6 })
    .map((segs) => `/${segs.join('/')}`);

  function urlReading(path: string): string {
    return new URL(`http://h${path.replaceAll('%2f', '/').replaceAll('%2F', '/')}`).pathname;
  }

  it('for paths spelt to escape a rule', () => {
    fc.assert(
      fc.property(
        fc.array(patternArb, { minLength: 1, maxLength: 8 }),
        fc.array(trickyPathArb, { maxLength: 20 }),
        (paths, targets) => {
          const lookup = compileRouteTable(paths.map((p) => parseRoutePattern(p) as RoutePattern));
          for (const t of targets) {
            const r = lookup(t);
            if (typeof r === 'string') continue;
            const readings = [t, urlReading(t), safeDecode(t), urlReading(safeDecode(t))];
            for (const reading of readings)
              expect(referenceRoute(paths, reading), `${t} read as ${reading}`).toBe(r);
          }
        },
      ),
      { numRuns: 400, seed: 15 },
    );
  });
});

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
