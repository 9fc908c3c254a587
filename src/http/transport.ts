import { Agent, type Dispatcher } from 'undici';
import type { HeaderLine, HttpRequest, HttpResponse } from '../exchange.js';
import { TransportError, toTransportError } from './errors.js';

/**
 * Options of the live transport.
 *
 * @example
 * const opts: HttpTransportOptions = { timeoutMs: 5000, insecure: false };
 */
export interface HttpTransportOptions {
  /** Whole-request deadline in milliseconds (connect, headers and body). Default 10,000. */
  readonly timeoutMs?: number;
  /** Skip TLS certificate verification (testing only). Default false. */
  readonly insecure?: boolean;
  /** Extra trusted CA certificates (PEM), e.g. a private CA or a test's self-signed certificate. */
  readonly ca?: string | readonly string[];
  /** Bytes of body read before the rest is discarded (CORS never looks at the body). Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Use this undici dispatcher instead of a private Agent (for pooling across a scan). */
  readonly dispatcher?: Dispatcher;
}

/**
 * A live transport: a `send(request) => response` function plus `close()` to release its sockets.
 *
 * @example
 * const http = createHttpTransport({ timeoutMs: 5000 });
 * try { const res = await http.send({ method: 'GET', url: 'https://api.example.com/', headers: [['Origin', 'https://app.example.com']] }); }
 * finally { await http.close(); }
 */
export interface HttpTransport {
  readonly send: (request: HttpRequest) => Promise<HttpResponse>;
  readonly close: () => Promise<void>;
}

const DEFAULT_TIMEOUT = 10_000;
const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * Parse and check a target URL: only absolute http(s) URLs without credentials are accepted.
 *
 * @example
 * parseTargetUrl('https://api.example.com/items').host; // 'api.example.com'
 */
export function parseTargetUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TransportError(
      'HTTP_INVALID_URL',
      `'${url}' is not an absolute URL.`,
      'Give a full URL such as https://api.example.com/path.',
      { details: { url: url } },
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new TransportError(
      'HTTP_INVALID_URL',
      `'${url}' uses ${parsed.protocol} but only http: and https: can be checked.`,
      'Give an http:// or https:// URL.',
      { details: { url: url } },
    );
  return parsed;
}

/**
 * Create the live transport. It sends exactly the given request: the method as given, the header lines in
 * order with duplicates, no automatic redirects, no decompression, no cookies; and it returns the raw
 * response header lines in order with duplicates (values decoded as latin1, byte for byte, as browsers'
 * "isomorphic decode" does).
 *
 * @example
 * const http = createHttpTransport();
 * const res = await http.send({ method: 'OPTIONS', url: 'http://127.0.0.1:8080/', headers: [['Origin', 'https://a.test'], ['Access-Control-Request-Method', 'PUT']] });
 * await http.close();
 */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT;
  const ownAgent = options.dispatcher
    ? null
    : new Agent({
        connect: {
          timeout: timeoutMs,
          rejectUnauthorized: !options.insecure,
          ...(options.ca ? { ca: typeof options.ca === 'string' ? options.ca : [...options.ca] } : {}),
        },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        // Chromium accepts up to 256 KiB of response headers; Node's 16 KiB default would refuse some.
        maxHeaderSize: 256 * 1024,
        // No redirect interceptor: redirects are the browser engine's to decide, never followed here.
      });
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return {
    send: (request) => dispatchOnce(dispatcher, request, timeoutMs, maxBody),
    close: async () => {
      if (ownAgent) await ownAgent.close();
    },
  };
}

/**
 * Send one request with a throwaway transport.
 *
 * @example
 * const res = await sendHttp({ method: 'GET', url: 'http://127.0.0.1:8080/', headers: [['Origin', 'null']] }, { timeoutMs: 2000 });
 */
export async function sendHttp(
  request: HttpRequest,
  options: HttpTransportOptions = {},
): Promise<HttpResponse> {
  const t = createHttpTransport(options);
  try {
    return await t.send(request);
  } finally {
    await t.close();
  }
}

function dispatchOnce(
  dispatcher: Dispatcher,
  request: HttpRequest,
  timeoutMs: number,
  maxBody: number,
): Promise<HttpResponse> {
  const url = parseTargetUrl(request.url);
  const flat: string[] = [];
  for (const [name, value] of request.headers) flat.push(name, value);
  return new Promise<HttpResponse>((resolve, reject) => {
    let status = 0;
    let headers: HeaderLine[] = [];
    let received = 0;
    let settled = false;
    let abortFn: ((reason?: Error) => void) | null = null;
    const finish = (err: unknown, res?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(toTransportError(err, request.url, timeoutMs));
      else resolve(res as HttpResponse);
    };
    // One deadline for the whole exchange; undici's own timers cover each phase separately.
    const timer = setTimeout(() => {
      const err = Object.assign(new Error('deadline exceeded'), { code: 'CORSAIR_TIMEOUT' });
      abortFn?.(err);
      finish(err);
    }, timeoutMs);
    // Legacy handler: `onHeaders` receives the raw header lines, in order, duplicates kept.
    const handler = {
      onConnect(abort: (reason?: Error) => void) {
        abortFn = abort;
      },
      onHeaders(statusCode: number, raw: Buffer[] | string[] | null) {
        if (statusCode < 200) return true; // 1xx interim responses: wait for the final one.
        status = statusCode;
        headers = [];
        const list = raw ?? [];
        for (let i = 0; i + 1 < list.length; i += 2)
          headers.push([latin1(list[i] as Buffer | string), latin1(list[i + 1] as Buffer | string)]);
        return true;
      },
      onData(chunk: Buffer) {
        received += chunk.length;
        if (received > maxBody && abortFn) {
          // The body never matters to CORS: stop reading it and answer with what we have.
          finish(null, { status, headers });
          abortFn(new Error('body limit'));
        }
        return true;
      },
      onComplete() {
        finish(null, { status, headers });
      },
      onError(err: Error) {
        finish(err);
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers: flat,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        handler as unknown as Dispatcher.DispatchHandler,
      );
    } catch (err) {
      finish(err);
    }
  });
}

function latin1(v: Buffer | string): string {
  return typeof v === 'string' ? v : v.toString('latin1');
}
