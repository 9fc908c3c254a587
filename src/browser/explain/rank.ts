// Which wordings a paste matches, best first. A wording matches by the share of its words the paste
// holds (typos allowed), so fragments, paraphrases and cut lines still find their failure; the values
// in it ({method}, {header}, …) are then read with patterns built from the same template.
import { CHROMIUM_FETCH_VALUE_HINT, CHROMIUM_XHR_CREDENTIALS_NOTE } from '../messages.js';
import type { CorsErrorCode } from '../types.js';
import { SIGNATURES, type Signature } from './signatures.js';
import { keywords, normalizePaste, sameWord } from './text.js';

/** A failure the paste may report, with how sure and why. */
export interface Candidate {
  readonly code: CorsErrorCode;
  /** How well the wording fits, 0..1: its words found in the paste, and the paste's words it explains. */
  readonly score: number;
  /** Share of the wording's words found in the paste (1: every word). */
  readonly coverage: number;
  /** Weight of the wording's words found (longer wordings matched outrank their fragments). */
  readonly matched: number;
  readonly signature: Signature;
  /** The values the wording's placeholders hold in the paste (absent: not stated or cut off). */
  readonly values: Readonly<Record<string, string>>;
  readonly why: string;
}

interface Compiled {
  readonly signature: Signature;
  readonly words: readonly string[];
  readonly weight: number;
  readonly placeholders: readonly (readonly [string, RegExp])[];
}

// Header names and the spec's terms say more than glue words do.
const weightOf = (w: string): number => (w.startsWith('access-control-') ? 3 : 1);

/** For each {name}: the literal word before it, then the value (quoted up to its quote, or one token). */
function placeholderPatterns(template: string): [string, RegExp][] {
  const t = normalizePaste(template);
  const out: [string, RegExp][] = [];
  for (const m of t.matchAll(/([A-Za-z-]+)\s+('?)\{(\w+)\}/g)) {
    const [, before = '', quote, name = ''] = m;
    // An unquoted value (a header name, a URL) holds dots: only a dot that ends the sentence ends it.
    const value = quote ? "'([^']*)'" : "'?([^\\s']+?)'?(?=[\\s,;]|\\.(?:\\s|$)|$)";
    out.push([name, new RegExp(`\\b${before.replace(/-/g, '\\-')}\\s+${value}`, 'i')]);
  }
  return out;
}

const COMPILED: readonly Compiled[] = SIGNATURES.map((signature) => {
  const words = [...new Set(keywords(signature.template.replace(/\{\w+\}/g, ' ')))];
  return {
    signature,
    words,
    weight: words.reduce((s, w) => s + weightOf(w), 0),
    placeholders: placeholderPatterns(signature.template),
  };
});

/** Below this share of a wording's words, a match is chance. */
const MIN_SCORE = 0.6;

/**
 * Share of the wording's words in the paste. A paste cut short (`...`) is held against the wording
 * up to its last word found: the words after the cut cannot be there.
 */
function score(
  c: Compiled,
  pasted: readonly string[],
  cut: boolean,
  partial: string | null,
): { coverage: number; score: number; matched: number } {
  let matched = 0;
  let total = 0;
  let words = 0;
  let upTo = { matched: 0, total: 0 };
  for (const w of c.words) {
    total += weightOf(w);
    if (pasted.some((p) => sameWord(p, w)) || (partial !== null && w.startsWith(partial))) {
      matched += weightOf(w);
      words += 1;
      upTo = { matched, total };
    }
  }
  if (cut) ({ matched, total } = upTo);
  // A header name and one more word is a mention ("I set Access-Control-Allow-Origin but…"), not a reason.
  if (words < 3) return { coverage: 0, score: 0, matched };
  // How much of the paste the wording explains: a short wording that happens to fit a few words of
  // a longer reason must not outrank the wording of that reason.
  let explained = 0;
  let pastedWeight = 0;
  for (const p of pasted) {
    pastedWeight += weightOf(p);
    if (c.words.some((w) => sameWord(p, w)) || p === partial) explained += weightOf(p);
  }
  const coverage = total === 0 ? 0 : matched / total;
  const precision = pastedWeight === 0 ? 0 : explained / pastedWeight;
  return {
    coverage,
    score: coverage + precision === 0 ? 0 : (2 * coverage * precision) / (coverage + precision),
    matched,
  };
}

// The heads name the browser, URL and origin (facts.ts reads them); their words are no reason.
const NOISE = [
  /A\w{2,7} to [A-Za-z][A-Za-z ]{0,40}? at '[^']{0,4096}'.{0,4096}? (?:has been )?blocked by CORS policy:/,
  /Cross-Origin Request Blocked:.{0,200}?remote resource at \S+/i,
  /\b(?:Failed to load|(?:XMLHttpRequest|Fetch API) cannot load) \S+/,
  // WebKit's head of a refused redirect: where it went (the reason follows).
  /Cross-origin redirection to \S+ denied by Cross-Origin Resource Sharing policy:/g,
  /\S*\bnet::ERR_\w+(?: \d{3}(?: \([^)]*\))?)?/g,
  // Chromium's hints after the reason (today's and older ones) and the origin and status it once
  // appended: the same words follow many reasons.
  /(?:Have the server send the header with a valid value,? or,? )?(?:if|If) an opaque response serves your needs,.{0,200}?CORS disabled\.?/g,
  new RegExp(CHROMIUM_FETCH_VALUE_HINT.trim().replace(/[.]/g, '\\.'), 'g'),
  new RegExp(CHROMIUM_XHR_CREDENTIALS_NOTE.trim().replace(/[.]/g, '\\.'), 'g'),
  /Origin '[^']{0,2048}' is therefore not allowed access\.?/g,
  /The response had HTTP status code \d+\.?/g,
];

function valuesIn(c: Compiled, text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, re] of c.placeholders) {
    const v = re.exec(text)?.[1];
    // A value cut short by the paste (`...`) is not a value anyone may repeat; an unquoted one is read
    // up to the last dot of the ellipsis, so two dots in a row mark the cut too.
    if (v !== undefined && v !== '' && !v.includes('..') && !/^\{\w+\}$/.test(v)) values[name] = v;
  }
  return values;
}

const ALL_WORDS = new Set(COMPILED.flatMap((c) => c.words));

/** A paste cut mid-word ("…check: Redi"): its last word, when it only starts a wording's word. */
function partialLastWord(normal: string, pasted: readonly string[]): string | null {
  const last = pasted[pasted.length - 1];
  if (!last || last.length < 3 || ALL_WORDS.has(last) || !/[A-Za-z]$/.test(normal.trim())) return null;
  for (const w of ALL_WORDS) if (w.startsWith(last)) return last;
  return null;
}

/**
 * The failures `text` may report, best first, one per code (its best wording).
 *
 * @example
 * rankCandidates('Method PUT is not allowed by Access-Control-Allow-Methods')[0]?.code;
 * // 'MethodDisallowedByPreflightResponse'
 */
export function rankCandidates(text: string): Candidate[] {
  const normal = normalizePaste(text);
  const reason = NOISE.reduce((t, h) => t.replace(h, ' '), normal);
  // Each distinct word once: the cost follows the vocabulary, not the length of the paste.
  const pasted = [...new Set(keywords(reason))];
  const partial = partialLastWord(normal, pasted);
  const cut = partial !== null || /(?:\.\.\.|…)\s*$/.test(normal.trim());
  const scored = COMPILED.map((c) => ({ c, ...score(c, pasted, cut, partial) }))
    .filter((s) => s.coverage >= MIN_SCORE && s.matched >= 3)
    .sort((a, b) => b.score - a.score || b.matched - a.matched);
  const byCode = new Map<CorsErrorCode, Candidate>();
  for (const { c, score: s, coverage, matched } of scored) {
    c.signature.codes.forEach((code, i) => {
      if (byCode.has(code)) return;
      // Later codes of an ambiguous wording rank just below its first.
      const rank = Math.max(0, s - i * 0.01);
      const exact = coverage === 1 ? 'every word' : `${Math.round(coverage * 100)}% of the words`;
      byCode.set(code, {
        code,
        score: rank,
        coverage,
        matched,
        signature: c.signature,
        values: valuesIn(c, normal),
        why: `${exact} of ${FAMILY_NAME[c.signature.family]}'s "${c.signature.template}"${c.signature.ambiguity ? ` (${c.signature.ambiguity})` : ''}`,
      });
    });
  }
  return [...byCode.values()].sort((a, b) => b.score - a.score || b.matched - a.matched);
}

const FAMILY_NAME: Readonly<Record<Signature['family'], string>> = {
  chromium: 'Chromium',
  'chromium-old': 'older Chromium',
  firefox: 'Firefox',
  webkit: 'Safari (WebKit)',
};
