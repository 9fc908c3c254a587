// Small helpers the case families share.
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase, Resource, ScriptedResponse } from '../case.js';

export type Credentials = ConformanceCase['init']['credentials'];

/** A response with a status and header lines. */
export function res(status: number, ...lists: HeaderList[]): ScriptedResponse {
  return { status, headers: lists.flat() };
}

/** A passing answer for a request from the page with these credentials. */
export function passOrigin(credentials: Credentials): HeaderList {
  return credentials === 'include'
    ? [
        ['Access-Control-Allow-Origin', '{page}'],
        ['Access-Control-Allow-Credentials', 'true'],
      ]
    : [['Access-Control-Allow-Origin', '{page}']];
}

/** A passing preflight for `method` and the given header names (listed explicitly, never `*`). */
export function passPreflight(
  credentials: Credentials,
  method: string,
  headerNames: readonly string[],
): Resource['preflight'] {
  const lines: [string, string][] = [...passOrigin(credentials)] as [string, string][];
  lines.push(['Access-Control-Allow-Methods', method]);
  if (headerNames.length > 0) lines.push(['Access-Control-Allow-Headers', headerNames.join(', ')]);
  return { status: 204, headers: lines };
}

/** One-resource case. */
export function single(
  id: string,
  init: ConformanceCase['init'],
  resource: Resource,
  start: ConformanceCase['start'] = 'api',
): ConformanceCase {
  return { id, family: id.split('/')[0]!, init, start, resources: [resource] };
}

/** Header names of a header list, lowercased, without duplicates, in first-seen order. */
export function namesOf(headers: HeaderList): string[] {
  return [...new Set(headers.map(([n]) => n.toLowerCase()))];
}
