// The load generator of bench/http.ts: a long-lived child process (pinned to its own core by the
// parent) that runs one bounded autocannon load per message and answers with what it counted. Keeping
// it alive between slices means no process start-up lands inside a measured slice.
import autocannon from 'autocannon';

/** One slice of load: loopback only, a fixed duration. */
export interface LoadRequest {
  readonly port: number;
  readonly path: string;
  readonly method: 'GET' | 'OPTIONS';
  readonly headers: Record<string, string>;
  readonly seconds: number;
  readonly connections: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly non2xx: number;
  readonly errors: number;
}

process.on('message', async (m: LoadRequest) => {
  const r = await autocannon({
    url: `http://127.0.0.1:${m.port}${m.path}`,
    method: m.method,
    headers: m.headers,
    connections: m.connections,
    duration: m.seconds,
    // autocannon ends a run at its first sample tick after the duration: at its default of one tick a
    // second, a 0.5 s slice lasted 1 s.
    sampleInt: 100,
  });
  const out: LoadResult = {
    requests: r.requests.total,
    seconds: r.duration,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
  process.send?.(out);
});
