// The conformance case server: three loopback origins (the page, the API, a second API), one handler.
// Responses are written raw on the socket so every scripted header line reaches the browser exactly as
// scripted: duplicates stay separate lines, values are sent byte for byte (latin1), nothing is added
// except the framing lines the script itself ends with (see conformance/case.ts FRAMING).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** Case id of a `/case/<id>/<n>` path (the id may contain slashes). */
export function caseIdOf(path: string): string | null {
  const m = /^\/case\/(.+)\/[^/]*$/.exec(path.split('?')[0] ?? '');
  return m ? (m[1] ?? null) : null;
}

/** Serialize a response exactly: status line, each header line as given, blank line, no body. */
export function serializeResponse(res: HttpResponse): Buffer {
  let head = `HTTP/1.1 ${res.status} ${res.status < 400 ? 'OK' : 'Error'}\r\n`;
  for (const [name, value] of res.headers) head += `${name}: ${value}\r\n`;
  return Buffer.from(`${head}\r\n`, 'latin1');
}

function pairs(raw: readonly string[]): HeaderList {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
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
  const origins: Record<string, string> = {};

  const handle = (slot: string) => (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const origin = origins[slot]!;
    const headers = pairs(req.rawHeaders);
    const finish = (response: HttpResponse | null) => {
      if (response === null) {
        res.writeHead(404, { 'content-type': 'text/plain', connection: 'close' }).end('not found');
        return;
      }
      // Bypass node's response writer: it would add Date/Connection/Content-Length lines.
      req.socket.end(serializeResponse(response));
    };
    req.resume();
    req.on('end', () => {
      if (slot === 'page' && (path === '/' || path.startsWith('/?'))) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_HTML);
        return;
      }
      const id = caseIdOf(path);
      if (id === null) return finish(null);
      const recorded: RecordedRequest = { origin, method: req.method ?? '', path, headers };
      const list = log.get(id);
      if (list) list.push(recorded);
      else log.set(id, [recorded]);
      finish(responder(id, { method: req.method ?? '', url: `${origin}${path}`, headers }));
    });
  };

  for (const slot of ['page', 'api', 'api2'] as const) {
    const server = createServer({ keepAlive: false }, handle(slot));
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
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}
