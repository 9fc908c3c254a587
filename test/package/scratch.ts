// What a user downloads, installed the way a user installs it: `npm pack` of the built repository, then
// the tarball installed into an empty project with npm, without the network. The runtime dependencies
// come from npm's cache, which `npm ci` has just filled; the scratch project's lockfile pins them to
// the repository's lockfile versions, so npm never has to ask the registry which version to take.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../..');
export const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
  license: string;
  engines: Record<string, string>;
};

const run = promisify(execFile);

/** Run a program with a bounded time; the error carries its output. */
export async function exec(
  cmd: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(cmd, args, {
      cwd,
      timeout: timeoutMs,
      maxBuffer: 32 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' },
    });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
    );
  }
}

/** `npm pack` without lifecycle scripts (the suite built dist/ already; a rebuild would race other tests). */
export async function pack(dir: string): Promise<string> {
  if (!existsSync(join(ROOT, 'dist/index.js')))
    throw new Error('dist/ is missing: run `npm run build` first.');
  const { stdout } = await exec(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
    ROOT,
  );
  const [info] = JSON.parse(stdout) as [{ filename: string }];
  return join(dir, info.filename);
}

interface LockEntry {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The lockfile path node would load `name` from, starting at the package at `from` ('' = root). */
function lockPath(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return null;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** The repository lockfile's entries for the runtime dependencies and everything they need. */
function runtimeClosure(registry: string): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const out: Record<string, LockEntry> = {};
  const todo = Object.keys(PACKAGE.dependencies).map((n) => lockPath(lock.packages, '', n));
  while (todo.length > 0) {
    const path = todo.pop();
    if (!path || out[path]) continue;
    const entry = lock.packages[path] as LockEntry;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    // A `resolved` URL lets npm take the tarball from its cache by URL and integrity.
    const file = `${name.split('/').pop()}-${entry.version}.tgz`;
    out[path] = { resolved: `${registry}${name}/-/${file}`, ...entry };
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      todo.push(lockPath(lock.packages, path, dep));
    }
  }
  return out;
}

/**
 * Install the tarball into `<dir>/project`, an empty project, with `npm ci --offline`. Returns the
 * project's path.
 */
export async function installTarball(dir: string, tarball: string): Promise<string> {
  const project = join(dir, 'project');
  mkdirSync(project, { recursive: true });
  const { stdout: reg } = await exec('npm', ['config', 'get', 'registry'], project);
  const registry = reg.trim().endsWith('/') ? reg.trim() : `${reg.trim()}/`;
  const spec = `file:${tarball}`;
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  const manifest = { name: 'scratch', private: true, type: 'module', dependencies: { [PACKAGE.name]: spec } };
  const packages: Record<string, unknown> = {
    '': { name: 'scratch', dependencies: { [PACKAGE.name]: spec } },
    [`node_modules/${PACKAGE.name}`]: {
      version: PACKAGE.version,
      resolved: spec,
      integrity,
      license: PACKAGE.license,
      dependencies: PACKAGE.dependencies,
      bin: PACKAGE.bin,
      engines: PACKAGE.engines,
    },
    ...runtimeClosure(registry),
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'scratch', lockfileVersion: 3, requires: true, packages }, null, 2),
  );
  try {
    await exec('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project, 120_000);
  } catch (e) {
    if (!/ENOTCACHED/.test(String(e))) throw e;
    throw new Error(
      `npm's cache lacks a runtime dependency of the package (the install is offline on purpose). Run \`npm ci\` in ${ROOT} first: it fills the cache.\n${String(e)}`,
    );
  }
  return project;
}

/**
 * Make packages of the repository's install visible to the scratch project (symlinks), as a user's
 * own dependencies would be: the frameworks whose types the adapters' declarations name.
 */
export function linkFromRepository(project: string, names: readonly string[]): void {
  for (const name of names) {
    const target = join(ROOT, 'node_modules', name);
    if (!existsSync(target)) throw new Error(`${name} is not installed in the repository (npm ci).`);
    const link = join(project, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(target, link, 'dir');
  }
}
