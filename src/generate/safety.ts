// What generate will write into another language at all. Every target quotes what it writes (model.ts,
// the targets); this gate removes what no quoting makes safe everywhere: origin hosts that are not DNS
// names. The policy's origin check follows the URL Standard, which lets `$ ' " ` { } * ! & ( ) + , ; = ~`
// into a host: nginx reads `$` as a variable, Caddy `{…}` as a placeholder, S3, Spring and flask-cors
// read `*` (and flask-cors `$ ( )`) as a wildcard or a regex. No browser sends such an origin for a site
// on the DNS, so refusing them loses nothing and keeps every target from reading data as syntax.
import type { NormalizedCorsOptions } from '../policy/types.js';
import { GenerateError } from './errors.js';
import type { TargetName } from './types.js';

// A DNS name (LDH labels, `_` as the policy accepts it) or an IP literal.
const DNS_HOST = /^(?:[a-z0-9_-]+\.)*[a-z0-9_-]+\.?$|^\[[0-9a-f:.]+\]$/;
// What a pattern's source may hold when it is copied into a comment: visible ASCII, no `#`-line breaks.
const VISIBLE = /^[\x21-\x7e]+$/;

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return origin;
  }
}

function refuseOrigin(value: string, target: TargetName): never {
  throw new GenerateError(
    'GENERATE_UNSAFE_ORIGIN',
    `the origin '${value.slice(0, 100)}' has a host that is not a DNS name; a ${target} configuration could read its characters as syntax`,
    'list origins whose host is made of letters, digits, hyphens and dots (as browsers send them), e.g. https://app.example.com',
  );
}

/**
 * Refuse, for every target, origins (exact or patterns) whose host is not a DNS name or IP literal, and
 * pattern sources with characters a comment cannot carry. Header names and methods are HTTP tokens
 * (validated by the policy) and each target quotes or escapes them for its own language.
 *
 * @example
 * refuseUnsafeValues(createCors({ origins: ['https://a$b.example.com'] }).options, 'nginx'); // throws GENERATE_UNSAFE_ORIGIN
 */
export function refuseUnsafeValues(o: NormalizedCorsOptions, target: TargetName): void {
  for (const origin of o.exactOrigins) if (!DNS_HOST.test(hostOf(origin))) refuseOrigin(origin, target);
  for (const p of o.patterns)
    if (!DNS_HOST.test(p.host) || !VISIBLE.test(p.source)) refuseOrigin(p.source, target);
}
