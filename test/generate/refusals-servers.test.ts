// The generated nginx, Apache httpd and Caddy configs, booted on the real servers from Debian, answer
// every kind of preflight (allowed, unlisted method or header, malformed, oversized, refused origin)
// exactly as corsair's own middleware does (src/policy/answers.ts): an allowed origin asking for an
// unlisted method or header gets an ok status, ACAO (+ACAC) and what is allowed, never the refused name
// and no Max-Age, so the browser's console names the method or header; a refused origin or a malformed
// request gets 403 without CORS headers. Each answer is compared with createCors(policy).decide, for a
// single policy and for the same policy as one route among others.
import { afterAll, describe, expect, it } from 'vitest';
import { generateConfig, type TargetName } from '../../src/generate/index.js';
import { createCors } from '../../src/policy/create.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { corsairAnswer, POLICIES, preflightOver, preflights } from './preflight-cases.js';
import {
  type Running,
  SERVER_PROOF_TIMEOUT_MS,
  startApache,
  startCaddy,
  startNginx,
  webServerAvailable,
} from './servers.js';

const SERVERS = [
  ['nginx', startNginx, webServerAvailable('nginx')],
  ['apache', startApache, webServerAvailable('apache2')],
  ['caddy', startCaddy, webServerAvailable('caddy')],
] as const;

/**
 * The policy as one route among others: a neighbour that allows exactly what the cases ask for and
 * the policy may not (PROPFIND, PATCH, x-corsair-unlisted), so an answer taken from the wrong route
 * shows, and a path without CORS.
 */
function routed(options: CorsOptions): CorsOptions {
  return {
    routes: [
      { path: '/hooks/*', cors: false },
      { path: '/api/*', ...options } as never,
      {
        path: '/open/*',
        origins: '*',
        methods: ['PATCH', 'PROPFIND'],
        allowedHeaders: ['X-Corsair-Unlisted'],
        maxAge: 7,
      },
    ],
  };
}

/** Every preflight of preflight-cases.ts sent to `paths` of the booted config, compared with corsair. */
async function compare(
  target: TargetName,
  start: (typeof SERVERS)[number][1],
  policy: CorsOptions,
  origin: string,
  paths: readonly string[],
  running: Running[],
): Promise<void> {
  const files = generateConfig(target, policy).files;
  const server = await start(files);
  running.push(server);
  try {
    const base = new URL(server.url).origin;
    for (const path of paths) {
      // Where corsair answers nothing itself (no CORS on the path), the request reaches the application.
      const app = await fetch(`${base}${path}`, { method: 'OPTIONS' });
      await app.arrayBuffer();
      for (const { label, headers } of preflights(origin)) {
        const expected = corsairAnswer(policy, headers, path);
        expect(
          await preflightOver(`${base}${path}`, headers),
          `${path}: ${label}\n${files.map((f) => `--- ${f.path}\n${f.content}`).join('\n')}`,
        ).toEqual({ ...expected, status: expected.status ?? app.status });
      }
    }
  } finally {
    await server.close();
    running.splice(running.indexOf(server), 1);
  }
}

for (const [target, start, available] of SERVERS) {
  describe.skipIf(!available)(`generate --target ${target}: preflights answered as corsair does`, () => {
    const running: Running[] = [];
    afterAll(async () => {
      await Promise.all(running.map((r) => r.close()));
    });
    it.each(POLICIES)(
      '$name',
      async ({ options }) => {
        const o = createCors(options).options;
        const origin = o.anyOrigin ? 'https://any.example' : o.exactOrigins[0]!;
        await compare(target, start, options, origin, ['/x'], running);
      },
      SERVER_PROOF_TIMEOUT_MS,
    );
    it.each(POLICIES)(
      'per path: $name',
      async ({ options }) => {
        const o = createCors(options).options;
        const origin = o.anyOrigin ? 'https://any.example' : o.exactOrigins[0]!;
        await compare(target, start, routed(options), origin, ['/api/x', '/open/x', '/hooks/x'], running);
      },
      SERVER_PROOF_TIMEOUT_MS,
    );
  });
}

/** preflightContinue: corsair lets every preflight through, answering none itself. */
const CONTINUE: CorsOptions = {
  origins: ['https://app.example.com'],
  methods: ['PUT'],
  allowedHeaders: ['X-Api-Key'],
  credentials: true,
  maxAge: 60,
  preflightContinue: true,
};

for (const [target, start, available] of SERVERS) {
  describe.skipIf(!available)(`generate --target ${target} with preflightContinue`, () => {
    it(
      'allowed and unlisted preflights reach the application with the headers corsair sets',
      async () => {
        const files = generateConfig(target, CONTINUE).files;
        const server = await start(files);
        try {
          const app = await fetch(server.url, { method: 'OPTIONS' });
          await app.arrayBuffer();
          for (const { label, headers } of preflights('https://app.example.com')) {
            const expected = corsairAnswer(CONTINUE, headers);
            const got = await preflightOver(server.url, headers);
            const named = expected.headers.some(([k]) => k === 'access-control-allow-origin');
            if (named) expect(got, label).toEqual({ ...expected, status: app.status });
            else {
              // Refused origin or malformed: no CORS headers. nginx and Apache still answer 403 (docs/generate.md).
              expect(got.headers, label).toEqual(expected.headers);
              expect(got.status, label).toBe(target === 'caddy' ? app.status : 403);
            }
          }
        } finally {
          await server.close();
        }
      },
      SERVER_PROOF_TIMEOUT_MS,
    );
  });
}
