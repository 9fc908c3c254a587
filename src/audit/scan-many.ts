import { CorsairError } from '../errors.js';
import { type ScanOptions, scanTarget } from './scan.js';
import type { TargetResult } from './types.js';

/**
 * Options of `scanMany`.
 *
 * @example
 * const opts: ScanManyOptions = { send: http.send, concurrency: 4, perHostRps: 5 };
 */
export interface ScanManyOptions extends Omit<ScanOptions, 'beforeRequest'> {
  /** Targets scanned at once. Default 4. */
  readonly concurrency?: number;
  /** Most requests per second sent to one host (0 = unlimited). Default 10. */
  readonly perHostRps?: number;
  /** Called once per target as soon as it is done (write a JSON Lines record here). */
  readonly onResult?: (result: TargetResult) => void | Promise<void>;
}

/**
 * A per-host rate limiter: `wait(host)` resolves when the next request to that host may go out.
 *
 * @example
 * const limit = createHostLimiter(5); await limit('api.example.com');
 */
export function createHostLimiter(rps: number): (host: string) => Promise<void> {
  const next = new Map<string, number>();
  const gap = rps > 0 ? 1000 / rps : 0;
  return async (host) => {
    if (gap === 0) return;
    const now = Date.now();
    const at = Math.max(now, next.get(host) ?? 0);
    next.set(host, at + gap);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
}

/**
 * Scan many targets with bounded concurrency and a per-host rate limit. A target that fails (network,
 * TLS, bad URL) yields a result with `error` set; the others go on.
 *
 * @example
 * const results = await scanMany(['https://a.example.com/', 'https://b.example.com/'], { send: http.send, onResult: (r) => out.write(`${JSON.stringify(r)}\n`) });
 */
export async function scanMany(
  targets: readonly string[],
  options: ScanManyOptions,
): Promise<TargetResult[]> {
  const limit = createHostLimiter(options.perHostRps ?? 10);
  const results: TargetResult[] = new Array(targets.length);
  let index = 0;
  const worker = async () => {
    while (index < targets.length) {
      const i = index++;
      const target = targets[i] as string;
      let result: TargetResult;
      try {
        result = await scanTarget(target, {
          ...options,
          beforeRequest: (req) => limit(hostOf(req.url)),
        });
      } catch (err) {
        result = { target, findings: [], error: describeError(err), requests: 0 };
      }
      results[i] = result;
      await options.onResult?.(result);
    }
  };
  const n = Math.max(1, Math.min(options.concurrency ?? 4, targets.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

function describeError(err: unknown): { code: string; message: string; fix: string } {
  if (err instanceof CorsairError) return err.toJSON();
  return {
    code: 'SCAN_FAILED',
    message: err instanceof Error ? err.message : String(err),
    fix: 'Report this as a bug.',
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
