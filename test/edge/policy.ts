// The policy every example in examples/ serves, written out here by hand (not imported from the
// examples), with the origins the tests use: pages on *.localhost, which Chromium resolves to loopback.
import type { CorsOptions } from '../../src/policy/types.js';

/**
 * The page origins a test uses, all served by one loopback page server on `pagePort`.
 *
 * @example
 * const { exact, pattern, env } = edgeOrigins(5173);
 */
export interface EdgeOrigins {
  /** The exact origin the policy lists: `http://app.localhost:P`. */
  readonly exact: string;
  /** The wildcard pattern the policy lists: `http://*.preview.localhost:P`. */
  readonly pattern: string;
  /** Concrete origins the pattern matches (one level and two levels deep). */
  readonly patternSamples: readonly string[];
  /** Origins one slip away from an allowed one, which must be refused. */
  readonly nearMisses: readonly { readonly label: string; readonly origin: string }[];
  /** The examples' CORS_ORIGINS setting for these origins. */
  readonly env: string;
  /** The options the examples build from that setting. */
  readonly options: CorsOptions;
}

/**
 * The origins and options for a page server on `pagePort`.
 *
 * @example
 * const o = edgeOrigins(5173); // o.exact === 'http://app.localhost:5173'
 */
export function edgeOrigins(pagePort: number): EdgeOrigins {
  const p = `:${pagePort}`;
  const exact = `http://app.localhost${p}`;
  const pattern = `http://*.preview.localhost${p}`;
  return {
    exact,
    pattern,
    patternSamples: [`http://x.preview.localhost${p}`, `http://a.b.preview.localhost${p}`],
    nearMisses: [
      { label: 'the pattern apex', origin: `http://preview.localhost${p}` },
      { label: 'a dotless suffix', origin: `http://xpreview.localhost${p}` },
      { label: 'the exact host as a prefix', origin: `http://app.localhost.evil.localhost${p}` },
      { label: 'another port', origin: `http://app.localhost:${pagePort === 65535 ? 1 : pagePort + 1}` },
      { label: 'https instead of http', origin: `https://app.localhost${p}` },
    ],
    env: `${exact},${pattern}`,
    options: {
      origins: [exact, pattern],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization'],
      exposedHeaders: ['X-Runtime'],
      credentials: true,
      maxAge: 600,
    },
  };
}
