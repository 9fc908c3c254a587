// One proof: generate the target's configuration for each policy, boot the real server with it, run
// `verify` (src/audit/verify.ts) against it, and fail on any drift, with the evidence in the message.
import { afterAll, describe, it } from 'vitest';
import { verifyDeployment } from '../../src/audit/verify.js';
import { checkPreflightResponse } from '../../src/browser/preflight-check.js';
import { chromium } from '../../src/browser/profile.js';
import { type GeneratedFile, generateConfig, type TargetName } from '../../src/generate/index.js';
import { createHttpTransport } from '../../src/http/transport.js';
import { createCors } from '../../src/policy/create.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { PROOF_POLICIES } from './policies.js';
import { type Running, SERVER_PROOF_TIMEOUT_MS } from './servers.js';

/** Start a server with generated files. */
export type Starter = (files: readonly GeneratedFile[]) => Promise<Running>;

/**
 * Run verify against a live server for a policy and return a readable list of drifts ('' when none).
 * Besides verify's cases, one more: a preflight asking for Content-Type when the policy does not
 * allow it must be refused (frameworks such as Starlette allow it silently).
 */
export async function driftsOf(url: string, options: CorsOptions): Promise<string> {
  const result = await verifyDeployment(url, options);
  const lines = result.drifts.map(
    (d) =>
      `${d.kind}: ${d.message} expected ${d.expected}, got ${d.actual}; response ${JSON.stringify(d.exchange.response)}`,
  );
  const o = createCors(options).options;
  const origin = o.anyOrigin ? 'https://corsair-any.example' : o.exactOrigins[0];
  const allowsContentType =
    o.allowedHeaders === '*' || o.allowedHeaders.some((h) => h.toLowerCase() === 'content-type');
  if (origin !== undefined && !allowsContentType) {
    const t = createHttpTransport({ timeoutMs: 5000 });
    try {
      const res = await t.send({
        method: 'OPTIONS',
        url,
        headers: [
          ['Origin', origin],
          ['Access-Control-Request-Method', 'POST'],
          ['Access-Control-Request-Headers', 'content-type'],
        ],
      });
      const r = checkPreflightResponse(
        res,
        {
          origin,
          include: o.credentials,
          method: 'POST',
          unsafeHeaderNames: ['content-type'],
          hasAuthorization: false,
        },
        chromium,
      );
      if (r.ok)
        lines.push(
          `too-permissive: a preflight for Content-Type passed, the policy does not allow it; ${JSON.stringify(res)}`,
        );
    } finally {
      await t.close();
    }
  }
  return lines.join('\n');
}

/**
 * Declare the proof suite of one target: one test per policy in PROOF_POLICIES.
 *
 * @example
 * proveTarget('nginx', startNginx, webServerAvailable('nginx'));
 */
export function proveTarget(
  target: TargetName,
  start: Starter,
  available: boolean,
  flavor?: string,
  where = 'on the real server',
): void {
  // Policies run concurrently: each boots its own server on its own port, and most of the time is spent waiting.
  describe
    .skipIf(!available)
    .concurrent(`generate --target ${target}${flavor ? ` --flavor ${flavor}` : ''} ${where}`, () => {
      const running: Running[] = [];
      afterAll(async () => {
        await Promise.all(running.map((r) => r.close()));
      });
      for (const p of PROOF_POLICIES) {
        it(
          `passes verify: ${p.name}`,
          async ({ expect }) => {
            const { files } = generateConfig(target, p.options, flavor ? { flavor } : {});
            const server = await start(files);
            running.push(server);
            const drifts = await driftsOf(server.url, p.options);
            await server.close();
            running.splice(running.indexOf(server), 1);
            expect(
              drifts,
              `${target} drifted from the policy.\nServer log:\n${server.log()}\nConfig:\n${files.map((f) => f.content).join('\n')}`,
            ).toBe('');
          },
          SERVER_PROOF_TIMEOUT_MS,
        );
      }
    });
}
