import { describe, expect, it } from 'vitest';
import {
  isCorsSafelistedMethod,
  isForbiddenMethod,
  isMethod,
  normalizeMethod,
} from '../../src/fetch/methods.js';

describe('methods (Fetch Standard §2.2.1)', () => {
  it.each([
    ['GET', true],
    ['HEAD', true],
    ['POST', true],
    ['get', false], // byte-case-sensitive: fetch() normalizes first
    ['PUT', false],
    ['PATCH', false],
    ['DELETE', false],
    ['OPTIONS', false],
  ])('isCorsSafelistedMethod(%s) = %s', (m, expected) => {
    expect(isCorsSafelistedMethod(m)).toBe(expected);
  });

  it.each([
    ['CONNECT', true],
    ['TRACE', true],
    ['TRACK', true],
    ['trace', true],
    ['TrAcK', true],
    ['connect', true],
    ['TRACES', false],
    ['GET', false],
    ['PATCH', false],
  ])('isForbiddenMethod(%s) = %s', (m, expected) => {
    expect(isForbiddenMethod(m)).toBe(expected);
  });

  it('isForbiddenMethod is false, not a TypeError, for a method a JavaScript caller left out', () => {
    for (const m of [undefined, null, 7]) expect(isForbiddenMethod(m as unknown as string)).toBe(false);
  });

  it.each([
    ['get', 'GET'],
    ['Post', 'POST'],
    ['head', 'HEAD'],
    ['delete', 'DELETE'],
    ['options', 'OPTIONS'],
    ['put', 'PUT'],
    ['patch', 'patch'], // the famous one: stays lowercase, then fails a case-sensitive Allow-Methods match
    ['Patch', 'Patch'],
    ['PATCH', 'PATCH'],
    ['custom', 'custom'],
    ['trace', 'trace'],
  ])('normalizeMethod(%s) = %s', (m, expected) => {
    expect(normalizeMethod(m)).toBe(expected);
  });

  it.each([
    ['GET', true],
    ['M-SEARCH', true],
    ["!#$%&'*+-.^_`|~", true],
    ['', false],
    ['GET ', false],
    ['G(T', false],
    ['GÉT', false],
    ['a,b', false],
  ])('isMethod(%j) = %s', (m, expected) => {
    expect(isMethod(m)).toBe(expected);
  });
});
