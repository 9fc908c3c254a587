// One request through the proxy, as a sequence of named steps: host check, framing check, CORS
// decision, then a preflight answer, a refusal, or the relay to the upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getCombined } from '../fetch/header-list.js';
import type { Decision } from '../policy/types.js';
import type { ProxyConfig } from './config.js';
import { ProxyError } from './errors.js';
import { type RequestFraming, requestFraming } from './framing.js';
import { hostAllowed } from './host.js';
import { judgeInitiator } from './initiator.js';
import { type PageRequest, pageRequest } from './page-request.js';
import { relay } from './relay.js';
import { answerPreflight, sendError } from './respond.js';

/**
 * The proxy's request handler for a compiled configuration.
 *
 * @example
 * const handle = createHandler(compileProxyConfig(options));
 * createServer(handle).listen(8787, '127.0.0.1');
 */
export function createHandler(config: ProxyConfig): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const page = pageRequest(req, res, config);
    handleRequest(page).catch((err: unknown) => {
      // Only a corsair bug lands here: answer 500 rather than hang the page.
      const msg = err instanceof Error ? err.message : String(err);
      if (!res.headersSent)
        res
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
          .end(`corsair proxy internal error: ${msg}\n`);
      else res.destroy();
      page.log({ status: 500, error: 'PROXY_INTERNAL', reason: msg });
    });
  };
}

async function handleRequest(page: PageRequest): Promise<void> {
  if (!hostAllowed(page.host, page.config.allowedHosts)) {
    refuse(
      page,
      new ProxyError(
        'PROXY_HOST_REFUSED',
        `The proxy does not answer to the host name '${page.host.slice(0, 100)}'.`,
        'Reach it as localhost or by IP address, or add the name with --allowed-host.',
        { details: { status: 403 } },
      ),
    );
    return;
  }
  const framing = checkFraming(page);
  if (framing === undefined) return;
  let cookies = true;
  if (page.origin === null) {
    const judged = await judgeInitiator(page.lines, `http://${page.host}`, {
      credentials: page.config.policy.options.credentials,
      allowed: (origin) => originAllowed(page, origin),
    });
    if ('refusal' in judged) {
      refuse(page, judged.refusal);
      return;
    }
    cookies = judged.cookies;
  }
  const decision = await decide(page);
  if (decision.kind === 'preflight') {
    page.cors = decision.allowed ? 'preflight-allowed' : 'preflight-refused';
    const status = answerPreflight(page.res, decision);
    page.log({ status, ...(decision.reason !== undefined ? { reason: decision.reason } : {}) });
    return;
  }
  if (decision.kind === 'actual') page.cors = decision.allowed ? 'allowed' : 'refused';
  if (!decision.allowed) {
    // Never relay a request the page may not read: it could still act (a POST) with the user's cookies.
    const err = new ProxyError(
      'PROXY_ORIGIN_REFUSED',
      `The origin '${page.origin ?? ''}' is not allowed by the proxy's CORS policy; the request was not forwarded.`,
      'Add the origin with --allow-origin (or to the --policy file).',
      { details: { status: 403 } },
    );
    refuse(page, err, decision);
    return;
  }
  // Ambient cookies go upstream only for a request the policy lets use credentials.
  if (page.origin !== null) cookies = grantsCredentials(decision);
  await relay(page, decision, framing, cookies);
}

/** The request's framing, or `undefined` once the page has been refused and its connection closed. */
function checkFraming(page: PageRequest): RequestFraming | undefined {
  try {
    return requestFraming(page.method, page.lines);
  } catch (e) {
    if (!(e instanceof ProxyError)) throw e;
    // The body's end is in doubt: the connection cannot carry another request.
    refuse(page, e, undefined, true);
    return undefined;
  }
}

function grantsCredentials(decision: Decision): boolean {
  return decision.headers.some(
    ([n, v]) => n.toLowerCase() === 'access-control-allow-credentials' && v === 'true',
  );
}

/** Whether the CORS policy would let `origin` read a GET, i.e. whether that page is one of ours. */
async function originAllowed(page: PageRequest, origin: string): Promise<boolean> {
  const decided = page.config.policy.decideValues('GET', origin, null, null);
  return (decided instanceof Promise ? await decided : decided).allowed;
}

async function decide(page: PageRequest): Promise<Decision> {
  const decided = page.config.policy.decideValues(
    page.method,
    page.origin,
    getCombined(page.lines, 'access-control-request-method'),
    getCombined(page.lines, 'access-control-request-headers'),
  );
  return decided instanceof Promise ? await decided : decided;
}

function refuse(page: PageRequest, err: ProxyError, decision?: Decision, close = false): void {
  sendError(page.res, err, decision, close);
  const reason = decision === undefined ? err.message : decision.reason;
  page.log({ status: err.status, error: err.code, ...(reason !== undefined ? { reason } : {}) });
}
