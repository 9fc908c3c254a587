// `npm run mutation [-- <folder>...] [-- --concurrency 2]`: StrykerJS over the engines and the
// security-relevant code, one folder at a time, each against only the suites that test it (a static
// mutant reruns every test of its run, so the full in-process suite would make each one cost ~30 s).
// Incremental: mutation/<folder>.json holds the last results, and a rerun tests only mutants in changed
// code or covered by changed tests. `npm run mutation -- --summary` prints the per-folder table.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Folder {
  /** Stryker `mutate` globs. */
  readonly mutate: readonly string[];
  /** The vitest files run against each mutant (in-process suites only: no browser, no child process). */
  readonly tests: readonly string[];
}

export const FOLDERS: Record<string, Folder> = {
  fetch: { mutate: ['src/fetch/**/*.ts', '!src/fetch/index.ts'], tests: ['test/fetch/**/*.test.ts'] },
  origin: {
    mutate: ['src/origin/**/*.ts', '!src/origin/index.ts', '!src/origin/types.ts'],
    tests: ['test/origin/**/*.test.ts'],
  },
  // The decision core (what is answered and written) and the route lookup that picks a policy by path;
  // the validators and the policy's inputs are policy-validate and policy-input below.
  policy: {
    mutate: [
      'src/policy/compile.ts',
      'src/policy/answers.ts',
      'src/policy/write.ts',
      'src/policy/respond.ts',
      'src/policy/validate/origins.ts',
      'src/policy/routes/path.ts',
      'src/policy/routes/table.ts',
      'src/policy/routes/pattern.ts',
    ],
    tests: ['test/policy/**/*.test.ts'],
  },
  // The validators: what a policy may express (methods, headers, names, scalars, routes, warnings) and
  // the validate() entry that runs them. They are what keeps insecure setups from being expressed.
  // rulebook.ts is not mutated yet: its tables are module-level (every mutant static, each rerunning
  // every test of the run, ~45 s apiece on the shared machine); test/audit/rulebook.test.ts judges it.
  'policy-validate': {
    mutate: [
      'src/policy/validate.ts',
      'src/policy/validate/context.ts',
      'src/policy/validate/headers.ts',
      'src/policy/validate/methods.ts',
      'src/policy/validate/names.ts',
      'src/policy/validate/scalars.ts',
      'src/policy/validate/tools.ts',
      'src/policy/validate/warnings.ts',
      'src/policy/validate/routes.ts',
    ],
    // The rulebook's own suite (validation, generate and scan against one table, in process) beside
    // the policy suites.
    tests: ['test/policy/**/*.test.ts', 'test/audit/rulebook.test.ts'],
  },
  // What reaches the validators from outside: policy files and their JSON positions, the RegExp engine and
  // its safety probe, route compilation, and the create/build/claim entry points.
  'policy-input': {
    mutate: [
      'src/policy/policy-file.ts',
      'src/policy/json-position.ts',
      'src/policy/regexp-engine.ts',
      'src/policy/regexp-probe.ts',
      'src/policy/validate/regexp.ts',
      'src/policy/validate/regexp-samples.ts',
      'src/policy/routes/compile.ts',
      'src/policy/build.ts',
      'src/policy/create.ts',
      'src/policy/claim.ts',
      'src/policy/errors.ts',
    ],
    tests: ['test/policy/**/*.test.ts'],
  },
  // The decision core: what a browser allows (checks, request headers, caches, redirects, MIME types,
  // classification) and the profiles that hold each browser's differences. Message wording and the
  // simulation driver are browser-wording and browser-simulate below.
  browser: {
    mutate: [
      'src/browser/cors-check.ts',
      'src/browser/preflight-check.ts',
      'src/browser/request-headers.ts',
      'src/browser/max-age.ts',
      'src/browser/preflight-cache.ts',
      'src/browser/exposed-headers.ts',
      'src/browser/redirect.ts',
      'src/browser/mime.ts',
      'src/browser/classify.ts',
      'src/browser/failure.ts',
      'src/browser/profile.ts',
    ],
    tests: [
      'test/browser/classify.test.ts',
      'test/browser/conformance-fixes.test.ts',
      'test/browser/cors-check.test.ts',
      'test/browser/exposed-headers.test.ts',
      'test/browser/header-check-order.test.ts',
      'test/browser/max-age.test.ts',
      'test/browser/mime.test.ts',
      'test/browser/preflight-cache-clock.test.ts',
      'test/browser/preflight-check.test.ts',
      'test/browser/preflight-steps.test.ts',
      'test/browser/profile-differences.test.ts',
      'test/browser/profile.test.ts',
      'test/browser/redirect.test.ts',
      'test/browser/request-builders.test.ts',
      'test/browser/request-headers.property.test.ts',
      'test/browser/request-headers.test.ts',
      'test/browser/response-properties.test.ts',
      'test/browser/safelisted-response-headers.test.ts',
      'test/browser/simulate.test.ts',
      'test/browser/webkit.test.ts',
      'test/browser/wildcard-authorization.test.ts',
    ],
  },
  // The simulation driver (request, preflight, cache, redirects in order), the request builders, and the
  // header-map orders each browser serializes in.
  'browser-simulate': {
    mutate: [
      'src/browser/simulate.ts',
      'src/browser/simulation.ts',
      'src/browser/request-builders.ts',
      'src/browser/header-map-order.ts',
      'src/browser/webkit-header-map.ts',
      'src/browser/user-agent.ts',
    ],
    tests: [
      'test/browser/simulate.test.ts',
      'test/browser/request-builders.test.ts',
      'test/browser/header-check-order.test.ts',
      'test/browser/webkit.test.ts',
      'test/browser/user-agent.test.ts',
      'test/browser/preflight-steps.test.ts',
      'test/browser/redirect.test.ts',
      'test/browser/preflight-cache-clock.test.ts',
      'test/browser/conformance-fixes.test.ts',
      'test/browser/profile-differences.test.ts',
    ],
  },
  // What the engine prints: each browser's console message, the cause and fix, and `explain`'s reading
  // of a pasted message. Not measured yet: explain's matcher (explain/rank.ts, explain/signatures.ts,
  // explain/text.ts), whose hot loops and import-time tables make each mutant run every explain test.
  'browser-wording': {
    mutate: [
      'src/browser/messages.ts',
      'src/browser/messages-webkit.ts',
      'src/browser/console.ts',
      'src/browser/console-browsers.ts',
      'src/browser/advice.ts',
      'src/browser/explain.ts',
      'src/browser/explain/advice.ts',
      'src/browser/explain/facts.ts',
    ],
    tests: [
      'test/browser/messages.test.ts',
      'test/browser/explain.test.ts',
      'test/browser/explain-corpus.test.ts',
      'test/browser/webkit.test.ts',
      'test/browser/cors-check.test.ts',
      'test/browser/conformance-fixes.test.ts',
      'test/browser/redirect.test.ts',
      'test/browser/simulate.test.ts',
      'test/browser/classify.test.ts',
      'test/browser/webkit-messages.test.ts',
      'test/browser/console-messages.test.ts',
      'test/browser/advice.test.ts',
      'test/browser/explain-advice.test.ts',
      'test/browser/explain-paste.test.ts',
      'test/browser/explain-facts.test.ts',
    ],
  },
  // The finding rules: which probes are sent, how each answer is read, and how a finding is rated.
  audit: {
    mutate: ['src/audit/probes.ts', 'src/audit/probe-reading.ts', 'src/audit/scan.ts'],
    // In-process loopback servers only; scan-findings (framework servers, the CLI) stays in `npm test`.
    tests: [
      'test/audit/probes.test.ts',
      'test/audit/scan.test.ts',
      'test/audit/scan-engine.test.ts',
      'test/audit/scan-rating.test.ts',
      'test/audit/severity-status.test.ts',
    ],
  },
  // What generate lets into another language, and how it escapes and anchors what it writes, against
  // behavioural suites only. The suites that start real servers or parse every sample with
  // nginx/apache2/caddy (injection.property, routes, *-servers) take seconds per mutant, and golden
  // generates its outputs while collecting tests, which makes every mutant static (run against every
  // test): they stay in `npm test`, and a mutant only golden text notices counts as surviving here.
  generate: {
    mutate: [
      'src/generate/safety.ts',
      'src/generate/paths.ts',
      'src/generate/model.ts',
      'src/generate/preflight-classes.ts',
    ],
    tests: [
      'test/generate/generate.test.ts',
      'test/generate/model.test.ts',
      'test/generate/origin-regex.test.ts',
      'test/generate/preflight-regex.test.ts',
      'test/generate/safety.test.ts',
      'test/generate/web-answers.test.ts',
      'test/generate/route-regex.test.ts',
    ],
  },
  // How a node response takes a decision: the writeHead hooks (one per response, or one per framework
  // prototype with its map), the claim's places, the preflight's one-writeHead head, the node sink. Its
  // suites start loopback servers in this process (Express, Koa, Fastify, node:http), no child process.
  'adapters-node': {
    mutate: [
      'src/adapters/node-hooks.ts',
      'src/adapters/node-response.ts',
      'src/adapters/node-sink.ts',
      'src/adapters/node.ts',
    ],
    tests: [
      'test/adapters/shared-hook.test.ts',
      'test/adapters/node-middleware.test.ts',
      'test/adapters/claim-hook.test.ts',
      'test/adapters/node-response.test.ts',
      'test/adapters/answer-head.test.ts',
      'test/adapters/write-once.test.ts',
      'test/adapters/handler-headers.test.ts',
    ],
  },
  // The proxy's SSRF address ranges, message framing (request smuggling) and DNS-rebinding host check.
  proxy: {
    mutate: ['src/proxy/address.ts', 'src/proxy/framing.ts', 'src/proxy/host.ts'],
    tests: [
      'test/proxy/address.test.ts',
      'test/proxy/address-ranges.test.ts',
      'test/proxy/framing.test.ts',
      'test/proxy/host.test.ts',
      'test/proxy/ssrf.test.ts',
      'test/proxy/smuggling.test.ts',
    ],
  },
};

const ROOT = join(import.meta.dirname, '..');
const incrementalFile = (name: string) => join('mutation', `${name}.json`);

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

/** Stryker's score: killed and timed-out mutants over all valid ones (compile errors and ignored excluded). */
export function score(report: Report): {
  total: number;
  detected: number;
  survived: number;
  noCoverage: number;
} {
  let total = 0;
  let detected = 0;
  let survived = 0;
  let noCoverage = 0;
  for (const f of Object.values(report.files)) {
    for (const m of f.mutants) {
      if (m.status === 'CompileError' || m.status === 'RuntimeError' || m.status === 'Ignored') continue;
      total++;
      if (m.status === 'Killed' || m.status === 'Timeout') detected++;
      else if (m.status === 'NoCoverage') noCoverage++;
      else if (m.status === 'Survived') survived++;
    }
  }
  return { total, detected, survived, noCoverage };
}

function summary(): void {
  console.log('| folder | mutants | killed | survived | no coverage | score |\n|---|---|---|---|---|---|');
  for (const name of Object.keys(FOLDERS)) {
    const file = join(ROOT, incrementalFile(name));
    if (!existsSync(file)) {
      console.log(`| ${name} | not measured | | | | |`);
      continue;
    }
    const s = score(JSON.parse(readFileSync(file, 'utf8')) as Report);
    const pct = s.total === 0 ? 'n/a' : `${((100 * s.detected) / s.total).toFixed(1)}%`;
    console.log(`| ${name} | ${s.total} | ${s.detected} | ${s.survived} | ${s.noCoverage} | ${pct} |`);
  }
}

function run(name: string, folder: Folder, extra: string[]): number {
  const stryker = join(ROOT, 'node_modules/.bin/stryker');
  const args = [
    'run',
    '--mutate',
    folder.mutate.join(','),
    '--incrementalFile',
    incrementalFile(name),
    ...extra,
  ];
  console.log(`\n== ${name}: stryker ${args.join(' ')}`);
  const r = spawnSync(stryker, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CORSAIR_MUTATION_TESTS: JSON.stringify(folder.tests) },
  });
  return r.status ?? 1;
}

const argv = process.argv.slice(2);
if (argv.includes('--summary')) {
  summary();
} else {
  const names = argv.filter((a, i) => !a.startsWith('-') && !argv[i - 1]?.startsWith('--'));
  const extra = argv.filter((a) => !names.includes(a));
  const unknown = names.filter((n) => !(n in FOLDERS));
  if (unknown.length > 0) {
    console.error(`unknown folder ${unknown.join(', ')}: one of ${Object.keys(FOLDERS).join(', ')}`);
    process.exit(2);
  }
  for (const name of names.length > 0 ? names : Object.keys(FOLDERS)) {
    const status = run(name, FOLDERS[name] as Folder, extra);
    if (status !== 0) process.exit(status);
  }
  summary();
}
