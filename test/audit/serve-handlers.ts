// Loopback CORS servers for scan suites: each handler on its own port for the file's tests, one transport.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { scanTarget } from '../../src/audit/index.js';
import type { Send } from '../../src/audit/types.js';
import type { BrowserProfile } from '../../src/browser/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import { TRUSTED } from './zoo.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Every origin without credentials, `*` in Allow-Headers (a wildcard without credentials): the probe's PUT passes. */
export const anonymousStar: Handler = (req, res) => {
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
  res.setHeader('Access-Control-Allow-Methods', 'PUT');
  res.setHeader('Access-Control-Allow-Headers', '*');
  res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
  res.end();
};

/**
 * Serve every handler on 127.0.0.1 for the calling file's tests (started in beforeAll, closed in afterAll).
 *
 * @example
 * const { urls, send, scan } = serveHandlers({ reflectAll: (req, res) => res.end() });
 */
export function serveHandlers<K extends string>(handlers: Record<K, Handler>) {
  const urls: Partial<Record<K, string>> = {};
  const servers: http.Server[] = [];
  let transport: HttpTransport;
  beforeAll(async () => {
    transport = createHttpTransport({ timeoutMs: 5000 });
    for (const [name, handler] of Object.entries(handlers) as [K, Handler][]) {
      const server = http.createServer(handler);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    }
  });
  afterAll(async () => {
    await transport.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
  const send: Send = (request) => transport.send(request);
  /** scanTarget on one of the servers, trusting TRUSTED. */
  const scan = (name: K, profiles?: readonly BrowserProfile[]) =>
    scanTarget(urls[name]!, { send, trustedOrigin: TRUSTED, profiles });
  return { urls, send, scan };
}
