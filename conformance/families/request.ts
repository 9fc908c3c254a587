// Family `request-*`: the request side. Safelisted header values and their edge cases, client hints,
// Range forms, Content-Type parsing, 128/1024-byte limits, custom and forbidden headers, methods.
// Each shape is played against a permissive preflight (naming every header the page set) and a bare
// one (origin only), so both the Access-Control-Request-Headers value and the header check are seen.
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase } from '../case.js';
import { namesOf, passOrigin, res, single } from './util.js';

type Shape = readonly [label: string, method: string, headers: HeaderList];

const x = (n: number, prefix = '') => prefix + 'a'.repeat(n - prefix.length);

function headerShapes(name: string, values: readonly (readonly [string, string])[]): Shape[] {
  return values.map(([label, value]) => [`${name}-${label}`, 'GET', [[name, value]]] as const);
}

// Nine safelisted headers of 128 bytes each: 1,152 bytes, past the 1024-byte total that makes them unsafe
// together (Chromium counts its client hints too).
const SAFELISTED_1152: HeaderList = [
  ['Accept', x(128, 'a/')],
  ['Accept-Language', x(128)],
  ['Content-Language', x(128)],
  ['Content-Type', `text/plain;a=${x(128 - 13)}`],
  ['DPR', `1.${'0'.repeat(126)}`],
  ['Width', '1'.repeat(128)],
  ['Viewport-Width', '1'.repeat(128)],
  ['Device-Memory', `1.${'0'.repeat(126)}`],
  ['RTT', '1'.repeat(128)],
];

/** Safelisted values (no Accept) totalling `total` bytes: seven 128-byte lines, then Downlink for the rest. */
function defaultAcceptTotal(total: number): HeaderList {
  const full = SAFELISTED_1152.slice(1, 8); // Accept-Language … Device-Memory
  const rest = total - 128 * full.length;
  return [...full, ['Downlink', `1.${'0'.repeat(rest - 2)}`]];
}

const UNSAFE_BYTES: readonly (readonly [string, string])[] = [
  ['quote', '"'],
  ['lparen', '('],
  ['rparen', ')'],
  ['colon', ':'],
  ['lt', '<'],
  ['gt', '>'],
  ['question', '?'],
  ['at', '@'],
  ['lbracket', '['],
  ['backslash', '\\'],
  ['rbracket', ']'],
  ['lbrace', '{'],
  ['rbrace', '}'],
  ['del', '\x7f'],
  ['x01', '\x01'],
  ['x1f', '\x1f'],
  ['tab', '\t'],
  ['latin1', '\u00e9'],
];

const SHAPES: readonly Shape[] = [
  ['none', 'GET', []],
  ['head', 'HEAD', []],
  ['post-no-type', 'POST', []],
  ['post-text', 'POST', [['Content-Type', 'text/plain']]],
  ...headerShapes('accept', [
    ['any', '*/*'],
    ['html', 'text/html, application/xhtml+xml;q=0.9'],
    ...UNSAFE_BYTES.map(([l, b]) => [`unsafe-${l}`, `text/${b}html`] as const),
    ['len-128', x(128, 'text/')],
    ['len-129', x(129, 'text/')],
  ]),
  ...headerShapes('accept-language', [
    ['simple', 'en-US'],
    ['q', 'en;q=0.5, de-CH'],
    ['star', '*'],
    ['underscore', 'en_US'],
    ['slash', 'en/US'],
    ['apostrophe', "en'US"],
    ['latin1', 'fr-\u00e9'],
    ['len-128', x(128, 'en-')],
    ['len-129', x(129, 'en-')],
  ]),
  ...headerShapes('content-language', [
    ['simple', 'de-DE'],
    ['list', 'en, fr'],
    ['plus', 'en+fr'],
    ['quote', 'en"'],
    ['len-128', x(128)],
    ['len-129', x(129)],
  ]),
  ...headerShapes('content-type', [
    ['text-plain', 'text/plain'],
    ['text-plain-charset', 'text/plain;charset=utf-8'],
    ['upper', 'TEXT/PLAIN'],
    ['spaced-param', 'text/plain ; charset=x'],
    ['form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['json', 'application/json'],
    ['html', 'text/html'],
    ['trailing-semicolon', 'text/plain;'],
    ['comma-list', 'text/plain,application/json'],
    ['quoted-param', 'text/plain; charset="utf-8"'],
    ['no-subtype', 'text/'],
    ['no-type', '/plain'],
    ['leading-space', ' text/plain'],
    ['paren', 'text/plain(x)'],
    ['params', 'text/plain;a=b;c=d'],
    ['type-only', 'text'],
    ['len-128', `text/plain;a=${x(128 - 13)}`],
    ['len-129', `text/plain;a=${x(129 - 13)}`],
  ]),
  ...headerShapes('range', [
    ['open', 'bytes=0-'],
    ['closed', 'bytes=0-10'],
    ['inverted', 'bytes=10-5'],
    ['suffix', 'bytes=-5'],
    ['space', 'bytes= 0-1'],
    ['multi', 'bytes=0-1,2-3'],
    ['upper', 'BYTES=0-1'],
    ['leading-zero', 'bytes=00-1'],
    ['other-unit', 'items=0-1'],
    ['letters', 'bytes=a-b'],
    ['equal', 'bytes=5-5'],
  ]),
  ...headerShapes('dpr', [
    ['2', '2'],
    ['1.5', '1.5'],
    ['text', 'abc'],
  ]),
  ...headerShapes('width', [
    ['100', '100'],
    ['text', 'wide'],
  ]),
  ...headerShapes('viewport-width', [['800', '800']]),
  ...headerShapes('device-memory', [
    ['8', '8'],
    ['half', '0.5'],
  ]),
  ...headerShapes('save-data', [
    ['on', 'on'],
    ['off', 'off'],
  ]),
  ...headerShapes('rtt', [['50', '50']]),
  ...headerShapes('downlink', [['1.5', '1.5']]),
  ...headerShapes('ect', [
    ['4g', '4g'],
    ['text', 'fast'],
  ]),
  ...headerShapes('sec-ch-ua-mobile', [['0', '?0']]),
  // Forbidden request headers: the browser drops them silently.
  ...(
    [
      'Cookie',
      'Origin',
      'Referer',
      'Host',
      'Connection',
      'Content-Length',
      'User-Agent',
      'DNT',
      'Via',
      'Proxy-Foo',
      'Sec-Foo',
      'Keep-Alive',
      'TE',
      'Trailer',
      'Upgrade',
      'Accept-Charset',
      'Accept-Encoding',
      'Date',
      'Expect',
      'Set-Cookie',
      'Access-Control-Request-Method',
      'Access-Control-Request-Headers',
    ] as const
  ).map((name) => [`forbidden-${name.toLowerCase()}`, 'GET', [[name, '1']]] as const),
  ['method-override-trace', 'POST', [['X-HTTP-Method-Override', 'TRACE']]],
  ['method-override-get', 'POST', [['X-HTTP-Method-Override', 'GET']]],
  ['method-override-connect', 'POST', [['X-Method-Override', 'connect']]],
  ['x-http-method-track', 'POST', [['X-HTTP-Method', 'Track']]],
  // Custom headers.
  ['custom-one', 'GET', [['X-Custom-Header', 'v']]],
  ['custom-empty', 'GET', [['X-A', '']]],
  [
    'custom-case-dup',
    'GET',
    [
      ['X-A', '1'],
      ['x-a', '2'],
    ],
  ],
  [
    'custom-order',
    'GET',
    [
      ['X-C', '1'],
      ['x-b', '2'],
      ['X-A', '3'],
    ],
  ],
  ['custom-token-chars', 'GET', [["x!#$%&'*+-.^_`|~1", 'v']]],
  ['custom-many', 'GET', Array.from({ length: 10 }, (_, i) => [`X-H${9 - i}`, `${i}`] as const)],
  [
    'custom-with-safelisted',
    'POST',
    [
      ['Content-Type', 'text/plain'],
      ['X-A', '1'],
      ['Accept', '*/*'],
    ],
  ],
  [
    'custom-with-unsafe-ct',
    'POST',
    [
      ['Content-Type', 'application/json'],
      ['X-A', '1'],
    ],
  ],
  ['authorization', 'GET', [['Authorization', 'Bearer t']]],
  // Several unsafe names: which one Chromium's message names depends on Blink's header-map order.
  [
    'unsafe-order-abcd',
    'GET',
    [
      ['X-A', '1'],
      ['X-B', '1'],
      ['X-C', '1'],
      ['X-D', '1'],
    ],
  ],
  [
    'unsafe-order-dcba',
    'GET',
    [
      ['X-D', '1'],
      ['X-C', '1'],
      ['X-B', '1'],
      ['X-A', '1'],
    ],
  ],
  [
    'unsafe-order-auth-first',
    'GET',
    [
      ['Authorization', 'a'],
      ['X-Api-Key', 'k'],
    ],
  ],
  [
    'unsafe-order-auth-last',
    'GET',
    [
      ['X-Api-Key', 'k'],
      ['Authorization', 'a'],
    ],
  ],
  [
    'unsafe-order-json-custom',
    'POST',
    [
      ['Content-Type', 'application/json'],
      ['X-Requested-With', 'x'],
      ['X-CSRF-Token', 't'],
    ],
  ],
  [
    'unsafe-order-mixed-case',
    'GET',
    [
      ['x-trace-id', '1'],
      ['X-Span-Id', '2'],
      ['x-PARENT-id', '3'],
      ['Accept', '*/*'],
    ],
  ],
  // WebKit iterates the names its HTTPHeaderNames.in knows first: 2.50 knows Content-Location and
  // Report-To, and no longer Purpose or X-DNS-Prefetch-Control (they go with the custom names, as written).
  // The page's own Accept, unsafe by itself, takes its place in the header map (not the default's, last).
  [
    'unsafe-order-own-accept',
    'GET',
    [
      ['Accept', 'application/json; q="1"'],
      ['X-A', '1'],
    ],
  ],
  [
    'unsafe-order-webkit-known',
    'GET',
    [
      ['X-A', '1'],
      ['content-location', '/x'],
      ['report-to', 'g'],
    ],
  ],
  [
    'unsafe-order-webkit-retired',
    'GET',
    [
      ['X-A', '1'],
      ['purpose', 'prefetch'],
      ['x-dns-prefetch-control', 'on'],
    ],
  ],
  [
    'unsafe-order-twenty',
    'GET',
    Array.from(
      { length: 20 },
      (_, i) => [`X-Custom-${String.fromCharCode(97 + ((i * 7) % 26))}${i}`, 'v'] as const,
    ),
  ],
  [
    'unsafe-order-over-1024-with-custom',
    'GET',
    [
      ['X-Z', '1'],
      ...SAFELISTED_1152.slice(0, 8), // Accept … Device-Memory: exactly 1,024 bytes
      ['X-A', '1'],
    ],
  ],
  // 1,152 bytes of safelisted values (the case above stops at exactly 1,024): Chromium names the header
  // unsafe by itself before any name that is unsafe only by the total, wherever the map puts it.
  ['unsafe-order-over-1024-custom-last', 'GET', [...SAFELISTED_1152, ['X-A', '1']]],
  // The 1024-byte total: safelisted values that together exceed it (Chromium counts its client hints too).
  ['total-over-1024', 'GET', SAFELISTED_1152],
  // Without an Accept of the page's, the default `Accept: */*` (3 bytes) counts towards the total and is
  // then listed in Access-Control-Request-Headers (Chromium 156 preflights 1024 bytes of the page's own).
  ['total-1021-default-accept', 'GET', defaultAcceptTotal(1021)],
  ['total-1024-default-accept', 'GET', defaultAcceptTotal(1024)],
  ['total-over-1024-default-accept', 'GET', defaultAcceptTotal(1100)],
  [
    'total-under-1024',
    'GET',
    [
      ['Accept', x(128, 'a/')],
      ['Accept-Language', x(128)],
      ['Content-Language', x(128)],
      ['Content-Type', `text/plain;a=${x(128 - 13)}`],
    ],
  ],
  // Methods.
  ['method-put', 'PUT', []],
  ['method-patch-lower', 'patch', []],
  ['method-post-lower', 'post', []],
  ['method-head-lower', 'head', []],
  ['method-custom', 'PROPFIND', []],
  ['method-trace', 'TRACE', []],
  ['method-connect-lower', 'connect', []],
  ['method-track', 'track', []],
];

/**
 * Family `request`: every request shape against a permissive and a bare preflight.
 *
 * @example
 * requestCases().some((c) => c.id === 'request/range-upper.omit.bare'); // true
 */
export function requestCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [label, method, headers] of SHAPES)
    for (const credentials of ['omit', 'include'] as const)
      for (const answer of ['permissive', 'bare'] as const) {
        const names = namesOf(headers);
        const preflightHeaders: HeaderList =
          answer === 'permissive'
            ? [
                ['Access-Control-Allow-Methods', method],
                ...(names.length > 0
                  ? ([['Access-Control-Allow-Headers', names.join(', ')]] as HeaderList)
                  : []),
              ]
            : [];
        out.push(
          single(
            `request/${label}.${credentials}.${answer}`,
            { method, headers, credentials },
            {
              preflight: res(204, passOrigin(credentials), preflightHeaders),
              actual: res(200, passOrigin(credentials)),
            },
          ),
        );
      }
  return out;
}
