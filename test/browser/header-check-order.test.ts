// Which disallowed request header a failed preflight names (issue 18, last bullet). Chromium's network
// service reports the first CORS-unsafe name in the request's header vector
// (services/network/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders over cors.cc
// CorsUnsafeNotForbiddenRequestHeaderNames). Blink builds that vector from its HTTPHeaderMap
// (request_conversion.cc PopulateResourceRequest), a WTF hash table (wtf/hash_table.h: 8 slots, grows
// after an insert fills half) filled with the page's headers (fetch: sorted, fetch_header_list.h's
// multimap; XMLHttpRequest: its own map's order, xml_http_request.cc AddHTTPHeaderFields), then
// User-Agent (FrameFetchContext::PrepareRequest) and, for https: and loopback URLs, the User-Agent
// client hints (FrameFetchContext::AddClientHintsIfNecessary); `Accept: */*` is appended last when the
// page set none (network_utils::SetAcceptHeader). Checked in real Chromium 156 by the conformance family
// header-order and test/real-browsers/header-order.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/browser/classify.js';
import {
  blinkHeaderMapOrder,
  blinkRequestHeaderOrder,
  caseFoldingHash,
} from '../../src/browser/header-map-order.js';
import { profiles } from '../../src/browser/profile.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName, Initiator } from '../../src/browser/types.js';
import type { HeaderList, HttpRequest, HttpResponse } from '../../src/exchange.js';

const PAGE = 'https://app.example.com';
const HINTS = ['User-Agent', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform'];
const JSON_AUTH: HeaderList = [
  ['Content-Type', 'application/json'],
  ['Authorization', 'Basic eA=='],
];

/** A preflight that passes the origin check and allows the given headers (none by default). */
function preflightAllowing(allowHeaders?: string, credentials = false) {
  return (r: HttpRequest): HttpResponse => ({
    status: r.method === 'OPTIONS' ? 204 : 200,
    headers: [
      ['Access-Control-Allow-Origin', PAGE],
      ...(credentials ? ([['Access-Control-Allow-Credentials', 'true']] as HeaderList) : []),
      ...(allowHeaders === undefined ? [] : ([['Access-Control-Allow-Headers', allowHeaders]] as HeaderList)),
    ],
  });
}

async function named(
  browser: BrowserName,
  url: string,
  headers: HeaderList,
  options: { initiator?: Initiator; body?: string; allow?: string; include?: boolean } = {},
): Promise<string | undefined> {
  const outcome = await simulateCors(
    {
      pageOrigin: PAGE,
      url,
      method: 'POST',
      headers,
      credentials: options.include ? 'include' : 'same-origin',
      ...(options.initiator ? { initiator: options.initiator } : {}),
      ...(options.body === undefined ? {} : { body: options.body }),
    },
    { browser, send: preflightAllowing(options.allow, options.include) },
  );
  const message = outcome.error?.messages[browser === 'spec' ? 'chromium' : browser] ?? '';
  return /header field (\S+) is not allowed|header ‘([^’]+)’ is not allowed/
    .exec(message)
    ?.slice(1)
    .find(Boolean);
}

describe('the WTF hash table Blink keeps headers in', () => {
  it('grows after the insert that fills half the table, then re-inserts in old slot order', () => {
    // Growing before that insert (the old model) puts X-B first.
    expect(blinkHeaderMapOrder(['X-B', 'X-C', 'X-U', 'X-T'])).toEqual(['X-T', 'X-B', 'X-C', 'X-U']);
    expect(blinkHeaderMapOrder(['X-P', 'X-E', 'X-J', 'X-D'])[0]).toBe('X-D');
  });
});

describe('the case-insensitive key', () => {
  it('folds every ASCII letter, and nothing else', () => {
    expect(caseFoldingHash('X-ABCDEFGHIJKLMNOPQRSTUVWXYZ')).toBe(
      caseFoldingHash('x-abcdefghijklmnopqrstuvwxyz'),
    );
    expect(caseFoldingHash('X-Z')).toBe(caseFoldingHash('x-z'));
    expect(caseFoldingHash('x-@')).not.toBe(caseFoldingHash('x-`'));
    expect(caseFoldingHash('x-[')).not.toBe(caseFoldingHash('x-{'));
  });

  it('the map keeps one entry per name whatever its case, in the place of the first spelling (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,30}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { selector: (n) => n.toLowerCase(), maxLength: 12 }),
        fc.nat(),
        (names, seed) => {
          const again = names.map((n, i) => ((seed >> i) & 1 ? n.toUpperCase() : n.toLowerCase()));
          const order = blinkHeaderMapOrder(names);
          expect(order.map((n) => n.toLowerCase())).toEqual(
            blinkHeaderMapOrder(again).map((n) => n.toLowerCase()),
          );
          expect(blinkHeaderMapOrder([...names, ...again])).toEqual(order);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the order of a request's own headers in Chromium's vector", () => {
  it('fetch() sorts them before they enter the map; the headers Blink adds take slots', () => {
    expect(blinkRequestHeaderOrder(['Content-Type', 'Authorization'], 'fetch', HINTS)).toEqual([
      'Authorization',
      'Content-Type',
    ]);
    // With the User-Agent alone (plain http: to a non-loopback host) the table stays at 8 slots.
    expect(blinkRequestHeaderOrder(['Content-Type', 'Authorization'], 'fetch', ['User-Agent'])).toEqual([
      'Content-Type',
      'Authorization',
    ]);
    expect(blinkRequestHeaderOrder(['Authorization', 'Content-Type'], 'fetch', ['User-Agent'])[0]).toBe(
      'Content-Type',
    );
  });
  it('XMLHttpRequest hands them over in its own map order, not sorted', () => {
    expect(blinkRequestHeaderOrder(['X-B', 'X-Trace-Id'], 'fetch', HINTS)[0]).toBe('X-B');
    expect(blinkRequestHeaderOrder(['X-B', 'X-Trace-Id'], 'xhr', HINTS)[0]).toBe('X-Trace-Id');
  });
});

describe('the header a failed preflight names', () => {
  const HTTPS = 'https://api.example.com/items';
  const PLAIN = 'http://api.example.com/items';
  const LOOPBACK = 'http://localhost:8080/items';

  it('Chromium: authorization for the report (https: and loopback URLs), content-type on plain http:', async () => {
    expect(await named('chromium', HTTPS, JSON_AUTH, { body: '{}' })).toBe('authorization');
    expect(await named('chromium', LOOPBACK, JSON_AUTH)).toBe('authorization');
    expect(await named('chromium', PLAIN, JSON_AUTH, { body: '{}' })).toBe('content-type');
  });
  it('Chromium: the same with `*` answered to a credentialed request (a literal name then)', async () => {
    expect(await named('chromium', HTTPS, JSON_AUTH, { allow: '*', include: true })).toBe('authorization');
  });
  it('Firefox and the Fetch Standard name the first in sorted order, whatever the URL or API', async () => {
    for (const url of [HTTPS, PLAIN])
      for (const initiator of ['fetch', 'xhr'] as const) {
        expect(
          await named('firefox', url, [['X-B', '1'], ['X-Trace-Id', '1'], ...JSON_AUTH], { initiator }),
        ).toBe('authorization');
        expect(
          await named(
            'spec',
            url,
            [
              ['X-N', '1'],
              ['Content-Type', 'application/json'],
            ],
            { initiator },
          ),
        ).toBe('content-type');
      }
  });
  // Observed in Chromium 156 (the same sets in test/real-browsers/header-order.test.ts): each entry Blink
  // adds (User-Agent always, sec-ch-ua…-platform on trustworthy URLs) takes a slot or grows the table,
  // so dropping any one of them from the profile names another header.
  it.each([
    [['X-W', 'X-B', 'X-Trace-Id'], 'x-w', 'x-b'],
    [['X-W', 'X-P'], 'x-p', 'x-p'],
    [['X-L', 'X-J', 'X-N'], 'x-n', 'x-j'],
    [['X-Q', 'Authorization'], 'authorization', 'authorization'],
    [['X-W', 'X-S'], 'x-s', 'x-s'],
  ])(
    'Chromium: %j with a body names %s on a loopback URL, %s on plain http:',
    async (names, loopback, plain) => {
      const headers: HeaderList = names.map((n) => [n, '1']);
      expect(await named('chromium', LOOPBACK, headers, { body: '{}' })).toBe(loopback);
      expect(await named('chromium', PLAIN, headers, { body: '{}' })).toBe(plain);
    },
  );
  it('Chromium: an Accept the page set, unsafe by itself, is named in its map place (request/unsafe-order-own-accept.*)', async () => {
    const headers: HeaderList = [
      ['Accept', 'application/json; q="1"'],
      ['X-A', '1'],
    ];
    expect(await named('chromium', LOOPBACK, headers)).toBe('accept');
  });
  it('Chromium: past the 1024-byte total, a name unsafe by itself comes before the safelisted ones (request/unsafe-order-over-1024-custom-last.*)', async () => {
    const headers: HeaderList = [
      ['Accept', `a/${'a'.repeat(126)}`],
      ['Accept-Language', 'a'.repeat(128)],
      ['Content-Language', 'a'.repeat(128)],
      ['Content-Type', `text/plain;a=${'a'.repeat(115)}`],
      ['DPR', `1.${'0'.repeat(126)}`],
      ['Width', '1'.repeat(128)],
      ['Viewport-Width', '1'.repeat(128)],
      ['Device-Memory', `1.${'0'.repeat(126)}`],
      ['RTT', '1'.repeat(128)],
      ['X-A', '1'],
    ];
    // In map order Viewport-Width comes first, but it is unsafe only by the total.
    expect(await named('chromium', LOOPBACK, headers)).toBe('x-a');
  });
  // Observed in Chromium 156 (header-order/long-names.*, short-names.*, test/real-browsers/header-order.test.ts):
  // names of 1 to 54 characters, each length class a different path of the hash.
  it.each([
    [
      [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Credentials', 'true'],
        ['X-Forwarded-Client-Cert-Chain-Verification', '1'],
        ['X-Amzn-Trace-Id-For-A-Long-Header-Name-Checked-Here-1', '1'],
        ['Content-Type', 'application/json'],
      ],
      'x-amzn-trace-id-for-a-long-header-name-checked-here-1',
      'access-control-allow-origin',
    ],
    [
      [
        ['X', '1'],
        ['XY', '1'],
        ['Q-1', '1'],
        ['Authorization', 'Bearer t'],
      ],
      'xy',
      'xy',
    ],
  ] as const)(
    'Chromium: %j names %s on a loopback URL, %s on plain http:, from fetch() or XMLHttpRequest',
    async (headers, loopback, plain) => {
      for (const initiator of ['fetch', 'xhr'] as const)
        for (const body of [undefined, '{"a":1}']) {
          const list: HeaderList = headers.map(([n, v]) => [n, v]);
          expect(await named('chromium', LOOPBACK, list, { initiator, body })).toBe(loopback);
          expect(await named('chromium', PLAIN, list, { initiator, body })).toBe(plain);
        }
    },
  );
  // Observed in Chromium 156 (test/real-browsers/header-order.test.ts): names of 8, 24, 40 and 48
  // characters, at the length boundaries of the hash (16, 48, 80 and 96 bytes).
  it.each([
    ['X-Client', 'X-A', 'x-a'],
    ['X-Correlation-Context-Id', 'X-C', 'x-correlation-context-id'],
    ['X-Forty-Characters-Custom-Header-Name-Ab', 'X-C', 'x-forty-characters-custom-header-name-ab'],
    [
      'X-Amzn-Trace-Id-For-A-Long-Header-Name-Checked-X',
      'X-H',
      'x-amzn-trace-id-for-a-long-header-name-checked-x',
    ],
  ])('Chromium: [%s, %s] with a body names %s on either URL', async (a, b, first) => {
    const headers: HeaderList = [
      [a, '1'],
      [b, '1'],
    ];
    expect(await named('chromium', LOOPBACK, headers, { body: '{}' })).toBe(first);
    expect(await named('chromium', PLAIN, headers, { body: '{}' })).toBe(first);
  });
  it('Chromium: XMLHttpRequest and fetch() can name different headers for the same list', async () => {
    const headers: HeaderList = [
      ['X-B', '1'],
      ['X-Trace-Id', '1'],
    ];
    expect(await named('chromium', HTTPS, headers)).toBe('x-b');
    expect(await named('chromium', HTTPS, headers, { initiator: 'xhr' })).toBe('x-trace-id');
  });
});

describe('a string body and the default Accept', () => {
  it('a body brings Content-Type: text/plain;charset=UTF-8 when the page set none', () => {
    const c = classifyRequest(
      {
        pageOrigin: PAGE,
        url: 'https://api.example.com/',
        method: 'POST',
        body: 'x',
        headers: [['X-A', '1']],
      },
      profiles.chromium,
    );
    expect(c.headers).toContainEqual(['content-type', 'text/plain;charset=UTF-8']);
    const own = classifyRequest(
      { pageOrigin: PAGE, url: 'https://api.example.com/', method: 'POST', body: 'x', headers: JSON_AUTH },
      profiles.chromium,
    );
    expect(own.headers.filter(([n]) => n === 'content-type')).toEqual([['content-type', 'application/json']]);
  });
  it('fetch() refuses a body on GET; XMLHttpRequest drops it', () => {
    const init = { pageOrigin: PAGE, url: 'https://api.example.com/', method: 'GET', body: 'x' } as const;
    expect(classifyRequest(init, profiles.chromium).refusal?.message).toContain('cannot have body');
    const xhr = classifyRequest({ ...init, initiator: 'xhr' }, profiles.chromium);
    expect(xhr.refusal).toBeNull();
    expect(xhr.headers).toEqual([]);
  });
  it('Accept: */* counts towards the 1024-byte total and is then listed (request/total-*-default-accept)', () => {
    // 1021 + 3 stays within 1024; 1022 + 3 does not.
    const at = (total: number) =>
      classifyRequest(
        {
          pageOrigin: PAGE,
          url: 'https://api.example.com/',
          headers: [
            ['Accept-Language', 'a'.repeat(128)],
            ['Content-Language', 'a'.repeat(128)],
            ['Width', '1'.repeat(128)],
            ['Viewport-Width', '1'.repeat(128)],
            ['DPR', `1.${'0'.repeat(126)}`],
            ['Device-Memory', `1.${'0'.repeat(126)}`],
            ['RTT', '1'.repeat(128)],
            ['Downlink', `1.${'0'.repeat(total - 128 * 7 - 2)}`],
          ],
        },
        profiles.chromium,
      ).unsafeHeaderNames;
    expect(at(1021)).toEqual([]);
    expect(at(1022)).toContain('accept');
    expect(at(1022)).toHaveLength(9);
  });
  it('Chromium names the default accept last: after the names safelisted by themselves', async () => {
    const headers: HeaderList = [
      ['Accept-Language', 'a'.repeat(128)],
      ['Content-Language', 'a'.repeat(128)],
      ['Width', '1'.repeat(128)],
      ['Viewport-Width', '1'.repeat(128)],
      ['DPR', `1.${'0'.repeat(126)}`],
      ['Device-Memory', `1.${'0'.repeat(126)}`],
      ['RTT', '1'.repeat(128)],
      ['Downlink', `1.${'0'.repeat(126)}`],
    ];
    const allowAllButAccept = headers.map(([n]) => n).join(', ');
    expect(await named('chromium', 'https://api.example.com/', headers, { allow: allowAllButAccept })).toBe(
      'accept',
    );
    expect(await named('chromium', 'https://api.example.com/', headers)).not.toBe('accept');
  });
});
