// Which origin scan derived its bypass probes from, and whether that leaves classes untried. Without
// --origin scan starts from the target's own origin; an Allow-Origin value that names an origin nobody
// asked for (a fixed value, or a fallback for refused origins) is the server saying which origin it
// trusts, and scan probes around that one too. An IP address or localhost target with no such hint
// leaves nothing to build suffix, prefix and subdomain tricks on: the report says so.
import { isLoopbackHost } from '../origin/loopback.js';
import { registrableDomain } from '../origin/public-suffix.js';

/**
 * Where the trusted origin came from: `--origin` (`option`), an Access-Control-Allow-Origin value the
 * target sent (`allow-origin`), or the target's own origin (`target`).
 *
 * @example
 * const s: CoverageSource = 'allow-origin';
 */
export type CoverageSource = 'option' | 'allow-origin' | 'target';

/**
 * How much of the bypass space a target's scan covered.
 *
 * @example
 * if (result.coverage?.reduced) console.warn(result.coverage.note);
 */
export interface ScanCoverage {
  /** The origin the bypass probes were derived from. */
  readonly trustedOrigin: string;
  readonly source: CoverageSource;
  /** True when no domain name was known: suffix, prefix and subdomain tricks were not tried. */
  readonly reduced: boolean;
  /** One sentence for the report (null when `--origin` was given). */
  readonly note: string | null;
}

const hostOf = (origin: string) => new URL(origin).hostname;

function hasDomain(origin: string): boolean {
  const host = hostOf(origin);
  return !isLoopbackHost(host) && registrableDomain(host) !== null;
}

/**
 * The coverage of a scan that derived its probes from `trustedOrigin`, found by `source`.
 *
 * @example
 * coverageOf('http://127.0.0.1:8080/', 'target').reduced; // true
 */
export function coverageOf(
  target: string,
  source: CoverageSource,
  trustedOrigin: string = new URL(target).origin,
): ScanCoverage {
  if (source === 'option') return { trustedOrigin, source, reduced: false, note: null };
  if (source === 'allow-origin')
    return {
      trustedOrigin,
      source,
      reduced: false,
      note: `No --origin given: the target named ${trustedOrigin} in Access-Control-Allow-Origin, so the bypass probes were derived from it.`,
    };
  const reduced = !hasDomain(trustedOrigin);
  const give = `give the origin of the page that calls this API (corsair scan ${target} --origin https://app.example.com)`;
  return {
    trustedOrigin,
    source,
    reduced,
    note: reduced
      ? `Coverage reduced: no --origin given and ${hostOf(trustedOrigin)} has no domain name, so the suffix, prefix, unescaped-dot and subdomain bypasses were not tried (only reflection, null, shared hosting and localhost); ${give}.`
      : `No --origin given: the bypass probes were derived from the target's own origin ${trustedOrigin}; if the page that calls this API is on another domain, ${give}.`,
  };
}

/**
 * The trusted origin a target revealed, if any: the first Allow-Origin value naming an origin that no
 * probe sent and that has a domain name to build probes on.
 *
 * @example
 * inferTrustedOrigin(['https://app.example.com'], new Set(['null'])); // 'https://app.example.com'
 */
export function inferTrustedOrigin(fixed: readonly string[], probed: ReadonlySet<string>): string | null {
  for (const value of fixed) {
    let origin: string;
    try {
      origin = new URL(value).origin;
    } catch {
      continue;
    }
    if (origin === value && !probed.has(origin) && hasDomain(origin)) return origin;
  }
  return null;
}
