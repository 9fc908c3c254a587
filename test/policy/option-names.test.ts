// Unknown option names: the options people bring from other CORS middlewares, and their typos, are
// refused with the corsair option they meant, and renaming as the fix says gives a valid policy.
import { describe, expect, it } from 'vitest';
import { OPTION_NAMES, validateCorsOptions } from '../../src/index.js';

const APP = 'https://app.example.com';

/** Apply every "rename 'a' to 'b'" fix to the options. */
function renamed(options: Record<string, unknown>): Record<string, unknown> {
  const out = { ...options };
  for (const issue of validateCorsOptions(options)) {
    const m = /^rename '([^']+)' to '([^']+)'$/.exec(issue.fix ?? '');
    expect(m, `${issue.code}: ${issue.fix}`).not.toBeNull();
    const [, from, to] = m as RegExpExecArray;
    out[to as string] = out[from as string];
    delete out[from as string];
  }
  return out;
}

describe('options from other middlewares', () => {
  it.each([
    ['cors / @fastify/cors', { origin: [APP], optionsSuccessStatus: 200, strictPreflight: false }],
    [
      'hono/cors, @koa/cors',
      { origin: [APP], allowMethods: ['PUT'], allowHeaders: ['X-A'], exposeHeaders: ['X-B'] },
    ],
    ['Spring', { allowedOrigins: [APP], allowedMethods: ['PUT'], allowCredentials: true, maxAge: 600 }],
    ['rs/cors', { AllowedOrigins: [APP], AllowedMethods: ['PUT'], AllowCredentials: true, MaxAge: 600 }],
    [
      'jub0bs/cors',
      {
        Origins: [APP],
        Methods: ['PUT'],
        Credentialed: true,
        MaxAgeInSeconds: 600,
        ResponseHeaders: ['X-B'],
      },
    ],
    ['flask-cors', { origins: [APP], allow_headers: ['X-A'], expose_headers: ['X-B'], max_age: 600 }],
    ['others', { allowOrigin: [APP], allowOrigins: [], method: ['PUT'], 'max-age': 600 }],
    ['others', { allowOrigins: [APP], allowedRequestHeaders: ['X-A'], exposedResponseHeaders: ['X-B'] }],
    ['misspelt', { orgin: [APP], methds: ['PUT'], credentail: true, debgu: true, maxAg: 600 }],
  ])('%s: %o is fixed by renaming as the issues say', (_from, options) => {
    const issues = validateCorsOptions(options);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.code).toBe('POLICY_UNKNOWN_OPTION');
      expect(issue.path).toBe(`$.${issue.option}`);
      expect(issue.message).toMatch(/\(did you mean '\w+'\?\)$/);
    }
    const fixed = renamed(options);
    // `allowOrigins: []` beside `allowOrigin` is renamed to origins twice: keep the non-empty one.
    if (Array.isArray(fixed.origins) && fixed.origins.length === 0) fixed.origins = [APP];
    expect(validateCorsOptions(fixed)).toEqual([]);
  });

  it.each([
    ['resources', [{ path: '/api/*', origins: [APP] }]],
    ['paths', [{ path: '/api/*', origins: [APP] }]],
    ['locations', [{ path: '/api/*', origins: [APP] }]],
  ])('%s (per-path options elsewhere) is routes, and only that is reported', (key, routes) => {
    const issues = validateCorsOptions({ [key]: routes });
    expect(issues.map((i) => [i.code, i.fix])).toEqual([
      ['POLICY_UNKNOWN_OPTION', `rename '${key}' to 'routes'`],
    ]);
    expect(validateCorsOptions({ routes })).toEqual([]);
  });
});

describe('how close a name must be', () => {
  it.each([
    ['preflightCont', 'preflightContinue'], // 4 edits in 13 characters: a third of the name
    ['debgu', 'debug'], // 2 edits in a short name
    ['orgin', 'origins'],
    ['ROUTES', 'routes'],
  ])('%s: did you mean %s', (key, meant) => {
    const [issue] = validateCorsOptions({ origins: [APP], [key]: true });
    expect(issue?.fix).toBe(`rename '${key}' to '${meant}'`);
  });

  it.each(['preflightCo', 'orig', 'xyz', 'constructor', 'toString'])(
    '%s: too far from every option; the fix lists them all',
    (key) => {
      const [issue] = validateCorsOptions({ origins: [APP], [key]: true });
      expect(issue?.code).toBe('POLICY_UNKNOWN_OPTION');
      expect(issue?.message).not.toContain('did you mean');
      expect(issue?.message.endsWith(`'${key}'`)).toBe(true);
      const words = (issue?.fix ?? '').split(/[\s,;:]+/);
      for (const name of OPTION_NAMES) expect(words).toContain(name);
    },
  );

  it('$schema (an editor reading the JSON Schema) is not an unknown option', () => {
    expect(validateCorsOptions({ $schema: './policy.schema.json', origins: [APP] })).toEqual([]);
  });
});
