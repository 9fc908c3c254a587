// Named building blocks for the case generator: header answers a server may send, each with a stable
// label used in case ids. Values may use the placeholders of conformance/case.ts ({page}, {api}, …).
import type { HeaderList } from '../src/exchange.js';

/** A labelled list of header lines. */
export type Variant = readonly [label: string, lines: HeaderList];

const ACAO = 'Access-Control-Allow-Origin';
const ACAC = 'Access-Control-Allow-Credentials';

/** Access-Control-Allow-Origin answers: missing, `*`, exact, mismatched, `null`, lists, two lines, invalid, empty. */
export const allowOrigin: readonly Variant[] = [
  ['missing', []],
  ['star', [[ACAO, '*']]],
  ['exact', [[ACAO, '{page}']]],
  ['exact-upper-name', [['ACCESS-CONTROL-ALLOW-ORIGIN', '{page}']]],
  ['exact-padded', [[ACAO, '  {page}  ']]],
  ['exact-trailing-slash', [[ACAO, '{page}/']]],
  ['exact-with-path', [[ACAO, '{page}/app']]],
  ['mismatch-port', [[ACAO, 'http://127.0.0.1:1']]],
  ['mismatch-host', [[ACAO, 'https://example.com']]],
  ['mismatch-api-origin', [[ACAO, '{api}']]],
  ['null', [[ACAO, 'null']]],
  ['list-same', [[ACAO, '{page}, {page}']]],
  ['list-other', [[ACAO, '{page}, https://example.com']]],
  ['list-comma-nospace', [[ACAO, '{page},https://example.com']]],
  [
    'two-lines-same',
    [
      [ACAO, '{page}'],
      [ACAO, '{page}'],
    ],
  ],
  [
    'two-lines-other',
    [
      [ACAO, 'https://example.com'],
      [ACAO, '{page}'],
    ],
  ],
  [
    'two-lines-star',
    [
      [ACAO, '*'],
      [ACAO, '*'],
    ],
  ],
  ['star-list', [[ACAO, '*, {page}']]],
  ['invalid-no-scheme', [[ACAO, '127.0.0.1']]],
  ['invalid-garbage', [[ACAO, 'x:y:z']]],
  ['invalid-spaces', [[ACAO, 'not a url']]],
  ['empty', [[ACAO, '']]],
  ['star-quoted', [[ACAO, '"*"']]],
  ['non-ascii', [[ACAO, 'http://b\u00fccher.example']]],
];

/** Access-Control-Allow-Credentials answers. */
export const allowCredentials: readonly Variant[] = [
  ['acac-missing', []],
  ['acac-true', [[ACAC, 'true']]],
  ['acac-True', [[ACAC, 'True']]],
  ['acac-TRUE', [[ACAC, 'TRUE']]],
  ['acac-false', [[ACAC, 'false']]],
  ['acac-empty', [[ACAC, '']]],
  ['acac-padded', [[ACAC, ' true ']]],
  ['acac-list', [[ACAC, 'true, true']]],
  [
    'acac-two-lines',
    [
      [ACAC, 'true'],
      [ACAC, 'true'],
    ],
  ],
  ['acac-one', [[ACAC, '1']]],
];

/** A small subset of origin answers for families where the origin is not the subject. */
export const allowOriginCore: readonly Variant[] = allowOrigin.filter(([l]) =>
  [
    'missing',
    'star',
    'exact',
    'mismatch-port',
    'null',
    'list-same',
    'two-lines-same',
    'invalid-garbage',
    'empty',
  ].includes(l),
);

export const credentialsModes = ['omit', 'same-origin', 'include'] as const;

/** The response-header names every expose case's response carries. */
export const exposeResponseHeaders: HeaderList = [
  ['Cache-Control', 'no-store'],
  ['Content-Language', 'en'],
  ['Content-Type', 'text/plain'],
  ['Expires', '0'],
  ['Last-Modified', 'Sat, 01 Jan 2000 00:00:00 GMT'],
  ['Pragma', 'no-cache'],
  ['Content-Length', '0'],
  ['ETag', '"v1"'],
  ['Server', 'corsair'],
  ['X-Custom', 'one'],
  ['X-Other', 'two'],
  ['x-custom', 'dup'],
  ['X-Empty', ''],
  ['Set-Cookie', 'a=b'],
  ['Set-Cookie2', 'c=d'],
  ['Vary', 'Origin'],
];

const ACEH = 'Access-Control-Expose-Headers';
/** Access-Control-Expose-Headers answers. */
export const exposeHeaders: readonly Variant[] = [
  ['aceh-missing', []],
  ['aceh-one', [[ACEH, 'x-custom']]],
  ['aceh-upper', [[ACEH, 'X-CUSTOM']]],
  ['aceh-two', [[ACEH, 'x-custom, x-other']]],
  ['aceh-two-nospace', [[ACEH, 'x-custom,x-other']]],
  ['aceh-star', [[ACEH, '*']]],
  ['aceh-star-and-name', [[ACEH, '*, x-custom']]],
  ['aceh-set-cookie', [[ACEH, 'set-cookie, set-cookie2']]],
  ['aceh-set-cookie-and-name', [[ACEH, 'Set-Cookie, x-custom']]],
  ['aceh-etag-server', [[ACEH, 'etag, server, vary']]],
  ['aceh-invalid-space', [[ACEH, 'x-custom x-other']]],
  ['aceh-empty-items', [[ACEH, ', x-custom,,']]],
  [
    'aceh-two-lines',
    [
      [ACEH, 'x-custom'],
      [ACEH, 'x-other'],
    ],
  ],
  ['aceh-safelisted', [[ACEH, 'content-length, cache-control']]],
  ['aceh-empty', [[ACEH, '']]],
  ['aceh-absent-name', [[ACEH, 'x-missing']]],
  ['aceh-semicolon', [[ACEH, 'x-custom;, x-other']]],
  ['aceh-quoted', [[ACEH, '"x-custom", x-other']]],
  ['aceh-x-empty', [[ACEH, 'x-empty']]],
];
