// Which software answered, as far as its own headers say. A hint only: `Server` and `X-Powered-By` are
// easy to change or strip, and a proxy in front rewrites them, so a diagnosis never rests on them alone.
import type { HttpExchange } from '../../exchange.js';
import { getCombined } from '../../fetch/header-list.js';

/**
 * A server family named by the answers' headers, and the header that named it.
 *
 * @example
 * const hint: ServerHint = { family: 'nginx', header: 'Server: nginx/1.22.1' };
 */
export interface ServerHint {
  readonly family: 'nginx' | 'express' | 'starlette' | 'flask' | 'apache' | 'caddy';
  readonly header: string;
}

const SIGNS: readonly (readonly [RegExp, 'Server' | 'X-Powered-By', ServerHint['family']])[] = [
  [/^nginx\b/i, 'Server', 'nginx'],
  [/^openresty\b/i, 'Server', 'nginx'],
  [/^uvicorn\b/i, 'Server', 'starlette'],
  [/^hypercorn\b/i, 'Server', 'starlette'],
  [/^werkzeug\b/i, 'Server', 'flask'],
  [/^apache\b/i, 'Server', 'apache'],
  [/^caddy\b/i, 'Server', 'caddy'],
  [/^express\b/i, 'X-Powered-By', 'express'],
];

/**
 * The first server family the answers' `Server` or `X-Powered-By` headers name, or null.
 *
 * @example
 * serverHint([{ request, response: { status: 200, headers: [['Server', 'nginx/1.22.1']] } }]); // { family: 'nginx', … }
 */
export function serverHint(exchanges: readonly (HttpExchange | null)[]): ServerHint | null {
  for (const x of exchanges) {
    if (x === null) continue;
    for (const [re, name, family] of SIGNS) {
      const v = getCombined(x.response.headers, name);
      if (v !== null && re.test(v.trim())) return { family, header: `${name}: ${v.trim()}` };
    }
  }
  return null;
}
