// The path of a request as the servers behind a policy may read it. A browser's URL parser already
// resolves dot segments (also %2e), turns \ into / and never sends a fragment, so what it sends reads
// one way. Anything else (percent-encoded letters or slashes, \, ;params, //, dot segments) is read
// differently by different servers: Express and Fastify match the raw path, nginx merges slashes and
// resolves dots after decoding, Tomcat and Spring drop ;params, IIS decodes twice. Such a path yields
// every reading, and the route table gives it a route only when all of them agree, so no spelling of a
// path can reach one handler while being judged by another route's policy.

/**
 * Where the path of `target` ends (before `?` or `#`) when every server splits it into the same
 * segments: no `\`, `;`, empty or dot segment, and no `%` but escapes that spell none of `%` `.` `/`
 * `;` `\` (what a browser sends), else -1. One pass; the route table walks such a path as it is,
 * without splitting it. An escape makes its segment read two ways, as sent and decoded once; the walk
 * decodes it only where a route literal could match it.
 *
 * @example
 * plainPathEnd('/api/items?x=1'); // 10
 * plainPathEnd('/api/caf%C3%A9');  // 14
 * plainPathEnd('/api/%2e%2e/x');   // -1
 */
export function plainPathEnd(target: string): number {
  if (target.charCodeAt(0) !== 47) return -1;
  let escaped = false;
  for (let i = 1, start = 1; ; i++) {
    // past the end reads as '?': the path ends there
    const c = i < target.length ? target.charCodeAt(i) : 63;
    if (c === 37 && !escaped) {
      // the first escape: every escape from here to the end of the path must split nothing
      OPAQUE_ESCAPES.lastIndex = i;
      if (!OPAQUE_ESCAPES.test(target)) return -1;
      escaped = true;
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

// From an escape to the end of the path, only escapes that spell none of % . / ; \ (sticky).
const OPAQUE_ESCAPES = /(?:%(?!2[5ef]|3b|5c)[\da-f]{2}|[^%?#])*(?![^?#])/iy;

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

/**
 * The path of a request target, query included: the target itself in origin-form (`/…`), what follows
 * the authority in absolute-form (a request through a proxy; `/` when nothing does), `null` for neither
 * (`*`).
 *
 * @example
 * pathOf('http://api.example/users?x=1'); // '/users?x=1'
 */
export function pathOf(target: string): string | null {
  if (target.startsWith('/')) return target;
  const scheme = target.indexOf('://');
  if (scheme <= 0) return null;
  // The authority ends at the path's '/', or at a query or fragment (then the path is '/').
  for (let i = scheme + 3; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c === 47) return target.slice(i);
    if (c === 63 || c === 35) break;
  }
  return '/';
}

/**
 * More segments than any real path has: a path that needs readings and has more is not read (each
 * reading costs a pass over every segment, and up to 80 readings on hostile input would cost
 * milliseconds).
 */
const MAX_READ_SEGMENTS = 128;

/**
 * Every way servers may read a path (`/…`, as `pathOf` gives it) that `plainPathEnd` refuses, each as a
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
