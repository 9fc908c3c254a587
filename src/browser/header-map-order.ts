// The order in which Chromium checks a request's CORS-unsafe header names against a preflight's
// Access-Control-Allow-Headers, which decides the header its console message names.
// Blink stores the page's headers in an HTTPHeaderMap (third_party/blink/renderer/platform/network/
// http_header_map.h: a WTF::HashMap keyed case-insensitively) and hands them to the network service in
// that map's iteration order, i.e. table-slot order. The network service then reports the first name
// not allowed (services/network/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders, over the
// names from cors.cc CorsUnsafeNotForbiddenRequestHeaderNames, not sorted). So the name is the first
// in hash-table order, which this file reproduces: WTF::HashTable (open addressing, 8 slots to start,
// doubling when the load reaches one half, triangular probing), CaseFoldingHash (Latin-1 case folding,
// hashed as UTF-16LE code units by StringHasher, i.e. rapidhash with WTF's seed, top 8 bits masked).
// Checked against Chromium 156 by the conformance cases request/custom-order.*, custom-many.*,
// total-over-1024.* and request/unsafe-order-*.

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

/** Latin-1 case folding as WTF's CaseFoldingHash does it (A–Z and À–Þ except ×). */
function foldLatin1(c: number): number {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 0x20 : c;
}

/**
 * WTF's CaseFoldingHash of a header name: 24 bits, never 0.
 *
 * @example
 * caseFoldingHash('X-A') === caseFoldingHash('x-a'); // true
 */
export function caseFoldingHash(name: string): number {
  const bytes = new Uint8Array(name.length * 2);
  for (let i = 0; i < name.length; i++) {
    const folded = foldLatin1(name.charCodeAt(i) & 0xffff);
    bytes[2 * i] = folded & 0xff;
    bytes[2 * i + 1] = folded >> 8;
  }
  const h = Number(rapidhash(bytes, SEED) & 0xffffffn);
  return h === 0 ? 0x800000 : h;
}

/**
 * The iteration order of a WTF::HashMap keyed case-insensitively after inserting `names` in order:
 * the order in which Blink hands a page's request headers to Chromium's network service.
 * Duplicates (case-insensitively) keep their first spelling and place.
 *
 * @example
 * blinkHeaderMapOrder(['X-C', 'x-b', 'X-A']); // ['X-C', 'X-A', 'x-b'] (Chromium names x-c first)
 */
export function blinkHeaderMapOrder(names: readonly string[]): string[] {
  let capacity = 8;
  let table: (string | null)[] = new Array(capacity).fill(null);
  let size = 0;
  const insert = (name: string): void => {
    if ((size + 1) * 2 >= capacity) {
      const old = table;
      capacity *= 2;
      table = new Array(capacity).fill(null);
      size = 0;
      for (const n of old) if (n !== null) insert(n);
    }
    const lower = name.toLowerCase();
    let index = caseFoldingHash(name) & (capacity - 1);
    for (let probe = 0; ; ) {
      const slot = table[index];
      if (slot === null || slot === undefined) break;
      if (slot.toLowerCase() === lower) return;
      probe++;
      if (probe >= capacity) return;
      index = (index + probe) & (capacity - 1);
    }
    table[index] = name;
    size++;
  };
  for (const n of names) insert(n);
  return table.filter((n): n is string => n !== null);
}
