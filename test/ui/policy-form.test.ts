// The builder's form as data: the policy file it writes (checked by the real validator), where each of
// the validator's issues is shown, and route reordering. Pure client code, so Node runs it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCorsOptions } from '../../src/policy/index.js';
import {
  DEFAULT_FIELDS,
  fieldsOptions,
  issueRoute,
  moveRoute,
  newRoute,
  type PolicyForm,
  policyOptions,
  type RouteFields,
} from '../../src/ui/client/policy-form.js';
import { THREE_ROUTES } from '../policy/three-routes.js';

const route = (r: Partial<RouteFields>): RouteFields => ({ ...DEFAULT_FIELDS, path: '/', off: false, ...r });
const bare = { methods: [], allowedHeaders: '', maxAge: '' };

describe('the policy file the builder writes', () => {
  it('without routes: the top-level options alone', () => {
    const form: PolicyForm = { ...DEFAULT_FIELDS, routes: [], defaults: false };
    expect(policyOptions(form)).toEqual(fieldsOptions(form));
    expect(policyOptions(form)).toEqual({
      origins: ['https://app.example.com'],
      methods: ['GET', 'HEAD', 'POST'],
      allowedHeaders: ['Content-Type'],
      maxAge: 600,
    });
  });

  it('the three-route policy of issue 15, as a file the validator accepts', () => {
    const form: PolicyForm = {
      ...DEFAULT_FIELDS,
      defaults: false,
      routes: [
        route({ ...bare, path: '/public/*', origins: '*' }),
        route({
          ...bare,
          path: '/private/*',
          origins: 'https://app.example.com',
          credentials: true,
          methods: ['GET', 'DELETE'],
        }),
        route({ path: '/webhooks/*', off: true, origins: 'ignored when off' }),
      ],
    };
    expect(policyOptions(form)).toEqual(THREE_ROUTES);
    expect(validateCorsOptions(policyOptions(form))).toEqual([]);
  });

  it('with defaults: the top-level options stay beside the routes', () => {
    const form: PolicyForm = {
      ...DEFAULT_FIELDS,
      defaults: true,
      routes: [route({ path: '/hooks/*', off: true })],
    };
    expect(policyOptions(form)).toMatchObject({
      origins: ['https://app.example.com'],
      routes: [{ path: '/hooks/*', cors: false }],
    });
    expect(validateCorsOptions(policyOptions(form))).toEqual([]);
  });

  it("a new route's path is not shadowed by the ones the button added before it", () => {
    const routes = [0, 1, 2].map(newRoute);
    const form: PolicyForm = { ...DEFAULT_FIELDS, defaults: true, routes };
    expect(validateCorsOptions(policyOptions(form))).toEqual([]);
  });
});

describe('where an issue is shown', () => {
  it.each([
    ['$.routes[2].origins[0]', 2],
    ['$.routes[10].path', 10],
    ['$.routes[0]', 0],
    ['$.origins', null],
    ['$.routes', null],
  ])('%s → %s', (path, want) => {
    expect(issueRoute(path)).toBe(want);
  });

  // Every issue the real validator reports on any builder policy lands on the top level or on a route
  // the form has: grouping by route never hides one.
  it('every issue of a random builder policy has a place (property)', () => {
    const text = fc.constantFrom(
      '',
      '*',
      'https://a.example',
      'https://a.example/',
      'ftp://x',
      'https://*.example.com',
    );
    const fields = {
      origins: text,
      methods: fc.subarray(['GET', 'PUT', 'DELETE']),
      methodsOther: fc.constantFrom('', 'bad method', 'PURGE'),
      allowedHeaders: fc.constantFrom('', '*', 'X-A', 'bad header'),
      exposedHeaders: fc.constantFrom('', 'X-B'),
      credentials: fc.boolean(),
      maxAge: fc.constantFrom('', '600', '-1', 'x'),
      preflightStatus: fc.constantFrom('', '204', '500'),
    };
    const path = fc.constantFrom('/a/*', '/a/b', '/a/*', '/:id', 'nope', '/x/%2f', '/b');
    const form = fc.record({
      ...fields,
      defaults: fc.boolean(),
      routes: fc.array(fc.record({ ...fields, path, off: fc.boolean() }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(form, (f) => {
        for (const issue of validateCorsOptions(policyOptions(f))) {
          const r = issueRoute(issue.path);
          if (r !== null) expect(r).toBeLessThan(f.routes.length);
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});

describe('moving a route', () => {
  it('moves one route, clamped to the list, and keeps the others in order (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: -9, max: 9 }),
        (list, at, by) => {
          const from = at % list.length;
          const moved = moveRoute(list, from, by);
          const to = Math.max(0, Math.min(list.length - 1, from + by));
          expect(moved[to]).toBe(list[from]);
          expect(moved.filter((x) => x !== list[from])).toEqual(list.filter((x) => x !== list[from]));
        },
      ),
    );
  });
});
