// What origin validation needs from heavy libraries, passed in rather than imported: the Public
// Suffix List (tldts) and the linear-time RegExp engine (re2js). `createCors` passes them all; the edge
// adapters pass none, so their bundles stay small, and refuse what cannot be proven safe without them.

/**
 * Whether a host is itself a public suffix (`com`, `github.io`); see src/origin/public-suffix.ts.
 *
 * @example
 * const check: PublicSuffixCheck = (host) => host === 'com';
 */
export type PublicSuffixCheck = (host: string) => boolean;

/**
 * A user RegExp judged by the engine: its linear-time `test`, or a coded refusal with a fix.
 *
 * @example
 * const j: JudgedRegExp = { ok: false, code: 'POLICY_REGEXP_UNSUPPORTED', message: 'cannot run in linear time', fix: 'remove backreferences' };
 */
export type JudgedRegExp =
  | { readonly ok: true; readonly test: (origin: string) => boolean }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly fix: string };

/**
 * The engine user RegExps are judged and run on (src/policy/regexp-engine.ts).
 *
 * @example
 * const engine: RegExpEngine = { judge: (re) => ({ ok: true, test: (s) => re.test(s) }) };
 */
export interface RegExpEngine {
  judge(re: RegExp): JudgedRegExp;
}

/**
 * The checks origin validation can be given. Without `isPublicSuffix`, wildcard subdomain patterns are
 * refused; without `regexps`, RegExp origins are.
 *
 * @example
 * const tools: ValidationTools = { isPublicSuffix: (h) => h === 'com' };
 */
export interface ValidationTools {
  readonly isPublicSuffix?: PublicSuffixCheck | undefined;
  /** A public suffix listed strictly below a domain (`s3.amazonaws.com` below `amazonaws.com`). */
  readonly publicSuffixBelow?: ((domain: string) => string | undefined) | undefined;
  readonly regexps?: RegExpEngine | undefined;
}
