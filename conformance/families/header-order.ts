// Family `header-order`: which disallowed request header a failed preflight names. Chromium names the
// first in the vector Blink builds (its HTTPHeaderMap, which also holds the User-Agent and client hints
// Blink adds, and whose input order depends on the API: fetch() sorts, XMLHttpRequest keeps its own
// map's order); Firefox names the first in sorted order. Each header set is played through fetch() with
// an array, an object literal and a Headers object, and through XMLHttpRequest, with and without a
// string body (which adds `Content-Type: text/plain;charset=UTF-8` when the set has none), against a
// preflight that allows no header, one that answers `*` to a credentialed request (a literal name
// then), and one that allows only Content-Type.
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase, HeadersForm } from '../case.js';
import { type Credentials, passOrigin, res } from './util.js';

const SETS: readonly (readonly [label: string, headers: HeaderList])[] = [
  // The report that opened this family: Chromium names authorization, not content-type.
  [
    'json-auth',
    [
      ['Content-Type', 'application/json'],
      ['Authorization', 'Basic eA=='],
    ],
  ],
  [
    'auth-json',
    [
      ['Authorization', 'Basic eA=='],
      ['Content-Type', 'application/json'],
    ],
  ],
  [
    'json-custom',
    [
      ['Content-Type', 'application/json'],
      ['X-N', '1'],
    ],
  ],
  [
    'two-custom',
    [
      ['X-A', '1'],
      ['X-F', '1'],
    ],
  ],
  [
    'language-auth',
    [
      ['Content-Language', '@'],
      ['Authorization', 'Basic eA=='],
    ],
  ],
  ['auth-only', [['Authorization', 'Basic eA==']]],
  [
    'text-auth-custom',
    [
      ['Content-Type', 'text/plain'],
      ['Authorization', 'Basic eA=='],
      ['X-A', '1'],
    ],
  ],
  [
    'accept-json-auth',
    [
      ['Accept', 'application/json'],
      ['Content-Type', 'application/json'],
      ['Authorization', 'Basic eA=='],
    ],
  ],
  [
    'auth-json-requested-with',
    [
      ['Authorization', 'Bearer t'],
      ['Content-Type', 'application/json'],
      ['X-Requested-With', 'XMLHttpRequest'],
    ],
  ],
  [
    'api-five',
    [
      ['Authorization', 'Bearer t'],
      ['X-Api-Key', 'k'],
      ['Content-Type', 'application/json'],
      ['X-Request-Id', '1'],
      ['Idempotency-Key', 'k'],
    ],
  ],
  [
    'tracing-eight',
    [
      ['traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
      ['tracestate', 'a=b'],
      ['baggage', 'a=b'],
      ['Authorization', 'Bearer t'],
      ['Content-Type', 'application/json'],
      ['X-Correlation-ID', 'c'],
      ['X-CSRF-Token', 't'],
      ['Cache-Control', 'no-cache'],
    ],
  ],
  // Response headers sent as request headers (a common mistake) and long custom names: names of 24 to
  // 54 characters take each long-input path of the hash (UTF-16: 48 to 108 bytes).
  [
    'long-names',
    [
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Credentials', 'true'],
      ['X-Forwarded-Client-Cert-Chain-Verification', '1'],
      ['X-Amzn-Trace-Id-For-A-Long-Header-Name-Checked-Here-1', '1'],
      ['Content-Type', 'application/json'],
    ],
  ],
  // One- to three-character names take the short-input paths.
  [
    'short-names',
    [
      ['X', '1'],
      ['XY', '1'],
      ['Q-1', '1'],
      ['Authorization', 'Bearer t'],
    ],
  ],
];

const WAYS: readonly (readonly [label: string, api: 'fetch' | 'xhr', form: HeadersForm])[] = [
  ['fetch-array', 'fetch', 'array'],
  ['fetch-object', 'fetch', 'object'],
  ['fetch-headers', 'fetch', 'headers'],
  ['xhr', 'xhr', 'array'],
];

/** The preflight answers: no Allow-Headers, `*` to a credentialed request, Content-Type only. */
const ANSWERS: readonly (readonly [label: string, credentials: Credentials, allowHeaders: string | null])[] =
  [
    ['bare', 'same-origin', null],
    ['star-include', 'include', '*'],
    ['content-type-only', 'same-origin', 'content-type'],
  ];

/**
 * Family `header-order`: every header set, every way of passing it, with and without a body, against
 * each preflight answer.
 *
 * @example
 * headerOrderCases().some((c) => c.id === 'header-order/json-auth.fetch-array.body.bare'); // true
 */
export function headerOrderCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [set, headers] of SETS)
    for (const [way, api, form] of WAYS)
      for (const body of [undefined, '{"a":1}'])
        for (const [answer, credentials, allowHeaders] of ANSWERS) {
          const allow: HeaderList =
            allowHeaders === null ? [] : [['Access-Control-Allow-Headers', allowHeaders]];
          out.push({
            id: `header-order/${set}.${way}.${body === undefined ? 'no-body' : 'body'}.${answer}`,
            family: 'header-order',
            init: {
              method: 'POST',
              headers,
              credentials,
              ...(body === undefined ? {} : { body }),
              ...(form === 'array' ? {} : { headersAs: form }),
            },
            start: 'api',
            ...(api === 'xhr' ? { api } : {}),
            resources: [
              {
                preflight: res(204, passOrigin(credentials), allow),
                actual: res(200, passOrigin(credentials)),
              },
            ],
          });
        }
  return out;
}
