// Small helpers the case families share.
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase, Resource, ScriptedResponse } from '../case.js';

/** The credentials mode of a case. */
export type Credentials = ConformanceCase['init']['credentials'];

/**
 * A response with a status and header lines.
 *
 * @example
 * res(200, [['Access-Control-Allow-Origin', '*']]);
 */
export function res(status: number, ...lists: HeaderList[]): ScriptedResponse {
  return { status, headers: lists.flat() };
}

/**
 * A passing answer for a request from the page with these credentials.
 *
 * @example
 * passOrigin('include'); // ACAO {page} + ACAC true
 */
export function passOrigin(credentials: Credentials): HeaderList {
  return credentials === 'include'
    ? [
        ['Access-Control-Allow-Origin', '{page}'],
        ['Access-Control-Allow-Credentials', 'true'],
      ]
    : [['Access-Control-Allow-Origin', '{page}']];
}

/**
 * A passing preflight for `method` and the given header names (listed explicitly, never `*`).
 *
 * @example
 * passPreflight('omit', 'PUT', ['x-a']);
 */
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

/**
 * A one-resource case.
 *
 * @example
 * single('simple-acao/x', { method: 'GET', headers: [], credentials: 'omit' }, { actual: res(200) });
 */
export function single(
  id: string,
  init: ConformanceCase['init'],
  resource: Resource,
  start: ConformanceCase['start'] = 'api',
): ConformanceCase {
  return { id, family: id.split('/')[0]!, init, start, resources: [resource] };
}

/**
 * Header names of a header list, lowercased, without duplicates, in first-seen order.
 *
 * @example
 * namesOf([['X-A', '1'], ['x-a', '2']]); // ['x-a']
 */
export function namesOf(headers: HeaderList): string[] {
  return [...new Set(headers.map(([n]) => n.toLowerCase()))];
}
