import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FINDING_TEXT,
  type Finding,
  formatScanText,
  printable,
  type TargetResult,
  toJUnit,
  toSarif,
} from '../../src/audit/index.js';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: 'null-origin',
    severity: 'high',
    title: FINDING_TEXT['null-origin'].title,
    target: 'https://api.example.com/',
    origin: 'null',
    credentials: true,
    preflight: false,
    description: 'd',
    fix: 'f',
    evidence: [
      {
        kind: 'actual',
        exchange: {
          request: { method: 'GET', url: 'https://api.example.com/', headers: [['Origin', 'null']] },
          response: { status: 200, headers: [['Access-Control-Allow-Origin', 'null']] },
        },
      },
    ],
    ...over,
  };
}

const result = (findings: Finding[], target = 'https://api.example.com/'): TargetResult => ({
  target,
  findings,
  error: null,
  requests: 10,
});

describe('SARIF', () => {
  it('has one rule per finding id and maps severities to levels', () => {
    const log = toSarif([result([finding(), finding({ id: 'wildcard-origin', severity: 'info' })])]);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules?.map((r) => r.id).sort()).toEqual(Object.keys(FINDING_TEXT).sort());
    expect(run.results?.map((r) => [r.ruleId, r.level])).toEqual([
      ['null-origin', 'error'],
      ['wildcard-origin', 'note'],
    ]);
    expect(run.results?.[0]?.properties?.['security-severity']).toBe('8.0');
  });
  it('reports unreachable targets as tool notifications', () => {
    const log = toSarif([
      {
        target: 'http://x/',
        findings: [],
        error: { code: 'HTTP_TIMEOUT', message: 'm', fix: 'f' },
        requests: 0,
      },
    ]);
    expect(log.runs[0]!.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(log.runs[0]!.invocations?.[0]?.toolExecutionNotifications?.[0]?.descriptor?.id).toBe(
      'HTTP_TIMEOUT',
    );
  });
});

describe('JUnit', () => {
  it('counts failures by --fail-on', () => {
    const rs = [result([finding(), finding({ id: 'missing-vary', severity: 'low' })])];
    expect(toJUnit(rs, 'high')).toMatch(/failures="1"/);
    expect(toJUnit(rs, 'low')).toMatch(/failures="2"/);
    expect(toJUnit(rs, 'critical')).toMatch(/failures="0"/);
  });
  it('stays well-formed whatever the target and origin contain', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (target, origin) => {
        const xml = toJUnit([result([finding({ origin, target, description: origin })], target)], 'info');
        const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
        // No raw control characters, and every < starts a tag we wrote.
        expect(/[\x00-\x08\x0b\x0c\x0e-\x1f]/.test(body)).toBe(false);
        for (const m of body.matchAll(/</g))
          expect(body.slice(m.index! + 1)).toMatch(
            /^\/?(testsuites|testsuite|testcase|failure|system-out|error)[ >]/,
          );
      }),
      { numRuns: 200 },
    );
  });
});

describe('text', () => {
  it('escapes control characters from servers and cuts very long values', () => {
    expect(printable('a\x1b[31mb')).toBe('a\\x1b[31mb');
    expect(printable('x'.repeat(1000), 10)).toBe('xxxxxxxxxx… (1000 chars)');
    const out = formatScanText([result([finding({ origin: 'https://e\x07.test' })])]);
    expect(out).not.toContain('\x07');
    expect(out).toContain('1 target(s), 1 finding(s) (1 high)');
  });
});
