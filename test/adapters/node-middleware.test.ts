// corsair-cors/node on real node request and response objects (no socket: node still validates every
// header and serializes the head into `_header`): when the Connect middleware goes on (`next`), which
// path a policy with routes decides by, and every form of `writeHead` a handler may call, through both
// kinds of hook (a bare response's own, and the one on a framework's response prototype).
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { handleCors, cors as nodeCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/index.js';

const APP = 'https://app.example.com';
const PREFLIGHT = { origin: APP, 'access-control-request-method': 'PUT' };

function exchange(
  headers: Record<string, string>,
  {
    method = 'GET',
    url = '/',
    Res = ServerResponse,
  }: { method?: string; url?: string; Res?: typeof ServerResponse } = {},
) {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = url;
  req.headers = headers;
  return { req, res: new Res(req) };
}

/** The head node serialized: status line, then lines as `name: value` with names lowercased. */
function head(res: ServerResponse): { status: string; lines: string[] } {
  const [status, ...rest] = (res as unknown as { _header: string })._header.split('\r\n');
  return {
    status: status!,
    lines: rest.filter((l) => l !== '').map((l) => l.replace(/^[^:]+/, (n) => n.toLowerCase())),
  };
}

/** The next() calls and errors a middleware made, once its promise (if any) settles. */
async function run(mw: ReturnType<typeof nodeCors>, req: IncomingMessage, res: ServerResponse) {
  const calls: unknown[] = [];
  await new Promise<void>((resolve) => {
    mw(req, res, (err?: unknown) => {
      calls.push(err ?? 'next');
      resolve();
    });
    setTimeout(resolve, 20);
  });
  return calls;
}

describe('the Connect middleware goes on exactly when the policy did not answer', () => {
  const sync = nodeCors({ origins: [APP], methods: ['PUT'] });
  const slow = nodeCors({ origins: [async (o: string) => o === APP], methods: ['PUT'] });

  it.each([
    ['an allowed GET', sync, { origin: APP }, 'GET', ['next']],
    ['a refused GET', sync, { origin: 'https://evil.example' }, 'GET', ['next']],
    ['an answered preflight', sync, PREFLIGHT, 'OPTIONS', []],
    ['an allowed GET, origin decided later', slow, { origin: APP }, 'GET', ['next']],
    ['an answered preflight, origin decided later', slow, PREFLIGHT, 'OPTIONS', []],
  ] as const)('%s', async (_name, mw, headers, method, expected) => {
    const { req, res } = exchange(headers, { method });
    expect(await run(mw, req, res)).toEqual(expected);
    if (method === 'OPTIONS') expect(head(res).status).toBe('HTTP/1.1 204 No Content');
  });

  it('an origin predicate that fails and a stacked policy go to next as errors', async () => {
    const failing = nodeCors({
      origins: [
        async () => {
          throw new Error('lookup failed');
        },
      ],
    });
    const a = exchange({ origin: APP });
    expect(((await run(failing, a.req, a.res))[0] as Error).message).toBe('lookup failed');
    const b = exchange({ origin: APP });
    await run(nodeCors({ origins: [APP] }), b.req, b.res);
    const [err] = await run(nodeCors({ origins: '*' }), b.req, b.res);
    expect((err as { code?: string }).code).toBe('POLICY_MIDDLEWARE_STACKED');
  });
});

describe('the path a policy with routes decides by', () => {
  const policy = createCors({
    origins: [APP],
    routes: [{ path: '/open/*', origins: '*' }],
  });
  const acao = (res: ServerResponse) => {
    res.end();
    return res.getHeader('access-control-allow-origin');
  };

  it('Express’s originalUrl (the full path inside a mounted router), else url, else /', () => {
    const mounted = exchange({ origin: 'https://other.example' }, { url: '/x' });
    (mounted.req as { originalUrl?: string }).originalUrl = '/open/x';
    handleCors(policy, mounted.req, mounted.res);
    expect(acao(mounted.res)).toBe('*');

    const plain = exchange({ origin: 'https://other.example' }, { url: '/open/x' });
    handleCors(policy, plain.req, plain.res);
    expect(acao(plain.res)).toBe('*');

    const none = exchange({ origin: APP });
    (none.req as { url?: string }).url = undefined;
    handleCors(policy, none.req, none.res);
    expect(acao(none.res)).toBe(APP);
  });

  it('a request without a method is read as a GET', () => {
    const { req, res } = exchange({ origin: APP });
    (req as { method?: string }).method = undefined;
    expect(handleCors(policy, req, res)).toBe(false);
    expect(acao(res)).toBe(APP);
  });
});

describe.each([
  ['a bare response (its own hook)', ServerResponse],
  ['a response on a framework prototype (the shared hook)', class extends ServerResponse {}],
])('writeHead in every form, on %s', (_name, Res) => {
  const policy = createCors({ origins: [APP], credentials: true });
  function decided() {
    const x = exchange({ origin: APP }, { Res: Res as typeof ServerResponse });
    expect(handleCors(policy, x.req, x.res)).toBe(false);
    return x.res;
  }
  const ours = [`access-control-allow-origin: ${APP}`, 'access-control-allow-credentials: true'];

  it('status, message and an object: the message kept, Vary merged, the handler’s ACAO replaced', () => {
    const res = decided();
    res.writeHead(201, 'Made', { Vary: 'Accept', 'X-A': '1', 'Access-Control-Allow-Origin': '*' }).end();
    const h = head(res);
    expect(h.status).toBe('HTTP/1.1 201 Made');
    expect(h.lines).toEqual(expect.arrayContaining([...ours, 'vary: Accept, Origin', 'x-a: 1']));
    expect(h.lines.filter((l) => l.startsWith('access-control-allow-origin'))).toHaveLength(1);
  });

  it('status and an object, no message: node’s own message', () => {
    const res = decided();
    res.writeHead(202, { 'X-A': '1' }).end();
    expect(head(res).status).toBe('HTTP/1.1 202 Accepted');
    expect(head(res).lines).toContain('x-a: 1');
  });

  it('a flat list: its names replace what was set, its repeated names stay lines of their own', () => {
    const res = decided();
    res.setHeader('X-B', '0');
    res.writeHead(200, ['X-B', '1', 'X-B', '2', 'Vary', 'Accept']).end();
    const h = head(res);
    expect(h.lines.filter((l) => l.startsWith('x-b'))).toEqual(['x-b: 1', 'x-b: 2']);
    expect(h.lines).toEqual(expect.arrayContaining([...ours, 'vary: Accept, Origin']));
  });

  it('null or undefined headers, with and without a message', () => {
    for (const args of [
      [200, null],
      [200, 'Fine', null],
      [200, undefined],
      [200, 'Fine', undefined],
    ] as const) {
      const res = decided();
      (res.writeHead as (...a: unknown[]) => ServerResponse)(...args);
      res.end();
      expect(head(res).status).toBe(args.length === 3 ? 'HTTP/1.1 200 Fine' : 'HTTP/1.1 200 OK');
      expect(head(res).lines).toEqual(expect.arrayContaining([...ours, 'vary: Origin']));
    }
  });

  it('an undefined header value is refused as node refuses it', () => {
    const res = decided();
    expect(() => res.writeHead(200, { 'X-U': undefined as unknown as string })).toThrow(
      expect.objectContaining({ code: 'ERR_HTTP_INVALID_HEADER_VALUE' }),
    );
  });
});
