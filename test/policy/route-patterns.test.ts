// Route path patterns as users write them: which are refused (each message names the path, each fix
// validates when applied), what tools read back, and which later routes validation calls unreachable.
import { describe, expect, it } from 'vitest';
import { createCors, validateCorsOptions } from '../../src/index.js';

const APP = 'https://app.example.com';
const withPath = (path: string) => ({ routes: [{ path, origins: [APP] }] });

describe('refused route paths', () => {
  it.each([
    ['/a//b', 'POLICY_ROUTE_PATH'],
    ['/a/*/b', 'POLICY_ROUTE_PATH'],
    ['/users/:id(\\d+)', 'POLICY_ROUTE_PATH'],
    ['/a/./b', 'POLICY_ROUTE_PATH'],
    ['/a/../b', 'POLICY_ROUTE_PATH'],
    ['/api*', 'POLICY_ROUTE_PATH'],
    ['/a/b%2Fc', 'POLICY_ROUTE_PATH'],
    ['api', 'POLICY_ROUTE_PATH'],
    ['*', 'POLICY_ROUTE_PATH'],
    ['', 'POLICY_ROUTE_PATH'],
  ])('%j: the message names the path', (path, code) => {
    const [issue, ...rest] = validateCorsOptions(withPath(path));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code, path: '$.routes[0].path' });
    expect(issue!.message).toContain(`'${path}'`);
    expect(issue!.fix ?? '').not.toBe('');
  });

  // The fix proposes the pattern meant; applied, it validates.
  it.each([
    ['/api*', '/api/*'],
    ['/api**', '/api/*'],
    ['/v1/items*', '/v1/items/*'],
    // '*' inside a segment: the literal before it as a prefix, or the parent with '*'.
    ['/a*b', '/a/*'],
    ['/a*b*', '/a/*'],
    ['/v1/x*y/z', '/v1/x/*'],
    ['/*api', '/*'],
    ['/v1/%*', '/v1/*'],
    ['api', '/api'],
    ['*', '/*'],
    ['/a//b', '/a/b'],
  ])('%j → %j', (path, meant) => {
    const [issue] = validateCorsOptions(withPath(path));
    const proposed = /write '([^']*)'/.exec(issue!.fix ?? '')?.[1];
    expect(proposed).toBe(meant);
    expect(validateCorsOptions(withPath(meant))).toEqual([]);
    // Every pattern the fix offers ('/api/*' or '/*') validates.
    for (const [, offered] of (issue!.fix ?? '').matchAll(/'([^']*)'/g))
      expect(validateCorsOptions(withPath(offered!)), offered).toEqual([]);
  });
});

describe('what tools read of a route pattern', () => {
  it('literal segments lowercase, parameters by name, a trailing /* as rest', () => {
    const [route] = createCors({ routes: [{ path: '/Users/:id/*', origins: [APP] }] }).routes;
    expect(route!.pattern).toEqual({
      path: '/Users/:id/*',
      segments: [{ literal: 'users' }, { param: 'id' }],
      rest: true,
    });
  });
});

describe('unreachable routes', () => {
  it.each([
    [['/api', '/api/users']],
    [['/api/users', '/api']],
    [['/api/:id', '/api/users/me']],
    [['/api/users/*', '/api/*']],
  ])('%j: neither covers the other', (paths) => {
    expect(validateCorsOptions({ routes: paths.map((path) => ({ path, origins: [APP] })) })).toEqual([]);
  });

  it.each([
    [['/api/*', '/api/users'], 'POLICY_ROUTE_UNREACHABLE'],
    [['/api/:id', '/api/users'], 'POLICY_ROUTE_UNREACHABLE'],
    [['/api/users', '/API/users/'], 'POLICY_ROUTE_DUPLICATE'],
  ])('%j: the second is %s', (paths, code) => {
    const issues = validateCorsOptions({ routes: paths.map((path) => ({ path, origins: [APP] })) });
    expect(issues.map((i) => [i.code, i.path])).toEqual([[code, '$.routes[1].path']]);
  });
});
