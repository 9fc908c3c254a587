// RegExp origin matchers given in code: refuse the shapes that let an attacker's origin match.

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
    return `the flag '${re.global ? 'g' : 'y'}' makes test() stateful (lastIndex), so the same origin alternates between allowed and refused`;
  }
  const src = re.source;
  if (!src.startsWith('^') || !src.endsWith('$') || src.endsWith('\\$')) {
    return "it is not anchored with ^ at the start and $ at the end, so 'https://evil.com/?https://app.example.com' or 'https://app.example.com.evil.com' would match";
  }
  if (re.multiline) return "the flag 'm' makes ^ and $ match at line breaks";
  return sourceProblem(src);
}
