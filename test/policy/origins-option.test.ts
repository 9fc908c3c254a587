// The `origins` option as tools and users meet it: what the policy records for tools (generate,
// verify), what an entry point without the Public Suffix List refuses, and fixes that, applied, give a
// policy that validates (validate/origins.ts).
import { describe, expect, it } from 'vitest';
import { analyzeCorsOptions, createCors, validateCorsOptions } from '../../src/policy/index.js';
import type { ValidationTools } from '../../src/policy/validate/tools.js';

const APP = 'https://app.example.com';

describe('what the policy records of origins', () => {
  it('lists the RegExps given, in order, and none when none were', () => {
    const a = /^https:\/\/a\.example\.com$/;
    const b = /^https:\/\/b\.example\.com$/;
    expect(createCors({ origins: [a, APP, b] }).options.regexps).toEqual([a, b]);
    expect(createCors({ origins: [APP] }).options.regexps).toEqual([]);
    expect(createCors({ origins: '*' }).options.regexps).toEqual([]);
  });

  it('lists a repeated origin or pattern once, and reports a repeated insecure one once', () => {
    const p = createCors({
      origins: [APP, 'https://*.example.org', APP, 'https://*.example.org', 'http://localhost:3000'],
    });
    expect(p.options.exactOrigins).toEqual([APP, 'http://localhost:3000']);
    expect(p.options.patterns.map((x) => x.source)).toEqual(['https://*.example.org']);
    const issues = validateCorsOptions({
      origins: ['http://app.example.com', 'http://app.example.com'],
      credentials: true,
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['POLICY_INSECURE_ORIGIN', '$.origins[0]']]);
  });
});

describe('origins that are not a list', () => {
  it('a single origin as a string gets the fix that wraps that origin in a list', () => {
    const [issue] = validateCorsOptions({ origins: 'https://a.example' });
    expect(issue).toMatchObject({ code: 'POLICY_OPTION_TYPE', option: 'origins', path: '$.origins' });
    expect(issue!.fix).toContain("origins: ['https://a.example']");
    expect(validateCorsOptions({ origins: ['https://a.example'] })).toEqual([]);
  });

  it.each([42, true, { url: APP }])('%j gets a fix with an example list', (value) => {
    const [issue] = validateCorsOptions({ origins: value });
    expect(issue).toMatchObject({ code: 'POLICY_OPTION_TYPE', option: 'origins' });
    expect(issue!.fix).toContain("origins: ['https://");
    expect(issue!.fix).not.toContain(`'${String(value)}'`);
  });
});

describe('an entry point without the Public Suffix List (the edge adapters)', () => {
  it('refuses a subdomain pattern it cannot check, and says where to get the check', () => {
    const { issues, policy } = analyzeCorsOptions({ origins: [APP, 'https://*.example.com'] }, {});
    expect(policy).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'POLICY_PATTERN_NEEDS_PUBLIC_SUFFIX_LIST',
      option: 'origins',
      path: '$.origins[1]',
    });
    expect(issues[0]!.message).toContain("'https://*.example.com'");
    expect(issues[0]!.fix).toContain('createCors');
  });

  it('still accepts exact origins and any-port patterns, which need no list', () => {
    const { issues, policy } = analyzeCorsOptions({ origins: [APP, 'http://localhost:*'] }, {});
    expect(issues).toEqual([]);
    expect(policy?.defaults?.patterns.map((p) => p.source)).toEqual(['http://localhost:*']);
  });

  it('with only a public-suffix check (no list of suffixes below a domain) accepts a safe pattern', () => {
    const tools: ValidationTools = { isPublicSuffix: (h) => h === 'com' };
    const { issues, policy } = analyzeCorsOptions({ origins: ['https://*.example.com'] }, tools);
    expect(issues).toEqual([]);
    expect(policy?.defaults?.patterns).toHaveLength(1);
    expect(analyzeCorsOptions({ origins: ['https://*.com'] }, tools).issues[0]?.code).toBe(
      'ORIGIN_PATTERN_PUBLIC_SUFFIX',
    );
  });
});

// A pattern's host, and the `e.g. '<origin or pattern>'` a message or fix proposes.
const example = (text = ''): string => /e\.g\. '([^']+)'/.exec(text)?.[1] ?? '';

describe('patterns over or above a public suffix: the fix, applied, validates', () => {
  it.each([
    'com',
    'co.uk',
    'github.io',
    'amazonaws.com',
    'platform.sh',
    // Wildcard rules of the list (`*.ck`, `*.kobe.jp`): every label under them is a suffix too.
    'ck',
    'kobe.jp',
    'er',
    'compute.amazonaws.com',
  ])('https://*.%s', (domain) => {
    const pattern = `https://*.${domain}`;
    const [issue, ...rest] = validateCorsOptions({ origins: [pattern] });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: 'ORIGIN_PATTERN_PUBLIC_SUFFIX', option: 'origins' });
    const fixed = example(issue!.fix);
    expect(fixed).toMatch(/^https:\/\/\*\.your-name\./);
    expect(validateCorsOptions({ origins: [fixed] })).toEqual([]);
  });

  // No listed domain has a wildcard suffix directly below it that is not itself a suffix, so the
  // `*.` form is checked with tools that say so.
  it('a wildcard suffix below the domain is named by a concrete example', () => {
    const tools: ValidationTools = {
      isPublicSuffix: (h) => h === 'net' || /^[^.]+\.build\.example\.net$/.test(h),
      publicSuffixBelow: (d) => (d === 'example.net' ? '*.build.example.net' : undefined),
    };
    const [issue] = analyzeCorsOptions({ origins: ['https://*.example.net'] }, tools).issues;
    expect(issue).toMatchObject({ code: 'ORIGIN_PATTERN_PUBLIC_SUFFIX', option: 'origins' });
    // The attacker's site in the message sits directly under a public suffix: anyone could register it.
    const evil = new URL(example(issue!.message)).hostname;
    expect(evil).toMatch(/^evil\./);
    expect(tools.isPublicSuffix!(evil.slice('evil.'.length))).toBe(true);
    const fixed = example(issue!.fix);
    expect(analyzeCorsOptions({ origins: [fixed] }, tools).issues).toEqual([]);
  });
});
