import type { HeaderLine } from '../../exchange.js';
import { HarError } from './errors.js';
import type { HarEntry, HarPage, HarTimings } from './model.js';
import { TooLarge } from './tokens.js';

const FIX_EXPORT =
  'Export the HAR again from the browser (DevTools: Network panel, "Save all as HAR"; Playwright: recordHar) and pass that file unchanged.';

type Obj = Record<string, unknown>;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof TooLarge) return 'a string';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function wrongType(path: string, v: unknown, expected: string): HarError {
  return new HarError(
    'HAR_WRONG_TYPE',
    `${path} is ${typeName(v)}; a HAR has ${expected} there.`,
    FIX_EXPORT,
    { details: { path } },
  );
}

function missing(path: string, what: string): HarError {
  return new HarError('HAR_MISSING_FIELD', `${path} is missing; a HAR has ${what} there.`, FIX_EXPORT, {
    details: {
      path,
    },
  });
}

function obj(parent: Obj, key: string, path: string): Obj {
  const v = parent[key];
  if (v === undefined) throw missing(`${path}.${key}`, 'an object');
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof TooLarge)
    throw wrongType(`${path}.${key}`, v, 'an object');
  return v as Obj;
}

function str(parent: Obj, key: string, path: string, optional = false): string | null {
  const v = parent[key];
  if (v === undefined || (optional && v === null)) {
    if (optional) return null;
    throw missing(`${path}.${key}`, 'a string');
  }
  if (v instanceof TooLarge)
    throw new HarError(
      'HAR_VALUE_TOO_LARGE',
      `${path}.${key} is a string of ${v.length} characters; corsair reads at most ${1 << 20} outside bodies.`,
      FIX_EXPORT,
      { details: { path: `${path}.${key}` } },
    );
  if (typeof v !== 'string') throw wrongType(`${path}.${key}`, v, 'a string');
  return v;
}

function num(parent: Obj, key: string, path: string, optional = false): number | null {
  const v = parent[key];
  if (v === undefined || (optional && v === null)) {
    if (optional) return null;
    throw missing(`${path}.${key}`, 'a number');
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw wrongType(`${path}.${key}`, v, 'a number');
  return v;
}

function headers(parent: Obj, path: string): HeaderLine[] {
  const v = parent.headers;
  if (v === undefined) throw missing(`${path}.headers`, 'an array of {name, value}');
  if (!Array.isArray(v)) throw wrongType(`${path}.headers`, v, 'an array of {name, value}');
  return v.map((h, i) => {
    const p = `${path}.headers[${i}]`;
    if (h === null || typeof h !== 'object' || Array.isArray(h))
      throw wrongType(p, h, 'a {name, value} object');
    return [str(h as Obj, 'name', p) as string, str(h as Obj, 'value', p) as string] as const;
  });
}

function timings(v: unknown, path: string): HarTimings | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw wrongType(path, v, 'an object');
  const t = v as Obj;
  const n = (k: string) => num(t, k, path, true) ?? -1;
  return {
    blocked: n('blocked'),
    dns: n('dns'),
    connect: n('connect'),
    ssl: n('ssl'),
    send: n('send'),
    wait: n('wait'),
    receive: n('receive'),
  };
}

/**
 * Check one raw `log.entries[i]` and keep what corsair reads. Strict where a decision depends on the
 * value (method, URL, headers, status), lenient elsewhere: real exporters omit optional members.
 *
 * @example
 * const entry = toHarEntry(JSON.parse(text).log.entries[0], 0);
 */
export function toHarEntry(raw: unknown, index: number): HarEntry {
  const path = `log.entries[${index}]`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw wrongType(path, raw, 'an object');
  const e = raw as Obj;
  const request = obj(e, 'request', path);
  const response = obj(e, 'response', path);
  const startedDateTime = str(e, 'startedDateTime', path) as string;
  const startedMs = Date.parse(startedDateTime);
  if (Number.isNaN(startedMs))
    throw new HarError(
      'HAR_WRONG_TYPE',
      `${path}.startedDateTime '${startedDateTime.slice(0, 40)}' is not an ISO 8601 date.`,
      FIX_EXPORT,
      { details: { path: `${path}.startedDateTime` } },
    );
  const cookies = request.cookies;
  if (cookies !== undefined && cookies !== null && !Array.isArray(cookies))
    throw wrongType(`${path}.request.cookies`, cookies, 'an array');
  const failure =
    str(response, '_failureText', `${path}.response`, true) ??
    str(response, '_error', `${path}.response`, true);
  return {
    index,
    pageref: str(e, 'pageref', path, true),
    startedDateTime,
    startedMs,
    time: num(e, 'time', path, true) ?? -1,
    timings: timings(e.timings, `${path}.timings`),
    resourceType: str(e, '_resourceType', path, true),
    request: {
      method: requireNonEmpty(str(request, 'method', `${path}.request`) as string, `${path}.request.method`),
      url: requestUrl(request, `${path}.request`),
      headers: headers(request, `${path}.request`),
      cookies: Array.isArray(cookies) ? cookies.length : 0,
    },
    response: {
      status: num(response, 'status', `${path}.response`) as number,
      headers: headers(response, `${path}.response`),
      redirectURL: str(response, 'redirectURL', `${path}.response`, true) ?? '',
      failure: failure === '' ? null : failure,
    },
  };
}

// A page may fetch a huge data: URL; it never takes part in CORS, so its head is enough.
function requestUrl(request: Obj, path: string): string {
  const v = request.url;
  if (v instanceof TooLarge && /^(data|blob):/i.test(v.head)) return `${v.head}…`;
  return str(request, 'url', path) as string;
}

function requireNonEmpty(s: string, path: string): string {
  if (s.trim() === '')
    throw new HarError('HAR_WRONG_TYPE', `${path} is empty; a HAR has the HTTP method there.`, FIX_EXPORT, {
      details: {
        path,
      },
    });
  return s;
}

/**
 * Check `log.pages` and keep id, title and start of each page.
 *
 * @example
 * toHarPages([{ id: 'page_1', title: 'https://app.example.com/', startedDateTime: '…' }]);
 */
export function toHarPages(raw: unknown): HarPage[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw wrongType('log.pages', raw, 'an array');
  return raw.map((p, i) => {
    const path = `log.pages[${i}]`;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw wrongType(path, p, 'an object');
    const page = p as Obj;
    return {
      id: str(page, 'id', path) as string,
      title: str(page, 'title', path, true) ?? '',
      startedDateTime: str(page, 'startedDateTime', path, true) ?? '',
    };
  });
}

/**
 * Read `log.creator` or `log.browser` (`{ name, version }`), `null` when absent.
 *
 * @example
 * toNameVersion({ name: 'Firefox', version: '153.0' }, 'log.creator'); // { name: 'Firefox', version: '153.0' }
 */
export function toNameVersion(raw: unknown, path: string): { name: string; version: string } | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw wrongType(path, raw, 'an object');
  const o = raw as Obj;
  return { name: str(o, 'name', path, true) ?? '', version: str(o, 'version', path, true) ?? '' };
}
