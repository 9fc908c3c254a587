// Validation's warnings: the rulebook's risks that a valid policy may state (src/policy/rulebook.ts
// decides which ones warn). They never stop createCors; generate prints them and writes the config.
// Kept apart from the validators so that the edge adapters, which validate too, do not carry them.
import { isLoopbackHost } from '../../origin/loopback.js';
import { isSensitiveHeaderName, policyAction, RULES, type RuleId } from '../rulebook.js';
import type { CorsConfigIssue, CorsPolicy, NormalizedCorsOptions } from '../types.js';

/**
 * A validation warning: an issue (code, option, path, message, fix) and the rule it comes from.
 *
 * @example
 * const w: PolicyWarning = { rule: 'localhost-origin', code: 'POLICY_LOOPBACK_WITH_CREDENTIALS', option: 'origins', path: '$.origins', message: '…' };
 */
export interface PolicyWarning extends CorsConfigIssue {
  readonly rule: RuleId;
}

type Warn = (rule: RuleId, option: string, message: string, fix: string) => void;

function hostOf(origin: string): string {
  return new URL(origin).hostname;
}

/** The listed origins (exact and patterns) as `[written, scheme, host, subdomains]`. */
function listed(o: NormalizedCorsOptions) {
  return [
    ...o.exactOrigins.map((e) => ({
      text: e,
      scheme: new URL(e).protocol.slice(0, -1),
      host: hostOf(e),
      sub: false,
    })),
    ...o.patterns.map((p) => ({ text: p.source, scheme: p.scheme, host: p.host, sub: p.subdomains })),
  ];
}

function originWarnings(o: NormalizedCorsOptions, warn: Warn): void {
  const creds = o.credentials;
  for (const e of listed(o)) {
    if (isLoopbackHost(e.host) && policyAction('localhost-origin', creds) === 'warn')
      warn(
        'localhost-origin',
        'origins',
        `'${e.text}' is a loopback origin with credentials: true; any program or page served on that port of a user's machine can act as the user`,
        `keep '${e.text}' in a development policy only (a second policy file, or a route used in development)`,
      );
    else if (e.sub && policyAction('any-subdomain', creds) === 'warn')
      warn(
        'any-subdomain',
        'origins',
        `'${e.text}' trusts every subdomain with credentials: true; script injected into any of them (an XSS, a dangling DNS record) can act as your users`,
        'list the subdomains that need access exactly, or keep the pattern for hosts you fully control',
      );
    else if (
      e.scheme === 'http' &&
      !isLoopbackHost(e.host) &&
      policyAction('insecure-origin', creds, o) === 'warn'
    )
      warn(
        'insecure-origin',
        'origins',
        `'${e.text}' is plain http with credentials: true (allowed by allowInsecureOrigins); anyone on the network path can inject script into it and act as your users`,
        `use '${e.text.replace(/^http:/, 'https:')}' once that origin serves https`,
      );
  }
}

function exposedWarnings(o: NormalizedCorsOptions, warn: Warn): void {
  if (o.exposedHeaders === '*') return;
  const sensitive = o.exposedHeaders.filter(isSensitiveHeaderName);
  if (sensitive.length === 0 || policyAction('sensitive-exposed-header', o.credentials) !== 'warn') return;
  warn(
    'sensitive-exposed-header',
    'exposedHeaders',
    `exposedHeaders lets every allowed origin's scripts read ${sensitive.map((h) => `'${h}'`).join(', ')}, which look like secrets or server internals`,
    'expose only what the page needs (e.g. X-Request-Id); keep debug, token and internal headers off cross-origin responses',
  );
}

/**
 * The warnings of one validated set of options, at `root` (its JSON path).
 *
 * @example
 * optionsWarnings(createCors({ origins: ['http://localhost:3000'], credentials: true }).options)[0]?.code;
 * // 'POLICY_LOOPBACK_WITH_CREDENTIALS'
 */
export function optionsWarnings(o: NormalizedCorsOptions, root = '$'): PolicyWarning[] {
  const out: PolicyWarning[] = [];
  const warn: Warn = (rule, option, message, fix) => {
    const code = RULES[rule].policy?.code as string;
    out.push({ rule, code, option, path: `${root}.${option}`, message, fix });
  };
  originWarnings(o, warn);
  exposedWarnings(o, warn);
  return out;
}

/**
 * The warnings of a compiled policy: its top level and every route, each at its JSON path.
 *
 * @example
 * for (const w of policyWarnings(createCors(options))) console.warn(`${w.code}: ${w.message}`);
 */
export function policyWarnings(policy: CorsPolicy): PolicyWarning[] {
  const top = policy.defaults === null ? [] : optionsWarnings(policy.defaults);
  const routes = policy.routes.flatMap((r, i) =>
    r.options === null ? [] : optionsWarnings(r.options, `$.routes[${i}]`),
  );
  return [...top, ...routes];
}
