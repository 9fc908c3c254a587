// Origin patterns: `scheme://*.domain[:port]` (subdomains at any depth, never the apex) and/or
// `scheme://host:*` (any port). The host part is judged by the strict parser on a concrete instance, so
// a pattern is refused for exactly the reasons an origin would be, in the same vocabulary.
import { type OriginDiagnosis, quote } from './diagnosis.js';
import { type OriginParseOptions, parseSerializedOrigin } from './strict.js';
import { defaultPort } from './types.js';

/**
 * A parsed wildcard pattern. `subdomains`: any host strictly below `host`; `anyPort`: any port (or none).
 *
 * @example
 * const p: OriginPattern = { source: 'https://*.example.com', scheme: 'https', host: 'example.com', port: '', subdomains: true, anyPort: false };
 */
export interface OriginPattern {
  readonly source: string;
  readonly scheme: string;
  readonly host: string;
  /** The explicit port ('' for the scheme's default); ignored when `anyPort`. */
  readonly port: string;
  readonly subdomains: boolean;
  readonly anyPort: boolean;
}

/**
 * The result of {@link parseOriginPattern}.
 *
 * @example
 * const r: OriginPatternResult = parseOriginPattern('https://*.example.com');
 */
export type OriginPatternResult =
  | { readonly ok: true; readonly pattern: OriginPattern }
  | ({ readonly ok: false } & OriginDiagnosis);

const PATTERN = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?([^/:?#*]+|\[[^\]]+\])(?::(\*|[0-9]+))?$/;
const EVERY_HOST = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\*$/;

function shapeDiagnosis(input: string): { readonly ok: false } & OriginDiagnosis {
  if (EVERY_HOST.test(input)) {
    return {
      ok: false,
      code: 'ORIGIN_PATTERN_TOO_BROAD',
      message: `${quote(input)} matches every host`,
      fix: "list the domains you trust, e.g. 'https://*.example.com', or use origins: '*' without credentials",
    };
  }
  return {
    ok: false,
    code: 'ORIGIN_PATTERN_INVALID',
    message: `${quote(input)} is not a supported wildcard pattern; '*' may only stand for subdomains or the port`,
    fix: "write 'scheme://*.domain', 'scheme://host:*' or 'scheme://*.domain:*'",
  };
}

/**
 * What a pattern may never be, whatever its host: over an extension or app-shell scheme. Those origins
 * are exact strings a platform sends, so corsair lists them exactly.
 */
function patternShapeProblem(
  input: string,
  scheme: string,
): ({ readonly ok: false } & OriginDiagnosis) | undefined {
  if (defaultPort(scheme) === undefined) {
    return {
      ok: false,
      code: 'ORIGIN_PATTERN_INVALID',
      message: `${quote(input)}: ${scheme}: origins are sent as one exact string; a wildcard over them is not supported`,
      fix: `list each origin exactly, e.g. '${scheme}://localhost'`,
    };
  }
  return undefined;
}

/**
 * Parse a wildcard origin pattern. The public-suffix check (`https://*.github.io`) is the caller's: it
 * needs the Public Suffix List, which request-time code must not load.
 *
 * @example
 * parseOriginPattern('https://*.example.com'); // { ok: true, pattern: { scheme: 'https', host: 'example.com', subdomains: true, anyPort: false, … } }
 * parseOriginPattern('https://*').code;        // 'ORIGIN_PATTERN_TOO_BROAD'
 */
export function parseOriginPattern(input: string, options: OriginParseOptions = {}): OriginPatternResult {
  const m = PATTERN.exec(input);
  if (m === null || (m[2] === undefined && m[4] !== '*')) return shapeDiagnosis(input);
  const [, scheme, star, hostPart, portPart] = m as unknown as [
    string,
    string,
    string | undefined,
    string,
    string | undefined,
  ];
  const sub = star !== undefined;
  const anyPort = portPart === '*';
  const refused = patternShapeProblem(input, scheme);
  if (refused !== undefined) return refused;
  if (sub && hostPart.startsWith('[')) {
    return {
      ok: false,
      code: 'ORIGIN_PATTERN_INVALID',
      message: `${quote(input)}: an IP address has no subdomains`,
      fix: 'list the address itself',
    };
  }
  // Judge the host (case, IDNA, default port) on a concrete instance: one label stands for '*'.
  const probe = `${scheme}://${sub ? `x.${hostPart}` : hostPart}${portPart !== undefined && !anyPort ? `:${portPart}` : ''}`;
  const d = parseSerializedOrigin(probe, options);
  if (!d.ok) {
    const fixed = /use '(.*)'$/.exec(d.fix);
    const fix =
      fixed !== null
        ? `use '${fixed[1]!.replace(sub ? '://x.' : '://', sub ? '://*.' : '://')}${anyPort ? ':*' : ''}'`
        : d.fix;
    return {
      ok: false,
      code: d.code,
      message: `${quote(input)}: ${d.message.replace(quote(probe), 'the host part')}`,
      fix,
    };
  }
  if ('opaque' in d.origin) return shapeDiagnosis(input);
  const host = sub ? d.origin.host.slice(2) : d.origin.host;
  const port = d.origin.port === null ? '' : String(d.origin.port);
  return {
    ok: true,
    pattern: { source: input, scheme, host, port: anyPort ? '' : port, subdomains: sub, anyPort },
  };
}
