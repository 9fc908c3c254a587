// Minimal request/response/context objects, so per-decision benchmarks measure the middleware and
// not a socket. Every middleware compared gets the same fakes.

/** A node:http ServerResponse stand-in (the methods cors, corsair/node use). */
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

/** A Headers stand-in with the methods hono/cors and corsair/hono touch. */
export class FakeHeaders {
  private readonly h = new Map<string, string>();
  get(n: string): string | null {
    return this.h.get(n.toLowerCase()) ?? null;
  }
  set(n: string, v: string): void {
    this.h.set(n.toLowerCase(), v);
  }
  append(n: string, v: string): void {
    const k = n.toLowerCase();
    const prev = this.h.get(k);
    this.h.set(k, prev === undefined ? v : `${prev}, ${v}`);
  }
  delete(n: string): void {
    this.h.delete(n.toLowerCase());
  }
  has(n: string): boolean {
    return this.h.has(n.toLowerCase());
  }
  forEach(cb: (v: string, k: string) => void): void {
    this.h.forEach(cb);
  }
  [Symbol.iterator]() {
    return this.h.entries();
  }
}

/** A Hono Context stand-in: request headers are a real `Headers` (built once), response headers fake. */
export function honoContext(method: string, reqHeaders: Headers) {
  const resHeaders = new FakeHeaders();
  return {
    req: {
      method,
      raw: { headers: reqHeaders, method },
      header: (name: string) => reqHeaders.get(name) ?? undefined,
    },
    res: { headers: resHeaders },
    header(k: string, v: string, o?: { append?: boolean }) {
      if (o?.append) resHeaders.append(k, v);
      else resHeaders.set(k, v);
    },
  };
}
