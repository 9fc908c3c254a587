// Shared fixtures for the proxy tests: a real upstream on loopback, a proxy in front of it, and a
// record of every outgoing connection attempt (to prove refused targets are never connected to).
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createCorsProxy } from '../../src/proxy/server.js';
import type { CorsProxy, ProxyLogEntry, ProxyOptions } from '../../src/proxy/types.js';

export interface Upstream {
  readonly url: string;
  readonly port: number;
  /** Every request the upstream received. */
  readonly seen: { method: string; url: string; headers: string[] }[];
  close(): Promise<void>;
}

/** Start an upstream on 127.0.0.1 with the given handler. */
export async function startUpstream(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.rawHeaders });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RunningProxy {
  readonly url: string;
  readonly proxy: CorsProxy;
  readonly logs: ProxyLogEntry[];
  close(): Promise<void>;
}

/** Start a proxy on 127.0.0.1:0 collecting its log entries. */
export async function startProxy(options: Omit<ProxyOptions, 'onLog'>): Promise<RunningProxy> {
  const logs: ProxyLogEntry[] = [];
  const proxy = createCorsProxy({ ...options, onLog: (e) => logs.push(e) });
  const { url } = await proxy.listen({ port: 0 });
  return { url, proxy, logs, close: () => proxy.close() };
}

/** Record the address of every outgoing TCP connection attempt in this process while active. */
export function watchConnections(): { attempts: string[]; stop(): void } {
  const attempts: string[] = [];
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    socket.on('connectionAttempt', (ip: string, port: number) => attempts.push(`${ip}:${port}`));
  };
  subscribe('net.client.socket', onSocket);
  return { attempts, stop: () => unsubscribe('net.client.socket', onSocket) };
}

/** The value of a header in Node's flat rawHeaders. */
export function rawHeader(raw: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2)
    if (raw[i]!.toLowerCase() === name.toLowerCase()) out.push(raw[i + 1]!);
  return out;
}
