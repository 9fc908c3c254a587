// The examples must type-check against corsair's current types (the runtime tests only catch what fails
// at run time). Deno, Bun and Node globals are declared by a small shim: the subset the examples use.
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './runtimes.js';

const EXAMPLES = [
  'examples/cloudflare-worker/src/worker.ts',
  'examples/deno/server.ts',
  'examples/bun/server.ts',
  'examples/nextjs/app/api/items/route.ts',
];

const SHIM = join(ROOT, 'examples/__runtime-globals__.d.ts');
const SHIM_TEXT = `
type Handler = (request: Request) => Response | Promise<Response>;
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { hostname?: string; port?: number; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: Handler,
  ): unknown;
};
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { hostname?: string; port?: number; fetch: Handler }): { url: URL };
};
declare const process: { env: Record<string, string | undefined> };
`;

const BROKEN = join(ROOT, 'examples/__broken__.ts');
const BROKEN_TEXT = `import { withCors } from 'corsair-cors/fetch';
export default { fetch: withCors((r: Request) => new Response(r.url), { origins: 'https://app.example.com', credentials: 'yes' }) };
`;

// One program for every example (and a broken one, so the check is seen to fail).
function typeErrors(): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    // What a user's install resolves `corsair-cors` and `corsair-cors/fetch` to, from source.
    baseUrl: ROOT,
    paths: { 'corsair-cors': ['src/index.ts'], 'corsair-cors/fetch': ['src/adapters/fetch.ts'] },
  };
  const virtual = new Map([
    [SHIM, SHIM_TEXT],
    [BROKEN, BROKEN_TEXT],
  ]);
  const base = ts.createCompilerHost(options);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (f) => virtual.has(f) || base.fileExists(f),
    readFile: (f) => virtual.get(f) ?? base.readFile(f),
    getSourceFile: (f, lang, onError) => {
      const text = virtual.get(f);
      return text === undefined ? base.getSourceFile(f, lang, onError) : ts.createSourceFile(f, text, lang);
    },
  };
  const files = [...EXAMPLES.map((f) => join(ROOT, f)), BROKEN];
  const program = ts.createProgram({ rootNames: [...files, SHIM], options, host });
  const out = new Map<string, string[]>();
  for (const f of files) {
    const source = program.getSourceFile(f);
    const diagnostics = source
      ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      : [];
    out.set(
      f,
      source ? diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')) : ['not found'],
    );
  }
  return out;
}

describe('examples type-check against corsair', () => {
  const errors = typeErrors();

  it.each(EXAMPLES)('%s has no type error', (file) => {
    expect(errors.get(join(ROOT, file))).toEqual([]);
  });

  it('reports a type error in an example that misuses the API', () => {
    // origins given as a string, credentials as 'yes': two errors.
    const found = errors.get(BROKEN) ?? [];
    expect(found).toHaveLength(2);
    for (const e of found) expect(e).toMatch(/is not assignable to type/);
  });
});
