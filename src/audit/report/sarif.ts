import { FINDING_TEXT } from '../finding-text.js';
import type { FindingId, Severity, TargetResult } from '../types.js';
import type {
  SarifLog as Log,
  SarifNotification as Notification,
  SarifRule as ReportingDescriptor,
  SarifResult as Result,
  SarifLevel,
  SarifRun,
} from './sarif-types.js';

const LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// GitHub code scanning reads `security-severity` (0–10) to rank alerts.
const SCORE: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const IDS = Object.keys(FINDING_TEXT) as FindingId[];

/**
 * The SARIF rules: one per finding id, in `FINDING_TEXT` order (a result's `ruleIndex` points here).
 *
 * @example
 * sarifRules()[0]?.id; // 'origin-reflection'
 */
export function sarifRules(): ReportingDescriptor[] {
  return IDS.map((id) => ({
    id,
    name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: FINDING_TEXT[id].title },
    fullDescription: { text: FINDING_TEXT[id].help },
    help: { text: FINDING_TEXT[id].fix },
    properties: { tags: ['security', 'cors'] },
  }));
}

/**
 * One target's SARIF results, one per finding.
 *
 * @example
 * sarifResults(result).map((r) => r.ruleId);
 */
export function sarifResults(r: TargetResult): Result[] {
  return r.findings.map((f) => ({
    ruleId: f.id,
    ruleIndex: IDS.indexOf(f.id),
    level: LEVEL[f.severity],
    message: { text: `${f.title}: ${f.description} Fix: ${f.fix}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.target } } }],
    partialFingerprints: { corsairFinding: `${f.target}#${f.id}` },
    properties: {
      severity: f.severity,
      'security-severity': SCORE[f.severity],
      origin: f.origin,
      credentials: f.credentials,
      preflight: f.preflight,
      evidence: f.evidence,
    },
  }));
}

/**
 * The tool notification for an unreachable target (null when it was scanned).
 *
 * @example
 * sarifNotification({ target: 'http://x/', findings: [], error: { code: 'TIMEOUT', message: 'm', fix: 'f' }, requests: 0 })?.descriptor?.id; // 'TIMEOUT'
 */
export function sarifNotification(r: TargetResult): Notification | null {
  if (!r.error) return null;
  return {
    level: 'error',
    message: { text: `${r.target}: ${r.error.message} ${r.error.fix}`.trim() },
    descriptor: { id: r.error.code },
  };
}

/**
 * A target's tool notifications: its error, or a warning when its coverage was reduced (no trusted
 * origin to derive the bypass probes from), so that "no results" is not read as "nothing to find".
 *
 * @example
 * sarifNotifications(result).map((n) => n.descriptor?.id); // ['SCAN_COVERAGE_REDUCED']
 */
export function sarifNotifications(r: TargetResult): Notification[] {
  const error = sarifNotification(r);
  if (error) return [error];
  if (!r.coverage?.reduced) return [];
  return [
    {
      level: 'warning',
      message: { text: `${r.target}: ${r.coverage.note}` },
      descriptor: { id: 'SCAN_COVERAGE_REDUCED' },
    },
  ];
}

/**
 * A SARIF log of one run of corsair (scan and har share it): the schema, the tool's identity, `rules`.
 *
 * @example
 * sarifRun(sarifRules(), '0.1.0', []).runs[0]?.tool.driver.name; // 'corsair'
 */
export function sarifRun(
  rules: ReportingDescriptor[],
  version: string,
  results: Result[],
  invocations?: SarifRun['invocations'],
): Log {
  const run: SarifRun = {
    tool: {
      driver: {
        name: 'corsair',
        version,
        informationUri: 'https://www.npmjs.com/package/corsair-cors',
        rules,
      },
    },
    ...(invocations ? { invocations } : {}),
    results,
  };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}

/**
 * The SARIF log around given rules, results and notifications.
 *
 * @example
 * sarifLog([], []).runs[0]?.invocations?.[0]?.executionSuccessful; // true
 */
export function sarifLog(
  results: Result[],
  notifications: Notification[],
  version = '0.1.0',
  successful = notifications.every((n) => n.level !== 'error'),
): Log {
  return sarifRun(sarifRules(), version, results, [
    { executionSuccessful: successful, toolExecutionNotifications: notifications },
  ]);
}

/**
 * Scan results as a SARIF 2.1.0 log (GitHub code scanning, Azure DevOps, IDE viewers).
 *
 * @example
 * writeFileSync('corsair.sarif', JSON.stringify(toSarif(results), null, 2));
 */
export function toSarif(results: readonly TargetResult[], version = '0.1.0'): Log {
  const notifications = results.flatMap(sarifNotifications);
  return sarifLog(results.flatMap(sarifResults), notifications, version);
}
