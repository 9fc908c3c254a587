// A streaming assembler for HAR files: builds one entry at a time from stream-json's tokens and never
// holds what a CORS decision does not need (bodies, initiator stacks, WebSocket frames), so memory
// follows the number of requests, not the size of the file.

/** A string longer than this (outside the skipped bodies) is kept only as its length. */
export const MAX_STRING_CHARS = 1 << 20;

/**
 * A string too long to keep: its length and the first characters.
 *
 * @example
 * if (value instanceof TooLarge) console.log(value.length);
 */
export class TooLarge {
  constructor(
    readonly length: number,
    readonly head: string,
  ) {}
}

/** Entry members never read by corsair: skipped token by token, whatever their size. */
const SKIPPED_IN_ENTRY = new Set([
  'content',
  'postData',
  'queryString',
  'cache',
  '_initiator',
  '_webSocketMessages',
  '_eventSourceMessages',
  '_securityDetails',
  '_chunks',
]);
/** Below this depth inside an entry nothing is read (headers sit at depth 4). */
const MAX_ENTRY_DEPTH = 6;
const KEPT_IN_LOG = new Set(['version', 'creator', 'browser', 'pages', 'entries']);

interface Frame {
  readonly value: Record<string, unknown> | unknown[];
  key: string | null;
}

/**
 * What the assembler reports: the log's small members once the file ends, each entry as soon as it ends.
 *
 * @example
 * const sink: HarSink = { entry: (raw, i) => entries.push(raw), root: (kind) => {} };
 */
export interface HarSink {
  /** The root value started: `object` for a HAR; anything else means the file is not a HAR. */
  readonly root: (kind: 'object' | 'array' | 'scalar') => void;
  readonly entry: (raw: unknown, index: number) => void;
  /** `log` started as a value of this kind. */
  readonly log: (kind: 'object' | 'array' | 'scalar') => void;
  /** `log.entries` started as a value of this kind. */
  readonly entries: (kind: 'object' | 'array' | 'scalar') => void;
}

/**
 * Consumes stream-json tokens (keys packed, strings streamed, numbers packed) and assembles the HAR's
 * `log` members and its entries one by one.
 *
 * @example
 * const asm = new HarAssembler(sink);
 * for await (const token of tokens) asm.consume(token);
 * asm.logMembers; // { version, creator, browser, pages }
 */
export class HarAssembler {
  /** `log.version`, `log.creator`, `log.browser`, `log.pages` as assembled. */
  readonly logMembers: Record<string, unknown> = {};
  private readonly path: (string | number)[] = [];
  private readonly frames: Frame[] = [];
  /** Open containers inside a skipped value. */
  private skipDepth = 0;
  private skippingString = false;
  private string: string[] | null = null;
  private stringLength = 0;
  private entryIndex = 0;

  constructor(private readonly sink: HarSink) {}

  consume(token: { name: string; value?: unknown }): void {
    if (this.skipDepth > 0) {
      if (token.name === 'startObject' || token.name === 'startArray') this.skipDepth++;
      else if (token.name === 'endObject' || token.name === 'endArray') this.skipDepth--;
      return;
    }
    if (this.skippingString) {
      if (token.name === 'endString') this.skippingString = false;
      return;
    }
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        this.open(token.name === 'startObject' ? 'object' : 'array');
        return;
      case 'endObject':
      case 'endArray':
        this.close();
        return;
      case 'keyValue':
        (this.frames.at(-1) as Frame).key = token.value as string;
        return;
      case 'startString':
        if (this.begin('scalar')) {
          this.string = [];
          this.stringLength = 0;
        } else this.skippingString = true;
        return;
      case 'stringChunk':
        this.chunk(token.value as string);
        return;
      case 'endString':
        this.endString();
        return;
      case 'numberValue':
        if (this.begin('scalar')) this.put(Number(token.value));
        return;
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        if (this.begin('scalar')) this.put(token.value ?? null);
        return;
    }
  }

  /** The position a new value takes: its key or index from the parent. */
  private nextSegment(): string | number | null {
    const top = this.frames.at(-1);
    if (!top) return null;
    return Array.isArray(top.value) ? top.value.length : top.key;
  }

  /** Decide whether the value now starting is kept; reports the structural landmarks. */
  private begin(kind: 'object' | 'array' | 'scalar'): boolean {
    const seg = this.nextSegment();
    const depth = this.frames.length;
    if (depth === 0) {
      this.sink.root(kind);
      return true;
    }
    if (this.keeps(seg, depth, kind)) return true;
    if (kind !== 'scalar') this.skipDepth = 1;
    return false;
  }

  private keeps(seg: string | number | null, depth: number, kind: 'object' | 'array' | 'scalar'): boolean {
    if (depth === 1) {
      if (seg !== 'log') return false;
      this.sink.log(kind);
      return true;
    }
    if (this.path[0] !== 'log') return false;
    if (depth === 2) {
      if (seg === 'entries') this.sink.entries(kind);
      return typeof seg === 'string' && KEPT_IN_LOG.has(seg);
    }
    if (this.path[1] !== 'entries') return true;
    if (depth > 3 && typeof seg === 'string' && SKIPPED_IN_ENTRY.has(seg)) return false;
    return depth - 3 <= MAX_ENTRY_DEPTH;
  }

  private open(kind: 'object' | 'array'): void {
    const seg = this.nextSegment();
    if (!this.begin(kind)) return;
    if (seg !== null) this.path.push(seg);
    const value = kind === 'object' ? (Object.create(null) as Record<string, unknown>) : [];
    this.frames.push({ value, key: null });
  }

  private close(): void {
    const frame = this.frames.pop() as Frame;
    this.path.pop();
    this.put(frame.value);
  }

  private chunk(s: string): void {
    if (this.string === null) return;
    this.stringLength += s.length;
    if (this.stringLength <= MAX_STRING_CHARS) this.string.push(s);
  }

  private endString(): void {
    const parts = this.string as string[];
    this.string = null;
    const joined = parts.join('');
    this.put(
      this.stringLength > MAX_STRING_CHARS ? new TooLarge(this.stringLength, joined.slice(0, 64)) : joined,
    );
  }

  /** Store a finished value in its parent; an entry that finished goes to the sink and is dropped. */
  private put(value: unknown): void {
    const parent = this.frames.at(-1);
    if (!parent) return;
    const depth = this.frames.length;
    if (depth === 3 && this.path[0] === 'log' && this.path[1] === 'entries') {
      this.sink.entry(value, this.entryIndex++);
      // Keep the array's length counting so later entries get their index; never keep the entry itself.
      (parent.value as unknown[]).push(undefined);
      return;
    }
    if (depth === 2 && this.path[0] === 'log' && parent.key !== null && parent.key !== 'entries') {
      this.logMembers[parent.key] = value;
      return;
    }
    if (Array.isArray(parent.value)) parent.value.push(value);
    else if (parent.key !== null) parent.value[parent.key] = value;
  }
}
