// Strings a RegExp source can match, for probing it by what it matches rather than by its spelling.
// A small reading of the JavaScript pattern syntax: literals, escapes, classes, groups with
// alternatives and quantifiers. Each atom offers a few characters (a wildcard offers a letter, a dot
// and a hyphen: the classic confusions), each quantifier a few counts, and an unbounded wildcard also
// offers whole words ('evil', 'corsair-attacker.net'). The product is capped, so a pattern of any size
// yields a bounded set. Anything the reader does not know stands for itself: samples only need to be
// plausible, the linear engine decides what really matches.

type Atom = { readonly options: readonly string[]; readonly wide: boolean };
type Item = { readonly atom: Atom | Alternatives; readonly min: number; readonly max: number };
type Alternatives = { readonly alternatives: readonly Item[][] };

const MAX_SAMPLES = 400;
const WIDE = ['x', '.', '-'];
const WORDS = ['evil', 'evil.', 'corsair-attacker.net', 'corsair-attacker.net.', 'a.b'];
const CLASS_ESCAPES: Readonly<Record<string, readonly string[]>> = {
  d: ['1'],
  D: WIDE,
  w: ['a', '_'],
  W: ['.', '-'],
  s: [' '],
  S: WIDE,
};

class Reader {
  i = 0;
  constructor(readonly src: string) {}
  peek(): string | undefined {
    return this.src[this.i];
  }
  next(): string {
    return this.src[this.i++] ?? '';
  }
}

/**
 * `\p{…}`, `\P{…}` (Unicode properties, `u` flag): read as a wildcard, which only adds probes. Braces
 * holding a count (`\p{2}`) are a quantifier of the letter p, as without the `u` flag.
 */
function propertyEscape(r: Reader): Atom | undefined {
  const m = /^\{[A-Za-z_=]+\}/.exec(r.src.slice(r.i));
  if (m === null) return undefined;
  r.i += m[0].length;
  return { options: WIDE, wide: true };
}

function escapeAtom(r: Reader): Atom {
  const c = r.next();
  if (Object.hasOwn(CLASS_ESCAPES, c)) return { options: CLASS_ESCAPES[c]!, wide: c === 'S' || c === 'D' };
  if (c === 'p' || c === 'P') return propertyEscape(r) ?? { options: [c], wide: false };
  if (c === 'x' || c === 'u') {
    const m = /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4})|([0-9a-fA-F]{2}))/.exec(r.src.slice(r.i));
    if (m !== null && (c === 'u' || m[3] !== undefined)) {
      r.i += m[0].length;
      return { options: [String.fromCodePoint(Number.parseInt(m[1] ?? m[2] ?? m[3]!, 16))], wide: false };
    }
  }
  // A legacy octal escape (`\56` is '.' without the u flag); a backreference is refused by the engine.
  const octal = /^[0-3]?[0-7]{1,2}/.exec(r.src.slice(r.i - 1));
  if (octal !== null && c !== '0') {
    r.i += octal[0].length - 1;
    return { options: [String.fromCharCode(Number.parseInt(octal[0], 8))], wide: false };
  }
  return { options: [c], wide: false };
}

/** One member of a class: a character, or the characters of an escape (`\d`, `\x2e`). */
function classMember(r: Reader): { chars: readonly string[]; single: boolean } {
  const c = r.next();
  if (c !== '\\') return { chars: [c], single: true };
  const escaped = r.peek() ?? '';
  const e = escapeAtom(r);
  return { chars: e.options, single: !Object.hasOwn(CLASS_ESCAPES, escaped) && !e.wide };
}

const PROBES = [...WIDE, '_', 'a'];

function classAtom(r: Reader): Atom {
  const negated = r.peek() === '^';
  if (negated) r.i++;
  const listed: string[] = [];
  const ranges: [number, number][] = [];
  while (r.i < r.src.length && r.peek() !== ']') {
    const m = classMember(r);
    listed.push(...m.chars);
    if (!m.single || r.peek() !== '-' || r.src[r.i + 1] === ']' || r.src[r.i + 1] === undefined) continue;
    r.i++;
    const end = classMember(r);
    listed.push(...end.chars);
    if (end.single) ranges.push([m.chars[0]!.codePointAt(0)!, end.chars[0]!.codePointAt(0)!]);
    else listed.push('-');
  }
  r.i++; // ']'
  // A range holds what lies between its ends: '[*-/]' holds '.' and '-', the classic confusions.
  const inside = (c: string) =>
    listed.includes(c) || ranges.some(([a, b]) => a <= c.codePointAt(0)! && c.codePointAt(0)! <= b);
  if (!negated) {
    const options = [...new Set([...listed.slice(0, 4), ...WIDE.filter(inside)])];
    return { options, wide: inside('.') };
  }
  return { options: PROBES.filter((c) => !inside(c)).slice(0, 3), wide: true };
}

function quantifier(r: Reader): { min: number; max: number } {
  const c = r.peek();
  let q = { min: 1, max: 1 };
  if (c === '?') q = { min: 0, max: 1 };
  else if (c === '*') q = { min: 0, max: Number.POSITIVE_INFINITY };
  else if (c === '+') q = { min: 1, max: Number.POSITIVE_INFINITY };
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(r.src.slice(r.i));
    if (m === null) return q;
    r.i += m[0].length - 1;
    const min = Number(m[1]);
    q = { min, max: m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]) };
  } else return q;
  r.i++;
  if (r.peek() === '?') r.i++; // lazy: same strings
  return q;
}

function group(r: Reader): Alternatives {
  if (r.src.startsWith('?:', r.i)) r.i += 2;
  else if (r.src.startsWith('?<', r.i) && r.src[r.i + 2] !== '=' && r.src[r.i + 2] !== '!')
    r.i = r.src.indexOf('>', r.i) + 1;
  const alternatives = sequenceList(r);
  r.i++; // ')'
  return { alternatives };
}

function sequenceList(r: Reader): Item[][] {
  const alts: Item[][] = [[]];
  while (r.i < r.src.length && r.peek() !== ')') {
    const c = r.next();
    if (c === '|') {
      alts.push([]);
      continue;
    }
    let atom: Atom | Alternatives;
    if (c === '^' || c === '$') continue;
    if (c === '\\') atom = escapeAtom(r);
    else if (c === '[') atom = classAtom(r);
    else if (c === '(') atom = group(r);
    else if (c === '.') atom = { options: WIDE, wide: true };
    else atom = { options: [c], wide: false };
    alts.at(-1)!.push({ atom, ...quantifier(r) });
  }
  return alts;
}

function cap(xs: string[]): string[] {
  if (xs.length <= MAX_SAMPLES) return xs;
  const step = xs.length / MAX_SAMPLES;
  return Array.from({ length: MAX_SAMPLES }, (_, k) => xs[Math.floor(k * step)]!);
}

function itemStrings(item: Item): string[] {
  const unit = 'alternatives' in item.atom ? alternativesStrings(item.atom) : item.atom.options;
  const counts = new Set([item.min, Math.min(item.min + 1, item.max)]);
  if (item.max === Number.POSITIVE_INFINITY) counts.add(item.min + 3);
  const out: string[] = [];
  for (const n of counts) for (const u of unit) out.push(u.repeat(n));
  if ('options' in item.atom && item.atom.wide && item.max > 1) out.push(...WORDS);
  return [...new Set(out)];
}

function alternativesStrings(a: Alternatives): string[] {
  return cap(a.alternatives.flatMap(sequenceStrings));
}

function sequenceStrings(items: readonly Item[]): string[] {
  let acc = [''];
  for (const item of items) {
    const next: string[] = [];
    const options = itemStrings(item);
    for (const prefix of acc) for (const o of options) next.push(prefix + o);
    acc = cap([...new Set(next)]);
  }
  return acc;
}

/**
 * Up to 400 strings a RegExp source may match, the first one with every quantifier at its minimum and
 * every class at its first character (the pattern's "intended" reading).
 *
 * @example
 * regexpSamples('^https:\\/\\/app.?example\\.com$'); // ['https://appexample.com', 'https://appxexample.com', 'https://app.example.com', …]
 */
export function regexpSamples(source: string): string[] {
  return alternativesStrings({ alternatives: sequenceList(new Reader(source)) });
}

function repeats(item: Item): boolean {
  return item.max > 1;
}

function nested(items: readonly Item[], inRepeat: boolean): boolean {
  for (const item of items) {
    const r = repeats(item);
    if (r && inRepeat) return true;
    if ('alternatives' in item.atom && item.atom.alternatives.some((alt) => nested(alt, inRepeat || r)))
      return true;
  }
  return false;
}

/**
 * Whether a RegExp source repeats something that itself repeats (star height above one, as
 * `([a-z0-9]+)+` or `(\w+\.)*`): the shape behind exponential backtracking. Conservative, like
 * safe-regex's rule: some such patterns are linear in practice, but none is needed for an origin.
 *
 * @example
 * hasNestedQuantifier('^https:\\/\\/([a-z0-9]+)+\\.example\\.com$'); // true
 * hasNestedQuantifier('^https:\\/\\/[a-z0-9]+\\.example\\.com$');    // false
 */
export function hasNestedQuantifier(source: string): boolean {
  return sequenceList(new Reader(source)).some((alt) => nested(alt, false));
}
