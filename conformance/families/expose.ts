// Family `expose`: which response headers a script can read (CORS-safelisted response-header names,
// Access-Control-Expose-Headers, `*` with and without credentials, Set-Cookie never).
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase } from '../case.js';
import { exposeHeaders, exposeResponseHeaders } from '../vocabulary.js';
import { passOrigin, passPreflight, res, single } from './util.js';

const MODES: readonly (readonly [
  label: string,
  credentials: 'omit' | 'same-origin' | 'include',
  origin: HeaderList,
])[] = [
  ['star-omit', 'omit', [['Access-Control-Allow-Origin', '*']]],
  ['star-same-origin', 'same-origin', [['Access-Control-Allow-Origin', '*']]],
  ['exact-omit', 'omit', passOrigin('omit')],
  ['exact-include', 'include', passOrigin('include')],
];

/**
 * Family `expose`: which response headers a script can read.
 *
 * @example
 * exposeCases().length; // 152
 */
export function exposeCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [e, aceh] of exposeHeaders)
    for (const [m, credentials, origin] of MODES)
      for (const preflighted of [false, true]) {
        const init = preflighted
          ? { method: 'PUT', headers: [['X-A', '1']] as HeaderList, credentials }
          : { method: 'GET', headers: [] as HeaderList, credentials };
        const pf = passPreflight(credentials, 'PUT', ['x-a'])!;
        out.push(
          single(`expose/${e}.${m}.${preflighted ? 'put' : 'get'}`, init, {
            // The preflight lists its own expose header: browsers must ignore it.
            preflight: res(
              pf.status,
              credentials === 'include'
                ? pf.headers
                : [['Access-Control-Allow-Origin', '*'], ...pf.headers.slice(1)],
              [['Access-Control-Expose-Headers', 'x-other']],
            ),
            actual: res(200, origin, aceh, exposeResponseHeaders),
          }),
        );
      }
  return out;
}
