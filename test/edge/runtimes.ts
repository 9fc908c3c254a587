// Launchers for the real edge runtimes from npm (workerd, Deno, Bun, Next.js), each running an example
// from examples/ unchanged on 127.0.0.1 with an ephemeral port. `corsair-cors` and `corsair-cors/fetch` are bundled
// from src/ with esbuild (platform `neutral`: a `node:*` import would fail the bundle) into a throwaway
// package, so the tests always exercise the current source, resolved by each runtime as an install would be.
import { type ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';

/**
 * The repository root.
 *
 * @example
 * join(ROOT, 'examples/deno/server.ts');
 */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLES = join(ROOT, 'examples');
const require = createRequire(import.meta.url);

/**
 * The runtimes examples/ targets.
 *
 * @example
 * const name: RuntimeName = 'workerd';
 */
export type RuntimeName = 'workerd' | 'deno' | 'bun' | 'nextjs';

/**
 * Every runtime, in the order the docs list them.
 *
 * @example
 * for (const name of RUNTIMES) runtimeBinary(name);
 */
export const RUNTIMES: readonly RuntimeName[] = ['workerd', 'deno', 'bun', 'nextjs'];

/**
 * A runtime serving an example.
 *
 * @example
 * const rt: RunningRuntime = await startRuntime('bun', origins); await rt.close();
 */
export interface RunningRuntime {
  readonly name: RuntimeName;
  /** The example API's URL, e.g. `http://127.0.0.1:40187/api/items`. */
  readonly url: string;
  /** What the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stop the process (its whole process group) and delete its files. */
  close(): Promise<void>;
}

const required = process.env.CORSAIR_REQUIRE_RUNTIMES === '1';

// npm platform packages that carry the binaries (optionalDependencies of workerd, deno and bun).
function platformKey(): string {
  return `${process.platform}-${process.arch}`;
}
const WORKERD_PKG: Record<string, string> = {
  'linux-x64': '@cloudflare/workerd-linux-64',
  'linux-arm64': '@cloudflare/workerd-linux-arm64',
  'darwin-x64': '@cloudflare/workerd-darwin-64',
  'darwin-arm64': '@cloudflare/workerd-darwin-arm64',
};
const DENO_PKG: Record<string, string> = {
  'linux-x64': '@deno/linux-x64-glibc',
  'linux-arm64': '@deno/linux-arm64-glibc',
  'darwin-x64': '@deno/darwin-x64',
  'darwin-arm64': '@deno/darwin-arm64',
};
const BUN_PKG: Record<string, string> = {
  'linux-x64': '@oven/bun-linux-x64',
  'linux-arm64': '@oven/bun-linux-aarch64',
  'darwin-x64': '@oven/bun-darwin-x64',
  'darwin-arm64': '@oven/bun-darwin-aarch64',
};

function packageDir(name: string | undefined): string | null {
  if (name === undefined) return null;
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

// A real binary, not one of the small JS shims the packages ship until their postinstall replaces them.
function isBinary(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isFile() && s.size > 1_000_000;
  } catch {
    return false;
  }
}

/**
 * Where a runtime's binary is, or null. Both layouts work: the platform package's own file (always
 * there after `npm ci`), and the main package's copy made by its approved postinstall (bun's moves it).
 *
 * @example
 * runtimeBinary('deno'); // '/work/main/node_modules/@deno/linux-x64-glibc/deno'
 */
export function runtimeBinary(name: RuntimeName): string | null {
  const key = platformKey();
  const candidates: (string | null)[] = [];
  const join2 = (dir: string | null, ...rest: string[]) => (dir === null ? null : join(dir, ...rest));
  if (name === 'workerd') {
    candidates.push(
      join2(packageDir(WORKERD_PKG[key]), 'bin', 'workerd'),
      join2(packageDir('workerd'), 'bin', 'workerd'),
    );
  } else if (name === 'deno') {
    candidates.push(join2(packageDir(DENO_PKG[key]), 'deno'), join2(packageDir('deno'), 'deno'));
  } else if (name === 'bun') {
    candidates.push(
      join2(packageDir(BUN_PKG[key]), 'bin', 'bun'),
      join2(packageDir('bun'), 'bin', 'bun.exe'),
    );
  } else {
    const next = join2(packageDir('next'), 'dist', 'bin', 'next');
    return next !== null && existsSync(next) && packageDir('react-dom') !== null ? next : null;
  }
  return candidates.find((c): c is string => c !== null && isBinary(c)) ?? null;
}

/**
 * Whether a runtime can run here. When it cannot, the suite skips with a loud message, or fails when
 * CORSAIR_REQUIRE_RUNTIMES=1 (CI), so a missing binary can never pass silently.
 *
 * @example
 * describe.skipIf(!runtimeAvailable('bun'))('bun', () => { … });
 */
export function runtimeAvailable(name: RuntimeName): boolean {
  if (runtimeBinary(name) !== null) return true;
  const pkg = name === 'nextjs' ? 'next react react-dom' : name;
  const msg = `\n!!! ${name} not found in node_modules: its edge-runtime tests are SKIPPED. Install it with: npm ci (devDependency ${pkg}; its binary comes from a platform optional dependency)\n`;
  if (required) throw new Error(`${msg}CORSAIR_REQUIRE_RUNTIMES=1, so this is a failure.`);
  console.warn(msg);
  return false;
}

/**
 * Bundle `corsair-cors` (src/index.ts) and `corsair-cors/fetch` from src/ into `<dir>/node_modules/corsair-cors`, a package
 * exporting `.` and `./fetch` that share chunks, as the published package's two entry points share modules.
 */
async function installCorsair(dir: string): Promise<void> {
  const pkg = join(dir, 'node_modules', 'corsair-cors');
  mkdirSync(pkg, { recursive: true });
  await build({
    entryPoints: { index: join(ROOT, 'src/index.ts'), fetch: join(ROOT, 'src/adapters/fetch.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outdir: pkg,
    logLevel: 'silent',
  });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'corsair-cors',
      version: '0.0.0-edge-test',
      type: 'module',
      exports: { '.': './index.js', './fetch': './fetch.js' },
    }),
  );
}

interface Spawned {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first regexp match in stdout/stderr; rejects on exit or after `ms`. */
  waitFor(re: RegExp, ms: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...extra };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  return env;
}

function spawnServer(
  started: Spawned[],
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  fd3 = false,
): Spawned {
  // A process group of its own, so close() ends the runtime and whatever it started (Next.js workers).
  const child = spawn(cmd, args, {
    cwd,
    env,
    detached: true,
    stdio: fd3 ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  if (fd3) (child.stdio[3] as NodeJS.ReadableStream).on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const spawned: Spawned = {
    child,
    output: () => out,
    waitFor: (re, ms) =>
      new Promise((resolvePromise, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m !== null) {
            done();
            resolvePromise(m);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${cmd} did not print ${re} within ${ms} ms. Output:\n${out}`));
        }, ms);
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`${cmd} exited (${code}) before printing ${re}. Output:\n${out}`));
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        const killer = setTimeout(() => {
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // Already gone.
          }
        }, 3000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
  started.push(spawned);
  return spawned;
}

const DEFAULT_ORIGINS = 'https://app.example.com,https://*.preview.example.com';

function running(name: RuntimeName, proc: Spawned, port: string, dir: string): RunningRuntime {
  return {
    name,
    url: `http://127.0.0.1:${port}/api/items`,
    output: proc.output,
    close: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startWorkerd(
  started: Spawned[],
  bin: string,
  origins: string,
  dir: string,
): Promise<RunningRuntime> {
  await installCorsair(dir);
  copyFileSync(join(EXAMPLES, 'cloudflare-worker/src/worker.ts'), join(dir, 'worker.ts'));
  // What wrangler does: bundle the worker (and corsair) into one ES module.
  await build({
    entryPoints: [join(dir, 'worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    outfile: join(dir, 'dist/worker.js'),
    logLevel: 'silent',
  });
  // The example's own config, with the test's origins in its CORS_ORIGINS binding.
  const config = readFileSync(join(EXAMPLES, 'cloudflare-worker/config.capnp'), 'utf8');
  if (!config.includes(`text = "${DEFAULT_ORIGINS}"`))
    throw new Error('config.capnp no longer has the CORS_ORIGINS binding');
  writeFileSync(
    join(dir, 'config.capnp'),
    config.replace(`text = "${DEFAULT_ORIGINS}"`, `text = "${origins}"`),
  );
  // --control-fd reports the ephemeral port as JSON: {"event":"listen","socket":"http","port":N}.
  const proc = spawnServer(
    started,
    bin,
    ['serve', 'config.capnp', '--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3'],
    dir,
    childEnv({}),
    true,
  );
  const m = await proc.waitFor(/"event":"listen","socket":"http","port":(\d+)/, 30_000);
  return running('workerd', proc, m[1]!, dir);
}

async function startDeno(
  started: Spawned[],
  bin: string,
  origins: string,
  dir: string,
): Promise<RunningRuntime> {
  await installCorsair(dir);
  copyFileSync(join(EXAMPLES, 'deno/server.ts'), join(dir, 'server.ts'));
  // The example's deno.json maps corsair-cors to npm; here it maps to the bundles built from src/.
  writeFileSync(
    join(dir, 'deno.json'),
    JSON.stringify({
      imports: {
        'corsair-cors': './node_modules/corsair-cors/index.js',
        'corsair-cors/fetch': './node_modules/corsair-cors/fetch.js',
      },
    }),
  );
  const proc = spawnServer(
    started,
    bin,
    ['run', '--allow-net=127.0.0.1', '--allow-env', '--no-prompt', 'server.ts'],
    dir,
    childEnv({
      CORS_ORIGINS: origins,
      HOST: '127.0.0.1',
      PORT: '0',
      DENO_DIR: join(dir, '.deno'),
      DENO_NO_UPDATE_CHECK: '1',
    }),
  );
  const m = await proc.waitFor(/Listening on http:\/\/127\.0\.0\.1:(\d+)\//, 60_000);
  return running('deno', proc, m[1]!, dir);
}

async function startBun(
  started: Spawned[],
  bin: string,
  origins: string,
  dir: string,
): Promise<RunningRuntime> {
  await installCorsair(dir);
  copyFileSync(join(EXAMPLES, 'bun/server.ts'), join(dir, 'server.ts'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bun-example', private: true, type: 'module' }),
  );
  const proc = spawnServer(
    started,
    bin,
    ['--no-install', 'run', 'server.ts'],
    dir,
    childEnv({ CORS_ORIGINS: origins, HOST: '127.0.0.1', PORT: '0', BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' }),
  );
  const m = await proc.waitFor(/Listening on http:\/\/127\.0\.0\.1:(\d+)\//, 60_000);
  return running('bun', proc, m[1]!, dir);
}

async function startNext(
  started: Spawned[],
  bin: string,
  origins: string,
  dir: string,
): Promise<RunningRuntime> {
  await installCorsair(dir);
  // Plain JS (types stripped, statements kept as written: Next.js parses `export const dynamic`
  // statically) so Next.js does not set TypeScript up in here.
  const source = readFileSync(join(EXAMPLES, 'nextjs/app/api/items/route.ts'), 'utf8');
  const code = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  mkdirSync(join(dir, 'app/api/items'), { recursive: true });
  writeFileSync(join(dir, 'app/api/items/route.js'), code);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'next-example', private: true, type: 'module' }),
  );
  const env = childEnv({ CORS_ORIGINS: origins, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });
  // A production build, then `next start`: the way a Next.js app is deployed.
  const builder = spawnServer(started, process.execPath, [bin, 'build'], dir, env);
  const code0 = await new Promise<number | null>((r) => builder.child.once('exit', (c) => r(c)));
  if (code0 !== 0) throw new Error(`next build failed (${code0}):\n${builder.output()}`);
  const proc = spawnServer(started, process.execPath, [bin, 'start', '-H', '127.0.0.1', '-p', '0'], dir, env);
  const m = await proc.waitFor(/http:\/\/127\.0\.0\.1:(\d+)/, 60_000);
  return running('nextjs', proc, m[1]!, dir);
}

/**
 * Boot a runtime with its example on 127.0.0.1 (ephemeral port), allowing `origins` (comma-separated
 * exact origins and patterns, passed as the example's CORS_ORIGINS setting).
 *
 * @example
 * const rt = await startRuntime('deno', 'http://app.localhost:5173,http://*.preview.localhost:5173');
 * try { await fetch(rt.url); } finally { await rt.close(); }
 */
export async function startRuntime(name: RuntimeName, origins: string): Promise<RunningRuntime> {
  const bin = runtimeBinary(name);
  if (bin === null) throw new Error(`${name} is not installed`);
  // Next.js must find next/react from here (node_modules above), so its app lives under the repo's .tmp/.
  const base = name === 'nextjs' ? join(ROOT, '.tmp') : tmpdir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `corsair-edge-${name}-`));
  const started: Spawned[] = [];
  try {
    if (name === 'workerd') return await startWorkerd(started, bin, origins, dir);
    if (name === 'deno') return await startDeno(started, bin, origins, dir);
    if (name === 'bun') return await startBun(started, bin, origins, dir);
    return await startNext(started, bin, origins, dir);
  } catch (e) {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
