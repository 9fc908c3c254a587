import { parsePolicyFile } from '../policy/policy-file.js';
import type { CorsOptions } from '../policy/types.js';
import { blockedAddress } from '../proxy/address.js';
import { COOKIE_MODES, type CookieMode } from '../proxy/cookies.js';
import { ProxyError } from '../proxy/errors.js';
import { formatLogEntry } from '../proxy/log.js';
import { resolveUpstream, systemResolver } from '../proxy/resolve.js';
import { createCorsProxy } from '../proxy/server.js';
import { parseTarget } from '../proxy/targets.js';
import type { CorsProxy, ProxyOptions } from '../proxy/types.js';
import { choiceOption } from './choice.js';
import type { RegisterCommand } from './commands.js';
import { collect } from './errors.js';
import { CliError, type CliIO, EXIT } from './io.js';
import { intOption, PORT_RANGE, readCaFile, readText, TIMEOUT_RANGE } from './options.js';

/**
 * The flags of `corsair proxy`, as commander hands them over.
 *
 * @example
 * const flags: ProxyFlags = { target: ['https://api.example.com'], port: '8787', host: '127.0.0.1', allowOrigin: ['http://localhost:5173'], cookies: 'keep', timeout: '30000', connectTimeout: '10000' };
 */
export interface ProxyFlags {
  target: string[];
  port: string;
  host: string;
  allowOrigin?: string[];
  credentials?: boolean;
  policy?: string;
  exposeHeader?: string[];
  allowPrivate?: boolean;
  cookies: CookieMode;
  timeout: string;
  connectTimeout: string;
  allowedHost?: string[];
  verbose?: boolean;
  insecure?: boolean;
  ca?: string;
}

/**
 * Turn the flags into proxy options (no I/O but reading --policy/--ca). Throws coded errors for bad input.
 *
 * @example
 * proxyOptionsFromFlags({ target: ['https://api.example.com'], port: '8787', host: '127.0.0.1', allowOrigin: ['http://localhost:5173'], cookies: 'keep', timeout: '30000', connectTimeout: '10000' }, io);
 */
export function proxyOptionsFromFlags(
  flags: ProxyFlags,
  io: CliIO,
): ProxyOptions & { port: number; host: string } {
  const origins = flags.allowOrigin ?? [];
  if (flags.policy !== undefined && (origins.length > 0 || flags.credentials || flags.exposeHeader))
    throw new CliError(
      'PROXY_BAD_OPTION',
      '--policy cannot be combined with --allow-origin, --credentials or --expose-header.',
      'Put everything in the policy file, or use only the flags.',
    );
  let cors: CorsOptions;
  if (flags.policy !== undefined) {
    cors = parsePolicyFile(readText(flags.policy, io, '--policy'), flags.policy) as CorsOptions;
  } else {
    if (origins.length === 0)
      throw new CliError(
        'PROXY_NO_ORIGINS',
        'No origin may use the proxy.',
        "Name your page's origin: --allow-origin http://localhost:5173 (repeatable), or give --policy cors.json.",
      );
    const credentials = flags.credentials === true;
    const expose = flags.exposeHeader ?? [];
    // A development proxy lets the allowed pages send any method and header; the upstream still decides.
    cors = {
      origins: origins.length === 1 && origins[0] === '*' ? '*' : origins,
      methods: '*',
      allowedHeaders: '*',
      exposedHeaders: expose.length > 0 ? expose : credentials ? [] : '*',
      credentials,
      maxAge: 600,
    };
  }
  const port = intOption(flags.port, '--port', PORT_RANGE);
  for (const t of flags.target) parseTarget(t);
  return {
    targets: flags.target,
    cors,
    port,
    host: flags.host,
    allowPrivate: flags.allowPrivate === true,
    cookies: flags.cookies,
    timeoutMs: intOption(flags.timeout, '--timeout', { ...TIMEOUT_RANGE, example: '30000' }),
    connectTimeoutMs: intOption(flags.connectTimeout, '--connect-timeout', {
      ...TIMEOUT_RANGE,
      example: '10000',
    }),
    allowedHosts: flags.allowedHost ?? [],
    verbose: flags.verbose === true,
    ...(flags.insecure ? { insecure: true } : {}),
    ...(flags.ca !== undefined ? { ca: readCaFile(flags.ca, io) } : {}),
  };
}

/** Refuse internal targets at startup (the same check every request makes), so the mistake shows at once. */
async function checkTargets(options: ProxyOptions, io: CliIO): Promise<void> {
  if (options.allowPrivate) return;
  for (const spec of options.targets) {
    const { base } = parseTarget(spec);
    try {
      await resolveUpstream(base.hostname, { resolver: systemResolver, allowPrivate: false });
    } catch (e) {
      if (e instanceof ProxyError && e.code === 'PROXY_DNS_FAILED')
        io.stderr(`corsair proxy: warning: ${e.message}\n`);
      else throw e;
    }
  }
}

/**
 * `corsair proxy`: a safe development CORS proxy in front of one API. Runs until Ctrl-C (SIGINT/SIGTERM), then exits 0.
 *
 * @example
 * // corsair proxy --target https://api.example.com --allow-origin http://localhost:5173
 * registerProxy(program, io, done);
 */
export const registerProxy: RegisterCommand = (program, io, done) => {
  program
    .command('proxy')
    .description(
      "Run a local CORS proxy in front of an API you cannot change: loopback only, one upstream, no internal addresses, CORS from corsair's policy engine.",
    )
    .requiredOption(
      '--target <url>',
      'the upstream; repeat as /name=URL for more upstreams at path prefixes',
      collect,
    )
    .option('--port <port>', 'port to listen on', '8787')
    .option(
      '--host <host>',
      'address to bind (anything but loopback exposes the proxy to your network)',
      '127.0.0.1',
    )
    .option(
      '--allow-origin <origin>',
      'an origin that may call the proxy, e.g. http://localhost:5173 (repeatable)',
      collect,
    )
    .option('--credentials', 'let the pages send cookies and HTTP authentication')
    .option('--expose-header <name>', 'a response header the page may read (repeatable)', collect)
    .option(
      '--policy <file>',
      'JSON policy file (the options of createCors) instead of --allow-origin/--credentials',
    )
    .option(
      '--allow-private',
      'allow loopback, private, link-local and metadata upstream addresses (a local backend)',
    )
    .addOption(
      choiceOption(
        '--cookies <mode>',
        'Set-Cookie from upstream: keep, rewrite (drop Domain, SameSite=None; Secure) or strip',
        [...COOKIE_MODES],
      ).default('keep'),
    )
    .option('--timeout <ms>', 'how long the upstream may stay silent before a 504', '30000')
    .option('--connect-timeout <ms>', 'how long connecting to the upstream may take before a 504', '10000')
    .option(
      '--allowed-host <name>',
      'a Host name the proxy answers to besides localhost and IP addresses (repeatable)',
      collect,
    )
    .option(
      '--verbose',
      "also log what the upstream's own CORS headers would have made the page's browser do (engine from its User-Agent)",
    )
    .option('--insecure', 'skip upstream TLS certificate verification (testing only)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file for the upstream')
    .addHelpText(
      'after',
      `
Runs until Ctrl-C. One log line per request on stdout: time, origin, method, path, status, CORS decision, duration.

Examples:
  corsair proxy --target https://api.example.com --allow-origin http://localhost:5173
  corsair proxy --target https://api.example.com/v1 --allow-origin http://localhost:5173 --credentials --cookies rewrite
  corsair proxy --target http://localhost:3000 --allow-private --allow-origin http://localhost:5173 --verbose
  corsair proxy --target https://api.example.com --target /auth=https://auth.example.com --policy cors.json`,
    )
    .action(async (flags: ProxyFlags) => {
      await runProxy(flags, io);
      done(EXIT.OK);
    });
};

/** Build the proxy from the flags, listen, announce the upstreams, and run until SIGINT/SIGTERM. */
async function runProxy(flags: ProxyFlags, io: CliIO): Promise<void> {
  const { port, host, ...options } = proxyOptionsFromFlags(flags, io);
  // Options first (every policy mistake at once), then the targets' addresses.
  const proxy = createCorsProxy({ ...options, onLog: (e) => io.stdout(`${formatLogEntry(e)}\n`) });
  await checkTargets(options, io);
  warnIfExposed(host, io);
  const url = await listenOrExplain(proxy, port, host);
  const upstreams = options.targets.map((t) => parseTarget(t)).map((t) => `${t.mount} → ${t.base.href}`);
  io.stderr(
    `corsair proxy listening on ${url}\n${upstreams.map((u) => `  ${u}\n`).join('')}  (Ctrl-C to stop)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await proxy.close();
}

function warnIfExposed(host: string, io: CliIO): void {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare !== 'localhost' && blockedAddress(bare)?.kind !== 'loopback')
    io.stderr(
      `corsair proxy: warning: listening on ${host}: anyone who can reach this address can use the proxy (and the upstream through it). Use the default 127.0.0.1 unless you mean it.\n`,
    );
}

async function listenOrExplain(proxy: CorsProxy, port: number, host: string): Promise<string> {
  try {
    return (await proxy.listen({ port, host })).url;
  } catch (e) {
    await proxy.close();
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : '';
    throw new CliError(
      'PROXY_LISTEN_FAILED',
      `Cannot listen on ${host}:${port} (${code || String(e)}).`,
      code === 'EADDRINUSE' ? 'Pick another --port.' : 'Check --host and --port.',
    );
  }
}
