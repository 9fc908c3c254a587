// Family `preflight-cache`: the same URL fetched twice, so the second fetch shows whether the browser's
// preflight cache answered: Access-Control-Max-Age parsing (absent, 0, negative, invalid, capped) and
// what a cached result covers (other headers, methods, credentials, wildcards).
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase } from '../case.js';
import { passOrigin, res } from './util.js';

type Init = ConformanceCase['init'];
const PUT = (credentials: Init['credentials'], headers: HeaderList = [['X-A', '1']]): Init => ({
  method: 'PUT',
  headers,
  credentials,
});
const MAX_AGE = 'Access-Control-Max-Age';

const MAX_AGES: readonly (readonly [label: string, lines: HeaderList])[] = [
  ['absent', []],
  ['0', [[MAX_AGE, '0']]],
  ['minus-1', [[MAX_AGE, '-1']]],
  ['5', [[MAX_AGE, '5']]],
  ['600', [[MAX_AGE, '600']]],
  ['86400', [[MAX_AGE, '86400']]],
  ['100000', [[MAX_AGE, '100000']]],
  ['text', [[MAX_AGE, 'abc']]],
  ['decimal', [[MAX_AGE, '1.5']]],
  ['plus', [[MAX_AGE, '+10']]],
  ['padded', [[MAX_AGE, ' 10 ']]],
  ['list', [[MAX_AGE, '10, 20']]],
  [
    'two-lines',
    [
      [MAX_AGE, '10'],
      [MAX_AGE, '20'],
    ],
  ],
  ['empty', [[MAX_AGE, '']]],
  ['hex', [[MAX_AGE, '0x10']]],
  ['exponent', [[MAX_AGE, '1e3']]],
];

function preflight(methods: string, headers: string, maxAge: HeaderList) {
  return res(
    204,
    passOrigin('include'),
    [
      ['Access-Control-Allow-Methods', methods],
      ['Access-Control-Allow-Headers', headers],
    ],
    maxAge,
  );
}

/**
 * Family `preflight-cache`: two fetches of one URL; does the second one send a preflight?
 *
 * @example
 * cacheCases().every((c) => c.before?.length === 1); // true
 */
export function cacheCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [m, maxAge] of MAX_AGES)
    for (const credentials of ['omit', 'include'] as const)
      out.push({
        id: `preflight-cache/max-age-${m}.${credentials}`,
        family: 'preflight-cache',
        init: PUT(credentials),
        before: [PUT(credentials)],
        start: 'api',
        resources: [{ preflight: preflight('PUT', 'x-a', maxAge), actual: res(200, passOrigin('include')) }],
      });
  // A cached result expiring between the two fetches: the page waits past max-age (1 s, and the 5 s
  // default), and the engine decides with the time that really passed, as the browser does.
  const expiring: readonly (readonly [string, HeaderList, number, Init['credentials']])[] = [
    ['max-age-1.gap-1500.omit', [[MAX_AGE, '1']], 1500, 'omit'],
    ['max-age-1.gap-1500.include', [[MAX_AGE, '1']], 1500, 'include'],
    ['max-age-absent.gap-5500.omit', [], 5500, 'omit'],
  ];
  for (const [label, maxAge, gapMs, credentials] of expiring)
    out.push({
      id: `preflight-cache/${label}`,
      family: 'preflight-cache',
      init: PUT(credentials),
      before: [PUT(credentials)],
      gapMs,
      start: 'api',
      resources: [{ preflight: preflight('PUT', 'x-a', maxAge), actual: res(200, passOrigin('include')) }],
    });
  const ten: HeaderList = [[MAX_AGE, '600']];
  const matches: readonly (readonly [string, Init, Init, string, string])[] = [
    [
      'more-headers',
      PUT('omit'),
      PUT('omit', [
        ['X-A', '1'],
        ['X-B', '2'],
      ]),
      'PUT',
      'x-a',
    ],
    ['omit-then-include', PUT('omit'), PUT('include'), 'PUT', 'x-a'],
    ['include-then-omit', PUT('include'), PUT('omit'), 'PUT', 'x-a'],
    ['other-method', PUT('omit'), { ...PUT('omit'), method: 'DELETE' }, 'PUT', 'x-a'],
    ['get-then-put', { ...PUT('omit'), method: 'GET' }, PUT('omit'), 'PUT', 'x-a'],
    ['star-headers-omit', PUT('omit'), PUT('omit', [['X-B', '2']]), 'PUT', '*'],
    ['star-headers-include', PUT('include'), PUT('include', [['X-B', '2']]), 'PUT', '*, x-a'],
    ['star-methods-omit', PUT('omit'), { ...PUT('omit'), method: 'PATCH' }, '*', 'x-a'],
    [
      'fewer-headers',
      PUT('omit', [
        ['X-A', '1'],
        ['X-B', '2'],
      ]),
      PUT('omit'),
      'PUT',
      'x-a, x-b',
    ],
    ['same-origin-mode', PUT('same-origin'), PUT('same-origin'), 'PUT', 'x-a'],
  ];
  for (const [label, first, second, methods, headers] of matches)
    out.push({
      id: `preflight-cache/${label}`,
      family: 'preflight-cache',
      init: second,
      before: [first],
      start: 'api',
      resources: [{ preflight: preflight(methods, headers, ten), actual: res(200, passOrigin('include')) }],
    });
  return out;
}
