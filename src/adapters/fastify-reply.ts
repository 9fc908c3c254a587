// How a Fastify reply takes a decision. Fastify keeps a reply's headers in one object, one value per
// lowercase name, and hands it to node's `writeHead`, where each of its names replaces a header of that
// name the handler set on `reply.raw`. So a CORS header the decision sets needs no removing first: the
// decision's value replaces any other, wherever it was set. Only the CORS headers the decision does not
// set are looked for (in the names the reply and `reply.raw` hold, see replyStore) and removed.
// Names go in lowercase: `reply.header` lowercases every name it gets, a new string per call for the
// engine's canonical spellings, and Fastify sends them lowercase anyway.
import type { FastifyReply } from 'fastify';
import type { Decision } from '../policy/types.js';
import { DECIDED, type ResponseSink } from '../policy/write.js';

interface NameInfo {
  readonly lower: string;
  /** The name's bit among `DECIDED`, 0 for any other name. */
  readonly bit: number;
}

// Each CORS name the policy decides, lowercase, → its bit (its place in `DECIDED`).
const BIT: Record<string, number> = Object.create(null);
for (let i = 0; i < DECIDED.length; i++) BIT[DECIDED[i]!] = 1 << i;

// The engine writes a fixed set of names (the CORS headers, Vary, Content-Type), so this stays small.
const INFO = new Map<string, NameInfo>();

function infoOf(name: string): NameInfo {
  let info = INFO.get(name);
  if (info === undefined) {
    const lower = name.toLowerCase();
    info = { lower, bit: BIT[lower] ?? 0 };
    INFO.set(name, info);
  }
  return info;
}

/**
 * The Fastify reply sink, for a reply `clearReply` has prepared: `remove` does nothing (clearReply has
 * removed what the decision does not replace), `set` writes the lowercase name.
 *
 * @example
 * clearReply(reply, d);
 * writeCorsHeaders(replySink, reply, d);
 */
export const replySink: ResponseSink<FastifyReply> = {
  set: (reply, name, value) => {
    reply.header(infoOf(name).lower, value);
  },
  remove: () => {},
  vary: (reply) => reply.getHeader('vary') as string | string[] | number | undefined,
  end: (reply, status, body) => {
    reply.code(status).send(body);
  },
};

// Where Fastify keeps the headers set with `reply.header` (the object `writeHead` gets), found by its
// symbol's description on the first reply that has it. It is only read, to list the names set: one
// pass over a small object, where a `hasHeader` per CORS name cost ~0.2 µs a refused request (in
// process, bench/inprocess.ts's Fastify app). Every change still goes through `reply.removeHeader`.
// A reply without it (another Fastify, or another copy of Fastify, whose symbol differs) is asked
// name by name.
const STORE_DESCRIPTION = 'fastify.reply.headers';
let storeKey: symbol | undefined;

/**
 * The object holding `reply`'s own headers (lowercase name → value), or undefined where this Fastify
 * keeps them elsewhere.
 *
 * @example
 * replyStore(reply)?.['content-type']; // what reply.header('Content-Type', …) set
 */
export function replyStore(reply: FastifyReply): Readonly<Record<string, unknown>> | undefined {
  storeKey ??= Object.getOwnPropertySymbols(reply).find((s) => s.description === STORE_DESCRIPTION);
  if (storeKey === undefined) return undefined;
  const store = (reply as unknown as Record<symbol, unknown>)[storeKey];
  return typeof store === 'object' && store !== null ? (store as Record<string, unknown>) : undefined;
}

/** Remove `name` if it is a CORS header the decision (`replaced`, its names' bits) does not set. */
function removeStray(reply: FastifyReply, name: string, replaced: number): void {
  const bit = BIT[name];
  if (bit !== undefined && (replaced & bit) === 0) reply.removeHeader(name);
}

/**
 * Remove the CORS headers `reply` has (set by the handler, a hook, or on `reply.raw`) that `d` does not
 * set itself; then write `d` with `replySink`. A decision for a path where CORS is off touches nothing.
 *
 * @example
 * clearReply(reply, d);
 * writeCorsHeaders(replySink, reply, d);
 */
export function clearReply(reply: FastifyReply, d: Decision): void {
  if (d.off === true) return;
  let replaced = 0;
  const lines = d.headers;
  for (let i = 0; i < lines.length; i++) replaced |= infoOf(lines[i]![0]).bit;
  const store = replyStore(reply);
  if (store !== undefined) {
    // removeHeader deletes from `store` while this loop walks it: allowed, the name deleted is the current one.
    for (const name in store) removeStray(reply, name, replaced);
    const raw = reply.raw.getHeaderNames();
    for (let i = 0; i < raw.length; i++) removeStray(reply, raw[i]!, replaced);
    return;
  }
  for (let i = 0; i < DECIDED.length; i++) {
    const name = DECIDED[i]!;
    if ((replaced & (1 << i)) === 0 && reply.hasHeader(name)) reply.removeHeader(name);
  }
}
