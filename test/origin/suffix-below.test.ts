// publicSuffixBelow walks tldts' rule trie by hand (tldts answers "what is the suffix of this host",
// not "which suffixes lie under this domain"). Checked against tldts' own lookup, over every domain the
// list has something under and the near-misses beside them: what it returns must be a public suffix
// by tldts, strictly under the domain, and it must find one whenever tldts lists one there.
import { getPublicSuffix, parse } from 'tldts';
import { edgeChild, edgeLength, edgeStart, labelText, rulesRoot } from 'tldts/dist/cjs/src/data/trie.js';
import { describe, expect, it } from 'vitest';
import { publicSuffixBelow } from '../../src/origin/suffix-below.js';

const PSL = { allowPrivateDomains: true } as const;

const offset: number[] = [];
for (let e = 0, o = 0; e < edgeLength.length; o += edgeLength[e]!, e++) offset.push(o);
const labelOf = (e: number): string => labelText.slice(offset[e], offset[e]! + edgeLength[e]!);

/** One domain per node of the rule trie (the trie shares nodes; the first path reaching each), with its node. */
function trieDomains(): Map<string, number> {
  const seen = new Set<number>();
  const out = new Map<string, number>();
  const walk = (node: number, domain: string): void => {
    if (seen.has(node)) return;
    seen.add(node);
    if (domain !== '') out.set(domain, node);
    for (let e = edgeStart[node]!; e < edgeStart[node + 1]!; e++) {
      const name = labelOf(e);
      if (name !== '*') walk(edgeChild[e]!, domain === '' ? name : `${name}.${domain}`);
    }
  };
  walk(rulesRoot, '');
  return out;
}

function kids(node: number): string[] {
  const out: string[] = [];
  for (let e = edgeStart[node]!; e < edgeStart[node + 1]!; e++) out.push(labelOf(e));
  return out;
}

const DOMAINS = trieDomains();

/** Whether tldts lists `suffix` itself as a public suffix (a `*` label stands for any name). */
function listed(suffix: string): boolean {
  const host = suffix.replace(/^\*\./, 'any-name.');
  const r = parse(host, PSL);
  return (r.isIcann === true || r.isPrivate === true) && r.publicSuffix === host;
}

/** Whether tldts lists a public suffix strictly under `domain` (at `node`), among the names the trie spells. */
function listedBelow(domain: string, node: number): boolean {
  for (let e = edgeStart[node]!; e < edgeStart[node + 1]!; e++) {
    const under = `${labelOf(e)}.${domain}`;
    if (listed(under) || (labelOf(e) !== '*' && listedBelow(under, edgeChild[e]!))) return true;
  }
  return false;
}

function expectSound(domain: string, below: string | undefined): void {
  if (below === undefined) return;
  expect(below.endsWith(`.${domain}`), `${domain} → ${below}`).toBe(true);
  expect(listed(below), `${domain} → ${below} is not a public suffix by tldts`).toBe(true);
}

describe('publicSuffixBelow against tldts', () => {
  it(`finds a listed suffix under exactly the domains tldts lists one under (one per node of the trie)`, () => {
    let found = 0;
    for (const [domain, node] of DOMAINS) {
      const below = publicSuffixBelow(domain);
      expectSound(domain, below);
      expect(below !== undefined, domain).toBe(listedBelow(domain, node));
      if (below !== undefined) found++;
    }
    // The walk has to reach rules more than one level down and past a first child without one.
    expect(publicSuffixBelow('amazonaws.com')).toMatch(/\.amazonaws\.com$/);
    expect(found).toBeGreaterThan(100);
  });

  it('answers nothing under a name the list does not spell, beside every name it does', () => {
    // Each node's names are stored back to back with the next node's: the names just outside a node's
    // range are the near-misses a walk reading one name too far (or too early) would take for its own.
    for (const [domain, node] of DOMAINS) {
      const own = new Set(kids(node));
      for (const e of [edgeStart[node]! - 1, edgeStart[node + 1]!]) {
        if (e < 0 || e >= edgeLength.length || own.has(labelOf(e)) || labelOf(e) === '*') continue;
        const near = `${labelOf(e)}.${domain}`;
        expect(publicSuffixBelow(near), near).toBeUndefined();
      }
      for (const name of ['com', 'www', 'example']) {
        const near = `${name}.${domain}`;
        const below = publicSuffixBelow(near);
        expectSound(near, below);
        if (!own.has(name)) expect(below, near).toBeUndefined();
      }
    }
  });

  it('a suffix several labels down is written with its dots, in the case and form given', () => {
    for (const domain of DOMAINS.keys()) {
      const below = publicSuffixBelow(domain);
      if (below === undefined) continue;
      expect(getPublicSuffix(below.replace(/^\*\./, 'any-name.'), PSL)).toBe(
        below.replace(/^\*\./, 'any-name.'),
      );
    }
    expect(publicSuffixBelow('AmazonAWS.com.')).toMatch(/\.AmazonAWS\.com\.$/);
    expect(publicSuffixBelow('example.com')).toBeUndefined();
    expect(publicSuffixBelow('not-a-tld')).toBeUndefined();
  });
});
