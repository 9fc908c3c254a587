// The generated proxy.ts on a production build of real Next.js 16 (npm devDependencies next, react,
// react-dom). One build serves every proof policy, each under its own path prefix (/p0/, /p1/, …):
// a build takes ~25 s on two cores, so one per policy would not fit the suite's budget.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import { PROOF_POLICIES } from './policies.js';
import { driftsOf } from './prove.js';
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
  // The project's own proxy.ts: dispatch /p<i>/… to the generated proxy of policy i.
  writeFileSync(
    join(dir, 'proxy.js'),
    `${imports.join('\n')}
const proxies = [${PROOF_POLICIES.map((_, i) => `p${i}`).join(', ')}];
export function proxy(request) {
  const m = /^\\/p(\\d+)\\//.exec(new URL(request.url).pathname);
  return m ? proxies[Number(m[1])](request) : undefined;
}
`,
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

describe.skipIf(!available)('generate --target nextjs on real Next.js 16 (next build, next start)', () => {
  let server: Running | undefined;
  beforeAll(async () => {
    server = await startNext();
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it.each(PROOF_POLICIES.map((p, i) => [p.name, i] as const))('passes verify: %s', async (_name, i) => {
    const url = `${server!.url.replace(/p0\/items$/, '')}p${i}/items`;
    expect(await driftsOf(url, PROOF_POLICIES[i]!.options)).toBe('');
  });
});
