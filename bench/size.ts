// Bundle size of corsair-cors/fetch (withCors + the policy engine) next to hono/cors: esbuild bundle, minified,
// then gzip -9, as an edge deployment would ship it. `npm run bench:size` prints the table;
// `npm run bench:size -- --write` also replaces the "## Bundle size" section at the end of bench/RESULTS.md.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion, type Metafile } from 'esbuild';
import { writeSection } from './results-file.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench/RESULTS.md');
const HEADING = '## Bundle size';

/**
 * The edge bundle's budget, gzipped, without public-suffix data: 10 KB at first, 17 KB with issue 21's
 * origin checks, 17.5 KB with the route table's fast path for escaped paths and its bound on hostile
 * ones (docs/deploy.md has the figures).
 */
export const EDGE_BUDGET_BYTES = 17.5 * 1024;

/**
 * One measured bundle.
 *
 * @example
 * const [{ name, gzipBytes }] = await measureBundleSizes();
 */
export interface BundleSize {
  readonly name: string;
  /** What the bundle contains, in a few words. */
  readonly what: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Each chain of imports from the entry to the public suffix list (tldts), empty when it is not bundled. */
  readonly publicSuffixChains: readonly string[][];
}

/**
 * Every import chain from `entry` to a module whose path matches `target` (first hop into it only).
 *
 * @example
 * importChains(result.metafile, 'src/adapters/fetch.ts', /node_modules\/tldts\//); // [] when tldts is not bundled
 */
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

/** What to bundle: a module path, or ESM source resolved from the repository root. */
type Entry = { readonly file: string } | { readonly source: string };

async function measure(name: string, what: string, entry: Entry): Promise<BundleSize> {
  const r = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'ts' } }),
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = r.outputFiles[0]!.contents;
  const entryKey =
    'file' in entry
      ? (Object.keys(r.metafile.inputs).find((k) => k.endsWith(entry.file)) ?? entry.file)
      : '<stdin>';
  return {
    name,
    what,
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    // The stdin entry stands for the app's own module.
    publicSuffixChains: importChains(r.metafile, entryKey, /(^|\/)node_modules\/tldts\//).map((c) =>
      c.map((m) => (m === '<stdin>' ? 'app' : m)),
    ),
  };
}

/**
 * Measure the bundles: corsair-cors/fetch alone (options validated without the public suffix list), corsair-cors/fetch
 * with `createCors` from `corsair-cors` (what a policy with wildcard subdomain patterns needs), and hono/cors.
 *
 * @example
 * const [fetchOnly, withCreateCors, hono] = await measureBundleSizes();
 * console.log(fetchOnly.gzipBytes <= 10 * 1024);
 */
export async function measureBundleSizes(): Promise<BundleSize[]> {
  return [
    await measure(
      'corsair-cors/fetch',
      'withCors + policy engine + option validation without the public suffix list (exact origins, port patterns, RegExps)',
      { file: 'src/adapters/fetch.ts' },
    ),
    await measure(
      "corsair-cors/fetch + createCors from 'corsair-cors'",
      'the same plus full validation with the public suffix list (tldts), needed for `https://*.example.com` patterns',
      {
        source:
          "export { withCors } from './src/adapters/fetch.ts';\nexport { createCors } from './src/index.ts';\n",
      },
    ),
    await measure('hono/cors', "hono's CORS middleware (no validation)", { file: 'hono/cors' }),
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
  const lean = rows[0];
  const full = rows[1];
  if (full !== undefined && lean !== undefined) {
    const goal = lean.gzipBytes <= EDGE_BUDGET_BYTES ? 'meets' : 'misses';
    out.push(
      `corsair-cors/fetch without public-suffix data is ${kb(lean.gzipBytes)} gzipped: it ${goal} the ${kb(EDGE_BUDGET_BYTES)} goal.`,
      `A policy with wildcard subdomain patterns is built with \`createCors\` from \`corsair-cors\`, which validates them against the public suffix list: ${kb(full.gzipBytes - lean.gzipBytes)} gzipped more.`,
    );
    for (const chain of full.publicSuffixChains)
      out.push(`The list comes in through: ${chain.map((c) => `\`${c}\``).join(' → ')}.`);
    if (lean.publicSuffixChains.length > 0) {
      for (const chain of lean.publicSuffixChains)
        out.push(
          `corsair-cors/fetch alone also bundles it, through: ${chain.map((c) => `\`${c}\``).join(' → ')}.`,
        );
    }
  }
  return `${out.join('\n')}\n`;
}

export { replaceSection } from './results-file.js';

async function main(): Promise<void> {
  const rows = await measureBundleSizes();
  const section = renderSection(rows);
  process.stdout.write(section);
  if (process.argv.includes('--write')) {
    writeSection(section);
    process.stdout.write(`\nwrote ${HEADING} in ${RESULTS}\n`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:size failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
