// Issue 16: an answered preflight on a node response with no header set yet goes out as one
// `writeHead(status, head)` (node-response.ts `answerOnNode`); any other answer takes the general writer.
// Both must put the same lines on the wire, in the same order. Over real HTTP, every case that picks a
// path: nothing set before, a header the app set before (Express's X-Powered-By), stray CORS headers and
// a Vary set before, a debug refusal with a body, and answers built per request or prebuilt.
import http from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { handleCors, cors as nodeCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/index.js';
import { listen, type RawResponse, type Running, send } from './servers.js';

const APP = 'https://app.example.com';
const OTHER = 'https://other.example.com';
const OWN_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
const POLICY = createCors({ origins: [APP, OTHER], methods: ['GET', 'PUT'], credentials: true, maxAge: 60 });

const open: Running[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A node:http server: `before` runs first (what other middleware set), then corsair, then the app. */
async function nodeServer(
  policy: ReturnType<typeof createCors>,
  before: (res: http.ServerResponse) => void = () => {},
): Promise<Running> {
  const s = await listen(
    http.createServer((req, res) => {
      before(res);
      if (handleCors(policy, req, res) === true) return;
      res.end('app');
    }),
  );
  open.push(s);
  return s;
}

/** The head as sent, in order, without the lines node adds per connection. */
function lines(r: RawResponse): [string, string][] {
  return r.headers.filter(([n]) => n !== 'Date' && n !== 'Connection');
}

const preflight = (origin: string, method = 'PUT'): [string, string][] => [
  ['Origin', origin],
  ['Access-Control-Request-Method', method],
];

function allowedPreflight(origin: string): [string, string][] {
  return [
    ['Access-Control-Allow-Origin', origin],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Access-Control-Allow-Methods', 'GET, PUT'],
    ['Access-Control-Max-Age', '60'],
    ['Vary', OWN_VARY],
    ['Content-Length', '0'],
  ];
}

describe('an answered preflight on a node response with nothing set before', () => {
  it('sends exactly the decision’s lines, Vary and Content-Length: 0, in order, with 204 and no body', async () => {
    const s = await nodeServer(POLICY);
    const r = await send(s.url, 'OPTIONS', preflight(APP));
    expect(r.status).toBe(204);
    expect(lines(r)).toEqual(allowedPreflight(APP));
    expect(r.body).toBe('');
  });

  it('each prebuilt answer keeps its own head, request after request', async () => {
    const s = await nodeServer(POLICY);
    for (const origin of [APP, OTHER, APP, OTHER]) {
      const r = await send(s.url, 'OPTIONS', preflight(origin));
      expect(lines(r)).toEqual(allowedPreflight(origin));
    }
  });

  it('an answer built per request (methods echoed) carries that request’s lines', async () => {
    const s = await nodeServer(createCors({ origins: [APP], methods: '*', credentials: true }));
    for (const method of ['PATCH', 'PURGE']) {
      const r = await send(s.url, 'OPTIONS', preflight(APP, method));
      expect(r.status).toBe(204);
      expect(lines(r)).toEqual([
        ['Access-Control-Allow-Origin', APP],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', method],
        ['Vary', OWN_VARY],
        ['Content-Length', '0'],
      ]);
    }
  });

  it('a debug refusal sends its reason as a body, with its length, not chunked', async () => {
    const s = await nodeServer(createCors({ origins: [APP], debug: () => {} }));
    const r = await send(s.url, 'OPTIONS', preflight('https://evil.example'));
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/^CORS preflight refused: .+\n$/);
    const names = lines(r).map(([n]) => n.toLowerCase());
    expect(names).not.toContain('transfer-encoding');
    expect(names.filter((n) => n.startsWith('access-control-'))).toEqual([]);
    expect(lines(r)).toContainEqual(['Content-Length', String(Buffer.byteLength(r.body))]);
    expect(lines(r)).toContainEqual(['Content-Type', 'text/plain; charset=utf-8']);
    expect(lines(r)).toContainEqual(['Vary', OWN_VARY]);
  });
});

describe('an answered preflight on a node response with headers set before', () => {
  it('Express: X-Powered-By (set before any middleware) is kept, before the CORS lines', async () => {
    const app = express();
    app.use(nodeCors(POLICY));
    app.options('/', (_req, res) => {
      res.send('app');
    });
    const s = await listen(http.createServer(app));
    open.push(s);
    const r = await send(s.url, 'OPTIONS', preflight(APP));
    expect(r.status).toBe(204);
    expect(lines(r)).toEqual([['X-Powered-By', 'Express'], ...allowedPreflight(APP)]);
  });

  it('stray CORS headers are replaced or removed, Vary is merged, the app’s own header kept', async () => {
    const s = await nodeServer(POLICY, (res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Expose-Headers', 'X-Secret');
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('X-Frame-Options', 'DENY');
    });
    const r = await send(s.url, 'OPTIONS', preflight(APP));
    expect(r.status).toBe(204);
    const sent = lines(r);
    expect(sent.filter(([n]) => n.toLowerCase().startsWith('access-control-'))).toEqual(
      allowedPreflight(APP).filter(([n]) => n.startsWith('Access-Control-')),
    );
    expect(sent.filter(([n]) => n === 'Vary')).toEqual([['Vary', `Accept-Encoding, ${OWN_VARY}`]]);
    expect(sent).toContainEqual(['X-Frame-Options', 'DENY']);
    expect(sent).toContainEqual(['Content-Length', '0']);
  });

  it('a header set and removed again before leaves the same answer as nothing set', async () => {
    const s = await nodeServer(POLICY, (res) => {
      res.setHeader('X-Tmp', '1');
      res.removeHeader('X-Tmp');
    });
    const r = await send(s.url, 'OPTIONS', preflight(APP));
    expect(lines(r)).toEqual(allowedPreflight(APP));
  });
});
