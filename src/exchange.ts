/**
 * The one type both engines share. Header lists are ordered `[name, value]` lines with duplicates kept:
 * browsers treat two `Access-Control-Allow-Origin` lines differently from one line holding `a, b`
 * (Firefox), so nothing may fold them before the engine has looked.
 *
 * @example
 * const line: HeaderLine = ['Access-Control-Allow-Origin', 'https://app.example.com'];
 */
export type HeaderLine = readonly [name: string, value: string];

/** Ordered header lines, duplicates kept, names in whatever case the wire carried. */
export type HeaderList = readonly HeaderLine[];

/**
 * A request as it goes on the wire.
 *
 * @example
 * const req: HttpRequest = { method: 'OPTIONS', url: 'https://api.example.com/items', headers: [['Origin', 'https://app.example.com']] };
 */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
}

/**
 * A response as it came off the wire (status and raw header lines; the body never matters to CORS).
 *
 * @example
 * const res: HttpResponse = { status: 204, headers: [['Access-Control-Allow-Origin', '*']] };
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: HeaderList;
}

/**
 * One request and the response it got.
 *
 * @example
 * const ex: HttpExchange = { request: { method: 'GET', url: 'https://a.test/', headers: [] }, response: { status: 200, headers: [] } };
 */
export interface HttpExchange {
  readonly request: HttpRequest;
  readonly response: HttpResponse;
}

/**
 * All values of the header `name` (case-insensitive), in order, one entry per line.
 *
 * @example
 * getAll([['Vary', 'Origin'], ['vary', 'Accept']], 'VARY'); // ['Origin', 'Accept']
 */
export function getAll(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === lower) out.push(v);
  return out;
}

/**
 * Whether a header line named `name` is present (case-insensitive).
 *
 * @example
 * hasHeader([['Origin', 'null']], 'origin'); // true
 */
export function hasHeader(headers: HeaderList, name: string): boolean {
  const lower = name.toLowerCase();
  for (const [n] of headers) if (n.toLowerCase() === lower) return true;
  return false;
}
