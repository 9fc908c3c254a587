import type { Log, ReportingDescriptor, Result } from 'sarif';
import { FINDING_TEXT } from '../finding-text.js';
import type { FindingId, Severity, TargetResult } from '../types.js';

const LEVEL: Readonly<Record<Severity, Result.level>> = {
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

/**
 * Scan results as a SARIF 2.1.0 log (GitHub code scanning, Azure DevOps, IDE viewers).
 *
 * @example
 * writeFileSync('corsair.sarif', JSON.stringify(toSarif(results), null, 2));
 */
export function toSarif(results: readonly TargetResult[], version = '0.1.0'): Log {
  const ids = Object.keys(FINDING_TEXT) as FindingId[];
  const rules: ReportingDescriptor[] = ids.map((id) => ({
    id,
    name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: FINDING_TEXT[id].title },
    fullDescription: { text: FINDING_TEXT[id].help },
    help: { text: FINDING_TEXT[id].fix },
    properties: { tags: ['security', 'cors'] },
  }));
  const sarifResults: Result[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      sarifResults.push({
        ruleId: f.id,
        ruleIndex: ids.indexOf(f.id),
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
      });
    }
  }
  const notifications = results
    .filter((r) => r.error)
    .map((r) => ({
      level: 'error' as const,
      message: { text: `${r.target}: ${r.error?.message ?? ''} ${r.error?.fix ?? ''}`.trim() },
      descriptor: { id: r.error?.code ?? 'ERROR' },
    }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'corsair',
            version,
            informationUri: 'https://www.npmjs.com/package/corsair',
            rules,
          },
        },
        invocations: [
          { executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications },
        ],
        results: sarifResults,
      },
    ],
  };
}
