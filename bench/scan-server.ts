// A loopback API for the scan benchmark, in its own process (forked by bench/scan.ts) so the scanner's
// figures are its own: a correct CORS configuration (exact origin, credentials, Vary), optionally a rate
// limit that answers 429 with Retry-After above N requests in any second, counting what it received.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const limit = Number(process.argv[2] ?? 0);
const TRUSTED = 'https://app.example.com';
const times: number[] = [];
let windowStart = 0;
let refused = 0;
let first429: number | null = null;

const server = http.createServer((req, res) => {
  const now = performance.now();
  times.push(now);
  if (limit > 0) {
    while ((times[windowStart] as number) <= now - 1000) windowStart++;
    if (times.length - windowStart > limit) {
      refused++;
      first429 ??= now;
      res.writeHead(429, { 'Retry-After': '1' }).end();
      return;
    }
  }
  res.setHeader('Vary', 'Origin');
  if (req.headers.origin === TRUSTED) {
    res.setHeader('Access-Control-Allow-Origin', TRUSTED);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if (req.method === 'OPTIONS') {
    if (req.headers.origin === TRUSTED) res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
    res.writeHead(204).end();
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  res.end('{"ok":true}');
});

/** Most requests in any 1 s window starting at or after `from`. */
function busiest(from: number): number {
  let most = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    if ((times[i] as number) < from) continue;
    j = Math.max(j, i);
    while (j < times.length && (times[j] as number) < (times[i] as number) + 1000) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (m: { stats?: boolean }) => {
  if (!m.stats) return;
  process.send?.({
    requests: times.length,
    refused,
    busiestSecond: busiest(0),
    busiestSecondAfterFirst429: first429 === null ? null : busiest(first429 + 1000),
  });
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
