// The conformance case server: three loopback origins (the page, the API, a second API), one handler.
// It speaks HTTP/1.1 itself over node:net rather than node:http, for two reasons: node:http rejects
// request methods it does not know (`patch`, `FOO`) and header bytes such as 0x7F before any handler
// runs, and it adds Date/Connection/Content-Length lines to responses. Here every scripted header line
// reaches the browser exactly as scripted (duplicates stay separate lines, values byte for byte in
// latin1) and nothing is added except the framing lines the script itself ends with
// (conformance/case.ts FRAMING); every request is recorded with its raw header lines.

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import type { HeaderList, HttpRequest, HttpResponse } from '../../src/exchange.js';

/** A request the browser sent, as received. */
export interface RecordedRequest {
  /** Which listener received it. */
  readonly origin: string;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  /** Raw header lines, in order, duplicates kept (from `req.rawHeaders`). */
  readonly headers: HeaderList;
  /** When it was answered (`Date.now()`): a preflight's answer is when the browser caches its result. */
  readonly at: number;
}

/** How the server answers: a function of the case id and the request, or `null` for 404. */
export type CaseResponder = (caseId: string, request: HttpRequest) => HttpResponse | null;

/** A running case server. */
export interface CaseServer {
  /** `page` (http://127.0.0.1:P), `api` (http://localhost:Q), `api2` (http://127.0.0.1:R). */
  readonly origins: { readonly page: string; readonly api: string; readonly api2: string };
  /** Requests received for a case id, in arrival order. */
  requests(caseId: string): readonly RecordedRequest[];
  /** Forget recorded requests (all, or one case's). */
  clear(caseId?: string): void;
  close(): Promise<void>;
}

const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>corsair conformance</title><p>corsair';

/**
 * Case id of a `/case/<id>/<n>` path (the id may contain slashes).
 *
 * @example
 * caseIdOf('/case/redirect/get.302/1'); // 'redirect/get.302'
 */
export function caseIdOf(path: string): string | null {
  const m = /^\/case\/(.+)\/[^/]*$/.exec(path.split('?')[0] ?? '');
  return m ? (m[1] ?? null) : null;
}

/**
 * Serialize a response exactly: status line, each header line as given, blank line, no body.
 *
 * @example
 * serializeResponse({ status: 204, headers: [['Connection', 'close']] }).toString(); // 'HTTP/1.1 204 OK\r\nConnection: close\r\n\r\n'
 */
export function serializeResponse(res: HttpResponse): Buffer {
  let head = `HTTP/1.1 ${res.status} ${res.status < 400 ? 'OK' : 'Error'}\r\n`;
  for (const [name, value] of res.headers) head += `${name}: ${value}\r\n`;
  return Buffer.from(`${head}\r\n`, 'latin1');
}

/** A parsed request head: request line and raw header lines. */
export interface RequestHead {
  readonly method: string;
  readonly target: string;
  readonly headers: HeaderList;
}

/**
 * Parse an HTTP/1.1 request head (everything before the blank line), leniently: any method token,
 * any header bytes except CR/LF. Returns `null` when the request line is malformed.
 *
 * @example
 * parseRequestHead('patch /x HTTP/1.1\r\nHost: a\r\nX-A: 1'); // { method: 'patch', target: '/x', headers: [['Host','a'],['X-A','1']] }
 */
export function parseRequestHead(head: string): RequestHead | null {
  const lines = head.split('\r\n');
  const m = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { method: m[1]!, target: m[2]!, headers };
}

const MAX_HEAD = 256 * 1024;

/** Read one request (head and Content-Length body) from a socket, then call `onRequest`. */
function serveConnection(socket: Socket, onRequest: (head: RequestHead) => Buffer): void {
  let buffer = Buffer.alloc(0);
  let head: RequestHead | null = null;
  let bodyStart = -1;
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    if (head !== null && bodyStart === -1) return;
    buffer = Buffer.concat([buffer, chunk]);
    if (head === null) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) {
        if (buffer.length > MAX_HEAD) socket.destroy();
        return;
      }
      head = parseRequestHead(buffer.subarray(0, end).toString('latin1'));
      if (head === null) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        return;
      }
      bodyStart = end + 4;
    }
    const length = Number(head.headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1] ?? 0);
    if (buffer.length - bodyStart < (Number.isFinite(length) ? length : 0)) return;
    bodyStart = -1;
    socket.end(onRequest(head));
  });
}

/**
 * Start the three listeners (127.0.0.1 only, ephemeral ports).
 *
 * @example
 * const server = await startCaseServer((id, req) => ({ status: 200, headers: [['Connection', 'close']] }));
 * await server.close();
 */
export async function startCaseServer(responder: CaseResponder): Promise<CaseServer> {
  const log = new Map<string, RecordedRequest[]>();
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const origins: Record<string, string> = {};
  const page = Buffer.from(PAGE_HTML, 'utf8');

  const handle =
    (slot: string) =>
    (req: RequestHead): Buffer => {
      const origin = origins[slot]!;
      const path = req.target;
      if (slot === 'page' && (path === '/' || path.startsWith('/?')) && req.method === 'GET') {
        return Buffer.concat([
          serializeResponse({
            status: 200,
            headers: [
              ['Content-Type', 'text/html; charset=utf-8'],
              ['Content-Length', String(page.length)],
              ['Connection', 'close'],
            ],
          }),
          page,
        ]);
      }
      const id = caseIdOf(path);
      const notFound = serializeResponse({
        status: 404,
        headers: [
          ['Content-Length', '0'],
          ['Connection', 'close'],
        ],
      });
      if (id === null) return notFound;
      const recorded: RecordedRequest = {
        origin,
        method: req.method,
        path,
        headers: req.headers,
        at: Date.now(),
      };
      const list = log.get(id);
      if (list) list.push(recorded);
      else log.set(id, [recorded]);
      const response = responder(id, { method: req.method, url: `${origin}${path}`, headers: req.headers });
      return response === null ? notFound : serializeResponse(response);
    };

  for (const slot of ['page', 'api', 'api2'] as const) {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serveConnection(socket, handle(slot));
    });
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    origins[slot] = `http://${slot === 'api' ? 'localhost' : '127.0.0.1'}:${port}`;
  }

  return {
    origins: { page: origins.page!, api: origins.api!, api2: origins.api2! },
    requests: (id) => log.get(id) ?? [],
    clear: (id) => {
      if (id === undefined) log.clear();
      else log.delete(id);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}
