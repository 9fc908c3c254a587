// The generated proxy.ts on a production build of real Next.js 16 (npm devDependencies next, react,
// react-dom). One build serves every proof policy, each under its own path prefix (/p0/, /p1/, …), and
// the per-path proxy of the three-route policy (issue 15) on every other path: a build takes ~25 s on
// two cores, so one per policy would not fit the suite's budget.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedFile, generateConfig } from '../../src/generate/index.js';
import { THREE_ROUTES } from '../policy/three-routes.js';
import { PROOF_POLICIES } from './policies.js';
import { driftsOf } from './prove.js';
import { proveRoutes } from './prove-routes.js';
import { freePort, ROOT, type Running, serverAvailable, spawnServer } from './servers.js';

const NEXT_BIN = join(ROOT, 'node_modules/next/dist/bin/next');
const available = serverAvailable(
  'next (with react, react-dom)',
  () => existsSync(NEXT_BIN) && existsSync(join(ROOT, 'node_modules/react-dom/package.json')),
  'npm ci (devDependencies next, react, react-dom)',
);

const toJs = (source: string) =>
  ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;

/** The deepest folder holding both paths. */
function commonAncestor(a: string, b: string): string {
  const x = a.split(sep);
  const y = b.split(sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(sep) || sep;
}

// Turbopack compiles nothing outside its root, the folder of the nearest lockfile by default. In a git
// worktree whose node_modules links to another checkout's, next and react resolve outside it and the
// build fails ("Next.js package not found"): the root must hold both the app and the real node_modules.
const NEXT_ROOT = commonAncestor(ROOT, realpathSync(join(ROOT, 'node_modules')));

/** The routed proxy of THREE_ROUTES, as `corsair generate --target nextjs` writes it. */
const routedProxy = (): GeneratedFile =>
  generateConfig('nextjs', THREE_ROUTES).files.find((f) => f.path === 'proxy.ts')!;

async function startNext(): Promise<Running> {
  // Inside the repository (.tmp is git-ignored) so Next.js resolves next and react from node_modules.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'generate-next-'));
  const id = dir.split('/').pop()!;
  const imports: string[] = [];
  PROOF_POLICIES.forEach((p, i) => {
    const proxy = generateConfig('nextjs', p.options).files.find((f) => f.path === 'proxy.ts')!;
    writeFileSync(join(dir, `cors${i}.js`), toJs(proxy.content));
    imports.push(`import { proxy as p${i} } from './cors${i}.js';`);
  });
  writeFileSync(join(dir, 'routed.js'), toJs(routedProxy().content));
  // The project's own proxy.ts: dispatch /p<i>/… to the generated proxy of policy i, every other path to
  // the generated per-path proxy.
  writeFileSync(
    join(dir, 'proxy.js'),
    `${imports.join('\n')}
import { proxy as routed } from './routed.js';
const proxies = [${PROOF_POLICIES.map((_, i) => `p${i}`).join(', ')}];
export function proxy(request) {
  const m = /^\\/p(\\d+)\\//.exec(new URL(request.url).pathname);
  return m ? proxies[Number(m[1])](request) : routed(request);
}
`,
  );
  writeFileSync(
    join(dir, 'next.config.mjs'),
    `export default ${JSON.stringify({ turbopack: { root: NEXT_ROOT }, outputFileTracingRoot: NEXT_ROOT })};\n`,
  );
  mkdirSync(join(dir, 'app/[...path]'), { recursive: true });
  writeFileSync(
    join(dir, 'app/[...path]/route.js'),
    `export const dynamic = 'force-dynamic';
const ok = () => new Response('ok ${id}\\n', { headers: { 'Content-Type': 'text/plain' } });
export { ok as GET, ok as POST, ok as PUT, ok as PATCH, ok as DELETE };
`,
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'generate-next', private: true, type: 'module' }),
  );
  const env = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  const build = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const p = spawn(process.execPath, [NEXT_BIN, 'build'], { cwd: dir, env: { ...process.env, ...env } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += String(d);
    });
    p.stderr.on('data', (d: Buffer) => {
      out += String(d);
    });
    p.on('exit', (code) => resolve({ code, out }));
  });
  if (build.code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`next build failed:\n${build.out}`);
  }
  const port = await freePort();
  return spawnServer(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)], port, {
    identity: id,
    path: '/p0/items',
    cwd: dir,
    cleanup: dir,
    env,
  });
}

// One build for both suites below, started by whichever runs first and stopped after the file.
let next: Promise<Running> | undefined;
const shared = () => {
  next ??= startNext();
  return next;
};
// Built before any test, so that a filtered run (-t routes) does not wait for it inside a test's timeout.
beforeAll(async () => {
  if (available) await shared();
}, 300_000);
afterAll(async () => {
  await (await next?.catch(() => undefined))?.close();
}, 30_000);

describe.skipIf(!available)('generate --target nextjs on real Next.js 16 (next build, next start)', () => {
  it.each(PROOF_POLICIES.map((p, i) => [p.name, i] as const))(
    'passes verify: %s',
    async (_name, i) => {
      const url = `${(await shared()).url.replace(/p0\/items$/, '')}p${i}/items`;
      expect(await driftsOf(url, PROOF_POLICIES[i]!.options)).toBe('');
    },
    300_000,
  );
});

describe.skipIf(!available)('Next.js itself before the proxy', () => {
  it('answers a path with a trailing slash with its own 308, so no proxy adds CORS headers there', async () => {
    const base = (await shared()).url.replace(/\/p0\/items$/, '');
    const r = await fetch(`${base}/Private/Items/`, {
      redirect: 'manual',
      headers: { Origin: 'https://app.example.com' },
    });
    await r.body?.cancel();
    expect(r.status).toBe(308);
    expect(r.headers.get('location')).toBe('/Private/Items');
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// The three-route policy's per-path proxy.ts: verify on each route and the path tricks, sent raw. Next.js
// parses the request URL by the URL Standard before the proxy runs (so %2e%2e is resolved), like the
// other web runtimes, and answers a path with a trailing slash with its own 308 redirect to the path
// without it (`trailingSlash: false`, the default) before any proxy runs: no CORS headers there.
proveRoutes(
  'nextjs',
  async (files) => {
    // The suite generates the same proxy.ts the build already holds.
    expect(files.find((f) => f.path === 'proxy.ts')?.content).toBe(routedProxy().content);
    const running = await shared();
    return { ...running, url: running.url.replace(/\/p0\/items$/, ''), close: async () => {} };
  },
  available,
  'on real Next.js 16 (next build, next start)',
  true,
  { '/Private/Items/': 'none' },
);
