// The path of a request as the servers behind a policy may read it. A browser's URL parser already
// resolves dot segments (also %2e), turns \ into / and never sends a fragment, so what it sends reads
// one way. Anything else (percent-encoded letters or slashes, \, ;params, //, dot segments) is read
// differently by different servers: Express and Fastify match the raw path, nginx merges slashes and
// resolves dots after decoding, Tomcat and Spring drop ;params, IIS decodes twice. Such a path yields
// every reading, and the route table gives it a route only when all of them agree, so no spelling of a
// path can reach one handler while being judged by another route's policy.

/**
 * Where a path ends (before `?` or `#`) when every server splits it into the same segments: no `\`, `;`,
 * empty or dot segment, and no `%` but escapes that spell none of `%` `.` `/` `;` `\` (what a browser
 * sends), else -1. `from` is where the path's first `/` stands in `target` (`pathStart`). The route table
 * walks such a path as it is, without splitting it. An escape makes its segment read two ways, as sent and
 * decoded once; the walk decodes it only where a route literal could match it.
 *
 * @example
 * plainPathEnd('/api/items?x=1'); // 10
 * plainPathEnd('/api/caf%C3%A9');  // 14
 * plainPathEnd('/api/%2e%2e/x');   // -1
 * plainPathEnd('https://a.example/api/x', 17); // 23
 */
export function plainPathEnd(target: string, from = 0): number {
  for (let i = from + 1, start = i; ; i++) {
    // past the end reads as '?': the path ends there
    const c = i < target.length ? target.charCodeAt(i) : 63;
    if (c === 37) {
      if (!opaqueEscape(target, i)) return -1;
      i += 2;
      continue;
    }
    if (c === 92 || c === 59) return -1; // \ ;
    if (c !== 47 && c !== 63 && c !== 35) continue;
    // a segment ends: '' before another '/', '.' or '..' need more readings
    const n = i - start;
    const dot = target.charCodeAt(start) === 46;
    if ((n === 0 && c === 47) || (dot && (n === 1 || (n === 2 && target.charCodeAt(start + 1) === 46))))
      return -1;
    if (c !== 47) return i;
    start = i + 1;
  }
}

/** Whether the `%` at `i` starts an escape that spells none of `%` `.` `/` `;` `\` (a malformed one is a `%`). */
function opaqueEscape(target: string, i: number): boolean {
  const byte = hexDigit(target.charCodeAt(i + 1)) * 16 + hexDigit(target.charCodeAt(i + 2));
  return byte >= 0 && byte !== 0x25 && byte !== 0x2e && byte !== 0x2f && byte !== 0x3b && byte !== 0x5c;
}

/** A hex digit's value; for anything else (NaN past the end too) a value that makes any byte negative. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -256;
}

// ignoreBOM: a decoder drops a BOM at the start of its input, and here every run of escapes is one input.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * One pass of percent-decoding: each run of `%XX` escapes read as UTF-8 bytes (an invalid sequence as
 * U+FFFD), a malformed `%` sequence kept as it is. Decoding run by run reads the bytes as one decoder
 * over the whole string would: a character between two runs ends any sequence the first left open, as
 * its own UTF-8 never starts with a continuation byte.
 */
export function percentDecode(s: string): string {
  // The platform's decoder gives the same string where it does not throw (on bytes that are no UTF-8).
  try {
    return decodeURIComponent(s);
  } catch {}
  return s.replace(/(?:%[\da-f]{2})+/gi, (run) =>
    utf8.decode(Uint8Array.from(run.slice(1).split('%'), (h) => Number.parseInt(h, 16))),
  );
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

/** Dot segments resolved: `.` dropped, `..` dropping the segment before (the URL Standard reads %2e as a dot). */
function resolveDots(segs: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of segs) {
    // a dot segment is at most 6 characters (%2e%2e) and starts with . or %
    const dots = s.length < 7 && (s[0] === '.' || s[0] === '%') ? s.toLowerCase().replaceAll('%2e', '.') : s;
    if (dots === '..') out.pop();
    else if (dots !== '.') out.push(s);
  }
  return out;
}

type Step = (segs: string[]) => string[];

const OPTIONAL_STEPS: readonly Step[] = [
  // ;params (Tomcat, Spring, Jetty)
  (segs) => segs.map((s) => (s.includes(';') ? s.slice(0, s.indexOf(';')) : s)),
  // merged slashes (nginx, Apache)
  (segs) => segs.filter((s) => s !== ''),
  // resolved dot segments
  resolveDots,
];

/** `pathStart` of an absolute-form target without a path (`http://a.example?x`: its path is `/`), and of `*`. */
export const NO_PATH = -1;
const NOT_A_PATH = -2;

/**
 * Where the path of a request target starts: 0 in origin-form (`/…`), the `/` after the authority in
 * absolute-form (a request through a proxy, or the URL the fetch adapters see); `NO_PATH` for an
 * absolute-form target without one (its path is `/`), `NOT_A_PATH` for neither (`*`).
 *
 * @example
 * pathStart('http://api.example/users?x=1'); // 18
 */
export function pathStart(target: string): number {
  if (target.charCodeAt(0) === 47) return 0;
  const scheme = target.indexOf('://');
  if (scheme <= 0) return NOT_A_PATH;
  // The authority ends at the path's '/', or at a query or fragment (then the path is '/'). Native
  // searches: an authority is longer than most paths, and a loop over it costs more than four of them.
  const a = scheme + 3;
  const slash = target.indexOf('/', a);
  if (slash === -1) return NO_PATH;
  const q = target.indexOf('?', a);
  const h = target.indexOf('#', a);
  return (q !== -1 && q < slash) || (h !== -1 && h < slash) ? NO_PATH : slash;
}

/**
 * More segments than any real path has: a path that needs readings and has more is not read (each
 * reading costs a pass over every segment, and up to 80 readings on hostile input would cost
 * milliseconds).
 */
export const MAX_READ_SEGMENTS = 128;

/**
 * Every way servers may read a path (`/…`, query included or not) that `plainPathEnd` refuses, each as a
 * path without query or fragment, in the case it was sent (the route table compares case-insensitively).
 * A reading ending in `/` has a trailing slash; one ending in `//` an empty last segment. `undefined`
 * where a reading has more than `MAX_READ_SEGMENTS` segments.
 *
 * @example
 * pathReadings('/public/..%2fprivate').length > 1; // true
 */
export function pathReadings(path: string): string[] | undefined {
  const p = path.split(/[?#]/, 1)[0]!;
  const seen = new Set<string>();
  for (const decoded of decodings(p)) {
    // as sent, and with backslashes read as slashes (the same when there are none)
    for (const bs of new Set([decoded, decoded.replaceAll('\\', '/')])) {
      const base = bs.slice(1).split('/');
      if (base.length > MAX_READ_SEGMENTS) return undefined;
      for (let mask = 0; mask < 1 << OPTIONAL_STEPS.length; mask++) {
        let segs = base;
        for (let s = 0; s < OPTIONAL_STEPS.length; s++) if (mask & (1 << s)) segs = OPTIONAL_STEPS[s]!(segs);
        seen.add(`/${segs.join('/')}`);
      }
    }
  }
  return [...seen];
}
