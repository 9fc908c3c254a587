// The loopback servers the docs' `corsair` transcripts talk to (docs/cli.md, README.md): recorded with
// test/cli/record-transcripts.ts on ports 8081–8084, replayed by test/docs/docs.test.ts on free ports.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import cors from 'cors';
import express from 'express';
import { handleCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/policy/index.js';
import { goodApi } from '../cli/servers.js';

export const APP = 'https://app.example.com';

/** The transcripts' `cors.json`. */
export const TRANSCRIPT_POLICY = {
  origins: [APP],
  methods: ['GET', 'PUT'],
  allowedHeaders: ['Content-Type'],
  credentials: true,
};

/** The ports the transcripts show. */
export const DOC_PORTS = [8081, 8082, 8083, 8084] as const;

function listen(port: number, handler: http.RequestListener): Promise<http.Server> {
  const s = http.createServer(handler);
  return new Promise((r) => s.listen(port, '127.0.0.1', () => r(s)));
}

export interface TranscriptServers {
  /** Shown port (8081…) → the port actually listened on. */
  readonly ports: ReadonlyMap<number, number>;
  close(): void;
}

/** The four servers; `fixed` listens on the shown ports (recording), otherwise on free ports. */
export async function startTranscriptServers(fixed = false): Promise<TranscriptServers> {
  const policy = createCors(TRANSCRIPT_POLICY);
  const handlers: http.RequestListener[] = [
    // 8081: a hand-written API that allows GET and PUT for the app.
    goodApi(APP),
    // 8082: the `cors` package reflecting any origin with credentials.
    express()
      .use(cors({ origin: true, credentials: true }))
      .get('/me', (_q, r) => r.json({ user: 'alice' })),
    // 8083: the policy, with corsair.
    (req, res) => {
      if (handleCors(policy, req, res) !== true) res.end('{}');
    },
    // 8084: the same policy, plus a "temporary" exception for null that made it to production.
    (req, res) => {
      if (req.headers.origin === 'null') {
        res.setHeader('Access-Control-Allow-Origin', 'null');
        res.setHeader('Access-Control-Allow-Credentials', 'true');
        res.end('{}');
        return;
      }
      if (handleCors(policy, req, res) !== true) res.end('{}');
    },
  ];
  const servers = await Promise.all(handlers.map((h, i) => listen(fixed ? (DOC_PORTS[i] ?? 0) : 0, h)));
  return {
    ports: new Map(servers.map((s, i) => [DOC_PORTS[i] ?? 0, (s.address() as AddressInfo).port])),
    close() {
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
    },
  };
}
