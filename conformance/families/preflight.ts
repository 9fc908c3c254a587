// Families about the preflight: its access check, status, Allow-Methods, Allow-Headers, and the actual
// response after a preflight that passed.
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase } from '../case.js';
import { allowCredentials, allowOrigin, allowOriginCore, credentialsModes } from '../vocabulary.js';
import { type Credentials, passOrigin, passPreflight, res, single } from './util.js';

const PUT_INIT = (credentials: Credentials) => ({
  method: 'PUT',
  headers: [['X-A', '1']] as HeaderList,
  credentials,
});
const METHODS_PUT: HeaderList = [
  ['Access-Control-Allow-Methods', 'PUT'],
  ['Access-Control-Allow-Headers', 'x-a'],
];

function preflightAccess(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [o, originLines] of allowOrigin)
    for (const credentials of credentialsModes)
      for (const [c, credLines] of [allowCredentials[0]!, allowCredentials[1]!])
        out.push(
          single(`preflight-acao/${o}.${credentials}.${c}`, PUT_INIT(credentials), {
            preflight: res(204, originLines, credLines, METHODS_PUT),
            actual: res(200, passOrigin(credentials)),
          }),
        );
  for (const [c, credLines] of allowCredentials)
    for (const credentials of credentialsModes)
      for (const [o, originLines] of allowOrigin.filter(([l]) => ['exact', 'star'].includes(l)))
        if (c !== 'acac-missing' && c !== 'acac-true')
          out.push(
            single(`preflight-acac/${o}.${credentials}.${c}`, PUT_INIT(credentials), {
              preflight: res(204, originLines, credLines, METHODS_PUT),
              actual: res(200, passOrigin(credentials)),
            }),
          );
  return out;
}

const STATUSES = [
  200, 201, 203, 204, 206, 299, 300, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 418, 500, 502,
  503, 599,
];

function preflightStatus(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const status of STATUSES)
    for (const credentials of ['omit', 'include'] as const)
      for (const [o, originLines] of [
        ['pass', passOrigin(credentials)],
        ['acao-missing', []],
        ['acao-mismatch', [['Access-Control-Allow-Origin', 'https://example.com']]],
      ] as const) {
        const location: HeaderList = status >= 300 && status < 400 ? [['Location', '{api}{base}/1']] : [];
        out.push({
          id: `preflight-status/${status}.${credentials}.${o}`,
          family: 'preflight-status',
          init: PUT_INIT(credentials),
          start: 'api',
          resources: [
            {
              preflight: res(status, originLines, METHODS_PUT, location),
              actual: res(200, passOrigin(credentials)),
            },
            {
              preflight: res(204, passOrigin(credentials), METHODS_PUT),
              actual: res(200, passOrigin(credentials)),
            },
          ],
        });
      }
  return out;
}

/** Methods a page may use that need a preflight (or not: POST with a custom header forces one). */
const METHODS: readonly (readonly [label: string, method: string, headers: HeaderList])[] = [
  ['PUT', 'PUT', []],
  ['put', 'put', []],
  ['DELETE', 'DELETE', []],
  ['delete', 'delete', []],
  ['PATCH', 'PATCH', []],
  ['patch', 'patch', []],
  ['options', 'options', []],
  ['FOO', 'FOO', []],
  ['foo', 'foo', []],
  ['M-SEARCH', 'M-SEARCH', []],
  ['POST-custom', 'POST', [['X-A', '1']]],
  ['get-custom', 'get', [['X-A', '1']]],
];

const ACAM = 'Access-Control-Allow-Methods';
function allowMethods(method: string): readonly (readonly [string, HeaderList])[] {
  return [
    ['acam-missing', []],
    ['acam-same', [[ACAM, method]]],
    ['acam-upper', [[ACAM, method.toUpperCase()]]],
    ['acam-lower', [[ACAM, method.toLowerCase()]]],
    ['acam-list', [[ACAM, 'GET, PUT, DELETE, PATCH, FOO']]],
    ['acam-star', [[ACAM, '*']]],
    ['acam-star-padded', [[ACAM, ' * ']]],
    ['acam-star-and-same', [[ACAM, `*, ${method}`]]],
    ['acam-get-post', [[ACAM, 'GET, POST']]],
    ['acam-empty-items', [[ACAM, `,,${method},,`]]],
    ['acam-invalid-space', [[ACAM, `${method} DELETE`]]],
    ['acam-invalid-semicolon', [[ACAM, `${method};`]]],
    ['acam-invalid-quoted', [[ACAM, `"${method}"`]]],
    ['acam-empty', [[ACAM, '']]],
    [
      'acam-two-lines',
      [
        [ACAM, 'GET'],
        [ACAM, method],
      ],
    ],
    [
      'acam-two-lines-invalid',
      [
        [ACAM, method],
        [ACAM, 'A B'],
      ],
    ],
  ];
}

function preflightMethods(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [m, method, headers] of METHODS)
    for (const [a, acam] of allowMethods(method))
      for (const credentials of ['omit', 'include'] as const) {
        const acah: HeaderList = headers.length > 0 ? [['Access-Control-Allow-Headers', 'x-a']] : [];
        out.push(
          single(
            `preflight-methods/${m}.${a}.${credentials}`,
            { method, headers, credentials },
            {
              preflight: res(204, passOrigin(credentials), acam, acah),
              actual: res(200, passOrigin(credentials)),
            },
          ),
        );
      }
  return out;
}

const HEADER_SETS: readonly (readonly [label: string, headers: HeaderList])[] = [
  ['x-a', [['X-A', '1']]],
  [
    'x-a-x-b',
    [
      ['x-b', '1'],
      ['X-A', '2'],
    ],
  ],
  ['authorization', [['Authorization', 'Bearer t']]],
  ['content-type-json', [['Content-Type', 'application/json']]],
  [
    'x-a-authorization',
    [
      ['X-A', '1'],
      ['Authorization', 'Basic dTpw'],
    ],
  ],
  ['x-a-empty-value', [['X-A', '']]],
  ['accept-unsafe', [['Accept', 'a"b']]],
];

const ACAH = 'Access-Control-Allow-Headers';
const ALLOW_HEADERS: readonly (readonly [string, HeaderList])[] = [
  ['acah-missing', []],
  ['acah-x-a', [[ACAH, 'x-a']]],
  ['acah-X-A', [[ACAH, 'X-A']]],
  ['acah-x-a-x-b', [[ACAH, 'x-a, x-b']]],
  ['acah-star', [[ACAH, '*']]],
  ['acah-star-authorization', [[ACAH, '*, authorization']]],
  ['acah-authorization', [[ACAH, 'Authorization']]],
  ['acah-all', [[ACAH, 'Authorization, X-A, X-B, Content-Type, Accept']]],
  ['acah-content-type', [[ACAH, 'content-type']]],
  ['acah-empty-items', [[ACAH, 'x-a,,x-b,']]],
  ['acah-padded', [[ACAH, '  x-a ,  x-b  ']]],
  ['acah-invalid-space', [[ACAH, 'x-a x-b']]],
  ['acah-invalid-semicolon', [[ACAH, 'x-a;']]],
  ['acah-empty', [[ACAH, '']]],
  [
    'acah-two-lines',
    [
      [ACAH, 'x-a'],
      [ACAH, 'x-b, accept'],
    ],
  ],
  ['acah-double-star', [[ACAH, '**']]],
];

function preflightHeaders(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [h, headers] of HEADER_SETS)
    for (const [a, acah] of ALLOW_HEADERS)
      for (const credentials of ['omit', 'include'] as const)
        out.push(
          single(
            `preflight-headers/${h}.${a}.${credentials}`,
            { method: 'GET', headers, credentials },
            {
              preflight: res(204, passOrigin(credentials), acah),
              actual: res(200, passOrigin(credentials)),
            },
          ),
        );
  return out;
}

/** A preflight that passes, then an actual response that may fail. */
function actualAfterPreflight(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [o, originLines] of allowOriginCore)
    for (const credentials of credentialsModes)
      for (const [c, credLines] of allowCredentials.filter(([l]) =>
        ['acac-missing', 'acac-true', 'acac-True'].includes(l),
      ))
        out.push(
          single(`actual-after-preflight/${o}.${credentials}.${c}`, PUT_INIT(credentials), {
            preflight: passPreflight(credentials, 'PUT', ['x-a']),
            actual: res(200, originLines, credLines),
          }),
        );
  for (const status of [200, 204, 404, 500])
    for (const credentials of ['omit', 'include'] as const)
      out.push(
        single(`actual-after-preflight/status-${status}.${credentials}`, PUT_INIT(credentials), {
          preflight: passPreflight(credentials, 'PUT', ['x-a']),
          actual: res(status, passOrigin(credentials)),
        }),
      );
  return out;
}

/**
 * Families `preflight-*` and `actual-after-preflight`.
 *
 * @example
 * preflightCases().some((c) => c.id === 'preflight-methods/patch.acam-upper.omit'); // true
 */
export function preflightCases(): ConformanceCase[] {
  return [
    ...preflightAccess(),
    ...preflightStatus(),
    ...preflightMethods(),
    ...preflightHeaders(),
    ...actualAfterPreflight(),
  ];
}
