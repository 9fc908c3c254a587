// What each refusal of `routes` says: every one belongs to the routes option (an editor or `verify`
// groups issues by option), sits at the JSON path of the route or key at fault, and its message names
// what was written there: the path, the value of cors, the options beside cors: false, the earlier
// route that takes its paths.
import { describe, expect, it } from 'vitest';
import { validateCorsOptions } from '../../src/index.js';

const APP = 'https://app.example.com';

describe('routes: each refusal names what is wrong, in the routes option', () => {
  it.each([
    [
      'a route without a path',
      { routes: [{ origins: [APP] }] },
      'POLICY_ROUTE_PATH',
      '$.routes[0].path',
      ['no path'],
    ],
    [
      'a path that is not a string',
      { routes: [{ path: 42, origins: [APP] }] },
      'POLICY_ROUTE_PATH',
      '$.routes[0].path',
      ['got number 42'],
    ],
    [
      'a relative path',
      { routes: [{ path: 'api/*', origins: [APP] }] },
      'POLICY_ROUTE_PATH',
      '$.routes[0].path',
      ["'api/*'"],
    ],
    [
      'cors: true',
      { routes: [{ path: '/a', cors: true }] },
      'POLICY_ROUTE_CORS',
      '$.routes[0].cors',
      ['got boolean true'],
    ],
    [
      "cors: 'off'",
      { routes: [{ path: '/a', cors: 'off' }] },
      'POLICY_ROUTE_CORS',
      '$.routes[0].cors',
      ["got 'off'"],
    ],
    [
      'options beside cors: false',
      { routes: [{ path: '/a', cors: false, origins: [APP], maxAge: 5 }] },
      'POLICY_ROUTE_CORS',
      '$.routes[0].origins',
      ["'origins', 'maxAge'"],
    ],
    [
      'the same path twice',
      {
        routes: [
          { path: '/users/:id', cors: false },
          { path: '/Users/:userId', origins: [APP] },
        ],
      },
      'POLICY_ROUTE_DUPLICATE',
      '$.routes[1].path',
      ["'/Users/:userId'", "routes[0] ('/users/:id')"],
    ],
    [
      'a path an earlier route covers',
      {
        routes: [
          { path: '/api/*', cors: false },
          { path: '/api/users', origins: [APP] },
        ],
      },
      'POLICY_ROUTE_UNREACHABLE',
      '$.routes[1].path',
      ["'/api/users'", "routes[0] ('/api/*')"],
    ],
    [
      'routes as an object',
      { origins: [APP], routes: { '/api/*': { origins: [APP] } } },
      'POLICY_OPTION_TYPE',
      '$.routes',
      ['got an object'],
    ],
    [
      'a route that is a string',
      { routes: ['/api/*'] },
      'POLICY_ROUTE_TYPE',
      '$.routes[0]',
      ["got '/api/*'"],
    ],
    [
      'a route that is an array',
      { routes: [['/api/*', APP]] },
      'POLICY_ROUTE_TYPE',
      '$.routes[0]',
      ['got an array'],
    ],
    [
      'nested routes',
      { routes: [{ path: '/a/*', origins: [APP], routes: [] }] },
      'POLICY_ROUTE_NESTED',
      '$.routes[0].routes',
      ['nest'],
    ],
  ])('%s', (_name, options, code, path, says) => {
    const issues = validateCorsOptions(options);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code, option: 'routes', path });
    for (const s of says) expect(issues[0]?.message).toContain(s);
  });

  it('a route with CORS off takes no options, and one with options is a policy of its own', () => {
    expect(validateCorsOptions({ routes: [{ path: '/hooks/*', cors: false }] })).toEqual([]);
    // Its options are validated (a wrong one is refused at its path), which cors: false would skip.
    expect(
      validateCorsOptions({ routes: [{ path: '/a/*', origins: [APP], maxAge: -1 }] }).map((i) => i.path),
    ).toEqual(['$.routes[0].maxAge']);
  });
});
