// The edge bundle budget: corsair-cors/fetch with the policy engine stays at or under EDGE_BUDGET_BYTES
// (17.5 KB) gzipped without public-suffix data (its history in bench/size.ts, figures in docs/deploy.md);
// bench/size.ts measures it and edits only its own section of bench/RESULTS.md.
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  type BundleSize,
  EDGE_BUDGET_BYTES,
  importChains,
  measureBundleSizes,
  replaceSection,
} from '../../bench/size.js';

describe('bundle size of corsair-cors/fetch', () => {
  let rows: BundleSize[];

  it('measures corsair-cors/fetch, corsair-cors/fetch with createCors from corsair, and hono/cors', async () => {
    rows = await measureBundleSizes();
    expect(rows.map((r) => r.name)).toEqual([
      'corsair-cors/fetch',
      "corsair-cors/fetch + createCors from 'corsair-cors'",
      'hono/cors',
    ]);
    for (const r of rows) expect(r.gzipBytes).toBeGreaterThan(100);
  });

  it('stays within its budget (17.5 KB) gzipped without public-suffix data', () => {
    expect(EDGE_BUDGET_BYTES).toBe(17.5 * 1024);
    const lean = rows[0]!;
    expect(lean.gzipBytes, `${lean.gzipBytes} bytes`).toBeLessThanOrEqual(EDGE_BUDGET_BYTES);
    expect(lean.publicSuffixChains).toEqual([]);
  });

  it('names the imports that pull the public suffix list in with createCors, and what it costs', () => {
    const full = rows[1]!;
    expect(full.publicSuffixChains.length).toBeGreaterThan(0);
    for (const chain of full.publicSuffixChains) {
      expect(chain[0]).toBe('app');
      // public-suffix.ts asks tldts about a host; suffix-below.ts walks the same rule trie downwards.
      expect(
        chain.some((m) => m === 'src/origin/public-suffix.ts' || m === 'src/origin/suffix-below.ts'),
      ).toBe(true);
      expect(chain.at(-1)).toMatch(/^tldts/);
    }
    expect(full.gzipBytes - rows[0]!.gzipBytes).toBeGreaterThan(20 * 1024);
  });
});

describe('importChains', () => {
  const meta = {
    inputs: {
      'a.ts': { bytes: 1, imports: [{ path: 'b.ts', kind: 'import-statement', original: './b.js' }] },
      'b.ts': {
        bytes: 1,
        imports: [
          { path: 'node_modules/tldts/index.js', kind: 'import-statement', original: 'tldts' },
          { path: 'node_modules/tldts/index.js', kind: 'import-statement', original: 'tldts' },
          { path: 'a.ts', kind: 'import-statement', original: './a.js' },
        ],
      },
    },
    outputs: {},
  } as unknown as Metafile;

  it('finds each chain once and survives import cycles', () => {
    expect(importChains(meta, 'a.ts', /node_modules\/tldts\//)).toEqual([['a.ts', 'b.ts', 'tldts']]);
  });

  it('finds nothing when the target is not imported', () => {
    expect(importChains(meta, 'a.ts', /node_modules\/other\//)).toEqual([]);
  });
});

describe('replaceSection (bench/RESULTS.md is shared: only "## Bundle size" may change)', () => {
  const section = '## Bundle size\n\nnew\n';

  it.each([
    ['an empty file', '', '## Bundle size\n\nnew\n'],
    [
      'a file without the section',
      '# Results\n\n## Decide\n\nfast\n',
      '# Results\n\n## Decide\n\nfast\n\n## Bundle size\n\nnew\n',
    ],
    [
      'a file ending with the section',
      '# Results\n\n## Decide\n\nfast\n\n## Bundle size\n\nold\nold\n',
      '# Results\n\n## Decide\n\nfast\n\n## Bundle size\n\nnew\n',
    ],
    [
      'a file with a section after it',
      '# Results\n\n## Bundle size\n\nold\n\n## Proxy\n\nslow\n',
      '# Results\n\n## Bundle size\n\nnew\n\n## Proxy\n\nslow\n',
    ],
    ['a file that is only the section', '## Bundle size\n\nold\n', '## Bundle size\n\nnew\n'],
  ])('%s', (_label, before, after) => {
    expect(replaceSection(before, section)).toBe(after);
  });

  it('does not mistake a longer heading for the section', () => {
    const doc = '# R\n\n## Bundle size history\n\nkeep\n';
    expect(replaceSection(doc, section)).toBe(`${doc}\n${section}`);
  });
});
