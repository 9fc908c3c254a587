// Every RegExp in src/ runs in time linear in its input: the static guard that replaced the timed
// "stays fast on 64 KiB" assertions (which measured the machine as much as the code). Each literal is
// compiled with re2js, an RE2 port that refuses exactly the constructs with no linear-time matcher
// (backreferences, lookaround); nested quantifiers are refused too, since our own code runs them on V8's
// backtracking engine, where (a+)+ is exponential even though RE2 accepts it. A RegExp built at run time
// cannot be read statically: each such site is listed below with what it is built from. Literals that
// need lookaround, a bounded repeat above RE2's 1000, or a repeated group are listed with why they stay
// linear on V8; a stale entry fails, so the lists only hold what the code has.
import { RE2JS } from 're2js';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier } from '../../src/policy/validate/regexp-samples.js';
import { forEachNode, sourceFiles, where } from './source.js';

/** `file`: why its `new RegExp(...)` is linear. Stale entries fail, so the list tracks the code. */
const BUILT_AT_RUN_TIME = new Map([
  ['src/origin/app-origin.ts', 'anchors the UUID literal /[0-9a-f]{8}-…/ (fixed repetition, no nesting)'],
  [
    'src/browser/explain/text.ts',
    "re-flags a literal of this file with 'g' (its source is checked as a literal)",
  ],
  [
    'src/browser/explain/rank.ts',
    'escaped constant message text and \\b…\\s+ around it: no nested quantifier',
  ],
]);

const SEP = 'each repetition ends at a character its class excludes, so a match splits one way only';
const REVIEWED = new Map([
  [
    'src/audit/probe-dedup.ts /^(?=.*\\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/',
    'two lookaheads at the anchored start: two linear scans',
  ],
  [
    'src/browser/explain/facts.ts /has been blocked by CORS policy|net::ERR_|is therefore not allowed access|Failed to load (?!resource)|TypeError: Failed to fetch/',
    'lookahead of a fixed word: constant work per position',
  ],
  [
    'src/browser/explain/text.ts /\\bFailed to load (?!resource)/',
    'lookahead of a fixed word: constant work per position',
  ],
  [
    "src/browser/explain/rank.ts /A\\w{2,7} to [A-Za-z][A-Za-z ]{0,40}? at '[^']{0,4096}'.{0,4096}? (?:has been )?blocked by CORS policy:/",
    'bounded repeats (RE2 caps counts at 1000): at most ~8 K steps per position',
  ],
  [
    "src/browser/explain/rank.ts /Origin '[^']{0,2048}' is therefore not allowed access\\.?/",
    'one bounded repeat (RE2 caps counts at 1000): at most 2 K steps per position',
  ],
  ['src/browser/request-headers.ts /^0+(?=.)/', 'one-character lookahead at the anchored start'],
  ['src/audit/probes.ts /^\\d{1,3}(\\.\\d{1,3}){3}$/', 'fixed repetition of a bounded group: constant size'],
  ['src/generate/safety.ts /^(?:[a-z0-9_-]+\\.)*[a-z0-9_-]+\\.?$|^\\[[0-9a-f:.]+\\]$/', SEP],
  ['src/origin/app-origin.ts /^[A-Za-z0-9_~-]+(?:\\.[A-Za-z0-9_~-]+)*$/', SEP],
  ['src/policy/regexp-probe.ts /[A-Za-z0-9-]+(?:\\\\\\.[A-Za-z0-9-]+)+/', SEP],
  [
    'src/policy/routes/path.ts /(?:%[\\da-f]{2})+/',
    'a repeated group of three characters starting with %, which a hex digit never is: one way to split a match',
  ],
]);

interface Literal {
  readonly at: string;
  readonly source: string;
  readonly flags: string;
}

function literals(): { found: Literal[]; dynamic: Set<string> } {
  const found: Literal[] = [];
  const dynamic = new Set<string>();
  for (const file of sourceFiles()) {
    forEachNode(file, (n) => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText(file.ast);
        const end = text.lastIndexOf('/');
        found.push({ at: where(file, n), source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if (
        (ts.isNewExpression(n) || ts.isCallExpression(n)) &&
        ts.isIdentifier(n.expression) &&
        n.expression.text === 'RegExp'
      ) {
        dynamic.add(file.path);
      }
    });
  }
  return { found, dynamic };
}

function re2Refusal(source: string, flags: string): string | undefined {
  const f = (flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0) | (flags.includes('s') ? RE2JS.DOTALL : 0);
  try {
    RE2JS.compile(RE2JS.translateRegExp(source), f | (flags.includes('m') ? RE2JS.MULTILINE : 0));
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

describe('every RegExp in src/ is linear-time', () => {
  const { found, dynamic } = literals();

  it('finds the literals (the scan itself works)', () => {
    expect(found.length).toBeGreaterThan(20);
    expect(found.some((l) => l.flags.includes('i'))).toBe(true);
  });

  const key = (l: Literal) => `${l.at.replace(/:\d+$/, '')} /${l.source}/`;
  const unreviewed = (l: Literal) => !REVIEWED.has(key(l));

  it('compiles every literal with re2js (no backreference, no lookaround) unless reviewed', () => {
    const refused = found.filter(unreviewed).flatMap((l) => {
      const why = re2Refusal(l.source, l.flags);
      return why === undefined ? [] : [`${l.at} /${l.source}/${l.flags}: ${why}`];
    });
    expect(refused).toEqual([]);
  });

  it('nests no quantifier in any literal (exponential on V8 backtracking) unless reviewed', () => {
    const nested = found.filter((l) => unreviewed(l) && hasNestedQuantifier(l.source));
    expect(nested.map((l) => `${l.at} /${l.source}/`)).toEqual([]);
  });

  it('reviews only literals that need it and still exist', () => {
    const needing = found.filter(
      (l) => re2Refusal(l.source, l.flags) !== undefined || hasNestedQuantifier(l.source),
    );
    expect([...new Set(needing.map(key))].sort()).toEqual([...REVIEWED.keys()].sort());
  });

  it('lists every RegExp built at run time, with why it is linear', () => {
    expect([...dynamic].sort()).toEqual([...BUILT_AT_RUN_TIME.keys()].sort());
  });
});

describe('the guard itself', () => {
  it('refuses what has no linear-time matcher and accepts plain patterns', () => {
    expect(re2Refusal('(a)\\1', '')).toBeDefined();
    expect(re2Refusal('a(?=b)', '')).toBeDefined();
    expect(re2Refusal('(?<!a)b', '')).toBeDefined();
    expect(re2Refusal('^[a-z]+\\.example\\.com$', 'i')).toBeUndefined();
    expect(hasNestedQuantifier('^(a+)+$')).toBe(true);
    expect(hasNestedQuantifier('^[a-z]+$')).toBe(false);
  });
});
