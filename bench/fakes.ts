// Minimal request/response objects, so per-call benchmarks measure the middleware and not a socket.
// Every middleware compared gets the same fakes.

/**
 * A node:http ServerResponse stand-in with the parts of its behaviour the middlewares rely on: headers
 * keyed by lowercase name in an object made on the first `setHeader` (as node keeps them), `writeHead`,
 * and `end()` sending the head through `writeHead` first, as node's `end` does (so work a middleware
 * defers to `writeHead` is counted). Header names and values are not validated (node does; both
 * middlewares would pay it alike).
 */
export class FakeRes {
  statusCode = 200;
  headersSent = false;
  ended = false;
  private h: Record<string, [string, string | number | readonly string[]]> | null = null;
  setHeader(name: string, value: string | number | readonly string[]): this {
    if (this.h === null) this.h = Object.create(null) as Record<string, [string, string]>;
    this.h[name.toLowerCase()] = [name, value];
    return this;
  }
  getHeader(name: string): string | number | readonly string[] | undefined {
    return this.h?.[name.toLowerCase()]?.[1];
  }
  hasHeader(name: string): boolean {
    return this.h !== null && this.h[name.toLowerCase()] !== undefined;
  }
  getHeaderNames(): string[] {
    return this.h === null ? [] : Object.keys(this.h);
  }
  removeHeader(name: string): void {
    if (this.h !== null) delete this.h[name.toLowerCase()];
  }
  writeHead(status: number): this {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }
  end(_body?: string): void {
    if (!this.headersSent) this.writeHead(this.statusCode);
    this.ended = true;
  }
}

/** A node:http IncomingMessage stand-in: lowercase header object, duplicates joined. */
export interface FakeReq {
  method: string;
  url: string;
  headers: Record<string, string>;
}
