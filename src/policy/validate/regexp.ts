// RegExp origin matchers given in code: refuse the shapes that let an attacker's origin match, judged
// first by spelling (anchors, stateful flags), then by what the pattern matches: its own samples and
// their near misses, run on the linear-time engine, must stay on the sites the pattern names.
import type { ValidationContext } from './context.js';
import type { ValidationTools } from './tools.js';

/** Why a regex source is unsafe, scanning it once outside character classes, or `undefined`. */
function sourceProblem(src: string): string | undefined {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      return "a top-level '|' escapes the anchors (^a|b$ means ^a or b$); wrap the alternatives in a group: ^(?:a|b)$";
    } else if (c === '.') {
      const next = src[i + 1];
      if (next !== '*' && next !== '+' && next !== '?' && next !== '{') {
        return "it has an unescaped '.', which matches any character ('api.example.com' also matches 'apixexample.com'); write '\\.'";
      }
    }
  }
  return undefined;
}

/**
 * Why a RegExp is unsafe as an origin matcher, or `undefined` when it is anchored at both ends, has no
 * top-level alternation escaping the anchors, no unescaped `.` standing for a dot, and no stateful flag.
 *
 * @example
 * regexProblem(/example\.com$/); // 'it is not anchored with ^ …'
 */
export function regexProblem(re: RegExp): string | undefined {
  if (re.global || re.sticky) {
    return `the flag '${re.global ? 'g' : 'y'}' makes test() stateful (lastIndex), so one origin alternates between allowed and refused`;
  }
  const src = re.source;
  if (!src.startsWith('^') || !src.endsWith('$') || src.endsWith('\\$')) {
    return "it is not anchored with ^ and $, so 'https://evil.com/?https://app.example.com' or 'https://app.example.com.evil.com' would match";
  }
  if (re.multiline) return "the flag 'm' makes ^ and $ match at line breaks";
  return sourceProblem(src);
}

const ANCHOR_FIX =
  'anchor it, e.g. /^https:\\/\\/(?:app|admin)\\.example\\.com$/, or list exact origins and patterns';

/**
 * Validate a RegExp origin and return its linear-time matcher, or report why it is refused: unsafe
 * spelling, no engine to run it (edge entry points), super-linear (nested quantifiers), not runnable
 * in linear time (backreferences, lookaround), or matching an origin outside the sites it names.
 *
 * @example
 * validateRegExp(ctx, FULL_TOOLS, /^https:\/\/[a-z]+\.example\.com$/, '$.origins[0]'); // (origin) => boolean
 */
export function validateRegExp(
  ctx: ValidationContext,
  tools: ValidationTools,
  re: RegExp,
  p: string,
): ((origin: string) => boolean) | undefined {
  const add = (code: string, message: string, fix: string) => {
    ctx.add(code, 'origins', p, `the RegExp ${String(re)} ${message}`, fix);
    return undefined;
  };
  const problem = regexProblem(re);
  if (problem !== undefined) return add('POLICY_REGEXP_UNSAFE', `is unsafe: ${problem}`, ANCHOR_FIX);
  const engine = tools.regexps;
  if (engine === undefined) {
    return add(
      'POLICY_REGEXP_NEEDS_ENGINE',
      'must run on a linear-time engine and be probed against the Public Suffix List, which this entry point does not bundle',
      "build the policy with createCors from 'corsair-cors' and pass it in: cors(createCors({ origins: [...] }))",
    );
  }
  const judged = engine.judge(re);
  if (!judged.ok) return add(judged.code, judged.message, judged.fix);
  return judged.test;
}
