import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { none } from 'stream-chain';
import { parser } from 'stream-json';
import { HarError } from './errors.js';
import type { HarEntry, HarLog } from './model.js';
import { HarAssembler } from './tokens.js';
import { toHarEntry, toHarPages, toNameVersion } from './validate.js';

/**
 * Options of `readHar`.
 *
 * @example
 * const options: ReadHarOptions = { onProgress: (bytes) => bar.update(bytes) };
 */
export interface ReadHarOptions {
  /** Called after each chunk with the bytes read so far (compressed bytes for a .har.gz). */
  readonly onProgress?: (bytesRead: number) => void;
}

type TokenFn = (chunk: Uint8Array | typeof none) => Promise<AsyncIterable<Token> | undefined>;
interface Token {
  readonly name: string;
  readonly value?: unknown;
}

const FIX_FILE = 'Pass the .har file the browser saved (DevTools: Network panel, "Save all as HAR").';

/**
 * Read a HAR file as a stream: the JSON is parsed token by token, bodies and other large members are
 * skipped, and each entry is checked and reduced as soon as it ends, so a file of hundreds of MB is read
 * in bounded memory. A gzip-compressed HAR is decompressed on the way. Every problem is a `HarError`
 * with a `HAR_*` code and the JSON path.
 *
 * @example
 * import { createReadStream } from 'node:fs';
 * const log = await readHar(createReadStream('page.har'));
 * console.log(log.creator?.name, log.entries.length);
 */
export async function readHar(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: ReadHarOptions = {},
): Promise<HarLog> {
  const entries: HarEntry[] = [];
  const seen = { root: false, log: false, entries: false };
  const asm = new HarAssembler(shapeChecks(seen, entries));
  await feedTokens(source, asm, options);
  requireShape(seen);
  const m = asm.logMembers;
  return {
    version: typeof m.version === 'string' ? m.version : null,
    creator: toNameVersion(m.creator, 'log.creator'),
    browser: toNameVersion(m.browser, 'log.browser'),
    pages: toHarPages(m.pages),
    entries,
  };
}

type Seen = { root: boolean; log: boolean; entries: boolean };

/** Step 1: what the assembler checks as the HAR's outer shape streams past, and where entries go. */
function shapeChecks(seen: Seen, entries: HarEntry[]): ConstructorParameters<typeof HarAssembler>[0] {
  const wrongType = (path: string, kind: 'object' | 'array' | 'scalar', want: string) =>
    new HarError('HAR_WRONG_TYPE', `${path} is ${article(kind)}; a HAR has ${want} there.`, FIX_FILE, {
      details: { path },
    });
  return {
    root: (kind) => {
      seen.root = true;
      if (kind !== 'object')
        throw new HarError(
          'HAR_NOT_HAR',
          `The file is JSON but holds ${article(kind)}, not a HAR's { "log": … } object.`,
          FIX_FILE,
        );
    },
    log: (kind) => {
      seen.log = true;
      if (kind !== 'object') throw wrongType('log', kind, 'an object');
    },
    entries: (kind) => {
      seen.entries = true;
      if (kind !== 'array') throw wrongType('log.entries', kind, 'an array');
    },
    entry: (raw, index) => {
      entries.push(toHarEntry(raw, index));
    },
  };
}

/** Step 2: parse the (decompressed) bytes token by token into the assembler; a cut-off file is HAR_TRUNCATED. */
async function feedTokens(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  asm: HarAssembler,
  options: ReadHarOptions,
): Promise<void> {
  // The parser's function form (stream-chain's gen): each call yields the tokens of one chunk; `none` flushes.
  const p = parser({
    packKeys: true,
    streamKeys: false,
    packStrings: false,
    streamStrings: true,
    packNumbers: true,
    streamNumbers: false,
  }) as unknown as TokenFn;
  let bytes = 0;
  for await (const chunk of decoded(source, (n) => {
    bytes += n;
    options.onProgress?.(bytes);
  })) {
    try {
      for await (const token of (await p(chunk)) ?? []) asm.consume(token);
    } catch (e) {
      throw asHarError(e, bytes);
    }
  }
  try {
    const rest = await p(none);
    if (rest)
      for await (const token of rest as AsyncIterable<unknown>) asm.consume(token as { name: string });
  } catch (e) {
    if (e instanceof HarError) throw e;
    throw new HarError(
      'HAR_TRUNCATED',
      `The file ends in the middle of the JSON (after ${bytes} bytes): it was cut short.`,
      'Save the HAR again and wait until the browser has finished writing it.',
      { details: { offset: bytes } },
    );
  }
}

/** Step 3: the members a HAR must have, checked once the whole file was read. */
function requireShape(seen: Seen): void {
  if (!seen.root) throw new HarError('HAR_EMPTY', 'The file holds no JSON value.', FIX_FILE);
  if (!seen.log)
    throw new HarError('HAR_NOT_HAR', 'The JSON has no "log" member: it is not a HAR file.', FIX_FILE, {
      details: { path: 'log' },
    });
  if (!seen.entries)
    throw new HarError(
      'HAR_MISSING_FIELD',
      'log.entries is missing; a HAR lists its requests there.',
      FIX_FILE,
      { details: { path: 'log.entries' } },
    );
}

function article(kind: 'object' | 'array' | 'scalar'): string {
  return kind === 'array' ? 'an array' : kind === 'object' ? 'an object' : 'a single value';
}

function asHarError(e: unknown, bytes: number): HarError {
  if (e instanceof HarError) return e;
  const why = e instanceof Error ? e.message.replace(/^Parser cannot parse input: /, '') : String(e);
  return new HarError('HAR_NOT_JSON', `The file is not valid JSON near byte ${bytes} (${why}).`, FIX_FILE, {
    details: {
      offset: bytes,
    },
  });
}

/** The bytes as text the parser can take: empty and binary files refused, gzip decompressed. */
async function* decoded(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  progress: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  const it = (async function* () {
    yield* source;
  })();
  let first: Uint8Array = new Uint8Array(0);
  // Enough bytes to recognise the format.
  while (first.length < 4) {
    const r = await it.next();
    if (r.done) break;
    const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    progress(b.length);
    first = first.length === 0 ? b : Buffer.concat([first, b]);
  }
  const all = (async function* () {
    yield first;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      const b = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      progress(b.length);
      yield b;
    }
  })();
  const gzip = first[0] === 0x1f && first[1] === 0x8b;
  const text = gzip ? (Readable.from(all).pipe(createGunzip()) as AsyncIterable<Uint8Array>) : all;
  let checked = false;
  try {
    for await (const b of text) {
      if (!checked) checked = checkStart(b);
      yield b;
    }
  } catch (e) {
    if (e instanceof HarError || !gzip) throw e;
    throw new HarError('HAR_NOT_JSON', 'The file starts like gzip but does not decompress.', FIX_FILE);
  }
  if (!checked) throw new HarError('HAR_EMPTY', 'The file is empty.', FIX_FILE);
}

/**
 * Refuse what is plainly not JSON text before the parser sees it, naming what it looks like. Returns
 * false while only whitespace (or a UTF-8 byte order mark) has been seen.
 */
function checkStart(b: Uint8Array): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  if (i === b.length) return false;
  const c = b[i] as number;
  if (c === 0x7b) return true;
  if (c === 0x5b)
    throw new HarError(
      'HAR_NOT_HAR',
      'The file is a JSON array, not a HAR\'s { "log": … } object.',
      FIX_FILE,
    );
  const looks =
    c === 0x50 && b[i + 1] === 0x4b
      ? 'a ZIP archive: unzip it first'
      : (c === 0xff && b[i + 1] === 0xfe) || (c === 0xfe && b[i + 1] === 0xff)
        ? 'UTF-16 text: save it as UTF-8'
        : c < 0x20 || c >= 0x7f
          ? `binary data (byte 0x${c.toString(16).padStart(2, '0')} at offset ${i})`
          : `text starting with '${String.fromCharCode(c)}'`;
  throw new HarError('HAR_NOT_JSON', `The file is not JSON: it looks like ${looks}.`, FIX_FILE, {
    details: {
      offset: i,
    },
  });
}
