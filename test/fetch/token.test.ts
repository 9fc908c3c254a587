import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isToken, isTokenCodeUnit } from '../../src/fetch/token.js';

// The RFC 9110 §5.6.2 grammar written out independently, as the oracle for the char-code table.
const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe('token (RFC 9110 §5.6.2)', () => {
  it.each([
    ['GET', true],
    ['X-Request-Id', true],
    ["!#$%&'*+-.^_`|~", true],
    ['a', true],
    ['', false],
    [' GET', false],
    ['GET ', false],
    ['X Request', false],
    ['a,b', false],
    ['"quoted"', false],
    ['a:b', false],
    ['a/b', false],
    ['a(b)', false],
    ['a\tb', false],
    ['a\r\nb', false],
    ['a\0', false],
    ['café', false],
    ['\u0130', false], // İ: uppercases/lowercases outside ASCII
    ['\u212a', false], // Kelvin sign: lowercases to 'k' in Unicode
    ['x\u0100', false], // code unit 0x100: & 0xff would be a token
    ['\uff21', false], // fullwidth A
  ])('isToken(%j) = %s', (s, expected) => expect(isToken(s)).toBe(expected));

  it('refuses non-strings instead of throwing', () => {
    expect(isToken(undefined as unknown as string)).toBe(false);
    expect(isToken(42 as unknown as string)).toBe(false);
  });

  it('agrees with the grammar on every code unit', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (isTokenCodeUnit(c) !== TCHARS.includes(String.fromCharCode(c))) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });

  it('a string is a token exactly when every code unit is a tchar', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const oracle = s.length > 0 && [...s].every((ch) => ch.length === 1 && TCHARS.includes(ch));
        expect(isToken(s)).toBe(oracle);
      }),
    );
  });
});
