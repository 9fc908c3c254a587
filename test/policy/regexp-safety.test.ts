// Issue 13 items 3 and 6: user RegExps are refused when super-linear or broader than the sites they
// name, and the ones accepted run on a linear-time engine that only ever sees well-formed origins.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cors as honoCors } from '../../src/adapters/hono.js';
import { MAX_ORIGIN_LENGTH } from '../../src/origin/fast.js';
import { buildPolicy } from '../../src/policy/build.js';
import { createCors, validateCorsOptions } from '../../src/policy/index.js';

const code = (re: RegExp, credentials = true) =>
  validateCorsOptions({ origins: [re], credentials }).map((i) => i.code);

describe('ReDoS (issue 13 item 3)', () => {
  it("refuses the issue's pattern at startup, with a fix", () => {
    const re = /^https:\/\/([a-z0-9]+)+\.example\.com$/;
    const [issue] = validateCorsOptions({ origins: [re] });
    expect(issue?.code).toBe('POLICY_REGEXP_SUPER_LINEAR');
    expect(issue?.path).toBe('$.origins[0]');
    expect(issue?.fix).toMatch(/https:\/\/\*\.example\.com/);
    expect(() => createCors({ origins: [re] })).toThrow(/nests quantifiers/);
  });

  it.each([
    /^https:\/\/(\w+\.)*example\.com$/,
    /^https:\/\/(?:[a-z]+-?)+\.example\.com$/,
    /^https:\/\/([a-z]*)*\.example\.com$/,
  ])('refuses nested quantifiers %s', (re) => {
    expect(code(re)).toEqual(['POLICY_REGEXP_SUPER_LINEAR']);
  });

  it.each([
    /^https:\/\/(a)\1\.example\.com$/,
    /^https:\/\/(?=app)[a-z]+\.example\.com$/,
    /^https:\/\/(?<!x)app\.example\.com$/,
  ])('refuses %s, which no linear-time engine runs', (re) => {
    expect(code(re)).toEqual(['POLICY_REGEXP_UNSUPPORTED']);
  });

  it('matches with the linear engine, never with the RegExp object given', () => {
    const re = /^https:\/\/[a-z0-9-]+\.example\.com$/;
    const boom = () => {
      throw new Error('the backtracking engine ran at request time');
    };
    Object.assign(re, { test: boom, exec: boom, [Symbol.match]: boom });
    const policy = createCors({ origins: [re] });
    expect(policy.allowsOrigin('https://app.example.com')).toBe(true);
    expect(policy.allowsOrigin('https://app.example.org')).toBe(false);
  });

  it('makes an overlapping pattern that passes the shape check harmless: one crafted Origin returns', () => {
    // (a|aa)+ is not nested, yet a backtracking engine tries Fibonacci(120) splits of the a's.
    const origin = `https://${'a'.repeat(120)}.example.co`;
    // A child process is the bound: on a backtracking engine it would never return and is killed.
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/redos-child.ts', import.meta.url))],
      {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        input: JSON.stringify({ source: '^https:\\/\\/(a|aa)+\\.example\\.com$', origin }),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.signal, 'killed: the pattern ran on a backtracking engine').toBeNull();
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result).toEqual({ allowed: false });
  }, 90_000);

  it('never hands a user RegExp or predicate anything but a well-formed origin of bounded length', () => {
    const seen: string[] = [];
    const policy = createCors({
      origins: [
        (o: string) => {
          seen.push(o);
          return false;
        },
      ],
    });
    const long = `https://${`${'a'.repeat(60)}.`.repeat(7)}com`;
    for (const o of [
      long,
      `https://${'a.'.repeat(3000)}com`,
      'https://a.com/x',
      'HTTPS://A.COM',
      'https://a.com, https://b.com',
      'null',
      '',
    ])
      policy.allowsOrigin(o);
    expect(seen).toEqual([]);
    policy.allowsOrigin('https://a.com');
    expect(seen).toEqual(['https://a.com']);
    expect(MAX_ORIGIN_LENGTH).toBeLessThan(long.length);
  });
});

describe('RegExps judged by what they match (issue 13 item 6)', () => {
  it.each([
    [/^https:\/\/app.?example\.com$/, /appx?example\.com|app-example/],
    [/^https:\/\/app.{1}example\.com$/, /app.example\.com/],
    [/^https:\/\/.*example\.com$/, /example\.com/],
    [/^.*$/, /corsair-attacker\.net/],
    [/^https:\/\/app\Sexample\.com$/, /app.example\.com/],
    // biome-ignore lint/correctness/noEmptyCharacterClassInRegex: [^] (any character) is the class under test
    [/^https:\/\/[^]+example\.com$/, /example\.com/],
    [/^https:\/\/[^.]+example\.com$/, /example\.com/],
    [/^https:\/\/[a-z]+example\.com$/, /example\.com/],
    [/^https:\/\/app[.-]example\.com$/, /app-example\.com/],
    [/^https?:\/\/.+$/, /./],
    [/^https:\/\/(?:app|admin)\.example\.com(?:\..+)?$/, /./],
    // A range holds the dot and hyphen between its ends; a Unicode property or an octal escape is
    // a character the sample reader must not take literally.
    // Each class escape offers what it matches: a digit, a word character, a dot or hyphen.
    [/^https:\/\/app\d.?example\.com$/, /app\dexample\.com/],
    [/^https:\/\/app\w.?example\.com$/, /app\wexample\.com/],
    [/^https:\/\/app\W.?example\.com$/, /app\W\w?example\.com/],
    [/^https:\/\/app[*-/]example\.com$/, /app-example\.com/],
    [/^https:\/\/app[,-/]example\.com$/, /app-example\.com/],
    [/^https:\/\/app\p{Pd}example\.com$/u, /app-example\.com/],
    [/^https:\/\/app[\p{Pd}]example\.com$/u, /app-example\.com/],
    // \56 is '.' without the u flag (built from parts: TypeScript reads a literal's \56 as a backreference).
    [new RegExp(['^https:\\/\\/app', '\\56?example\\.com$'].join('')), /appexample\.com/],
  ])('refuses %s, naming an origin it lets in', (re, escaped) => {
    const [issue] = validateCorsOptions({ origins: [re], credentials: true });
    expect(issue?.code).toBe('POLICY_REGEXP_TOO_BROAD');
    expect(issue?.message).toMatch(escaped);
    expect(code(re, false)).toEqual(['POLICY_REGEXP_TOO_BROAD']);
  });

  it.each([
    /^https:\/\/(?:app|admin)\.example\.com$/,
    /^https:\/\/[a-z0-9-]+\.example\.com$/,
    /^https:\/\/(?:[a-z0-9-]+\.)?example\.co\.uk$/i,
    /^https:\/\/\S+\.example\.com$/,
    /^http:\/\/localhost:\d+$/,
    /^http:\/\/127\.0\.0\.1:\d{4}$/,
    /^https:\/\/pr-\d+\.preview\.example\.com$/,
  ])('accepts %s, which stays on the site it names', (re) => {
    expect(code(re)).toEqual([]);
  });

  it('edge entry points, which bundle no linear engine, refuse RegExps with a fix', () => {
    expect(() => buildPolicy({ origins: [/^https:\/\/app\.example\.com$/] })).toThrow(
      /POLICY_REGEXP_NEEDS_ENGINE|createCors/,
    );
    expect(() => honoCors({ origins: [/^https:\/\/app\.example\.com$/] })).toThrow(/createCors/);
    const policy = createCors({ origins: [/^https:\/\/app\.example\.com$/] });
    expect(() => honoCors(policy)).not.toThrow();
  });
});

describe('RegExps judged by their spelling first', () => {
  const issue = (re: RegExp) => validateCorsOptions({ origins: [re] })[0];

  it.each([
    [/^https:\/\/a\.example\.com$/g, "'g'"],
    [/^https:\/\/a\.example\.com$/y, "'y'"],
    [/^https:\/\/a\.example\.com$/gy, "'g'"],
    [/^https:\/\/a\.example\.com$/m, "'m'"],
    [/^https:\/\/a\.example\.com$/im, "'m'"],
  ])('refuses %s and names the flag at fault', (re, flag) => {
    const i = issue(re);
    expect(i?.code).toBe('POLICY_REGEXP_UNSAFE');
    expect(i?.message).toContain(`flag ${flag}`);
    expect(i?.message).toContain(String(re));
  });

  it.each([
    // Each of these lets 'https://app.example.com.evil.com' or 'https://evil.com/?https://app.example.com' in.
    /https:\/\/app\.example\.com$/,
    /^https:\/\/app\.example\.com/,
    /^https:\/\/app\.example\.com\$/,
    /(?:^https:\/\/app\.example\.com$)/,
  ])('refuses %s, not anchored at both ends', (re) => {
    const i = issue(re);
    expect(i?.code).toBe('POLICY_REGEXP_UNSAFE');
    expect(i?.message).toMatch(/not anchored/);
    expect(i?.fix).toMatch(/\^https:.*\$\//);
  });

  it.each([
    /^https:\/\/app\.example\.com|https:\/\/evil\.com$/,
    /^(?:https:\/\/app\.example\.com)|(?:evil)$/,
    /^https:\/\/[a-z]+\.example\.com|x$/,
  ])('refuses %s, whose top-level | escapes the anchors', (re) => {
    const i = issue(re);
    expect(i?.code).toBe('POLICY_REGEXP_UNSAFE');
    expect(i?.message).toMatch(/top-level '\|'/);
  });

  it.each([
    /^https:\/\/app.example\.com$/,
    /^https:\/\/(?:app|admin).example\.com$/,
    /^https:\/\/[a-z]+\.example.com$/,
  ])("refuses %s, whose unescaped '.' stands for a dot", (re) => {
    const i = issue(re);
    expect(i?.code).toBe('POLICY_REGEXP_UNSAFE');
    expect(i?.message).toMatch(/unescaped '\.'/);
  });

  it.each([
    // A '|' inside a group, a class or escaped, a '.' inside a class or escaped: none escapes anything.
    /^https:\/\/(?:app|admin)\.example\.com$/,
    /^https:\/\/(?:(?:app|admin)-(?:eu|us))\.example\.com$/,
    /^https:\/\/app[.]example\.com$/,
    /^https:\/\/app[-|.]?example\.com$/,
    /^https:\/\/[\].]?app\.example\.com$/,
    /^https:\/\/APP\.Example\.com$/i,
  ])('accepts %s by its spelling, and judges it by what it matches', (re) => {
    expect(validateCorsOptions({ origins: [re] }).map((i) => i.code)).not.toContain('POLICY_REGEXP_UNSAFE');
  });

  it('matches case-insensitively when the RegExp has the i flag', () => {
    const policy = createCors({ origins: [/^https:\/\/APP\.Example\.com$/i] });
    expect(policy.allowsOrigin('https://app.example.com')).toBe(true);
    expect(
      createCors({ origins: [/^https:\/\/APP\.example\.com$/] }).allowsOrigin('https://app.example.com'),
    ).toBe(false);
  });
});

describe('every RegExp refusal says why and gives a fix that works', () => {
  // The examples a fix offers (RegExp literals and pattern strings), each accepted when applied.
  const examples = (fix: string): unknown[] => [
    ...[...fix.matchAll(/\/(\^.*?\$)\//g)].map((m) => new RegExp(m[1]!.replaceAll('\\\\', '\\'))),
    ...[...fix.matchAll(/'(https:\/\/[^']+)'/g)].map((m) => m[1]),
  ];

  it.each([
    ['POLICY_REGEXP_UNSAFE', /example\.com$/, /not anchored/],
    ['POLICY_REGEXP_SUPER_LINEAR', /^https:\/\/([a-z0-9]+)+\.example\.com$/, /nests quantifiers/],
    ['POLICY_REGEXP_UNSUPPORTED', /^https:\/\/(a)\1\.example\.com$/, /linear time \(.*\\1.*\)/],
    ['POLICY_REGEXP_UNSUPPORTED', /^https:\/\/(?=app)[a-z]+\.example\.com$/, /linear time \(.*\(\?=.*\)/],
    ['POLICY_REGEXP_TOO_BROAD', /^https:\/\/app.?example\.com$/, /also matches 'https:\/\/app/],
  ])('%s: %s', (code, re, why) => {
    const [issue, ...rest] = validateCorsOptions({ origins: [re] });
    expect(rest).toEqual([]);
    expect(issue?.code).toBe(code);
    expect(issue?.message).toContain(String(re));
    expect(issue?.message).toMatch(why);
    const offered = examples(issue!.fix!);
    expect(offered.length > 0).toBe(code !== 'POLICY_REGEXP_UNSUPPORTED');
    for (const o of offered) expect(validateCorsOptions({ origins: [o] }), String(o)).toEqual([]);
  });

  it('UNSUPPORTED tells which constructs to remove', () => {
    const [issue] = validateCorsOptions({ origins: [/^https:\/\/(a)\1\.example\.com$/] });
    expect(issue?.fix).toMatch(/backreferences/);
    expect(issue?.fix).toMatch(/lookaround/);
  });

  it('the edge construction, which has no engine, refuses a RegExp with its own code and points at createCors', () => {
    let issues: readonly { code: string; message: string; fix?: string }[] = [];
    try {
      buildPolicy({ origins: [/^https:\/\/app\.example\.com$/] });
    } catch (e) {
      issues = (e as { issues: typeof issues }).issues;
    }
    expect(issues.map((i) => i.code)).toEqual(['POLICY_REGEXP_NEEDS_ENGINE']);
    expect(issues[0]?.message).toMatch(/linear-time engine/);
    expect(issues[0]?.fix).toMatch(/createCors/);
  });
});
