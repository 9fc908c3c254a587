import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../../src/exchange.js';
import {
  combineHeaderLines,
  combineValues,
  getCombined,
  parseTokenList,
  trimOws,
} from '../../src/fetch/header-list.js';

describe('header lists (Fetch Standard §2.2.2)', () => {
  it.each([
    [' \tx-id \t', 'x-id'],
    ['x', 'x'],
    ['', ''],
    ['   ', ''],
    ['\nx\r', '\nx\r'], // only tab and space are optional whitespace
    ['\u00a0x', '\u00a0x'],
  ])('trimOws(%j) = %j', (s, expected) => expect(trimOws(s)).toBe(expected));

  it.each([
    [[], null],
    [[''], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a, b'],
    [['', ''], ', '],
  ] as const)('combineValues(%j) = %j', (values, expected) => expect(combineValues(values)).toBe(expected));

  const list: HeaderList = [
    ['Access-Control-Allow-Origin', 'https://a.test'],
    ['Vary', 'Origin'],
    ['access-control-allow-origin', 'https://b.test'],
    ['X-Empty', ''],
  ];
  it.each([
    ['access-control-allow-origin', 'https://a.test, https://b.test'],
    ['VARY', 'Origin'],
    ['x-empty', ''],
    ['missing', null],
    ['access-control-allow-origin ', null],
  ])('getCombined(list, %j) = %j', (name, expected) => expect(getCombined(list, name)).toBe(expected));

  it('combineHeaderLines lowercases names, keeps first-seen order and joins values in line order', () => {
    expect(
      combineHeaderLines([
        ['X-A', '1'],
        ['Accept', 'b'],
        ['x-a', '2'],
        ['X-A', ''],
      ]),
    ).toEqual([
      ['x-a', '1, 2, '],
      ['accept', 'b'],
    ]);
    expect(combineHeaderLines([])).toEqual([]);
  });

  it('combineHeaderLines agrees with getCombined for every name', () => {
    const line = fc.tuple(fc.constantFrom('A', 'a', 'B', 'b-c', 'B-C'), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        for (const [name, value] of combineHeaderLines(lines)) expect(getCombined(lines, name)).toBe(value);
      }),
    );
  });

  it.each([
    [null, { ok: true, items: [] }],
    ['', { ok: true, items: [] }],
    ['GET, , PUT', { ok: true, items: ['GET', 'PUT'] }],
    [' \tX-Id\t,x-other ', { ok: true, items: ['X-Id', 'x-other'] }],
    [',,,', { ok: true, items: [] }],
    ['*', { ok: true, items: ['*'] }],
    ['GET PUT', { ok: false, invalid: 'GET PUT' }],
    ['X-Id, "X-Other"', { ok: false, invalid: '"X-Other"' }],
    ['X-Id;q=1', { ok: false, invalid: 'X-Id;q=1' }],
    ['a,\nb', { ok: false, invalid: '\nb' }],
  ])('parseTokenList(%j)', (value, expected) => expect(parseTokenList(value)).toEqual(expected));

  it('parseTokenList stays linear on a long hostile value', () => {
    const value = `${' ,'.repeat(200_000)}x`;
    expect(parseTokenList(value)).toEqual({ ok: true, items: ['x'] });
  });
});
