// The edge entry points must run on workerd/Deno/Bun: no node:* imports, no Public Suffix List.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Minified bytes. corsair-cors/hono also carries the node-response writer (about 1.4 KB): on
// @hono/node-server it writes the node response's head instead of making the server build Headers
// objects for the request and the response, and puts the decision into the head object the server
// gives writeHead (issue 16). The gzip budget of corsair-cors/fetch is test/edge/size.test.ts's.
const LIMIT: Record<string, number> = { hono: 53_000, fetch: 50_000 };

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
    expect(result.outputFiles[0]!.contents.byteLength).toBeLessThan(LIMIT[name]!);
  });
});
