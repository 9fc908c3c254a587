// The JSON Schema (editors, CI linters) and the validator (createCors, parsePolicyFile) must accept and
// refuse the same policies, or a file that an editor marks valid fails at startup (or the reverse).
// fast-check builds policies from values at and around every rule's edge. What a schema cannot
// express is left out of the pools on purpose: wildcards over (or above) a public suffix, and routes
// that cover one another or `/*` beside top-level options (an unreachable route or defaults).
// The pools hold each class the validator refuses or accepts (issue 21): ports 0 and 65536, empty
// labels, over-long labels and hosts, IPv4-mapped IPv6, trailing dots, extension and app origins
// (exact, never in patterns), '*' in method and header lists, response headers in allowedHeaders and
// request or preflight-only headers in exposedHeaders. Routes too: each route a policy of its own or
// `cors: false`, its path valid or refused, and `routes` beside top-level options or in their place.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCorsOptions } from '../../src/index.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/policy.schema.json', import.meta.url), 'utf8'));
const schemaAccepts = new Ajv({ allErrors: true, strict: false }).compile(schema);

const ORIGINS = [
  'https://app.example.com',
  'https://app.example.com:8443',
  'https://*.example.com',
  'https://*.example.com:*',
  'http://localhost:*',
  'http://localhost:3000',
  'http://app.localhost',
  'http://127.0.0.1:8080',
  'http://[::1]:3000',
  'http://app.example.com',
  'https://app.example.com:443',
  'http://app.example.com:80',
  'https://app.example.com/',
  'https://APP.example.com',
  'app.example.com',
  'https://app.example.com:0',
  'https://app.example.com:65536',
  'https://app.example.com:65535',
  'https://[::ffff:7f7f:7f7f]',
  'https://[::ffff:7f00:1]:8443',
  'https://example..com',
  'https://example.com..',
  'https://.example.com',
  `https://${'a'.repeat(63)}.example.com`,
  `https://${'a'.repeat(64)}.example.com`,
  `https://${'a.'.repeat(125)}com`,
  `https://${'a.'.repeat(126)}com`,
  `https://${'a.'.repeat(125)}com.`,
  'http://localhost.',
  'http://app.localhost.:3000',
  'https://app.example.com.',
  'https://*.example.com.',
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  'chrome-extension://abcdefghijklmnopabcdefghijklmnoz',
  'moz-extension://2c127fa4-62c7-7e4f-90e5-472b45eecfdc',
  'moz-extension://2C127FA4-62C7-7E4F-90E5-472B45EECFDC',
  'safari-web-extension://E2A0FA9B-2A2B-4B75-9B2C-3B4B1B2C3D4E',
  'capacitor://localhost',
  'ionic://localhost',
  'tauri://localhost',
  'app://my-app',
  'capacitor://*.localhost',
  'capacitor://localhost/',
  'Capacitor://localhost',
  'file://host',
  'ws://app.example.com',
  '*',
  'null',
  '',
];
const TOKENS = [
  'GET',
  'PUT',
  'PATCH',
  'patch',
  'put',
  'DELETE',
  'CONNECT',
  'X-Custom',
  'x b',
  '',
  '*',
  'Tr@ce',
];
const HEADERS = [
  'Content-Type',
  'X-Api-Key',
  'authorization',
  'Set-Cookie',
  'x b',
  '',
  '*',
  'X-Ünicode',
  'Access-Control-Allow-Origin',
  'access-control-max-age',
  'Access-Control-Expose-Headers',
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Allow-Methods',
];

const list = <T>(pool: readonly T[]) => fc.array(fc.constantFrom(...pool), { maxLength: 3 });
const numberAround = (...edges: number[]) =>
  fc.oneof(
    // Each edge, its neighbours and a fraction just above it (204.5 is inside 200–299 but no status).
    fc.constantFrom(...edges.flatMap((e) => [e - 1, e, e + 1, e + 0.5])),
    fc.constantFrom(1.5, -0.5, Number.NaN, '600', null),
  );

// A policy sets a few options: each is absent three times in four, so most draws are valid or wrong
// for one reason (a draw wrong in several places would hide a rule the two disagree on: with every
// option present, 1 draw in 3,000 was valid).
const sometimes = (arb: fc.Arbitrary<unknown>, absent = 3, present = 1) =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary: arb });
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const origins = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('*' as unknown, ['*']) },
  { weight: 1, arbitrary: fc.constantFrom(ORIGINS[0] as unknown, 42, null, []) },
  { weight: 6, arbitrary: fc.array(fc.constantFrom(...ORIGINS), { minLength: 1, maxLength: 2 }) },
);
const options = {
  methods: sometimes(fc.oneof(fc.constant('*' as unknown), list(TOKENS), fc.constant('GET'))),
  allowedHeaders: sometimes(fc.oneof(fc.constant('*' as unknown), list(HEADERS))),
  exposedHeaders: sometimes(fc.oneof(fc.constant('*' as unknown), list(HEADERS))),
  credentials: sometimes(fc.constantFrom(true, false, 'true', 1), 1),
  maxAge: sometimes(numberAround(0, 86400)),
  preflightStatus: sometimes(numberAround(200, 204, 299)),
  preflightContinue: sometimes(fc.constantFrom(true, false, 'no')),
  debug: sometimes(fc.constantFrom(true, false, 'yes')),
  allowInsecureOrigins: sometimes(fc.constantFrom(true, false), 1),
  origin: sometimes(fc.constant('https://app.example.com'), 9),
};

const policy = fc.record({ origins: sometimes(origins, 1, 5), ...options }).map(defined);

// Route paths that never cover one another (a route an earlier one covers is refused by the validator
// only: a schema cannot compare two items of an array), valid and refused spellings.
const PATHS = [
  '/api/*',
  '/users/:id',
  '/health',
  '/Files/:name/raw/',
  'api/*',
  '/api*',
  '/*/admin',
  '/a/../b',
  '/a//b',
  '/users/:id?',
  '/caf%C3%A9',
  '',
  42,
];
const path = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PATHS.slice(0, 4)) },
  { weight: 1, arbitrary: fc.constantFrom(...PATHS) },
);

/** One route: CORS off, or a policy of its own (origins required), now and then with a wrong key. */
const route = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        path: sometimes(path, 1, 10),
        cors: fc.constantFrom(false as unknown, false, false, true, 'false'),
        origins: sometimes(fc.constant(['https://app.example.com']), 6),
      })
      .map(defined),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({
        path: sometimes(path, 1, 10),
        origins: sometimes(origins, 1, 5),
        ...options,
        routes: sometimes(fc.constant([]), 9),
      })
      .map(defined),
  },
  { weight: 1, arbitrary: fc.constantFrom('/api/*' as unknown, null, ['/api/*']) },
);

/** `routes` beside top-level options or in their place (then only `debug` may stay beside it). */
const routed = fc
  .record({
    routes: fc.oneof(
      {
        weight: 9,
        arbitrary: fc.uniqueArray(route, {
          maxLength: 3,
          selector: (r) => (typeof r === 'object' && r !== null && 'path' in r ? r.path : r),
        }),
      },
      { weight: 1, arbitrary: fc.constantFrom({} as unknown, '/api/*') },
    ),
    origins: sometimes(origins, 2),
    credentials: sometimes(fc.constantFrom(true, false), 6),
    maxAge: sometimes(fc.constantFrom(600, 86401), 6),
    debug: sometimes(fc.constantFrom(true, 'yes')),
    resources: sometimes(fc.constant([]), 9),
  })
  .map(defined);

describe('JSON Schema and validator agree', () => {
  it('accept and refuse the same policies (property)', () => {
    fc.assert(
      fc.property(policy, (p) => {
        const validator = validateCorsOptions(p).length === 0;
        const viaSchema = schemaAccepts(p);
        expect({ policy: p, validator }).toEqual({ policy: p, validator: viaSchema });
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });

  it('accept and refuse the same policies with routes (property)', () => {
    fc.assert(
      fc.property(routed, (p) => {
        const validator = validateCorsOptions(p).length === 0;
        const viaSchema = schemaAccepts(p);
        expect({ policy: p, validator }).toEqual({ policy: p, validator: viaSchema });
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });

  it.each([
    [{ origins: ['https://a.example'], preflightStatus: 199 }, false],
    [{ origins: ['https://a.example'], preflightStatus: 200 }, true],
    [{ origins: ['https://a.example'], preflightStatus: 299 }, true],
    [{ origins: ['https://a.example'], preflightStatus: 300 }, false],
    [{ origins: ['https://a.example'], preflightStatus: 204.5 }, false],
    [{ origins: ['https://a.example'], maxAge: -1 }, false],
    [{ origins: ['https://a.example'], maxAge: 0 }, true],
    [{ origins: ['https://a.example'], maxAge: 86400 }, true],
    [{ origins: ['https://a.example'], maxAge: 86401 }, false],
    // A route's ['*'] is '*' too: never with credentials (the schema once refused only the string).
    [{ routes: [{ path: '/api/*', origins: ['*'], credentials: true }] }, false],
    [{ routes: [{ path: '/api/*', origins: ['*'] }] }, true],
  ])('boundary %o: accepted=%s by both', (p, accepted) => {
    expect(validateCorsOptions(p).length === 0).toBe(accepted);
    expect(schemaAccepts(p)).toBe(accepted);
  });
});
