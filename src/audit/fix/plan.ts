// The fix for a blocked check, as a corsair policy: what the server already allows (read from its own
// answers) widened by what the failing request needs, never narrowed, then run through the policy
// validator. `corsair generate` turns the policy into any target's configuration, so there is one
// writer of configurations, not one per tool.
import type { HttpExchange } from '../../exchange.js';
import { getCombined, parseTokenList } from '../../fetch/header-list.js';
import { createCors, validateCorsOptions } from '../../policy/create.js';
import { isSensitiveHeaderName } from '../../policy/rulebook.js';
import type { CorsConfigIssue, CorsOptions } from '../../policy/types.js';
import { policyWarnings } from '../../policy/validate/warnings.js';
import type { CheckReport } from '../check.js';
import { ECHO_HEADER, ECHO_METHOD, type ServerObservations } from './observe.js';

/**
 * A fix: the policy (null when corsair refuses to recommend one), and where each part came from.
 *
 * @example
 * const plan = planFix(report, obs);
 * if (plan.policy) writeFileSync('cors.json', JSON.stringify(plan.policy));
 */
export interface FixPlan {
  readonly policy: CorsOptions | null;
  /** Why there is no policy: what would be wrong with the obvious one, and the right fix instead. */
  readonly refused: { readonly code: string; readonly message: string; readonly fix: string } | null;
  /** What the server already allows, kept, each with the answer it was read from. */
  readonly kept: readonly string[];
  /** What this request needs beyond that. */
  readonly added: readonly string[];
  /** What the answers cannot show: the user fills it in. */
  readonly unknown: readonly string[];
  /** Values left out: refused by the validator (they never worked) or flagged by the rulebook. */
  readonly dropped: readonly string[];
  /**
   * The rulebook's warnings about the policy (src/policy/rulebook.ts: what `scan` would rate low), e.g.
   * a loopback origin with credentials: the fix keeps what this request needs and says so.
   */
  readonly warnings: readonly string[];
}

type List = '*' | string[];

interface Draft {
  origins: '*' | string[];
  methods: List;
  allowedHeaders: List;
  exposedHeaders: List;
  credentials: boolean;
  maxAge?: number;
}

const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());

/** A list header's items, or null when absent or unparseable. */
function listOf(x: HttpExchange | null, name: string): string[] | null {
  const v = x ? getCombined(x.response.headers, name) : null;
  if (v === null) return null;
  const p = parseTokenList(v);
  return p.ok ? [...p.items] : null;
}

/** A server list widened by what the request needs; `*` is kept only where it means "any" (no credentials). */
function widen(
  label: string,
  source: string,
  server: string[] | null | 'echo',
  needed: readonly string[],
  credentials: boolean,
  notes: { kept: string[]; added: string[]; unknown: string[] },
): List {
  if (server === 'echo') {
    notes.kept.push(
      `${label} * (the server echoes any ${label === 'methods' ? 'method' : 'header'} a preflight asks for)`,
    );
    return '*';
  }
  if (server?.includes('*') && !credentials) {
    notes.kept.push(`${label} * (${source})`);
    return '*';
  }
  const known = (server ?? []).filter((v) => v !== '*');
  if (server === null || server.includes('*'))
    notes.unknown.push(
      server === null
        ? `${label}: the server's answers list none${needed.length ? ", so only this request's are here" : ''}; add the ones your pages use`
        : `${label}: the server answers *, which means the literal name "*" with credentials; list the ones your pages use`,
    );
  else if (known.length) notes.kept.push(`${label} ${known.join(', ')} (${source})`);
  const have = new Set(lower(known));
  const extra = needed.filter((v) => !have.has(v.toLowerCase()));
  if (extra.length) notes.added.push(`${label} ${extra.join(', ')} (this request)`);
  return [...known, ...extra];
}

function draftPolicy(report: CheckReport, obs: ServerObservations, notes: Notes): Draft {
  const pre = obs.preflight;
  const answers = [...report.exchanges, obs.plain].filter((x): x is HttpExchange => x !== null);
  const acac = answers.some(
    (x) => getCombined(x.response.headers, 'access-control-allow-credentials')?.trim() === 'true',
  );
  const credentials = report.needs.credentials || acac;
  if (acac) notes.kept.push('credentials (the server sends Access-Control-Allow-Credentials: true)');
  else if (credentials) notes.added.push('credentials (this request)');
  const star = answers.some(
    (x) => getCombined(x.response.headers, 'access-control-allow-origin')?.trim() === '*',
  );
  const origin = report.needs.origin;
  let origins: '*' | string[] = [origin];
  if (star && !credentials) {
    origins = '*';
    notes.kept.push('origins * (the server answers Access-Control-Allow-Origin: *)');
  } else {
    notes.added.push(`origin ${origin} (this request)`);
    notes.unknown.push(
      star
        ? `origins: the server answers * today, which cannot go with credentials; list every origin your pages use`
        : 'origins: a check sees only its own origin; add the other origins your pages use',
    );
  }
  const source = (h: string) =>
    `${h} of ${obs.preflightProbed ? "corsair's own preflight (the browser sent none)" : 'the preflight'}`;
  const allow = listOf(pre, 'allow')?.map((m) => m.toUpperCase()) ?? [];
  const acam = listOf(pre, 'access-control-allow-methods');
  const serverMethods = acam === null && allow.length === 0 ? null : [...(acam ?? []), ...allow];
  const methodSource = acam === null ? source('Allow') : source('Access-Control-Allow-Methods');
  const echoes = (name: string, probe: string) =>
    listOf(obs.echo, name)?.some((v) => v.toLowerCase() === probe.toLowerCase()) === true;
  const methods = widen(
    'methods',
    methodSource,
    echoes('access-control-allow-methods', ECHO_METHOD) ? 'echo' : dedupe(serverMethods, 'OPTIONS'),
    report.needs.methods,
    credentials,
    notes,
  );
  const allowedHeaders = widen(
    'headers',
    source('Access-Control-Allow-Headers'),
    echoes('access-control-allow-headers', ECHO_HEADER)
      ? 'echo'
      : dedupeLower(listOf(pre, 'access-control-allow-headers')),
    report.needs.headers,
    credentials,
    notes,
  );
  const exposed =
    answers.map((x) => listOf(x, 'access-control-expose-headers')).find((l) => l !== null) ?? [];
  const exposedHeaders = widen(
    'exposed headers',
    'Access-Control-Expose-Headers',
    dedupeLower(exposed),
    [],
    credentials,
    { ...notes, unknown: [] },
  );
  const maxAge = Number(
    pre ? getCombined(pre.response.headers, 'access-control-max-age')?.trim() : Number.NaN,
  );
  const draft: Draft = { origins, methods, allowedHeaders, exposedHeaders, credentials };
  if (Number.isInteger(maxAge) && maxAge >= 0) {
    draft.maxAge = Math.min(maxAge, 86400);
    notes.kept.push(`max-age ${draft.maxAge} s (${source('Access-Control-Max-Age')})`);
  }
  return draft;
}

interface Notes {
  kept: string[];
  added: string[];
  unknown: string[];
}

function dedupe(xs: string[] | null, ...without: string[]): string[] | null {
  return xs === null ? null : [...new Set(xs)].filter((x) => !without.includes(x));
}

function dedupeLower(xs: string[] | null): string[] | null {
  if (xs === null) return null;
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(x.toLowerCase()) && seen.add(x.toLowerCase()));
}

const LIST_ITEM = /^\$\.(methods|allowedHeaders|exposedHeaders)\[(\d+)\]$/;

/** Drop list items the validator refuses (they never worked in a browser); the rest of the issues refuse the fix. */
function validated(draft: Draft, dropped: string[]): CorsConfigIssue[] {
  for (;;) {
    const policy = toOptions(draft);
    const issues = validateCorsOptions(policy);
    const item = issues.find((i) => LIST_ITEM.test(i.path));
    if (item === undefined) return issues;
    const [, key, index] = LIST_ITEM.exec(item.path) as unknown as [string, keyof Draft, string];
    const list = draft[key] as string[];
    dropped.push(`${list[Number(index)]}: ${item.message}`);
    list.splice(Number(index), 1);
  }
}

function toOptions(d: Draft): CorsOptions {
  return {
    origins: d.origins,
    ...(d.methods === '*' || d.methods.length ? { methods: d.methods } : {}),
    ...(d.allowedHeaders === '*' || d.allowedHeaders.length ? { allowedHeaders: d.allowedHeaders } : {}),
    ...(d.exposedHeaders === '*' || d.exposedHeaders.length ? { exposedHeaders: d.exposedHeaders } : {}),
    ...(d.credentials ? { credentials: true } : {}),
    ...(d.maxAge !== undefined ? { maxAge: d.maxAge } : {}),
  };
}

/**
 * Hold the valid draft to the rulebook, as `scan` would: exposed headers that look like secrets are
 * left out (a page that must read one can add it back, accepting the finding); the remaining warnings
 * (e.g. a loopback origin with credentials, which this very request needs) are returned to be shown.
 */
function rulebookChecked(draft: Draft, dropped: string[]): string[] {
  if (draft.exposedHeaders !== '*') {
    for (const h of draft.exposedHeaders.filter(isSensitiveHeaderName))
      dropped.push(
        `${h}: the rulebook's sensitive-exposed-header (it looks like a secret or server internals; scan reports it); add it back to exposedHeaders only if the page must read it`,
      );
    draft.exposedHeaders = draft.exposedHeaders.filter((h) => !isSensitiveHeaderName(h));
  }
  return policyWarnings(createCors(toOptions(draft))).map((w) =>
    `${w.code}: ${w.message}; ${w.fix ?? ''}`.trim(),
  );
}

/** What to say instead of a policy the validator refuses. */
function refusal(issue: CorsConfigIssue, report: CheckReport): NonNullable<FixPlan['refused']> {
  if (issue.code === 'ORIGIN_NULL') {
    const redirected = report.outcome.error?.origin === 'null' && report.needs.origin !== 'null';
    return {
      code: issue.code,
      message: redirected
        ? "The browser sent Origin: null because a redirect crossed origins. Allowing 'null' (Access-Control-Allow-Origin: null) would also let every sandboxed iframe and file: page on the web read these responses."
        : 'Origin null is what a sandboxed iframe (sandbox without allow-same-origin), a file: page or a data: URL sends. Allowing it (Access-Control-Allow-Origin: null) lets every such page on the web read these responses: any site can create a sandboxed iframe.',
      fix: redirected
        ? 'Call the final URL directly (or make the redirect stay on one origin), so the browser keeps the page origin.'
        : 'Serve the page from a real origin (http://localhost:<port> in development) and allow that origin; for a sandboxed iframe you control, add allow-same-origin so it keeps its origin.',
    };
  }
  return { code: issue.code, message: issue.message, fix: issue.fix ?? 'see docs/server.md' };
}

/**
 * The policy that fixes the check's request without narrowing what the server allows, validated.
 *
 * @example
 * const plan = planFix(report, await observeServer(init, report, http.send));
 * const { files } = generateConfig('nginx', plan.policy!);
 */
export function planFix(report: CheckReport, obs: ServerObservations): FixPlan {
  const notes: Notes = { kept: [], added: [], unknown: [] };
  const dropped: string[] = [];
  const draft = draftPolicy(report, obs, notes);
  const issues = validated(draft, dropped);
  const refused = issues.length ? refusal(issues[0]!, report) : null;
  const warnings = refused ? [] : rulebookChecked(draft, dropped);
  return { policy: refused ? null : toOptions(draft), refused, ...notes, dropped, warnings };
}
