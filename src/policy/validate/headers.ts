// `allowedHeaders` and `exposedHeaders`: '*' or header names a page can actually send or read.
import {
  isCorsResponseHeaderName,
  isForbiddenRequestHeaderName,
  isForbiddenResponseHeaderName,
  isHeaderName,
  isNeverExposableHeaderName,
} from '../../fetch/header-names.js';
import { describe, quotedItems, type ValidationContext } from './context.js';

type HeaderOption = 'allowedHeaders' | 'exposedHeaders';

/**
 * Validate one header-name list option, names deduplicated case-insensitively (first spelling kept).
 *
 * @example
 * validateHeaderList(newContext({ allowedHeaders: ['X-Id', 'x-id'] }, '$'), 'allowedHeaders'); // ['X-Id']
 */
export function validateHeaderList(ctx: ValidationContext, name: HeaderOption): '*' | string[] {
  const v = ctx.options[name];
  if (v === undefined) return [];
  if (v === '*') return '*';
  if (!Array.isArray(v)) {
    ctx.add(
      'POLICY_OPTION_TYPE',
      name,
      `${ctx.root}.${name}`,
      `${name} must be '*' or an array of header names, got ${describe(v)}`,
      typeof v === 'string' ? `use ${name}: [${quotedItems(v)}]` : `use ${name}: ['X-Request-Id']`,
    );
    return [];
  }
  const out: string[] = [];
  const seen = new Set<string>();
  v.forEach((h: unknown, i: number) => {
    if (headerProblem(ctx, name, h, `${ctx.root}.${name}[${i}]`)) return;
    const lower = (h as string).toLowerCase();
    if (!seen.has(lower)) {
      seen.add(lower);
      out.push(h as string);
    }
  });
  return out;
}

/** Report why `h` cannot be listed in `name`; `true` when it was reported. */
function headerProblem(ctx: ValidationContext, name: HeaderOption, h: unknown, p: string): boolean {
  if (h === '*') {
    ctx.add(
      'POLICY_WILDCARD_IN_LIST',
      name,
      p,
      `'*' inside the ${name} list is ambiguous: browsers read it as a header named '*' in some cases, as "any" in others`,
      `use ${name}: '*' alone, or list header names only`,
    );
    return true;
  }
  if (typeof h !== 'string' || !isHeaderName(h)) {
    ctx.add(
      'POLICY_HEADER_INVALID',
      name,
      p,
      `${describe(h)} is not a valid header name (an HTTP token)`,
      typeof h === 'string' && /[\s,]/.test(h)
        ? `split it or fix it: ${quotedItems(h)}`
        : "use a name such as 'X-Request-Id'",
    );
    return true;
  }
  return name === 'allowedHeaders' ? allowedProblem(ctx, h, p) : exposedProblem(ctx, h, p);
}

function allowedProblem(ctx: ValidationContext, h: string, p: string): boolean {
  if (isForbiddenRequestHeaderName(h)) {
    ctx.add(
      'POLICY_HEADER_FORBIDDEN',
      'allowedHeaders',
      p,
      `'${h}' is a forbidden request header: only the browser sets it, so listing it does nothing`,
      `remove '${h}'${h.toLowerCase() === 'cookie' ? '; cookies travel with credentials: true' : ''}`,
    );
    return true;
  }
  if (isCorsResponseHeaderName(h)) {
    ctx.add(
      'POLICY_HEADER_RESPONSE_ONLY',
      'allowedHeaders',
      p,
      `'${h}' is a response header; allowedHeaders lists the request headers a page may send`,
      `remove '${h}' (corsair writes the Access-Control-* headers itself)`,
    );
    return true;
  }
  return false;
}

function exposedProblem(ctx: ValidationContext, h: string, p: string): boolean {
  if (isForbiddenResponseHeaderName(h)) {
    ctx.add(
      'POLICY_HEADER_FORBIDDEN',
      'exposedHeaders',
      p,
      `'${h}' can never be exposed to a page (browsers filter it out)`,
      `remove '${h}'`,
    );
    return true;
  }
  if (isNeverExposableHeaderName(h)) {
    ctx.add(
      'POLICY_HEADER_REQUEST_ONLY',
      'exposedHeaders',
      p,
      `'${h}' is a request or preflight-only header: no response a page reads carries it`,
      `remove '${h}'; exposedHeaders lists your own response headers, e.g. 'X-Request-Id'`,
    );
    return true;
  }
  return false;
}

/**
 * `exposedHeaders: '*'` is a literal name on credentialed requests: report it.
 *
 * @example
 * checkExposeWildcard(ctx, '*', true); // adds POLICY_EXPOSE_WILDCARD_WITH_CREDENTIALS
 */
export function checkExposeWildcard(
  ctx: ValidationContext,
  exposed: '*' | string[],
  credentials: boolean,
): void {
  if (exposed !== '*' || !credentials) return;
  ctx.add(
    'POLICY_EXPOSE_WILDCARD_WITH_CREDENTIALS',
    'exposedHeaders',
    `${ctx.root}.exposedHeaders`,
    "exposedHeaders '*' is read literally (a header named '*') on credentialed requests, so nothing would be exposed",
    "list the header names, e.g. exposedHeaders: ['X-Request-Id']",
  );
}
