// The node writer on real node:http ServerResponse objects (no socket: node still validates, stores and
// serializes the head, which `_header` holds): whatever CORS headers and Vary a handler left, the head
// carries exactly the decision's lines, the handler's other headers (Private Network Access included),
// and one merged Vary. Over real HTTP, every way a handler writes: write-once.test.ts.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/index.js';

const APP = 'https://app.example.com';
const policy = createCors({ origins: [APP], credentials: true, methods: ['PUT'], maxAge: 600 });

function exchange(method: string, headers: Record<string, string>) {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = '/';
  req.headers = headers;
  return { req, res: new ServerResponse(req) };
}

/** The head node serialized, as [lowercase name, value] lines, without the status line. */
function head(res: ServerResponse): [string, string][] {
  const raw = (res as unknown as { _header: string })._header;
  return raw
    .split('\r\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]);
}

// What a handler may have set before the head goes out, in the spellings handlers use.
const STRAY: [string, string][] = [
  ['Access-Control-Allow-Origin', '*'],
  ['access-control-allow-credentials', 'false'],
  ['Access-Control-Allow-Methods', 'DELETE'],
  ['ACCESS-CONTROL-ALLOW-HEADERS', 'X-Evil'],
  ['Access-Control-Max-Age', '86400'],
  ['Access-Control-Expose-Headers', 'X-Secret'],
  ['Access-Control-Allow-Private-Network', 'true'],
  ['Vary', 'Accept-Encoding'],
  ['X-Request-Id', '7'],
];

describe('node writer: the head carries the decision’s lines over whatever the handler left', () => {
  it('for any stray headers, an allowed GET', () => {
    fc.assert(
      fc.property(fc.subarray(STRAY), (stray) => {
        const { req, res } = exchange('GET', { origin: APP });
        expect(handleCors(policy, req, res)).toBe(false);
        for (const [n, v] of stray) res.setHeader(n, v);
        res.end('ok');
        const lines = head(res).filter(([n]) => n !== 'date' && n !== 'connection' && n !== 'content-length');
        const kept = stray
          .filter(([n]) => /^(x-|access-control-allow-private-network$)/i.test(n))
          .map(([n, v]) => [n.toLowerCase(), v]);
        const vary = stray.some(([n]) => n === 'Vary') ? 'Accept-Encoding, Origin' : 'Origin';
        expect(lines.sort()).toEqual(
          [
            ['access-control-allow-origin', APP],
            ['access-control-allow-credentials', 'true'],
            ['vary', vary],
            ...kept,
          ].sort(),
        );
      }),
    );
  });

  it('for any stray headers set before it, an answered preflight', () => {
    fc.assert(
      fc.property(fc.subarray(STRAY), (stray) => {
        const { req, res } = exchange('OPTIONS', { origin: APP, 'access-control-request-method': 'PUT' });
        for (const [n, v] of stray) res.setHeader(n, v);
        expect(handleCors(policy, req, res)).toBe(true);
        const lines = head(res).filter(([n]) => n !== 'date' && n !== 'connection');
        const kept = stray
          .filter(([n]) => /^(x-|access-control-allow-private-network$)/i.test(n))
          .map(([n, v]) => [n.toLowerCase(), v]);
        const own = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
        const vary = stray.some(([n]) => n === 'Vary') ? `Accept-Encoding, ${own}` : own;
        expect(res.statusCode).toBe(204);
        expect(lines.sort()).toEqual(
          [
            ['access-control-allow-origin', APP],
            ['access-control-allow-credentials', 'true'],
            ['access-control-allow-methods', 'PUT'],
            ['access-control-max-age', '600'],
            ['vary', vary],
            ['content-length', '0'],
            ...kept,
          ].sort(),
        );
      }),
    );
  });
});
