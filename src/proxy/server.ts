// The development CORS proxy: the policy engine decides CORS, the upstream only ever sees requests for
// its own configured URL, from a socket pinned to an address checked against SSRF, framed by the proxy.
import { createServer, type Server } from 'node:http';
import { compileProxyConfig } from './config.js';
import { createHandler } from './handler.js';
import type { CorsProxy, ProxyOptions } from './types.js';

/**
 * Create a CORS proxy: a loopback-only HTTP server that forwards to its configured target(s), answers
 * preflights and sets CORS headers from corsair's policy engine, refuses internal upstream addresses
 * (after DNS, pinned for the connection) unless `allowPrivate`, refuses requests whose body framing is
 * ambiguous, and streams bodies both ways. Throws a `ProxyError` or `CorsConfigError` for bad options.
 *
 * @example
 * const proxy = createCorsProxy({
 *   targets: ['https://api.example.com'],
 *   cors: { origins: ['http://localhost:5173'], methods: '*', allowedHeaders: '*', credentials: true },
 *   onLog: (e) => console.log(formatLogEntry(e)),
 * });
 * const { url } = await proxy.listen({ port: 8787 }); // 'http://127.0.0.1:8787'
 */
export function createCorsProxy(options: ProxyOptions): CorsProxy {
  const config = compileProxyConfig(options);
  const handle = createHandler(config);
  let server: Server | undefined;
  return {
    handle,
    listen({ port = 8787, host = '127.0.0.1' } = {}) {
      return new Promise((resolve, reject) => {
        // Strict parsing whatever NODE_OPTIONS says (--insecure-http-parser would accept TE+CL, obs-fold…).
        const s = createServer({ insecureHTTPParser: false }, handle);
        server = s;
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          const addr = s.address();
          const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
          const shown = host.includes(':') ? `[${host}]` : host;
          resolve({ url: `http://${shown}:${bound}`, port: bound, host });
        });
      });
    },
    close() {
      config.agents.destroy();
      const s = server;
      if (s === undefined) return Promise.resolve();
      return new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}
