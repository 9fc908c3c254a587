import type { FindingId } from './types.js';

/**
 * Title, description and fix of each finding id.
 *
 * @example
 * const t: FindingText = FINDING_TEXT['missing-vary']; t.describe('https://a.example', false);
 */
export interface FindingText {
  readonly title: string;
  readonly describe: (origin: string, credentials: boolean) => string;
  readonly fix: string;
  /** Help text for reports (SARIF rule help). */
  readonly help: string;
}

const creds = (c: boolean) =>
  c
    ? 'with Access-Control-Allow-Credentials: true, so a page there can read responses made with the victim’s cookies.'
    : 'without credentials, so a page there can read responses that need no cookies (intranet, IP-based access).';

const EXACT_FIX =
  'Compare the parsed, serialized Origin against an exact allow-list (a Set of full origins such as https://app.example.com); never match substrings, prefixes, suffixes or unanchored regexes.';

/**
 * The words of every finding, in one place so the text reporter, SARIF rules and docs agree.
 *
 * @example
 * FINDING_TEXT['null-origin'].fix;
 */
export const FINDING_TEXT: Readonly<Record<FindingId, FindingText>> = {
  'origin-reflection': {
    title: 'Any origin is trusted (the Origin header is reflected)',
    describe: (o, c) =>
      `The server echoed the arbitrary origin ${o} in Access-Control-Allow-Origin ${creds(c)}`,
    fix: `${EXACT_FIX} With corsair: createCors({ origins: ['https://app.example.com'], credentials: true }).`,
    help: 'Reflecting the request Origin trusts every website on the Internet.',
  },
  'null-origin': {
    title: 'The null origin is trusted',
    describe: (_o, c) =>
      `The server allowed Origin: null ${creds(c)} Any site can send Origin: null from a sandboxed iframe or a data: URL.`,
    fix: 'Never allow the origin "null": remove it from the allow-list (file:// pages and sandboxed iframes cannot be told apart from attackers).',
    help: 'Sandboxed iframes, data: URLs and local files all send Origin: null; an attacker can too.',
  },
  'pre-domain-bypass': {
    title: 'Origin check matches a suffix (attacker domains ending in the trusted name pass)',
    describe: (o, c) => `The server trusted ${o}, a domain anyone can register, ${creds(c)}`,
    fix: `${EXACT_FIX} For subdomains match a leading dot: the host must equal example.com or end with ".example.com".`,
    help: 'A check like origin.endsWith("example.com") also accepts evilexample.com.',
  },
  'post-domain-bypass': {
    title: 'Origin check matches a prefix (the trusted name followed by an attacker domain passes)',
    describe: (o, c) => `The server trusted ${o}, a host under an attacker’s domain, ${creds(c)}`,
    fix: `${EXACT_FIX} Anchor regexes at both ends: /^https:\\/\\/app\\.example\\.com$/.`,
    help: 'A check like origin.startsWith("https://app.example.com") or an unanchored regex also accepts app.example.com.evil.net.',
  },
  'unescaped-dot-bypass': {
    title: 'Origin regex has an unescaped dot',
    describe: (o, c) =>
      `The server trusted ${o}, which only matches a regex whose "." is unescaped, ${creds(c)}`,
    fix: `Escape every dot in origin regexes (app\\.example\\.com), or better: ${EXACT_FIX}`,
    help: 'In a regex "." matches any character: app.example.com also matches appxexample.com, which anyone can register.',
  },
  'special-char-bypass': {
    title: 'Origin check accepts special characters after the trusted host',
    describe: (o, c) =>
      `The server trusted ${o} ${creds(c)} Safari lets pages have such hosts, so Safari users are exposed.`,
    fix: EXACT_FIX,
    help: 'Checks that stop at the first dot after the trusted name let app.example.com_.evil.net through.',
  },
  'any-subdomain': {
    title: 'Every subdomain is trusted',
    describe: (o, c) =>
      `The server trusted ${o}, an arbitrary subdomain, ${creds(c)} A cross-site scripting bug or a dangling DNS record on any subdomain becomes a read of this API.`,
    fix: 'List the subdomains that need access explicitly; keep wildcards for hosts you fully control.',
    help: 'Trusting *.example.com extends trust to every subdomain, including forgotten or user-controlled ones.',
  },
  'insecure-origin': {
    title: 'A plain-HTTP origin is trusted',
    describe: (o, c) =>
      `The server trusted ${o} ${creds(c)} A network attacker (public Wi-Fi) can inject script into that http:// origin and read this API.`,
    fix: 'Trust only https:// origins (keep http:// for localhost in development).',
    help: 'Content served over http:// can be modified by anyone on the network path.',
  },
  'third-party-origin': {
    title: 'An origin on shared hosting is trusted',
    describe: (o, c) => `The server trusted ${o}, where anyone can publish a page, ${creds(c)}`,
    fix: 'Remove shared-hosting origins (github.io, codepen, netlify.app, vercel.app…) from the allow-list, or name the exact site you own.',
    help: 'Anyone can publish a page on github.io, cdpn.io, netlify.app or vercel.app.',
  },
  'localhost-origin': {
    title: 'A localhost origin is trusted in production',
    describe: (o, c) =>
      `The server trusted ${o} ${creds(c)} Any local program or page served on that port can read this API.`,
    fix: 'Allow localhost origins only in development configuration.',
    help: 'Local development origins should not be trusted by production APIs.',
  },
  'wildcard-credentials': {
    title: 'Access-Control-Allow-Origin: * with credentials',
    describe: () =>
      'The server sent Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true. Browsers refuse this combination, so credentialed requests fail; the common "fix" of reflecting the origin would be critical.',
    fix: 'Either drop credentials and keep *, or list the exact trusted origins and echo only those (never reflect any origin).',
    help: 'Browsers never expose a credentialed response under a wildcard origin.',
  },
  'missing-vary': {
    title: 'Origin-dependent response without Vary: Origin',
    describe: (o) =>
      `The response named ${o} in Access-Control-Allow-Origin, another origin got a different answer, and the response has no Vary: Origin. A shared cache (CDN, proxy) can serve it to other origins, breaking them or leaking the allowance.`,
    fix: 'Add Vary: Origin to every response whose CORS headers depend on the Origin, including responses to disallowed origins.',
    help: 'Caches key responses by URL unless told otherwise with Vary.',
  },
  'malformed-allow-origin': {
    title: 'Access-Control-Allow-Origin has several values',
    describe: (o) =>
      `For origin ${o} the server sent several Access-Control-Allow-Origin lines or a list. Browsers reject it (Chromium: "contains multiple values"), so legitimate requests fail.`,
    fix: 'Send exactly one Access-Control-Allow-Origin line holding one origin (or *); check that a proxy does not add a second one.',
    help: 'Access-Control-Allow-Origin takes exactly one value.',
  },
  'sensitive-exposed-header': {
    title: 'Access-Control-Expose-Headers exposes headers that look sensitive',
    describe: (o, c) =>
      `Access-Control-Expose-Headers lets the scripts of ${o} read response headers that look like secrets or server internals${c ? ', on responses made with the victim’s cookies' : ''}.`,
    fix: 'Expose only what pages need (X-Request-Id, pagination headers); keep debug, token, session, cookie and server-internal headers out of Access-Control-Expose-Headers.',
    help: 'Exposed response headers are readable by every origin the server trusts; debug output, tokens and internal addresses help an attacker.',
  },
  'set-cookie-exposed': {
    title: 'Set-Cookie in Access-Control-Expose-Headers',
    describe: () =>
      'Access-Control-Expose-Headers lists Set-Cookie. Set-Cookie is a forbidden response header name (Fetch Standard): browsers never let a page read it, whatever the server says, so a page that expects to read the cookie this way does not work.',
    fix: 'Remove Set-Cookie from Access-Control-Expose-Headers; cookies reach the browser with credentials: include, and a value the page must read belongs in the body or a header of your own.',
    help: 'Set-Cookie and Set-Cookie2 can never be exposed to a page.',
  },
  'wildcard-origin': {
    title: 'Public API: Access-Control-Allow-Origin: *',
    describe: () =>
      'Any website can read these responses (without cookies). This is right for public data and wrong for anything behind network-level access control.',
    fix: 'Keep * only for public resources; otherwise list the trusted origins.',
    help: 'A wildcard makes responses readable from any origin without credentials.',
  },
};
