// docs/deploy.md shows the examples' code: it must be the code in examples/ (which the edge tests run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './runtimes.js';

const EXAMPLE_FILES = [
  'examples/cloudflare-worker/src/worker.ts',
  'examples/cloudflare-worker/wrangler.toml',
  'examples/cloudflare-worker/config.capnp',
  'examples/deno/server.ts',
  'examples/deno/deno.json',
  'examples/bun/server.ts',
  'examples/nextjs/app/api/items/route.ts',
];

describe('docs/deploy.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/deploy.md'), 'utf8');

  it.each(EXAMPLE_FILES)('shows %s verbatim in a code block', (file) => {
    const code = readFileSync(join(ROOT, file), 'utf8').trimEnd();
    expect(doc).toContain(`\n${code}\n\`\`\``);
  });

  it('links every runtime section from its table of contents', () => {
    for (const anchor of [
      '#cloudflare-workers-workerd',
      '#deno',
      '#bun',
      '#nextjs-app-router',
      '#behind-a-cdn-caching-and-vary',
    ]) {
      expect(doc).toContain(`](${anchor})`);
    }
  });
});
