import { describe, expect, it } from 'vitest';
import { parseMaxAge } from '../../src/browser/max-age.js';
import { chromium, firefox, spec } from '../../src/browser/profile.js';

const h = (v?: string) => (v === undefined ? [] : [['Access-Control-Max-Age', v] as const]);

describe('parseMaxAge per browser', () => {
  // [value, chromium seconds, firefox seconds]
  const table: [string | undefined, number, number][] = [
    [undefined, 5, 5],
    ['0', 0, 0],
    ['600', 600, 600],
    ['7200', 7200, 7200],
    ['7201', 7200, 7201],
    ['86400', 7200, 86400],
    ['100000', 7200, 86400],
    ['-1', 0, 0],
    ['abc', 5, 0],
    ['1.5', 5, 0],
    // Firefox 153 treats an empty value as absent, and refuses a sign (conformance preflight-cache/max-age-*).
    ['', 5, 5],
    ['+10', 10, 0],
    ['600, 600', 5, 0],
    ['99999999999999999999', 5, 0],
  ];
  for (const [value, c, f] of table) {
    it(`${JSON.stringify(value)} → chromium ${c} s, firefox ${f} s`, () => {
      expect(parseMaxAge(h(value), chromium).seconds).toBe(c);
      expect(parseMaxAge(h(value), firefox).seconds).toBe(f);
    });
  }
  it('the spec profile has no cap', () => {
    expect(parseMaxAge(h('1000000'), spec)).toEqual({ seconds: 1000000, raw: '1000000', note: null });
  });
  it('notes what the browser changed', () => {
    expect(parseMaxAge(h('86400'), chromium).note).toBe('capped');
    expect(parseMaxAge(h('x'), chromium).note).toBe('invalid');
    expect(parseMaxAge(h(), chromium).note).toBe('default');
  });
});

describe('parseMaxAge: numbers that are not plain integers, and the edges of each rule', () => {
  it.each(['1e3', '0x10', '10s', 's10', '1.0'])(
    '%j is not an integer for Chromium (default) or Firefox (not cached)',
    (v) => {
      expect(parseMaxAge(h(v), chromium)).toMatchObject({ seconds: 5, note: 'invalid', raw: v });
      expect(parseMaxAge(h(v), firefox)).toMatchObject({ seconds: 0, note: 'invalid', raw: v });
    },
  );

  it('reports the header as received: null when absent, empty when sent empty', () => {
    expect(parseMaxAge(h(), firefox)).toEqual({ seconds: 5, raw: null, note: 'default' });
    expect(parseMaxAge(h(''), firefox)).toEqual({ seconds: 5, raw: '', note: 'default' });
    expect(parseMaxAge(h(), chromium).raw).toBeNull();
  });

  it('0 is a value (not cached), not a negative one; the cap itself is not capped', () => {
    expect(parseMaxAge(h('0'), chromium)).toEqual({ seconds: 0, raw: '0', note: null });
    expect(parseMaxAge(h('-1'), chromium)).toEqual({ seconds: 0, raw: '-1', note: 'negative' });
    expect(parseMaxAge(h('7200'), chromium)).toEqual({ seconds: 7200, raw: '7200', note: null });
    expect(parseMaxAge(h('7201'), chromium)).toEqual({ seconds: 7200, raw: '7201', note: 'capped' });
  });
});
