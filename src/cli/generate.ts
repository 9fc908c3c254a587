import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generateConfig, TARGETS } from '../generate/index.js';
import { parsePolicyFile } from '../policy/policy-file.js';
import type { CorsOptions } from '../policy/types.js';
import { choiceOption } from './choice.js';
import type { RegisterCommand } from './commands.js';
import { CliError, type CliIO, EXIT, warnLine } from './io.js';
import { readText } from './options.js';

interface GenerateFlags {
  policy?: string;
  target?: string;
  flavor?: string;
  out?: string;
  list?: boolean;
  json?: boolean;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function write(path: string, content: string, io: CliIO): void {
  try {
    // A generated path may be in a folder (netlify/edge-functions/cors.ts).
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  } catch (e) {
    const why = e && typeof e === 'object' && 'code' in e ? String(e.code) : 'unwritable';
    throw new CliError(
      'CLI_FILE_UNWRITABLE',
      `--out ${path}: cannot write the file (${why}).`,
      'Check the path and permissions.',
    );
  }
  io.stderr(`corsair: wrote ${path}\n`);
}

/**
 * `corsair generate`: a policy file in, a server configuration out (stdout, a file, or a directory).
 *
 * @example
 * // corsair generate --policy cors.json --target nginx --out /etc/nginx/corsair/
 * registerGenerate(program, io, done);
 */
export const registerGenerate: RegisterCommand = (program, io, done) => {
  program
    .command('generate')
    .description(
      'Write the CORS configuration of a server or framework (nginx, Express, Django…) from a policy file.',
    )
    .option('--policy <file>', 'JSON policy file: the options of createCors')
    .addOption(
      choiceOption(
        '--target <name>',
        'the server or framework',
        TARGETS.map((t) => t.name),
      ),
    )
    .option(
      '--flavor <name>',
      "a variant of the target (express, fastify, koa, hono: corsair = corsair's own middleware)",
    )
    .option(
      '--out <path>',
      'write to this file (one-file targets) or directory (created if needed) instead of stdout',
    )
    .option('--list', 'list the targets and what each can express')
    .option('--json', 'print { target, files: [{ path, content }], notes, warnings } as JSON')
    .addHelpText(
      'after',
      `
Where a target cannot express the policy exactly, the output is stricter, never looser: each loss is
written in the output (as a comment) and on stderr. When only a looser configuration is possible,
generate refuses with an error code and a fix.

Exit: 0 generated, 2 bad input or a policy the target cannot express safely.

Examples:
  corsair generate --policy cors.json --target nginx --out /etc/nginx/corsair/
  corsair generate --policy cors.json --target express > cors.js
  corsair generate --policy cors.json --target express --flavor corsair
  corsair generate --list
Then prove the deployment: corsair verify https://api.example.com/items --policy cors.json`,
    )
    .action((flags: GenerateFlags) => {
      if (flags.list) {
        const w = Math.max(...TARGETS.map((t) => t.name.length));
        for (const t of TARGETS) {
          const extra = t.flavors.length > 1 ? ` [--flavor ${t.flavors.slice(1).join('|')}]` : '';
          io.stdout(`${t.name.padEnd(w)}  ${t.title}${extra} (origins: ${t.patterns}; proof: ${t.proof})\n`);
        }
        done(EXIT.OK);
        return;
      }
      if (flags.policy === undefined)
        throw new CliError(
          'CLI_MISSING_POLICY',
          'generate needs a policy file.',
          'Add --policy cors.json (see docs/generate.md).',
        );
      if (flags.target === undefined)
        throw new CliError(
          'CLI_MISSING_TARGET',
          'generate needs a target.',
          `Add --target with one of: ${TARGETS.map((t) => t.name).join(', ')}.`,
        );
      const options = parsePolicyFile(readText(flags.policy, io, '--policy'), flags.policy) as CorsOptions;
      const result = generateConfig(flags.target, options, {
        source: flags.policy,
        ...(flags.flavor !== undefined ? { flavor: flags.flavor } : {}),
      });
      for (const n of [...result.warnings, ...result.notes]) warnLine(io, n.code, n.message);
      if (flags.json) {
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      } else if (flags.out !== undefined) {
        const out = resolve(io.cwd, flags.out);
        const asDir = result.files.length > 1 || flags.out.endsWith('/') || isDirectory(out);
        if (asDir) {
          try {
            mkdirSync(out, { recursive: true });
          } catch {
            throw new CliError(
              'CLI_FILE_UNWRITABLE',
              `--out ${flags.out}: cannot create the directory.`,
              'Check the path and permissions.',
            );
          }
          for (const f of result.files) write(join(out, f.path), f.content, io);
        } else write(out, result.files[0]!.content, io);
      } else if (result.files.length === 1) {
        io.stdout(result.files[0]!.content);
      } else {
        // Several files on stdout: each under a header line naming it (use --out <dir> to write them).
        const comment = result.files[0]!.content.startsWith('//') ? '//' : '#';
        io.stdout(result.files.map((f) => `${comment} ==> ${f.path} <==\n${f.content}`).join('\n'));
      }
      done(EXIT.OK);
    });
};
