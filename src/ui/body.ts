import type { IncomingMessage } from 'node:http';
import { UiError } from './errors.js';

/**
 * Read a request body up to `limit` bytes (then refuse it: the server must not buffer unbounded input).
 *
 * @example
 * const text = await readBody(req, 64 * 1024);
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new UiError(
        'UI_BODY_TOO_LARGE',
        `The request body is larger than ${limit} bytes.`,
        'Send a smaller body.',
        { details: { status: 413 } },
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Read and parse a JSON body.
 *
 * @example
 * const input: unknown = await readJson(req);
 */
export async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const text = await readBody(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new UiError('UI_BAD_JSON', 'The request body is not valid JSON.', 'Send a JSON object.', {
      details: { status: 400 },
    });
  }
}
