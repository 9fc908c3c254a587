// The aggregate configuration error: one message listing every problem (what a terminal shows), the
// problems themselves for tools, and the file it came from when there is one.
import { describe, expect, it } from 'vitest';
import { CorsairError } from '../../src/errors.js';
import { CorsConfigError, PolicyFileError } from '../../src/policy/errors.js';

const EMPTY = {
  code: 'POLICY_ORIGINS_EMPTY',
  option: 'origins',
  path: '$.origins',
  message: 'origins is empty',
  fix: 'List the origins you trust',
};

describe('CorsConfigError.of', () => {
  it('lists one problem as a sentence with its fix, and keeps the issues for tools', () => {
    const issues = [EMPTY];
    const e = CorsConfigError.of(issues);
    expect(e).toBeInstanceOf(CorsairError);
    expect(e.name).toBe('CorsConfigError');
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.message).toBe(
      'Invalid CORS configuration: 1 problem\n  - POLICY_ORIGINS_EMPTY origins ($.origins): origins is empty. Fix: List the origins you trust.',
    );
    expect(e.issues).toBe(issues);
    expect(e.details).toEqual({ issues });
    expect('source' in e.details).toBe(false);
    expect(e.toJSON()).toEqual({ code: 'POLICY_INVALID', message: e.message, fix: e.fix });
    // Every corsair error carries a fix.
    expect(e.fix).toMatch(/\w/);
  });

  it('names the file, and counts several problems', () => {
    const other = { code: 'POLICY_MAX_AGE_RANGE', option: 'maxAge', path: '$.maxAge', message: 'Too long!' };
    const e = CorsConfigError.of([EMPTY, other], 'cors.json');
    const [head, ...lines] = e.message.split('\n');
    expect(head).toBe('Invalid CORS configuration in cors.json: 2 problems');
    // A message already ending a sentence keeps its own punctuation; an issue without a fix has no "Fix:".
    expect(lines[1]).toBe('  - POLICY_MAX_AGE_RANGE maxAge ($.maxAge): Too long!');
    expect(e.details).toEqual({ issues: [EMPTY, other], source: 'cors.json' });
    expect(e.fix).not.toBe(CorsConfigError.of([EMPTY]).fix);
  });

  it('ends a question as a question', () => {
    const e = CorsConfigError.of([{ ...EMPTY, message: 'did you mean origins?', fix: 'Rename it.' }]);
    expect(e.message.split('\n')[1]).toBe(
      '  - POLICY_ORIGINS_EMPTY origins ($.origins): did you mean origins? Fix: Rename it.',
    );
  });
});

describe('PolicyFileError', () => {
  it('reads its JSON path and position from its details', () => {
    const e = new PolicyFileError('POLICY_JSON_SYNTAX', 'cors.json:2:3: not valid JSON.', 'Fix it.', {
      details: { path: '$', source: 'cors.json', line: 2, column: 3 },
    });
    expect([e.name, e.path, e.line, e.column]).toEqual(['PolicyFileError', '$', 2, 3]);
    expect(e).toBeInstanceOf(CorsairError);
  });
});
