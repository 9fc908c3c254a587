// Minimal request/response/context objects, so per-decision benchmarks measure the middleware and
// not a socket. Every middleware compared gets the same fakes.

/** A node:http ServerResponse stand-in (the methods cors, corsair-cors/node use). */
export class FakeRes {
  statusCode = 200;
  ended = false;
  private readonly h = new Map<string, string | number | readonly string[]>();
  setHeader(name: string, value: string | number | readonly string[]): this {
    this.h.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string): string | number | readonly string[] | undefined {
    return this.h.get(name.toLowerCase());
  }
  removeHeader(name: string): void {
    this.h.delete(name.toLowerCase());
  }
  end(): void {
    this.ended = true;
  }
}

/** A node:http IncomingMessage stand-in: lowercase header object, duplicates joined. */
export interface FakeReq {
  method: string;
  url: string;
  headers: Record<string, string>;
}
