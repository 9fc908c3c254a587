// Construction: adapters take either options or a compiled policy, so telling them apart must never
// mistake options (or anything else a user passes) for a policy, and the edge construction (no Public
// Suffix List, no RegExp engine) refuses what it cannot check instead of accepting it unchecked.
import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../src/policy/build.js';
import { CorsConfigError } from '../../src/policy/errors.js';
import { createCors, isCorsPolicy } from '../../src/policy/index.js';

const APP = 'https://app.example.com';

describe('isCorsPolicy', () => {
  it('recognizes policies from createCors and buildPolicy, with or without routes', () => {
    expect(isCorsPolicy(createCors({ origins: [APP] }))).toBe(true);
    expect(isCorsPolicy(buildPolicy({ origins: '*' }))).toBe(true);
    expect(isCorsPolicy(createCors({ routes: [{ path: '/a/*', origins: '*' }] }))).toBe(true);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'decide'],
    ['options', { origins: [APP], credentials: true }],
    ['options naming the methods as data', { origins: [APP], decide: 'x', decideValues: 'y' }],
    ['half a policy (decideValues only)', { decideValues: () => ({}) }],
    ['half a policy (decide only)', { decide: () => ({}) }],
    // A function carrying a policy's methods (a middleware with helpers attached) is not a policy object.
    ['a function with decide and decideValues', Object.assign(() => {}, { decide() {}, decideValues() {} })],
  ])('says no to %s', (_name, value) => {
    expect(isCorsPolicy(value)).toBe(false);
  });
});

describe('buildPolicy', () => {
  it('returns a compiled policy unchanged and compiles options', () => {
    const policy = createCors({ origins: [APP] });
    expect(buildPolicy(policy)).toBe(policy);
    expect(buildPolicy({ origins: [APP] }).allowsOrigin(APP)).toBe(true);
  });

  it('throws one CorsConfigError for options that are not an object', () => {
    for (const bad of [null, undefined, 'https://app.example.com', 42]) {
      expect(() => buildPolicy(bad as never)).toThrow(CorsConfigError);
    }
  });

  it('refuses wildcard subdomains without the Public Suffix List, and accepts them with it', () => {
    const options = { origins: ['https://*.example.com'] };
    expect(() => buildPolicy(options)).toThrow(/createCors/);
    const psl = { isPublicSuffix: (host: string) => host === 'com' };
    expect(buildPolicy(options, psl).allowsOrigin('https://a.example.com')).toBe(true);
    expect(() => buildPolicy({ origins: ['https://*.com'] }, psl)).toThrow(CorsConfigError);
  });
});
