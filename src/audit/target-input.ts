// Target lists as people keep them (one URL a line, # comments, CRLF, a BOM, trailing notes), read as a
// stream; and the stable split of a list into shards.
import { createHash } from 'node:crypto';
import { printable } from './report/text.js';
import { ScanError } from './scan-error.js';

/** Longer lines are not URLs anyone meant; a file of them is usually something else. */
const MAX_LINE = 16 * 1024;

// C0 controls other than tab, LF, CR, FF; and DEL. Text files of URLs never hold them; binary files do.
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;

/**
 * The targets in a stream of bytes: one per line, blank lines and `#` comments skipped, a trailing
 * ` # note` dropped, surrounding spaces trimmed, a UTF-8 BOM ignored. Refuses a file that is not text
 * (`SCAN_INPUT_BINARY`, naming the offset, never echoing the bytes) or has absurd lines
 * (`SCAN_INPUT_LINE_TOO_LONG`).
 *
 * @example
 * for await (const url of readTargets(createReadStream('targets.txt'), 'targets.txt')) console.log(url);
 */
export async function* readTargets(
  chunks: AsyncIterable<Buffer | string>,
  name: string,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let carry = '';
  let offset = 0;
  let lineNo = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw notText(name, `bytes that are not UTF-8 near offset ${offset}`);
    }
    const bad = CONTROL.exec(text);
    if (bad) throw notText(name, `a control byte 0x${hex(bad[0])} near offset ${offset + bad.index}`);
    offset += bytes.length;
    const lines = (carry + text).split('\n');
    carry = lines.pop() ?? '';
    if (carry.length > MAX_LINE) throw tooLong(name, lineNo + lines.length + 1);
    for (const line of lines) {
      lineNo++;
      if (line.length > MAX_LINE) throw tooLong(name, lineNo);
      const t = targetOf(line);
      if (t) yield t;
    }
  }
  try {
    carry += decoder.decode();
  } catch {
    throw notText(name, 'a UTF-8 sequence cut off at the end');
  }
  const t = targetOf(carry);
  if (t) yield t;
}

function targetOf(line: string): string | null {
  // `s`: a CR (a Windows line end) must not stop the comment.
  const t = line.replace(/(^|\s)#.*$/s, '').trim();
  return t === '' ? null : t;
}

function hex(c: string): string {
  return c.charCodeAt(0).toString(16).padStart(2, '0');
}

function notText(name: string, what: string): ScanError {
  return new ScanError(
    'SCAN_INPUT_BINARY',
    `--input ${printable(name)} is not a text list of URLs: it holds ${what}.`,
    'Give a text file with one URL per line (# starts a comment).',
  );
}

function tooLong(name: string, line: number): ScanError {
  return new ScanError(
    'SCAN_INPUT_LINE_TOO_LONG',
    `--input ${printable(name)}: line ${line} is longer than ${MAX_LINE} characters, not a URL.`,
    'Give a text file with one URL per line.',
  );
}

/**
 * One shard of N: `index` counts from 1.
 *
 * @example
 * const s: Shard = { index: 2, count: 4 };
 */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Read `--shard K/N` (1 ≤ K ≤ N).
 *
 * @example
 * parseShard('2/4'); // { index: 2, count: 4 }
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new ScanError(
      'SCAN_BAD_SHARD',
      `--shard '${printable(text, 40)}' is not K/N with 1 ≤ K ≤ N.`,
      'Write e.g. --shard 1/4 … --shard 4/4, one per machine (K from 1 to N).',
    );
  return { index, count };
}

/**
 * Whether `target` belongs to `shard`: a hash of the target exactly as written, so every machine agrees
 * whatever the order or the other lines of its list, and each target falls in exactly one shard.
 *
 * @example
 * [1, 2, 3].filter((k) => inShard('https://api.example.com/', { index: k, count: 3 })).length; // 1
 */
export function inShard(target: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const h = createHash('sha256').update(target).digest().readUInt32BE(0);
  return h % shard.count === shard.index - 1;
}
