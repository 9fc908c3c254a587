// The JSON Schema (editors, CI linters) and the validator (createCors, parsePolicyFile) must accept and
// refuse the same policies, or a file that an editor marks valid fails at startup (or the reverse).
// fast-check builds policies from values at and around every rule's edge. The one thing a schema
// cannot express, wildcards over (or above) a public suffix, is left out of the pools on purpose.
// The pools hold each class the validator refuses or accepts (issue 21): ports 0 and 65536, empty
// labels, over-long labels and hosts, IPv4-mapped IPv6, trailing dots, extension and app origins
// (exact, never in patterns), '*' in method and header lists, response headers in allowedHeaders and
// request or preflight-only headers in exposedHeaders.
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
    fc.constantFrom(...edges.flatMap((e) => [e - 1, e, e + 1])),
    fc.constantFrom(1.5, -0.5, Number.NaN, '600', null),
  );

const policy = fc.record(
  {
    origins: fc.oneof(fc.constant('*' as unknown), list(ORIGINS), fc.constantFrom(ORIGINS[0], 42, null)),
    methods: fc.oneof(fc.constant('*' as unknown), list(TOKENS), fc.constant('GET')),
    allowedHeaders: fc.oneof(fc.constant('*' as unknown), list(HEADERS)),
    exposedHeaders: fc.oneof(fc.constant('*' as unknown), list(HEADERS)),
    credentials: fc.constantFrom(true, false, 'true', 1),
    maxAge: numberAround(0, 86400),
    preflightStatus: numberAround(200, 204, 299),
    preflightContinue: fc.constantFrom(true, false, 'no'),
    debug: fc.constantFrom(true, false),
    allowInsecureOrigins: fc.constantFrom(true, false),
    origin: fc.constant('https://app.example.com'),
  },
  { requiredKeys: [] },
);

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

  it.each([
    [{ origins: ['https://a.example'], preflightStatus: 199 }, false],
    [{ origins: ['https://a.example'], preflightStatus: 200 }, true],
    [{ origins: ['https://a.example'], preflightStatus: 299 }, true],
    [{ origins: ['https://a.example'], preflightStatus: 300 }, false],
    [{ origins: ['https://a.example'], maxAge: -1 }, false],
    [{ origins: ['https://a.example'], maxAge: 0 }, true],
    [{ origins: ['https://a.example'], maxAge: 86400 }, true],
    [{ origins: ['https://a.example'], maxAge: 86401 }, false],
  ])('boundary %o: accepted=%s by both', (p, accepted) => {
    expect(validateCorsOptions(p).length === 0).toBe(accepted);
    expect(schemaAccepts(p)).toBe(accepted);
  });
});
