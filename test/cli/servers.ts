// Small loopback servers for the CLI tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  readonly url: string;
  readonly hits: () => number;
  readonly close: () => Promise<void>;
}

export async function serve(handler: http.RequestListener): Promise<TestServer> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Allows exactly `origin` with credentials, PUT and Content-Type, Vary: Origin: a correct API. */
export function goodApi(origin: string): http.RequestListener {
  return (req, res) => {
    res.setHeader('Vary', 'Origin');
    if (req.headers.origin === origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method === 'OPTIONS') {
      if (req.headers.origin === origin) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
        res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      }
      res.statusCode = 204;
      res.end();
      return;
    }
    res.setHeader('Content-Type', 'application/json');
    res.end('{"ok":true}');
  };
}
