// The rulebook: every CORS risk corsair knows, stated once. `scan` rates a finding with the rule's
// severity; validation (and `generate`, which validates first) refuses, warns about or accepts a policy
// that states the risk by the same severity, so a policy corsair accepts silently never draws a finding
// that matters, and a finding never shows up for a policy corsair refused. This module holds data and
// two small functions only: it is imported by the validator's warnings, by src/audit and by src/generate,
// never by the request-time path (the edge bundles stay small).

/**
 * How bad a finding is, by what an attacker can really do with it in a browser.
 *
 * @example
 * const s: Severity = 'high';
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/**
 * Severities from worst to mildest.
 *
 * @example
 * SEVERITIES[0]; // 'critical'
 */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * The ids of the rules (the ids `scan` reports). Stable: CI configurations and SARIF rules refer to them.
 *
 * @example
 * const id: RuleId = 'localhost-origin';
 */
export type RuleId =
  | 'origin-reflection'
  | 'null-origin'
  | 'pre-domain-bypass'
  | 'post-domain-bypass'
  | 'unescaped-dot-bypass'
  | 'special-char-bypass'
  | 'any-subdomain'
  | 'insecure-origin'
  | 'third-party-origin'
  | 'localhost-origin'
  | 'wildcard-credentials'
  | 'missing-vary'
  | 'malformed-allow-origin'
  | 'wildcard-origin'
  | 'sensitive-exposed-header'
  | 'set-cookie-exposed';

/**
 * What validation does with a policy that states a rule's risk: `refuse` (an error: createCors throws,
 * generate writes nothing), `warn` (a warning: createCors builds it, generate writes it and prints the
 * warning) or `accept` (silently: the finding is informational).
 *
 * @example
 * const a: PolicyAction = 'warn';
 */
export type PolicyAction = 'refuse' | 'warn' | 'accept';

/**
 * One rule. `severity` is the finding's rating with credentials and without; `sameSite` the rating when
 * the origin that proved it lies inside the trusted origin's registrable domain (an attacker needs a
 * subdomain there first). `policy` says how a corsair policy states it, when one can.
 *
 * @example
 * RULES['localhost-origin'].severity; // ['low', 'info']
 */
export interface Rule {
  readonly severity: readonly [credentialed: Severity, anonymous: Severity];
  readonly sameSite?: readonly [credentialed: Severity, anonymous: Severity];
  /** The configuration browsers reject outright: a policy stating it is refused whatever its severity. */
  readonly broken?: boolean;
  readonly policy?: {
    /** The validation issue's code. */
    readonly code: string;
    /** The option that, set to true, turns a refusal into a warning (the user accepted the risk). */
    readonly optIn?: 'allowInsecureOrigins';
  };
}

/**
 * Every rule. A policy cannot state the bypass classes (patterns and RegExps are matched exactly and
 * anchored), reflection, a missing `Vary` or several `Access-Control-Allow-Origin` values: corsair never
 * answers that way, so those rules are found by `scan` on other servers only.
 *
 * @example
 * RULES['null-origin'].policy?.code; // 'ORIGIN_NULL'
 */
export const RULES: Readonly<Record<RuleId, Rule>> = {
  'origin-reflection': { severity: ['critical', 'low'] },
  // Trusting `null` is trusting every sandboxed iframe, i.e. every site, while looking restrictive.
  'null-origin': { severity: ['high', 'medium'], policy: { code: 'ORIGIN_NULL' } },
  'pre-domain-bypass': { severity: ['high', 'low'], sameSite: ['low', 'info'] },
  'post-domain-bypass': { severity: ['high', 'low'], sameSite: ['low', 'info'] },
  'unescaped-dot-bypass': { severity: ['high', 'low'], sameSite: ['low', 'info'] },
  // Only Safari builds origins with these characters.
  'special-char-bypass': { severity: ['medium', 'info'] },
  // The subdomains are the owner's own: an attacker first needs script on one (XSS, a dangling record).
  'any-subdomain': { severity: ['low', 'info'], policy: { code: 'POLICY_SUBDOMAINS_WITH_CREDENTIALS' } },
  'insecure-origin': {
    severity: ['medium', 'info'],
    policy: { code: 'POLICY_INSECURE_ORIGIN', optIn: 'allowInsecureOrigins' },
  },
  // A whole public suffix: anyone can publish there, while the list looks restrictive.
  'third-party-origin': { severity: ['high', 'medium'], policy: { code: 'ORIGIN_PATTERN_PUBLIC_SUFFIX' } },
  // Reading it takes a program or page already running on the victim's machine: a warning, not a refusal.
  'localhost-origin': { severity: ['low', 'info'], policy: { code: 'POLICY_LOOPBACK_WITH_CREDENTIALS' } },
  'wildcard-credentials': {
    severity: ['low', 'low'],
    broken: true,
    policy: { code: 'POLICY_WILDCARD_WITH_CREDENTIALS' },
  },
  'missing-vary': { severity: ['medium', 'low'] },
  'malformed-allow-origin': { severity: ['low', 'low'] },
  'wildcard-origin': { severity: ['info', 'info'] },
  'sensitive-exposed-header': {
    severity: ['low', 'low'],
    policy: { code: 'POLICY_SENSITIVE_EXPOSED_HEADER' },
  },
  'set-cookie-exposed': {
    severity: ['low', 'low'],
    broken: true,
    policy: { code: 'POLICY_HEADER_FORBIDDEN' },
  },
};

/**
 * A rule's severity for a finding with or without credentials, inside the trusted origin's registrable
 * domain or not.
 *
 * @example
 * ruleSeverity('localhost-origin', true); // 'low'
 */
export function ruleSeverity(id: RuleId, credentials: boolean, sameSite = false): Severity {
  const rule = RULES[id];
  const pair = (sameSite ? rule.sameSite : undefined) ?? rule.severity;
  return credentials ? pair[0] : pair[1];
}

/**
 * What validation does with a policy stating `id`: refuse what is broken or rated medium or worse,
 * warn about what is rated low, accept what is informational; an opt-in option turns a refusal into a
 * warning.
 *
 * @example
 * policyAction('localhost-origin', true); // 'warn'
 * policyAction('insecure-origin', true, { allowInsecureOrigins: true }); // 'warn'
 */
export function policyAction(
  id: RuleId,
  credentials: boolean,
  options: { readonly allowInsecureOrigins?: boolean } = {},
): PolicyAction {
  const rule = RULES[id];
  const severity = ruleSeverity(id, credentials);
  const refuse = rule.broken === true || SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf('medium');
  if (refuse) return rule.policy?.optIn && options[rule.policy.optIn] ? 'warn' : 'refuse';
  return severity === 'info' ? 'accept' : 'warn';
}

// Names that carry secrets or describe the server's inside: reading them cross-origin helps an attacker.
const SENSITIVE_HEADER =
  /(^|[-_])(debug|internal|token|secret|passw(or)?d|auth\w*|session\w*|cookie\d?|api[-_]?key|private|backend|upstream|powered[-_]by|aspnet(mvc)?[-_]version|real[-_]ip|forwarded[-_]\w+|sql|stack)([-_]|$)|^server$/i;

/**
 * Whether an exposed response header's name looks like it carries a secret or server internals (debug
 * output, internal hosts, tokens, credentials, sessions, cookies, software versions).
 *
 * @example
 * isSensitiveHeaderName('X-Debug-Info'); // true
 * isSensitiveHeaderName('X-Request-Id'); // false
 */
export function isSensitiveHeaderName(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}
