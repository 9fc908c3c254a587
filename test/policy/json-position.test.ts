// The offset of a policy file's first JSON syntax error: exact on known inputs, in agreement with
// JSON.parse on generated ones, and bounded on hostile ones (deep nesting, long arrays).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyFileError, parsePolicyFile } from '../../src/index.js';
import { jsonErrorOffset } from '../../src/policy/json-position.js';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": [1,]}', 9],
    ['{"a" 1}', 5],
    ['{"a": tru}', 6],
    ['{"a": "x\\q"}', 8],
    ['{"a": "\\u12G4"}', 7],
    ['{"a": 01}', 7],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{} x', 3],
    ['"unterminated', 13],
    ['', 0],
    ['{"a": "tab\there"}', 10],
  ])('%j fails at %i', (text, at) => {
    expect(jsonErrorOffset(text)).toBe(at);
  });

  it.each(['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]} ', '0', '"x"'])(
    '%j is valid',
    (text) => {
      expect(jsonErrorOffset(text)).toBeUndefined();
    },
  );

  it('says "valid" exactly when JSON.parse does (property)', () => {
    const unit = fc.constantFrom(...'{}[],:"\\ \n\r\tu0123456789abcdefnrtl-+.eE\u001f\u00e9'.split(''));
    const text = fc.oneof(
      fc.string({ unit, maxLength: 40 }),
      fc.json(),
      fc.json().chain((j) => fc.nat(j.length).map((k) => j.slice(0, k) + j.slice(k + 1))),
      fc
        .tuple(fc.json(), unit)
        .chain(([j, c]) => fc.nat(j.length).map((k) => j.slice(0, k) + c + j.slice(k))),
    );
    fc.assert(
      fc.property(text, (s) => {
        let valid = true;
        try {
          JSON.parse(s);
        } catch {
          valid = false;
        }
        const at = jsonErrorOffset(s);
        expect(at === undefined).toBe(valid);
        if (at !== undefined) expect(at).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 20_000, seed: 20261128 },
    );
  });

  it('points past any valid value at the first character after it (property)', () => {
    const value = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v, null, 2)),
    );
    fc.assert(
      fc.property(value, fc.constantFrom(' ', '\n', '\r\n', '\t'), (j, ws) => {
        expect(jsonErrorOffset(`${j}${ws}x`)).toBe(j.length + ws.length);
        expect(jsonErrorOffset(`[${j},${ws}]`)).toBe(j.length + 2 + ws.length);
        expect(jsonErrorOffset(`{"k":${ws}${j}${ws}"k"}`)).toBe(5 + 2 * ws.length + j.length);
        expect(jsonErrorOffset(`{"k":${j}}`)).toBeUndefined();
      }),
      { numRuns: 2_000, seed: 20261128 },
    );
  });

  // 200,000 levels: twenty times what a recursive scanner survives (V8 overflows near 10,000 frames),
  // and small enough to scan under StrykerJS's instrumentation on a loaded machine.
  it('answers for 200,000 nested brackets instead of overflowing the stack', () => {
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000);
    expect(jsonErrorOffset(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeUndefined();
  }, 120_000);

  it('a policy file of nested brackets is a coded error, not a crash', () => {
    expect(() => parsePolicyFile('['.repeat(200_000), 'cors.json')).toThrow(PolicyFileError);
  }, 120_000);
});
