// The path of a request as the servers behind a policy may read it. A browser's URL parser already
// resolves dot segments (also %2e), turns \ into / and never sends a fragment, so what it sends reads
// one way. Anything else (percent-encoded letters or slashes, \, ;params, //, dot segments) is read
// differently by different servers: Express and Fastify match the raw path, nginx merges slashes and
// resolves dots after decoding, Tomcat and Spring drop ;params, IIS decodes twice. Such a path yields
// every reading, and the route table gives it a route only when all of them agree, so no spelling of a
// path can reach one handler while being judged by another route's policy.

/** Characters after which a path needs more than one reading. */
function isPlain(path: string, end: number): boolean {
  let prev = 0;
  for (let i = 0; i < end; i++) {
    const c = path.charCodeAt(i);
    // % \ ;
    if (c === 37 || c === 92 || c === 59) return false;
    if (prev === 47) {
      // '//' or a segment starting with '.' that is '.' or '..'
      if (c === 47) return false;
      if (c === 46) {
        const n = i + 1 < end ? path.charCodeAt(i + 1) : 47;
        if (n === 47 || (n === 46 && (i + 2 >= end || path.charCodeAt(i + 2) === 47))) return false;
      }
    }
    prev = c;
  }
  return true;
}

/** End of the path: before `?` or `#`. */
function pathEnd(target: string): number {
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c === 63 || c === 35) return i;
  }
  return target.length;
}

/** Segments of a `/`-path, lowercased, without the trailing empty segment of a trailing slash. */
function segmentsOf(path: string): string[] {
  const segs = path.toLowerCase().split('/');
  segs.shift();
  if (segs.length > 0 && segs[segs.length - 1] === '') segs.pop();
  return segs;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** One pass of percent-decoding (malformed `%` sequences stay as they are, bytes read as UTF-8). */
function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37 && i + 2 < s.length && hex(s.charCodeAt(i + 1)) >= 0 && hex(s.charCodeAt(i + 2)) >= 0) {
      bytes.push(hex(s.charCodeAt(i + 1)) * 16 + hex(s.charCodeAt(i + 2)));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const b of encoder.encode(String.fromCodePoint(cp))) bytes.push(b);
    }
  }
  return utf8.decode(new Uint8Array(bytes));
}

/** The decodings a server may apply: none, once, or until nothing changes (IIS-style double decoding). */
function decodings(path: string): string[] {
  const out = [path];
  let cur = path;
  for (let i = 0; i < 4; i++) {
    const next = percentDecode(cur);
    if (next === cur) break;
    out.push(next);
    cur = next;
  }
  return out;
}

/** A segment the URL Standard reads as `.` or `..` (it also reads %2e as a dot). */
function dotKind(seg: string): 0 | 1 | 2 {
  const s = seg.toLowerCase().replaceAll('%2e', '.');
  return s === '.' ? 1 : s === '..' ? 2 : 0;
}

function resolveDots(segs: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of segs) {
    const k = dotKind(s);
    if (k === 2) out.pop();
    else if (k === 0) out.push(s);
  }
  return out;
}

type Step = (segs: string[]) => string[];

const OPTIONAL_STEPS: readonly Step[] = [
  // ;params (Tomcat, Spring, Jetty)
  (segs) => segs.map((s) => s.split(';', 1)[0]!),
  // merged slashes (nginx, Apache)
  (segs) => segs.filter((s) => s !== ''),
  // resolved dot segments
  resolveDots,
];

/**
 * Every reading of a request target's path as lowercase segments (the query and fragment dropped): one
 * for a path a browser would send as is, more for a path that servers read differently. `null` when the
 * target is not a path (`*`, or an absolute URL without one).
 *
 * @example
 * pathReadings('/API/users?x=1');  // [['api', 'users']]
 * pathReadings('/public/..%2fprivate').length > 1; // true
 */
export function pathReadings(target: string): string[][] | null {
  let path = target;
  if (!path.startsWith('/')) {
    // absolute-form (a request through a proxy): scheme://authority/path
    const scheme = path.indexOf('://');
    if (scheme <= 0) return null;
    const slash = path.indexOf('/', scheme + 3);
    const q = pathEnd(path);
    if (slash === -1 || slash > q) return [[]];
    path = path.slice(slash);
  }
  const end = pathEnd(path);
  if (isPlain(path, end)) return [segmentsOf(end === path.length ? path : path.slice(0, end))];
  return trickyReadings(path.slice(0, end));
}

function trickyReadings(path: string): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const decoded of decodings(path)) {
    for (const bs of decoded.includes('\\') ? [decoded, decoded.replaceAll('\\', '/')] : [decoded]) {
      const base = bs.startsWith('/') ? bs.slice(1).split('/') : bs.split('/');
      for (let mask = 0; mask < 1 << OPTIONAL_STEPS.length; mask++) {
        let segs = base;
        for (let s = 0; s < OPTIONAL_STEPS.length; s++) if (mask & (1 << s)) segs = OPTIONAL_STEPS[s]!(segs);
        const lowered = segs.map((x) => x.toLowerCase());
        if (lowered.length > 0 && lowered[lowered.length - 1] === '') lowered.pop();
        const key = `${lowered.length}:${lowered.join('/')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(lowered);
      }
    }
  }
  return out;
}
