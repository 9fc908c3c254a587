// How a Fastify reply takes a decision. Fastify keeps a reply's headers in one object, one value per
// lowercase name, and hands it to node's `writeHead`, where each of its names replaces a header of that
// name the handler set on `reply.raw`. So a CORS header the decision sets needs no removing first: the
// decision's value replaces any other, wherever it was set. Only the CORS headers the decision does not
// set are looked for and removed (`hasHeader` is ~40 ns, a `removeHeader` of an absent name ~90 ns).
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

// The engine writes a fixed set of names (the CORS headers, Vary, Content-Type), so this stays small.
const INFO = new Map<string, NameInfo>();

function infoOf(name: string): NameInfo {
  let info = INFO.get(name);
  if (info === undefined) {
    const lower = name.toLowerCase();
    const i = DECIDED.indexOf(lower);
    info = { lower, bit: i < 0 ? 0 : 1 << i };
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
  for (let i = 0; i < DECIDED.length; i++) {
    const name = DECIDED[i]!;
    if ((replaced & (1 << i)) === 0 && reply.hasHeader(name)) reply.removeHeader(name);
  }
}
