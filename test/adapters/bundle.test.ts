// The edge entry points must run on workerd/Deno/Bun: no node:* imports, no Public Suffix List.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe.each(['hono', 'fetch'])('corsair/%s bundle', (name) => {
  it('imports neither node:* nor tldts, and stays small', async () => {
    const result = await build({
      entryPoints: [new URL(`../../src/adapters/${name}.ts`, import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      external: ['hono'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.includes('tldts') || i.includes('re2js') || i.startsWith('node:'))).toEqual(
      [],
    );
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports.filter((p) => p !== 'hono')).toEqual([]);
    expect(result.outputFiles[0]!.contents.byteLength).toBeLessThan(50_000);
  });
});
