// Bundle size of corsair/fetch (withCors + the policy engine) next to hono/cors: esbuild bundle, minified,
// then gzip -9, as an edge deployment would ship it. `npm run bench:size` prints the table;
// `npm run bench:size -- --write` also replaces the "## Bundle size" section at the end of bench/RESULTS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion, type Metafile, type Plugin } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench/RESULTS.md');
const HEADING = '## Bundle size';

/** One measured bundle. */
export interface BundleSize {
  readonly name: string;
  /** What the bundle contains, in a few words. */
  readonly what: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Each chain of imports from the entry to the public suffix list (tldts), empty when it is not bundled. */
  readonly publicSuffixChains: readonly string[][];
}

// Stands in for tldts: what the bundle costs without the public suffix list (the data and its trie code).
const withoutPublicSuffixList: Plugin = {
  name: 'without-public-suffix-list',
  setup(b) {
    b.onResolve({ filter: /^tldts$/ }, () => ({ path: 'tldts', namespace: 'psl-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'psl-stub' }, () => ({
      contents: 'export function parse() { return {}; } export function getDomain() { return null; }',
      loader: 'js',
    }));
  },
};

/** Every import chain from `entry` to a module whose path matches `target` (first hop into it only). */
export function importChains(meta: Metafile, entry: string, target: RegExp): string[][] {
  const chains: string[][] = [];
  const walk = (file: string, path: string[]) => {
    for (const imp of meta.inputs[file]?.imports ?? []) {
      if (path.includes(imp.path)) continue;
      if (target.test(imp.path)) chains.push([...path, imp.original ?? imp.path]);
      else walk(imp.path, [...path, imp.path]);
    }
  };
  walk(entry, [entry]);
  // A module imported twice by the same file (an import and a re-export) gives the same chain twice.
  return [...new Map(chains.map((c) => [c.join('\0'), c])).values()];
}

async function measure(
  name: string,
  what: string,
  entry: string,
  plugins: Plugin[] = [],
): Promise<BundleSize> {
  const r = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins,
  });
  const code = r.outputFiles[0]!.contents;
  const entryKey = Object.keys(r.metafile.inputs).find((k) => k === entry || k.endsWith(entry)) ?? entry;
  return {
    name,
    what,
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    publicSuffixChains: importChains(r.metafile, entryKey, /(^|\/)node_modules\/tldts\//),
  };
}

/**
 * Measure the bundles: corsair/fetch as shipped, corsair/fetch without the public suffix list, hono/cors.
 *
 * @example
 * const [full, withoutPsl, hono] = await measureBundleSizes();
 * console.log(withoutPsl.gzipBytes <= 10 * 1024);
 */
export async function measureBundleSizes(): Promise<BundleSize[]> {
  return [
    await measure(
      'corsair/fetch',
      'withCors + policy engine + option validation, with the public suffix list (tldts)',
      'src/adapters/fetch.ts',
    ),
    await measure(
      'corsair/fetch without public-suffix data',
      'the same with tldts replaced by a stub',
      'src/adapters/fetch.ts',
      [withoutPublicSuffixList],
    ),
    await measure('hono/cors', "hono's CORS middleware (hono/cors)", 'hono/cors'),
  ];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * The "## Bundle size" section of bench/RESULTS.md.
 *
 * @example
 * console.log(renderSection(await measureBundleSizes()));
 */
export function renderSection(rows: readonly BundleSize[]): string {
  const honoPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/hono/package.json'), 'utf8')) as {
    version: string;
  };
  const out = [
    HEADING,
    '',
    `esbuild ${esbuildVersion} (bundle, minify, ESM, platform neutral, es2022), then gzip -9; hono ${honoPkg.version}; ` +
      `Node ${process.version}; ${new Date().toISOString().slice(0, 10)}. Command: \`npm run bench:size -- --write\`.`,
    '',
    '| bundle | contains | minified | minified + gzip |',
    '|---|---|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.what} | ${kb(r.minifiedBytes)} | ${kb(r.gzipBytes)} |`),
    '',
  ];
  const full = rows[0];
  const lean = rows[1];
  if (full !== undefined && lean !== undefined) {
    const goal = lean.gzipBytes <= 10 * 1024 ? 'meets' : 'misses';
    out.push(
      `Without public-suffix data, corsair/fetch is ${kb(lean.gzipBytes)} gzipped: it ${goal} the 10 KB goal.`,
      `The public suffix list costs ${kb(full.gzipBytes - lean.gzipBytes)} gzipped on top.`,
    );
    for (const chain of full.publicSuffixChains)
      out.push(`It is bundled through: ${chain.map((c) => `\`${c}\``).join(' → ')}.`);
    if (full.publicSuffixChains.length > 0) {
      out.push(
        'Option validation (rejecting `https://*.github.io`-style patterns over a public suffix) runs at',
        'construction inside `createCors`, which `withCors` calls, so every worker that builds a policy ships',
        'the list; request-time code never uses it.',
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/** Replace the section (from its heading to the next `## ` or the end), or append it at the end. */
export function replaceSection(doc: string, section: string): string {
  const start = doc.indexOf(`\n${HEADING}\n`);
  const at = doc.startsWith(`${HEADING}\n`) ? 0 : start === -1 ? -1 : start + 1;
  if (at === -1) return `${doc.replace(/\n*$/, '')}${doc.trim() === '' ? '' : '\n\n'}${section}`;
  const next = doc.indexOf('\n## ', at + HEADING.length);
  return `${doc.slice(0, at)}${section}${next === -1 ? '' : `\n${doc.slice(next + 1)}`}`;
}

async function main(): Promise<void> {
  const rows = await measureBundleSizes();
  const section = renderSection(rows);
  process.stdout.write(section);
  if (process.argv.includes('--write')) {
    const doc = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '';
    writeFileSync(RESULTS, replaceSection(doc, section));
    process.stdout.write(`\nwrote ${HEADING} in ${RESULTS}\n`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:size failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
