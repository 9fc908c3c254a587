// Families `simple-acao`, `simple-acac`: the CORS check on a request that needs no preflight.
import type { ConformanceCase } from '../case.js';
import { allowCredentials, allowOrigin, credentialsModes } from '../vocabulary.js';
import { res, single } from './util.js';

/**
 * Families `simple-acao` and `simple-acac`: the CORS check without a preflight.
 *
 * @example
 * simpleOriginCases().filter((c) => c.family === 'simple-acao').length; // 144
 */
export function simpleOriginCases(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const [o, originLines] of allowOrigin)
    for (const credentials of credentialsModes)
      for (const [c, credLines] of [allowCredentials[0]!, allowCredentials[1]!]) {
        out.push(
          single(
            `simple-acao/${o}.${credentials}.${c}`,
            { method: 'GET', headers: [], credentials },
            {
              actual: res(200, originLines, credLines),
            },
          ),
        );
      }
  for (const [o, originLines] of allowOrigin.filter(([l]) =>
    ['exact', 'star', 'null', 'list-same', 'two-lines-same'].includes(l),
  ))
    for (const credentials of credentialsModes)
      for (const [c, credLines] of allowCredentials) {
        if (c === 'acac-missing' || c === 'acac-true') continue; // covered above
        out.push(
          single(
            `simple-acac/${o}.${credentials}.${c}`,
            { method: 'GET', headers: [], credentials },
            {
              actual: res(200, originLines, credLines),
            },
          ),
        );
      }
  return out;
}
