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
  });

  it('pools an upstream socket only after an answer whose end was certain', () => {
    expect(reusableAfter('GET', 200, [['Content-Length', '3']])).toBe(true);
    expect(reusableAfter('GET', 200, [['Transfer-Encoding', 'chunked']])).toBe(true);
    expect(reusableAfter('GET', 200, [])).toBe(false);
    expect(reusableAfter('GET', 200, [['Transfer-Encoding', 'gzip']])).toBe(false);
    expect(reusableAfter('HEAD', 200, [['Content-Length', '3']])).toBe(false);
    expect(reusableAfter('GET', 204, [])).toBe(false);
    expect(reusableAfter('GET', 304, [['Content-Length', '3']])).toBe(false);
  });
});
