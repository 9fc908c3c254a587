import { createColors } from 'picocolors';
import { JSON_SCHEMA_VERSION } from '../audit/report/json-version.js';
import { formatExchange } from '../audit/report/text.js';
import { verifyDeployment } from '../audit/verify.js';
import { createHttpTransport, parseTargetUrl } from '../http/transport.js';
import { parsePolicyFile } from '../policy/policy-file.js';
import type { CorsOptions } from '../policy/types.js';
import type { RegisterCommand } from './commands.js';
import { EXIT } from './io.js';
import { readText, transportOptions } from './options.js';

interface VerifyFlags {
  policy: string;
  json?: boolean;
  verbose?: boolean;
  timeout?: string;
  insecure?: boolean;
  ca?: string;
}

/**
 * `corsair verify`: does the live endpoint do what the policy file says?
 *
 * @example
 * registerVerify(program, io, (code) => { exitCode = code; });
 */
export const registerVerify: RegisterCommand = (program, io, done) => {
  program
    .command('verify')
    .description(
      'Check that a live endpoint behaves exactly as a policy file says (allowed origins, near misses, methods, headers, credentials).',
    )
    .argument('<url>', 'the deployed endpoint')
    .requiredOption('--policy <file>', 'JSON policy file: the options of createCors')
    .option('--json', 'print { ok, url, drifts, cases } as JSON')
    .option('--verbose', 'list every case, not only the drifting ones')
    .option('--timeout <ms>', 'per-request deadline in milliseconds', '10000')
    .option('--insecure', 'skip TLS certificate verification (testing only)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .addHelpText(
      'after',
      `
Exit: 0 the deployment matches the policy, 1 drift, 2 bad input (invalid policy) or network failure.

Examples:
  corsair verify https://api.example.com/items --policy cors.json
  corsair verify https://staging.example.com/api --policy cors.json --json > drift.json

cors.json:
  { "origins": ["https://app.example.com", "https://*.example.com"], "methods": ["GET", "PUT"],
    "allowedHeaders": ["Content-Type"], "credentials": true, "maxAge": 600 }`,
    )
    .action(async (url: string, flags: VerifyFlags) => {
      parseTargetUrl(url);
      const options = parsePolicyFile(readText(flags.policy, io, '--policy'), flags.policy) as CorsOptions;
      const http = createHttpTransport(transportOptions(flags, io));
      try {
        const result = await verifyDeployment(url, options, { send: http.send });
        if (flags.json) {
          io.stdout(`${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...result }, null, 2)}\n`);
        } else {
          const c = createColors(io.color);
          const lines: string[] = [];
          for (const r of result.cases) {
            if (!flags.verbose && r.drifts.length === 0) continue;
            const mark = r.drifts.length ? c.red('✗') : c.green('✓');
            lines.push(
              `${mark} ${r.case.name} ${c.dim(`(policy: ${r.expectedAllowed ? 'allowed' : 'refused'})`)}`,
            );
            for (const d of r.drifts) {
              lines.push(`    ${c.bold(c.red(d.kind))}: ${d.message}`);
              lines.push(`      expected: ${d.expected}`);
              lines.push(`      actual:   ${d.actual}`);
            }
            if (r.drifts.length)
              for (const l of formatExchange(r.exchange, { color: io.color })) lines.push(`    ${l}`);
          }
          if (lines.length) lines.push('');
          lines.push(
            result.ok
              ? c.green(
                  `OK: ${result.cases.length} cases, the deployment matches the policy.${flags.verbose ? '' : ' (--verbose lists them)'}`,
                )
              : c.red(
                  `DRIFT: ${result.drifts.length} difference(s) in ${result.cases.filter((r) => r.drifts.length).length} of ${result.cases.length} cases.`,
                ),
          );
          io.stdout(`${lines.join('\n')}\n`);
        }
        done(result.ok ? EXIT.OK : EXIT.FAIL);
      } finally {
        await http.close();
      }
    });
};
