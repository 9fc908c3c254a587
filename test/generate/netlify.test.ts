// Netlify: `_headers` when one static answer fits the policy, else the Edge Function, booted in Deno
// (Netlify's edge runtime, from npm) and proven with `verify` for every proof policy it is emitted for.
import { afterAll, describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import { createCors } from '../../src/policy/create.js';
import { runtimeAvailable } from '../edge/runtimes.js';
import { PROOF_POLICIES } from './policies.js';
import { driftsOf } from './prove.js';
import { type Running, SERVER_PROOF_TIMEOUT_MS, startNetlifyEdge } from './servers.js';

function isStatic(files: readonly { path: string }[]): boolean {
  return files.some((f) => f.path === '_headers');
}

describe('netlify: _headers or the Edge Function', () => {
  it.each(PROOF_POLICIES.map((p) => [p.name, p.options] as const))(
    '%s: _headers exactly when any origin or one exact origin',
    (_name, options) => {
      const o = createCors(options).options;
      const single = o.anyOrigin || (o.exactOrigins.length === 1 && o.patterns.length === 0);
      const { files } = generateConfig('netlify', options);
      expect(isStatic(files)).toBe(single);
      if (!single)
        expect(files.map((f) => f.path)).toEqual(['netlify/edge-functions/cors.ts', 'netlify.toml']);
    },
  );

  it('wires the function to every path in netlify.toml', () => {
    const { files } = generateConfig('netlify', PROOF_POLICIES[0]!.options);
    const toml = files.find((f) => f.path === 'netlify.toml')!.content;
    expect(toml).toMatch(/\[\[edge_functions\]\]\n {2}path = "\/\*"\n {2}function = "cors"\n/);
  });
});

describe.skipIf(!runtimeAvailable('deno')).concurrent('netlify Edge Function in Deno', () => {
  const running: Running[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
  });
  for (const p of PROOF_POLICIES.filter((x) => !isStatic(generateConfig('netlify', x.options).files))) {
    it(
      `passes verify: ${p.name}`,
      async ({ expect }) => {
        const { files } = generateConfig('netlify', p.options);
        const server = await startNetlifyEdge(files);
        running.push(server);
        const drifts = await driftsOf(server.url, p.options);
        expect(drifts, `${server.log()}\n${files.map((f) => f.content).join('\n')}`).toBe('');
      },
      SERVER_PROOF_TIMEOUT_MS,
    );
  }
});
