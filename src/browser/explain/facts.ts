// The facts a console message states around its reason: where, from where, how, and who printed it.
// Each is taken only from the words that state it; what the paste does not say stays null.

/** A browser identified from its own wording, or `null` when nothing in the paste says which. */
export type Browser = 'chromium' | 'firefox' | 'webkit';

/**
 * What the paste says about the request, each `null` when it does not say.
 *
 * @example
 * const f = extractFacts("Access to fetch at 'https://api.example/x' from origin 'https://app.example' …");
 * f.url; // 'https://api.example/x'
 */
export interface Facts {
  readonly url: string | null;
  readonly redirectedFrom: string | null;
  readonly origin: string | null;
  readonly method: string | null;
  readonly status: number | null;
  readonly browser: Browser | null;
  readonly initiator: 'fetch' | 'xhr' | null;
  /** True when the message says the request carried credentials. */
  readonly credentials: boolean;
  /** The paste says a CORS check failed, even if it does not say which. */
  readonly corsFailure: boolean;
}

const URL_AT = [
  /Access to [A-Za-z][A-Za-z ]{0,40}? at '([^']+)'/,
  /remote resource at '?([^\s']+?)'?\.? \(Reason/i,
  /(?:Failed to load|cannot load) '?([a-z][a-z0-9+.-]*:[^\s']+?)'?(?:[.:]?\s|\.?$)/i,
  /\b[A-Z]{3,7} ([a-z][a-z0-9+.-]*:\/\/\S+) net::/,
  /Request URL:\s*(\S+)/i,
  /\bto '([^']+)' has been blocked by CORS policy/,
  // A misspelt head ("Acess to fetch at '…'") still states the URL in the same place.
  /\bat '([a-z][a-z0-9+.-]*:\/\/[^']+)'/i,
];
const ORIGIN_AT = [
  /from origin '([^']*)'/,
  /Origin '([^']*)' is therefore not allowed/i,
  /Origin (\S+) is not allowed by Access-Control-Allow-Origin/i,
  /\bOrigin:\s*(\S+)/,
];
const METHOD_AT = [
  /\bMethod ([A-Za-z!#$%&*+.^_|~0-9-]+) is not allowed/i,
  /\b([A-Z]{3,7}) [a-z][a-z0-9+.-]*:\/\/\S+ net::/,
  /Request Method:\s*([A-Za-z]+)/i,
];
const STATUS_AT = [
  /Status code:\s*(\d{3})\b/i,
  /net::ERR_[A-Z_]+ (\d{3})\b/,
  /HTTP status code:? (\d{3})\b/i,
];

const MARKERS: readonly (readonly [Browser, RegExp])[] = [
  [
    'chromium',
    /has been blocked by CORS policy|net::ERR_|is therefore not allowed access|Failed to load (?!resource)|TypeError: Failed to fetch/i,
  ],
  ['firefox', /Cross-Origin Request Blocked|\(Reason:|NetworkError when attempting to fetch|Window\.fetch:/i],
  [
    'webkit',
    /due to access control checks|Preflight response is not successful|is not allowed by Access-Control-Allow-Origin|Load failed|Credentials flag is true, but|Cannot use wildcard in Access-Control-Allow-Origin|Failed to load resource:|denied by Cross-Origin Resource Sharing policy|Load cannot follow more than|Header Access-Control-Allow-(?:Methods|Headers) has an invalid value/i,
  ],
];

// Words that say a cross-origin request failed (a header line or the word "CORS" alone do not).
const CORS_SAID =
  /blocked by CORS policy|CORS request|access control checks?|Cross-Origin Request Blocked|Failed to fetch|Load failed|NetworkError when attempting|cannot load/i;

function first(text: string, patterns: readonly RegExp[]): string | null {
  for (const p of patterns) {
    const m = p.exec(text);
    if (m?.[1] !== undefined) return m[1];
  }
  return null;
}

/** A value cut short by the paste (`…`) is not a value anyone may repeat. */
function whole(v: string | null): string | null {
  if (v === null || v.includes('...')) return null;
  return v.replace(/[.,;:)]+$/, '');
}

function browserOf(text: string): Browser | null {
  // "XMLHttpRequest cannot load X. Origin Y is not allowed by Access-Control-Allow-Origin." is old
  // Chromium's wording, not Safari's.
  if (/XMLHttpRequest cannot load/.test(text) && !/due to access control checks/.test(text))
    return 'chromium';
  for (const [b, re] of MARKERS) if (re.test(text)) return b;
  return null;
}

/**
 * Read the facts a message states.
 *
 * @example
 * extractFacts('Preflight response is not successful. Status code: 404').status; // 404
 */
export function extractFacts(text: string): Facts {
  const status = first(text, STATUS_AT);
  const method = whole(first(text, METHOD_AT));
  return {
    url: whole(first(text, URL_AT)),
    redirectedFrom: whole(first(text, [/\(redirected from '([^']+)'\)/, /Redirect from '([^']+)' to '/])),
    origin: whole(first(text, ORIGIN_AT)),
    method,
    status: status === null ? null : Number(status),
    browser: browserOf(text),
    initiator: /XMLHttpRequest/.test(text) ? 'xhr' : /\bfetch\b|Fetch API/i.test(text) ? 'fetch' : null,
    credentials:
      /credentials mode is 'include'|withCredentials|Credential is not supported|credentials flag is (?:'?true'?)|Access-Control-Allow-Credentials/i.test(
        text,
      ),
    corsFailure: CORS_SAID.test(text),
  };
}
