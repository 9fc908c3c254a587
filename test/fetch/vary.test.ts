import { describe, expect, it } from 'vitest';
import { mergeVary, parseVary, variesOn } from '../../src/fetch/vary.js';

describe('Vary (RFC 9110 §12.5.5)', () => {
  it.each([
    [null, []],
    ['', []],
    ['Origin', ['origin']],
    ['Accept-Encoding, ORIGIN,', ['accept-encoding', 'origin']],
    [' , ,*', ['*']],
    ['\tOrigin\t', ['origin']],
  ])('parseVary(%j) = %j', (value, expected) => expect(parseVary(value)).toEqual(expected));

  it.each([
    [[['Vary', 'Origin']], true],
    [
      [
        ['vary', 'accept'],
        ['VARY', ' origin '],
      ],
      true,
    ], // listed on a second line
    [[['Vary', '*']], true],
    [[['Vary', 'Accept, *']], true],
    [[['Vary', 'Accept']], false],
    [[['Vary', 'Origin-Agent-Cluster']], false], // a prefix is not the name
    [[['Vary', 'Origins']], false],
    [[['X-Vary', 'Origin']], false],
    [[], false],
  ] as const)('variesOn(%j, Origin) = %s', (headers, expected) =>
    expect(variesOn(headers, 'Origin')).toBe(expected),
  );

  it.each([
    [undefined, ['Origin'], 'Origin'],
    [null, ['Origin'], 'Origin'],
    ['', ['Origin'], 'Origin'],
    ['  ', ['Origin'], 'Origin'],
    ['Accept-Encoding', ['Origin'], 'Accept-Encoding, Origin'],
    ['Accept-Encoding, origin', ['Origin'], 'Accept-Encoding, origin'],
    ['*', ['Origin'], '*'],
    ['Accept, *', ['Origin'], '*'],
    [['Accept', 'Cookie'], ['Origin'], 'Accept, Cookie, Origin'],
    [42, ['Origin'], '42, Origin'],
    ['Accept', [], 'Accept'],
    ['Accept, *', [], 'Accept, *'],
    [undefined, ['Origin', 'Accept'], 'Origin, Accept'],
    [
      'Accept',
      ['Origin', 'origin', 'Access-Control-Request-Method'],
      'Accept, Origin, Access-Control-Request-Method',
    ],
    [undefined, [], ''],
  ] as const)('mergeVary(%j, %j) = %j', (existing, add, expected) =>
    expect(mergeVary(existing, add)).toBe(expected),
  );
});
