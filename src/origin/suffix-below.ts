// Public suffixes BELOW a domain. `*.amazonaws.com` is not over a public suffix, yet s3.amazonaws.com
// is one, so the pattern matches evil.s3.amazonaws.com, a site anyone can create. tldts answers "what
// is the suffix of this host" but not "which suffixes lie under this domain", so this walks the rule
// trie tldts ships (the same data, no second copy of the list).
import {
  edgeChild,
  edgeLength,
  edgeStart,
  labelText,
  nodeFlags,
  rulesRoot,
} from 'tldts/dist/cjs/src/data/trie.js';

// Where each edge's label starts in labelText: edges are stored in node order, labels back to back.
let edgeOffset: Uint32Array | undefined;

function offsets(): Uint32Array {
  if (edgeOffset !== undefined) return edgeOffset;
  edgeOffset = new Uint32Array(edgeLength.length);
  for (let e = 0, at = 0; e < edgeLength.length; e++) {
    edgeOffset[e] = at;
    at += edgeLength[e]!;
  }
  return edgeOffset;
}

function label(edge: number): string {
  const at = offsets()[edge]!;
  return labelText.slice(at, at + edgeLength[edge]!);
}

function child(node: number, name: string): number {
  for (let e = edgeStart[node]!; e < edgeStart[node + 1]!; e++) if (label(e) === name) return edgeChild[e]!;
  return -1;
}

/** Depth-first: the first rule (a node with a flag) under `node`, as labels from the node down. */
function firstRuleBelow(node: number, path: readonly string[]): string[] | undefined {
  for (let e = edgeStart[node]!; e < edgeStart[node + 1]!; e++) {
    const next = edgeChild[e]!;
    const labels = [label(e), ...path];
    if (nodeFlags[next] !== 0) return labels;
    const deeper = firstRuleBelow(next, labels);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

/**
 * A public suffix listed strictly below `domain` (ICANN or private section), or `undefined` when
 * none is. `*.domain` can match hosts under that suffix, registered by anyone.
 *
 * @example
 * publicSuffixBelow('amazonaws.com');  // e.g. 's3.amazonaws.com' (one of several)
 * publicSuffixBelow('example.com');    // undefined
 */
export function publicSuffixBelow(domain: string): string | undefined {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  let node = rulesRoot;
  for (let i = labels.length - 1; i >= 0; i--) {
    node = child(node, labels[i]!);
    if (node === -1) return undefined;
  }
  const below = firstRuleBelow(node, []);
  return below === undefined ? undefined : `${below.join('.')}.${domain}`;
}
