// Node 20's JSON.parse does not always say where it failed; this scanner (RFC 8259 grammar, no values
// built) finds the offset of the first error so a policy file's error can name a line and column.
// It keeps its own stack of open containers instead of recursing, so a hostile file of a million '['
// gets an offset, not a stack overflow, and every token is read once (linear time).

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
const ESCAPES = '"\\/bfnrt';

class Scanner {
  i = 0;
  constructor(readonly text: string) {}

  ws(): void {
    const t = this.text;
    while (
      this.i < t.length &&
      (t[this.i] === ' ' || t[this.i] === '\t' || t[this.i] === '\n' || t[this.i] === '\r')
    )
      this.i++;
  }

  /** Consume a string starting at `"`; false at the offending character. */
  str(): boolean {
    const t = this.text;
    this.i++;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 34) {
        this.i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== 92) {
        this.i++;
        continue;
      }
      const e = t[this.i + 1];
      if (e === 'u') {
        HEX4.lastIndex = this.i + 2;
        if (!HEX4.test(t)) return false;
        this.i += 6;
      } else if (e !== undefined && ESCAPES.includes(e)) this.i += 2;
      else return false;
    }
    return false;
  }

  /** Consume a scalar (string, literal, number); false at the offending character. */
  scalar(): boolean {
    const t = this.text;
    const c = t[this.i];
    if (c === '"') return this.str();
    for (const word of ['true', 'false', 'null']) {
      if (c === word[0]) {
        if (!t.startsWith(word, this.i)) return false;
        this.i += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = this.i;
    if (!NUMBER.test(t)) return false;
    this.i = NUMBER.lastIndex;
    return true;
  }
}

/** After a value inside `open` containers: `,` continues, the closing bracket pops; anything else fails. */
function afterValue(s: Scanner, open: string[]): 'value' | 'key' | 'after' | 'done' | 'fail' {
  s.ws();
  const top = open.at(-1);
  if (top === undefined) return 'done';
  const c = s.text[s.i];
  if (c === ',') {
    s.i++;
    return top === '{' ? 'key' : 'value';
  }
  if (c === (top === '{' ? '}' : ']')) {
    s.i++;
    open.pop();
    return 'after';
  }
  return 'fail';
}

/** Read `"key" :` inside an object. */
function key(s: Scanner): boolean {
  s.ws();
  if (s.text[s.i] !== '"' || !s.str()) return false;
  s.ws();
  if (s.text[s.i] !== ':') return false;
  s.i++;
  return true;
}

/** Start a value: open a container (handling an empty one) or read a scalar. */
function startValue(s: Scanner, open: string[]): 'key' | 'value' | 'after' | 'fail' {
  s.ws();
  const c = s.text[s.i];
  if (c !== '{' && c !== '[') return s.scalar() ? 'after' : 'fail';
  s.i++;
  s.ws();
  if (s.text[s.i] === (c === '{' ? '}' : ']')) {
    s.i++;
    return 'after';
  }
  open.push(c);
  return c === '{' ? 'key' : 'value';
}

/**
 * Offset of the first JSON syntax error in `text`, or `undefined` when it is valid JSON.
 *
 * @example
 * jsonErrorOffset('{"a": [1,]}'); // 9
 */
export function jsonErrorOffset(text: string): number | undefined {
  const s = new Scanner(text);
  const open: string[] = [];
  let state: 'value' | 'key' | 'after' | 'done' | 'fail' = 'value';
  while (state !== 'done' && state !== 'fail') {
    if (state === 'key') state = key(s) ? 'value' : 'fail';
    else if (state === 'value') state = startValue(s, open);
    else state = afterValue(s, open);
  }
  if (state === 'fail') return s.i;
  return s.i < text.length ? s.i : undefined;
}
