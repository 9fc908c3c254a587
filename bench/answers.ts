// What a variant answers, reduced to what CORS is about, so that two variants can be checked to send the
// same thing before their costs are compared (HTTP: bench/http.ts; in process: bench/inprocess.ts).
import type { RequestKind } from './http.js';
import type { Framework, Variant } from './scenarios.js';

/**
 * The status and CORS lines (Access-Control-*, Vary; names lowercase, sorted) of one answer.
 *
 * @example
 * corsSummary(200, [['Vary', 'Origin'], ['Content-Type', 'text/plain']]); // '200 vary: Origin'
 */
export function corsSummary(status: number, pairs: Iterable<readonly [string, string]>): string {
  const lines: string[] = [];
  for (const [name, value] of pairs) {
    const n = name.toLowerCase();
    if (n.startsWith('access-control-') || n === 'vary') lines.push(`${n}: ${value}`);
  }
  return `${status} ${lines.sort().join(' | ')}`;
}

/**
 * The header lines of a serialized response head (`HTTP/1.1 200 OK\r\nName: value\r\n…\r\n\r\n`),
 * as node wrote them: what the in-process method reads from a `ServerResponse` that has no socket.
 */
export function headPairs(head: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return out;
}

/** How one variant answers one request kind: the summary above. */
export type Answer = (variant: Variant, kind: RequestKind) => Promise<string>;

/**
 * The `headers` variant must send exactly corsair's lines, or comparing their costs means nothing:
 * checked on `kinds` (every request kind: it copies corsair's lines for each); throws on a difference.
 * The references must send none: a bare or floor server answering an allowed GET with CORS lines (a
 * launcher that served every variant alike) throws too.
 */
export async function checkHeadersVariant(
  fw: Framework,
  kinds: readonly RequestKind[],
  answer: Answer,
  log: (s: string) => void,
): Promise<void> {
  for (const v of ['bare', 'floor'] as const) {
    const a = await answer(v, 'actual');
    if (a !== corsSummary(200, []))
      throw new Error(`${fw}: the ${v} variant answers an allowed GET with ${a}`);
  }
  for (const kind of kinds) {
    const [a, b] = [await answer('corsair', kind), await answer('headers', kind)];
    if (a !== b) throw new Error(`${fw}: the headers variant answers ${kind} with ${b}, corsair with ${a}`);
    log(`  ${fw}: headers only and corsair both answer ${kind} with ${a}`);
  }
}

/** A summary's status and lines, with list values spaced alike (`GET,PUT` and `GET, PUT` are one value). */
function parts(summary: string): { status: string; lines: string[] } {
  const space = summary.indexOf(' ');
  const rest = summary.slice(space + 1);
  const lines = rest === '' ? [] : rest.split(' | ');
  const spaced = (line: string) => {
    const colon = line.indexOf(': ');
    const values = line.slice(colon + 2).split(',');
    return `${line.slice(0, colon)}: ${values.map((x) => x.trim()).join(', ')}`;
  };
  return { status: summary.slice(0, space), lines: lines.map(spaced) };
}

/**
 * How another middleware's answer differs from corsair's (two corsSummary strings), or null when they
 * are the same but for the spacing of list values: a peer that sends more or other lines does more work,
 * which the comparison of costs must say.
 *
 * @example
 * answerDifference('200 vary: Origin', '200 access-control-allow-credentials: true | vary: Origin');
 * // 'also sends `access-control-allow-credentials: true`'
 */
export function answerDifference(ours: string, theirs: string): string | null {
  const a = parts(ours);
  const b = parts(theirs);
  const out: string[] = [];
  if (a.status !== b.status) out.push(`answers ${b.status} (corsair ${a.status})`);
  const extra = b.lines.filter((l) => !a.lines.includes(l));
  const missing = a.lines.filter((l) => !b.lines.includes(l));
  if (extra.length > 0) out.push(`also sends ${extra.map((l) => `\`${l}\``).join(', ')}`);
  if (missing.length > 0) out.push(`does not send ${missing.map((l) => `\`${l}\``).join(', ')}`);
  return out.length > 0 ? out.join('; ') : null;
}
