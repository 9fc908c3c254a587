// The list options (methods, allowedHeaders, exposedHeaders): each name a page could not send or read
// is refused at its own JSON path, in the option it sits in, the message quotes it, and the fix is one a
// user can apply: it removes the name, or names the ones to write instead, and those validate.
import { describe, expect, it } from 'vitest';
import { type CorsConfigIssue, createCors, validateCorsOptions } from '../../src/index.js';

const APP = 'https://app.example.com';
/** How a message quotes a value: a string in quotes, an object as such, anything else as printed. */
const said = (v: unknown) =>
  typeof v === 'string' ? `'${v}'` : typeof v === 'object' && v !== null ? 'an object' : String(v);
const quoted = (s: string | undefined) => [...(s ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]);

type ListOption = 'methods' | 'allowedHeaders' | 'exposedHeaders';
const KEPT: Record<ListOption, string> = { methods: 'PUT', allowedHeaders: 'X-Ok', exposedHeaders: 'X-Ok' };

/** `[kept, item]` in `option`: the one issue, at the item's path, inside a route as at the top level. */
function refusal(option: ListOption, item: unknown, root = '$'): CorsConfigIssue {
  const own = { origins: [APP], [option]: [KEPT[option], item] };
  const issues =
    root === '$' ? validateCorsOptions(own) : validateCorsOptions({ routes: [{ path: '/api/*', ...own }] });
  expect(issues).toHaveLength(1);
  const issue = issues[0] as CorsConfigIssue;
  expect(issue.option).toBe(option);
  expect(issue.path).toBe(`${root}.${option}[1]`);
  return issue;
}

/** The list once the fix is applied: the item removed, or replaced by the names the fix quotes. */
function applyFix(option: ListOption, item: unknown, fix: string | undefined): unknown {
  const names = quoted(fix);
  if (fix?.startsWith('remove ')) {
    expect(names[0]).toBe(item);
    return [KEPT[option]];
  }
  if (names.length === 1 && names[0] === '*') return '*';
  return [KEPT[option], ...names];
}

const fixValidates = (option: ListOption, item: unknown, issue: CorsConfigIssue) =>
  expect(validateCorsOptions({ origins: [APP], [option]: applyFix(option, item, issue.fix) })).toEqual([]);

describe('methods', () => {
  it.each([
    ['*', 'POLICY_WILDCARD_IN_LIST', ['*']],
    ['PUT, DELETE', 'POLICY_METHOD_INVALID', ['PUT', 'DELETE']],
    ['PATCH PURGE', 'POLICY_METHOD_INVALID', ['PATCH', 'PURGE']],
    ['Tr@ce', 'POLICY_METHOD_INVALID', ['PUT']],
    [42, 'POLICY_METHOD_INVALID', ['PUT']],
    [null, 'POLICY_METHOD_INVALID', ['PUT']],
    [{ name: 'PUT' }, 'POLICY_METHOD_INVALID', ['PUT']],
    ['CONNECT', 'POLICY_METHOD_FORBIDDEN', ['CONNECT']],
    ['trace', 'POLICY_METHOD_FORBIDDEN', ['trace']],
    ['Track', 'POLICY_METHOD_FORBIDDEN', ['Track']],
    ['put', 'POLICY_METHOD_CASE', ['PUT']],
    ['Delete', 'POLICY_METHOD_CASE', ['DELETE']],
    ['options', 'POLICY_METHOD_CASE', ['OPTIONS']],
  ])('%o: %s, and the fix validates', (item, code, names) => {
    for (const root of ['$', '$.routes[0]']) {
      const issue = refusal('methods', item, root);
      expect(issue.code).toBe(code);
      expect(issue.message).toContain(said(item));
      expect(quoted(issue.fix)).toEqual(names);
      fixValidates('methods', item, issue);
    }
  });

  it('a method fetch() does not uppercase is listed as written and matched exactly', async () => {
    const policy = createCors({ origins: [APP], methods: ['patch', 'PURGE', 'PURGE'] });
    expect(policy.options.methods).toEqual(['patch', 'PURGE']);
    const ask = (m: string) =>
      policy.decide({
        method: 'OPTIONS',
        headers: [
          ['origin', APP],
          ['access-control-request-method', m],
        ],
      });
    expect((await ask('patch')).allowed).toBe(true);
    expect((await ask('PATCH')).allowed).toBe(false);
  });

  it.each([42, { put: true }, null])('methods: %o is refused, and its example validates', (methods) => {
    const issues = validateCorsOptions({ origins: [APP], methods });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'POLICY_OPTION_TYPE', option: 'methods', path: '$.methods' });
    const list = JSON.parse(/: (\[.*\])/.exec(issues[0]?.fix ?? '')?.[1]?.replace(/'/g, '"') ?? 'null');
    expect(validateCorsOptions({ origins: [APP], methods: list })).toEqual([]);
  });
});

describe('allowedHeaders and exposedHeaders', () => {
  it.each([
    ['allowedHeaders', '*', 'POLICY_WILDCARD_IN_LIST', ['*']],
    ['allowedHeaders', 'X-A, X-B', 'POLICY_HEADER_INVALID', ['X-A', 'X-B']],
    ['allowedHeaders', 'X-Ünicode', 'POLICY_HEADER_INVALID', ['X-Request-Id']],
    ['allowedHeaders', 42, 'POLICY_HEADER_INVALID', ['X-Request-Id']],
    ['allowedHeaders', { name: 'X-A' }, 'POLICY_HEADER_INVALID', ['X-Request-Id']],
    ['allowedHeaders', 'Cookie', 'POLICY_HEADER_FORBIDDEN', ['Cookie']],
    ['allowedHeaders', 'Sec-Fetch-Mode', 'POLICY_HEADER_FORBIDDEN', ['Sec-Fetch-Mode']],
    [
      'allowedHeaders',
      'Access-Control-Allow-Origin',
      'POLICY_HEADER_RESPONSE_ONLY',
      ['Access-Control-Allow-Origin'],
    ],
    ['exposedHeaders', '*', 'POLICY_WILDCARD_IN_LIST', ['*']],
    ['exposedHeaders', 'X-A X-B', 'POLICY_HEADER_INVALID', ['X-A', 'X-B']],
    ['exposedHeaders', 'Set-Cookie', 'POLICY_HEADER_FORBIDDEN', ['Set-Cookie']],
    ['exposedHeaders', 'Origin', 'POLICY_HEADER_REQUEST_ONLY', ['Origin', 'X-Request-Id']],
    [
      'exposedHeaders',
      'Access-Control-Request-Method',
      'POLICY_HEADER_REQUEST_ONLY',
      ['Access-Control-Request-Method', 'X-Request-Id'],
    ],
  ] as const)('%s %o: %s, and the fix validates', (option, item, code, names) => {
    for (const root of ['$', '$.routes[0]']) {
      const issue = refusal(option, item, root);
      expect(issue.code).toBe(code);
      expect(issue.message).toContain(said(item));
      expect(quoted(issue.fix)).toEqual(names);
      if (code === 'POLICY_HEADER_REQUEST_ONLY') expect(issue.fix).toMatch(/^remove /);
      else fixValidates(option, item, issue);
    }
  });

  it('a wildcard inside a list names the list it is in', () => {
    expect(refusal('allowedHeaders', '*').message).toContain('allowedHeaders');
    expect(refusal('exposedHeaders', '*').message).toContain('exposedHeaders');
    expect(refusal('methods', '*').message).toContain('methods');
  });

  it('Cookie: the fix says cookies travel with credentials; another forbidden name is only removed', () => {
    expect(refusal('allowedHeaders', 'cookie').fix).toContain('credentials: true');
    expect(refusal('allowedHeaders', 'Host').fix).toBe("remove 'Host'");
  });

  it.each(['allowedHeaders', 'exposedHeaders'] as const)(
    '%s: 42 is refused, and its example validates',
    (option) => {
      const issues = validateCorsOptions({ origins: [APP], [option]: 42 });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: 'POLICY_OPTION_TYPE', option, path: `$.${option}` });
      expect(issues[0]?.message).toContain('number 42');
      const example = quoted(issues[0]?.fix);
      expect(example.length).toBeGreaterThan(0);
      expect(validateCorsOptions({ origins: [APP], [option]: example })).toEqual([]);
    },
  );

  it('names are kept once, case-insensitively, in the first spelling, and the answers list them once', async () => {
    const policy = createCors({
      origins: [APP],
      methods: ['PUT'],
      allowedHeaders: ['X-Id', 'x-id', 'X-ID', 'X-Other'],
      exposedHeaders: ['X-Total', 'x-total'],
    });
    expect(policy.options.allowedHeaders).toEqual(['X-Id', 'X-Other']);
    expect(policy.options.exposedHeaders).toEqual(['X-Total']);
    const actual = await policy.decide({ method: 'GET', headers: [['origin', APP]] });
    expect(actual.headers).toContainEqual(['Access-Control-Expose-Headers', 'X-Total']);
  });

  it("exposedHeaders '*' is refused with credentials only (a header literally named '*' then)", () => {
    expect(validateCorsOptions({ origins: [APP], exposedHeaders: '*' })).toEqual([]);
    const issues = validateCorsOptions({ origins: [APP], exposedHeaders: '*', credentials: true });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'POLICY_EXPOSE_WILDCARD_WITH_CREDENTIALS',
      option: 'exposedHeaders',
      path: '$.exposedHeaders',
    });
    const list = quoted(issues[0]?.fix).filter((n) => n !== '*');
    expect(list.length).toBeGreaterThan(0);
    expect(validateCorsOptions({ origins: [APP], exposedHeaders: list, credentials: true })).toEqual([]);
  });
});
