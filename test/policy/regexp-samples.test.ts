// The sample reader behind the RegExp probe (src/policy/validate/regexp-samples.ts): the probe refuses a
// RegExp only for an origin the RegExp really matches, so what the reader offers decides what the probe
// can find. Its contract: every sample it offers is a string the RegExp matches (the first one the
// pattern's intended reading), and every dot or hyphen a wildcard accepts is offered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier, regexpSamples } from '../../src/policy/validate/regexp-samples.js';

// The unbounded wildcards also offer whole words (a label, an attacker's domain), which need not match.
const WORDS = /evil|corsair-attacker|a\.b/;

const ATOMS = [
  'x',
  '-',
  '\\.',
  '.',
  '\\w',
  '\\W',
  '\\d',
  '\\D',
  '\\s',
  '\\S',
  '\\x2e',
  '\\x2d',
  '\\u002e',
  '\\u0041',
  '[a-z]',
  '[a-z0-9-]',
  '[.-]',
  '[\\d.]',
  '[\\x2d\\x2e]',
  '[*-/]',
  '[+-.]',
  '[!-~]',
  '[\\]-]',
  '[^.]',
  '[^/]',
  '[^a-z]',
  '[^\\d]',
  '[^!-,/-~]',
  // Without the u flag \p is the letter p, and a class escape cannot end a range ([a-\d] is a, -, digits).
  '\\p',
  '[a-\\d]',
  '(?:a|b\\.c)',
  '(?:\\.|-)',
  '(?<label>q|r)',
  '(?:[a-z]+\\.)',
];
const QUANTIFIERS = ['', '?', '+', '*', '{2}', '{1,3}', '{0,}', '{2,}', '??', '+?', '*?', '{1,2}?'];

const pattern = fc
  .array(fc.tuple(fc.constantFrom(...ATOMS), fc.constantFrom(...QUANTIFIERS)), { minLength: 1, maxLength: 5 })
  .map((pieces) => `^https:\\/\\/${pieces.map(([a, q]) => a + q).join('')}\\.example\\.com$`);

describe('regexpSamples', () => {
  it('offers only strings the RegExp matches, the first one its intended reading (property)', () => {
    fc.assert(
      fc.property(pattern, (source) => {
        let re: RegExp;
        try {
          re = new RegExp(source);
        } catch {
          return; // a group name used twice
        }
        const samples = regexpSamples(source);
        expect(samples.length).toBeGreaterThan(0);
        expect(samples.length).toBeLessThanOrEqual(400);
        expect(re.test(samples[0]!), samples[0]).toBe(true);
        for (const s of samples) if (!WORDS.test(s)) expect(re.test(s), `${source} offered ${s}`).toBe(true);
      }),
      { numRuns: 400, seed: 20261128 },
    );
  });

  it.each(ATOMS.flatMap((atom) => QUANTIFIERS.map((q) => [atom, q] as const)))(
    'offers every dot and hyphen %s%s accepts, at its smallest counts',
    (atom, q) => {
      const source = `^a${atom}${q}b$`;
      const re = new RegExp(source);
      const samples = new Set(regexpSamples(source));
      const m = /^\{(\d+)(,(\d*))?\}/.exec(q);
      const min = q.startsWith('+') ? 1 : q.startsWith('?') || q.startsWith('*') ? 0 : m ? Number(m[1]) : 1;
      for (const c of ['.', '-'])
        for (const n of [min, min + 1]) {
          const s = `a${c.repeat(n)}b`;
          if (re.test(s)) expect(samples.has(s), `${source} accepts ${s}`).toBe(true);
        }
    },
  );

  it('reads an unbounded count three past its minimum, and offers whole words to an unbounded wildcard', () => {
    expect(regexpSamples('^a-+b$')).toEqual(['a-b', 'a--b', 'a----b']);
    expect(regexpSamples('^a-{2,}b$')).toEqual(['a--b', 'a---b', 'a-----b']);
    expect(regexpSamples('^a-{2,4}b$')).toEqual(['a--b', 'a---b']);
    expect(regexpSamples('^a-{2}b$')).toEqual(['a--b']);
    expect(regexpSamples('^a\\S+$')).toEqual(expect.arrayContaining(['aevil', 'acorsair-attacker.net']));
    expect(regexpSamples('^a.{1,5}$')).toEqual(expect.arrayContaining(['aevil.']));
    // One character, however wide, is never a word.
    expect(regexpSamples('^a.$')).toEqual(['ax', 'a.', 'a-']);
    expect(regexpSamples('^a[^/]?$')).toEqual(['a', 'ax', 'a.', 'a-']);
  });

  it('reads lookbehind (which the engine refuses) as its characters, not as a named group', () => {
    expect(regexpSamples('^(?<=a)b$')).toEqual(['?<=ab']);
    expect(regexpSamples('^(?<!a)b$')).toEqual(['?<!ab']);
    expect(regexpSamples('^(?<name>a)b$')).toEqual(['ab']);
    expect(regexpSamples('^a{x}$')).toEqual(['a{x}']);
  });

  it('caps a pattern of any size at 400 samples spread over its readings', () => {
    const many = `^(?:${Array.from({ length: 1000 }, (_, i) => `s${i}`).join('|')})$`;
    const samples = regexpSamples(many);
    expect(samples).toHaveLength(400);
    expect(samples[0]).toBe('s0');
    expect(samples).toContain('s995');
    expect(new Set(samples).size).toBe(400);
  });
});

describe('hasNestedQuantifier', () => {
  it.each([
    '^(a+)+$',
    '^(?:a|(b+)+)$',
    '^(?:(b+)+|a)$',
    '^(a+)+$|^b$',
    '^b$|^(a+)+$',
    '^(?:x(?:[a-z]*)*)$',
    '^(\\w+\\.){2,}$',
    '^(?:a{2,3}){2,3}$',
  ])('%s repeats a repeat', (source) => {
    expect(hasNestedQuantifier(source)).toBe(true);
  });

  it.each(['^a+b+$', '^(?:ab)+$', '^(?:a|b)*$', '^(a+)?$', '^(a?)+$', '^[a-z]+(?:\\.x)?$'])(
    '%s does not',
    (source) => {
      // (a?)+ is a repeat of at most one character: star height one, linear on any engine.
      expect(hasNestedQuantifier(source)).toBe(false);
    },
  );
});
