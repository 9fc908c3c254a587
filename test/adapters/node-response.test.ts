// The node writer on real node:http ServerResponse objects (no socket: node still validates, stores and
// serializes the head, which `_header` holds): whatever CORS headers and Vary a handler left, the head
// carries exactly the decision's lines, the handler's other headers (Private Network Access included),
// and one merged Vary. Over real HTTP, every way a handler writes: write-once.test.ts.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleCors } from '../../src/adapters/node.js';
import { finishOnHead } from '../../src/adapters/node-response.js';
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

describe('node writer: the writeHead hook', () => {
  // Express gives every response another prototype, after which V8 adds each new property to it through
  // a slow path (2-5 µs each, issue 16): hooking a response adds `writeHead` and nothing else.
  it('adds one own property to the response: writeHead', () => {
    const { req, res } = exchange('GET', { origin: APP });
    const before = Reflect.ownKeys(res);
    expect(handleCors(policy, req, res)).toBe(false);
    expect(Reflect.ownKeys(res).filter((k) => !before.includes(k))).toEqual(['writeHead']);
  });

  it('a later decision replaces the earlier one, through the same hook', () => {
    const { req, res } = exchange('GET', { origin: APP });
    const allowed = policy.decideValues('GET', APP, undefined, undefined, '/');
    const refused = policy.decideValues('GET', 'https://evil.example', undefined, undefined, '/');
    if (allowed instanceof Promise || refused instanceof Promise) throw new Error('sync policy');
    finishOnHead(req, res, allowed, policy);
    const hook = res.writeHead;
    finishOnHead(req, res, refused, policy);
    expect(res.writeHead).toBe(hook);
    res.end('ok');
    expect(head(res).filter(([n]) => n.startsWith('access-control-') || n === 'vary')).toEqual([
      ['vary', 'Origin'],
    ]);
  });

  it('a writeHead another library hooked before runs after ours, with the CORS headers set', () => {
    const { req, res } = exchange('GET', { origin: APP });
    const seen: unknown[] = [];
    const theirs = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
      seen.push(this.getHeader('access-control-allow-origin'));
      return theirs.apply(this, args);
    } as ServerResponse['writeHead'];
    expect(handleCors(policy, req, res)).toBe(false);
    res.end('ok');
    expect(seen).toEqual([APP]);
    expect(head(res)).toContainEqual(['access-control-allow-origin', APP]);
  });
});
