// The framing rules on their own (the wire-level proof is smuggling.test.ts).
import { describe, expect, it } from 'vitest';
import type { HeaderList } from '../../src/exchange.js';
import { framingHeaders, requestFraming, responseLength, reusableAfter } from '../../src/proxy/framing.js';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return `${(e as { code: string }).code} ${(e as { status: number }).status}`;
  }
  return 'accepted';
}

describe('requestFraming', () => {
  it.each<[string, string, HeaderList, string]>([
    [
      'TE with CL',
      'POST',
      [
        ['Transfer-Encoding', 'chunked'],
        ['Content-Length', '3'],
      ],
      'PROXY_BAD_FRAMING 400',
    ],
    [
      'two equal CL lines',
      'POST',
      [
        ['Content-Length', '3'],
        ['content-length', '3'],
      ],
      'PROXY_BAD_FRAMING 400',
    ],
    ['a CL list', 'POST', [['Content-Length', '3, 3']], 'PROXY_BAD_FRAMING 400'],
    ['a signed CL', 'POST', [['Content-Length', '+3']], 'PROXY_BAD_FRAMING 400'],
    ['a CL beyond 2^53', 'POST', [['Content-Length', '9999999999999999']], 'PROXY_BAD_FRAMING 400'],
    // 16 digits, still a safe integer: no request body through a dev proxy is a petabyte.
    ['a 16-digit CL', 'POST', [['Content-Length', '1000000000000000']], 'PROXY_BAD_FRAMING 400'],
    ['a CL with a trailing letter', 'POST', [['Content-Length', '3x']], 'PROXY_BAD_FRAMING 400'],
    ['a CL in hex', 'POST', [['Content-Length', '0x10']], 'PROXY_BAD_FRAMING 400'],
    ['an empty CL', 'POST', [['Content-Length', '']], 'PROXY_BAD_FRAMING 400'],
    [
      'two TE lines',
      'POST',
      [
        ['Transfer-Encoding', 'chunked'],
        ['Transfer-Encoding', 'chunked'],
      ],
      'PROXY_BAD_FRAMING 400',
    ],
    ['gzip, chunked', 'POST', [['Transfer-Encoding', 'gzip, chunked']], 'PROXY_BAD_FRAMING 501'],
    ['a GET body', 'GET', [['Content-Length', '1']], 'PROXY_BAD_FRAMING 400'],
    ['a lowercase head body', 'head', [['Transfer-Encoding', 'chunked']], 'PROXY_BAD_FRAMING 400'],
    ['TRACE', 'TRACE', [], 'PROXY_METHOD_REFUSED 405'],
    ['track', 'track', [], 'PROXY_METHOD_REFUSED 405'],
    ['a GET with Content-Length: 0', 'GET', [['Content-Length', '0']], 'accepted'],
    ['a chunked DELETE', 'DELETE', [['Transfer-Encoding', 'Chunked']], 'accepted'],
    // Optional whitespace around a field value is not part of it (RFC 9110 §5.5).
    ['chunked between spaces', 'PATCH', [['Transfer-Encoding', ' chunked\t']], 'accepted'],
    [
      'a CL between spaces with TE',
      'POST',
      [
        ['Transfer-Encoding', 'chunked'],
        ['Content-Length', ' 3 '],
      ],
      'PROXY_BAD_FRAMING 400',
    ],
    ['CONNECT', 'CONNECT', [], 'PROXY_METHOD_REFUSED 405'],
  ])('%s', (_name, method, lines, expected) => {
    expect(code(() => requestFraming(method, lines))).toBe(expected);
  });

  it('restates only what Node parsed: length, chunked or nothing; Upgrade closes the connection after', () => {
    expect(requestFraming('POST', [['Content-Length', '12']])).toEqual({
      body: { kind: 'length', length: 12 },
      closeAfter: false,
    });
    expect(requestFraming('POST', [['Content-Length', '0']]).body).toEqual({ kind: 'none' });
    expect(requestFraming('GET', [['Upgrade', 'websocket']])).toEqual({
      body: { kind: 'none' },
      closeAfter: true,
    });
    expect(requestFraming('PUT', [['Content-Length', ' 7 ']]).body).toEqual({ kind: 'length', length: 7 });
    expect(requestFraming('PUT', [['Transfer-Encoding', 'chunked ']]).body).toEqual({ kind: 'chunked' });
    expect(framingHeaders({ kind: 'length', length: 7 })).toEqual([['Content-Length', '7']]);
    expect(framingHeaders({ kind: 'chunked' })).toEqual([['Transfer-Encoding', 'chunked']]);
    expect(framingHeaders({ kind: 'none' })).toEqual([]);
  });
});

describe('response framing', () => {
  it('restates a single plain Content-Length, nothing else', () => {
    expect(responseLength([['Content-Length', '3']])).toBe(3);
    expect(
      responseLength([
        ['Content-Length', '3'],
        ['Transfer-Encoding', 'chunked'],
      ]),
    ).toBeUndefined();
    expect(
      responseLength([
        ['Content-Length', '3'],
        ['Content-Length', '3'],
      ]),
    ).toBeUndefined();
    expect(responseLength([])).toBeUndefined();
    expect(responseLength([['content-length', '1234']])).toBe(1234);
    expect(responseLength([['Content-Length', '0']])).toBe(0);
    // Anything but 1 to 15 plain digits is left for Node to frame (chunked), never restated.
    for (const v of ['+3', '-3', '3x', 'x3', '3 3', '0x10', '', '1000000000000000'])
      expect(responseLength([['Content-Length', v]]), v).toBeUndefined();
  });

  it('every refusal names what is at fault, and how to send it instead', () => {
    const refusals: [string, HeaderList, RegExp][] = [
      [
        'POST',
        [
          ['Content-Length', '1'],
          ['Content-Length', '1'],
        ],
        /more than one Content-Length/,
      ],
      ['POST', [['Content-Length', 'x']], /Content-Length 'x'/],
      [
        'POST',
        [
          ['Transfer-Encoding', 'chunked'],
          ['Content-Length', '1'],
        ],
        /Transfer-Encoding and Content-Length/,
      ],
      [
        'POST',
        [
          ['Transfer-Encoding', 'chunked'],
          ['Transfer-Encoding', 'chunked'],
        ],
        /more than one Transfer-Encoding/,
      ],
      ['POST', [['Transfer-Encoding', 'gzip']], /transfer coding 'gzip'/],
      ['get', [['Content-Length', '1']], /A GET request may not carry a body/],
      [
        'OPTIONS',
        [
          ['Upgrade', 'websocket'],
          ['Content-Length', '1'],
        ],
        /Upgrade may not carry a body/,
      ],
      ['track', [], /does not forward TRACK requests/],
    ];
    for (const [method, lines, message] of refusals) {
      let err: { message: string; fix: string } | undefined;
      try {
        requestFraming(method, lines);
      } catch (e) {
        err = e as { message: string; fix: string };
      }
      expect(err?.message, method).toMatch(message);
      // The fix says what a client may send: one framing header, or another method.
      expect(err?.fix, method).toMatch(/Content-Length|method/);
    }
  });

  it('a refusal quotes at most 40 characters of the hostile value', () => {
    for (const lines of [
      [['Content-Length', `1${'x'.repeat(10_000)}`]],
      [['Transfer-Encoding', `gzip${'x'.repeat(10_000)}`]],
    ] as HeaderList[]) {
      let message = '';
      try {
        requestFraming('POST', lines);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^The /);
      expect(message.length).toBeLessThan(120);
    }
  });

  it('pools an upstream socket only after an answer whose end was certain', () => {
    expect(reusableAfter('GET', 200, [['Content-Length', '3']])).toBe(true);
    expect(reusableAfter('GET', 200, [['Transfer-Encoding', 'chunked']])).toBe(true);
    expect(reusableAfter('GET', 200, [])).toBe(false);
    expect(reusableAfter('GET', 200, [['Transfer-Encoding', 'gzip']])).toBe(false);
    expect(reusableAfter('HEAD', 200, [['Content-Length', '3']])).toBe(false);
    expect(reusableAfter('GET', 204, [])).toBe(false);
    expect(reusableAfter('GET', 304, [['Content-Length', '3']])).toBe(false);
    // No body follows 1xx, 204 or 304 whatever the headers say, so the end is not certain.
    expect(reusableAfter('GET', 204, [['Content-Length', '3']])).toBe(false);
    expect(reusableAfter('GET', 103, [['Content-Length', '3']])).toBe(false);
    expect(reusableAfter('GET', 199, [['Transfer-Encoding', 'chunked']])).toBe(false);
    expect(reusableAfter('head', 200, [['Transfer-Encoding', 'chunked']])).toBe(false);
    expect(
      reusableAfter('GET', 200, [
        ['Content-Length', '3'],
        ['Content-Length', '3'],
      ]),
    ).toBe(false);
    expect(
      reusableAfter('GET', 200, [
        ['Transfer-Encoding', 'chunked'],
        ['Transfer-Encoding', 'chunked'],
      ]),
    ).toBe(false);
    expect(reusableAfter('GET', 200, [['Transfer-Encoding', 'Chunked']])).toBe(true);
  });
});
