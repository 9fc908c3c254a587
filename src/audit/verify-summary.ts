// verify's report at scale: a reflecting server drifts on hundreds of cases, so the report leads with
// the verdict and one group per kind of drift (how many, what it means, a few examples) and leaves the
// full list to --verbose or --json.
import type { Drift, DriftKind, VerifyResult } from './verify.js';

/**
 * What each kind of drift means, in the order the report lists them (the worst first).
 *
 * @example
 * DRIFT_KINDS[0]; // ['too-permissive', 'the deployment allows what the policy refuses']
 */
export const DRIFT_KINDS: readonly (readonly [DriftKind, string])[] = [
  ['too-permissive', 'the deployment allows what the policy refuses'],
  ['credentials', 'Access-Control-Allow-Credentials differs'],
  ['missing-vary', 'Vary lacks Origin where the policy varies'],
  ['too-strict', 'the deployment refuses what the policy allows'],
  ['exposed-headers', 'Access-Control-Expose-Headers differs'],
  ['max-age', 'Access-Control-Max-Age differs'],
];

/**
 * One kind of drift: how many, and the first few.
 *
 * @example
 * const g: DriftGroup = { kind: 'too-permissive', meaning: '…', count: 120, examples: drifts.slice(0, 3) };
 */
export interface DriftGroup {
  readonly kind: DriftKind;
  readonly meaning: string;
  readonly count: number;
  readonly examples: readonly Drift[];
}

/**
 * The summary of a verify run: cases, drifting cases, and the drifts grouped by kind.
 *
 * @example
 * const s = summarizeVerify(result, 3); s.groups.map((g) => `${g.kind} ${g.count}`);
 */
export interface VerifySummary {
  readonly cases: number;
  readonly drifting: number;
  readonly drifts: number;
  readonly groups: readonly DriftGroup[];
}

/**
 * Group a verify result's drifts by kind, worst kind first, each with its first `examples` drifts.
 *
 * @example
 * summarizeVerify(await verifyDeployment(url, policy)).groups[0]?.kind; // 'too-permissive' for a reflecting server
 */
export function summarizeVerify(result: VerifyResult, examples = 3): VerifySummary {
  const groups = DRIFT_KINDS.flatMap(([kind, meaning]) => {
    const of = result.drifts.filter((d) => d.kind === kind);
    return of.length === 0 ? [] : [{ kind, meaning, count: of.length, examples: of.slice(0, examples) }];
  });
  return {
    cases: result.cases.length,
    drifting: result.cases.filter((r) => r.drifts.length > 0).length,
    drifts: result.drifts.length,
    groups,
  };
}
