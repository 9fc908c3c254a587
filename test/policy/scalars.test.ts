// The scalar options (maxAge, preflightStatus, the flags, debug) and what every refusal says about the
// value it refuses: both sides of each numeric limit, a fix that names a value which validates, and a
// message that says what was written (null, an array, a RegExp, an object, a string, a number).
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CorsConfigIssue, createCors, validateCorsOptions } from '../../src/index.js';

const APP = 'https://app.example.com';
const only = (options: Record<string, unknown>): CorsConfigIssue => {
  const issues = validateCorsOptions({ origins: [APP], ...options });
  expect(issues).toHaveLength(1);
  return issues[0] as CorsConfigIssue;
};
/** The list a fix proposes (`use methods: ['GET', 'POST']`), read back as the value to set. */
const proposedList = (fix: string | undefined): unknown =>
  JSON.parse((/: (\[.*\])/.exec(fix ?? '')?.[1] ?? 'null').replace(/'/g, '"'));

describe('maxAge: whole seconds from 0 to 86400', () => {
  it.each([0, 1, 600, 7200, 86399, 86400])('accepts %d and sends it', async (maxAge) => {
    expect(validateCorsOptions({ origins: [APP], methods: ['PUT'], maxAge })).toEqual([]);
    const d = await createCors({ origins: [APP], methods: ['PUT'], maxAge }).decide({
      method: 'OPTIONS',
      headers: [
        ['origin', APP],
        ['access-control-request-method', 'PUT'],
      ],
    });
    expect(d.headers).toContainEqual(['Access-Control-Max-Age', String(maxAge)]);
  });

  it('refuses every other number; the fix names a value that validates, the cap only above it (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.integer({ min: -100, max: 90000 }), fc.constantFrom(-1, 86401, 0.5, -0.4)),
        (maxAge) => {
          fc.pre(!(Number.isInteger(maxAge) && maxAge >= 0 && maxAge <= 86400));
          const issue = only({ maxAge });
          expect(issue).toMatchObject({ code: 'POLICY_MAX_AGE_RANGE', option: 'maxAge', path: '$.maxAge' });
          const fixed = Number(/(\d+)/.exec(issue.fix ?? '')?.[1]);
          expect(validateCorsOptions({ origins: [APP], maxAge: fixed })).toEqual([]);
          // Someone who wrote -1 or 1.5 did not ask for the longest cache a browser keeps.
          expect(fixed === 86400).toBe(maxAge > 86400);
        },
      ),
    );
  });

  it('says the browsers cap it when the value is above the limit', () => {
    expect(only({ maxAge: 86401 }).fix).toMatch(/86400 .*Chromium at 7200/);
  });

  it.each([
    [null, 'got null'],
    [[600], 'got an array'],
    [{ seconds: 600 }, 'got an object'],
    ['600', "got '600'"],
    [/600/, 'got the RegExp /600/'],
    [true, 'got boolean true'],
  ])('refuses %o and says what it got', (maxAge, says) => {
    const issue = only({ maxAge });
    expect(issue.code).toBe('POLICY_MAX_AGE_RANGE');
    expect(issue.message).toContain(says);
    expect(issue.fix).toBe('use e.g. maxAge: 600');
  });
});

describe('preflightStatus: a 2xx status', () => {
  it.each([200, 201, 204, 298, 299])('accepts %d and answers preflights with it', async (preflightStatus) => {
    const d = await createCors({ origins: [APP], methods: ['PUT'], preflightStatus }).decide({
      method: 'OPTIONS',
      headers: [
        ['origin', APP],
        ['access-control-request-method', 'PUT'],
      ],
    });
    expect(d.status).toBe(preflightStatus);
  });

  it.each([199, 300, 404, 0, 204.5, 199.5, -204, Number.NaN, '204', null])(
    'refuses %o (browsers fail a preflight answered otherwise) with a fix that validates',
    (preflightStatus) => {
      const issue = only({ preflightStatus });
      expect(issue).toMatchObject({
        code: 'POLICY_PREFLIGHT_STATUS',
        option: 'preflightStatus',
        path: '$.preflightStatus',
      });
      const fixed = Number(/use (\d+)/.exec(issue.fix ?? '')?.[1]);
      expect(validateCorsOptions({ origins: [APP], preflightStatus: fixed })).toEqual([]);
    },
  );
});

describe('the flags', () => {
  it.each(['credentials', 'preflightContinue', 'allowInsecureOrigins'])(
    '%s: a value that is not a boolean is one issue, and the flag counts as off meanwhile',
    (flag) => {
      // With `credentials` read as on, '*' would draw a second, misleading issue.
      const issues = validateCorsOptions({ origins: '*', [flag]: 'true' });
      expect(issues).toEqual([
        {
          code: 'POLICY_OPTION_TYPE',
          option: flag,
          path: `$.${flag}`,
          message: `${flag} must be true or false, got 'true'`,
          fix: `set ${flag}: true or remove it`,
        },
      ]);
    },
  );
});

describe('debug', () => {
  afterEach(() => vi.restoreAllMocks());

  it('true: each refusal is logged with console.warn, prefixed corsair:', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await createCors({ origins: [APP], debug: true }).decide({
      method: 'GET',
      headers: [['origin', 'https://evil.example']],
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^corsair: .*https:\/\/evil\.example/);
  });

  it('false or absent: nothing is logged', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const options of [{ origins: [APP], debug: false }, { origins: [APP] }])
      await createCors(options).decide({ method: 'GET', headers: [['origin', 'https://evil.example']] });
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['yes', "got 'yes'"],
    [1, 'got number 1'],
  ])('refuses %o at $.debug, and its fix validates', (debug, says) => {
    const issue = only({ debug });
    expect(issue).toMatchObject({ code: 'POLICY_OPTION_TYPE', option: 'debug', path: '$.debug' });
    expect(issue.message).toContain(says);
    expect(issue.fix).toContain('debug: true');
    expect(validateCorsOptions({ origins: [APP], debug: true })).toEqual([]);
  });
});

describe('a list option written as one string: the fix splits it into a list that validates', () => {
  it.each([
    ['methods', 'PUT, DELETE', ['PUT', 'DELETE']],
    ['methods', ' PUT  PATCH,', ['PUT', 'PATCH']],
    ['allowedHeaders', 'X-Request-Id, Authorization', ['X-Request-Id', 'Authorization']],
    ['exposedHeaders', ',X-Total-Count ,X-Page', ['X-Total-Count', 'X-Page']],
  ])('%s: %o', (option, written, list) => {
    const issue = only({ [option]: written });
    expect(issue).toMatchObject({ code: 'POLICY_OPTION_TYPE', option, path: `$.${option}` });
    expect(proposedList(issue.fix)).toEqual(list);
    expect(validateCorsOptions({ origins: [APP], [option]: list })).toEqual([]);
  });
});
