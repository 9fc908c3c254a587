// explain: pasted console text in, the failures it reports out — each with what the text states
// (URL, origin, method, header, status, browser), what it leaves out, the ranked candidates when the
// wording fits more than one failure, and a `corsair check` command carrying every stated detail.
// Steps: split the paste into messages (explain/text.ts), read the stated facts (explain/facts.ts),
// rank the wordings it matches (explain/rank.ts, over explain/signatures.ts), word cause and fix from
// the stated facts only (explain/advice.ts).

import { consoleMessages } from './console.js';
import { honestAdvice, PAGE_ORIGIN, THE_URL } from './explain/advice.js';
import { type Browser, extractFacts, type Facts } from './explain/facts.js';
import { type Candidate, rankCandidates } from './explain/rank.js';
import { splitMessages } from './explain/text.js';
import type { CorsFailure, Initiator } from './types.js';

export type { Browser } from './explain/facts.js';

/** The parts of a message corsair looks for, each `null` when the message does not state it. */
export interface Recognised {
  readonly url: string | null;
  readonly origin: string | null;
  readonly method: string | null;
  readonly header: string | null;
  readonly status: number | null;
  readonly browser: Browser | null;
  /** fetch() or XMLHttpRequest, when the wording says. */
  readonly initiator: Initiator | null;
}

/** A failure the message may report, for the user to weigh: code, share of the wording matched, why. */
export interface RankedCode {
  readonly code: CorsFailure['code'];
  readonly score: number;
  readonly why: string;
}

/**
 * A console message understood: the failure it reports (its best candidate), the cause and fix in
 * terms of what it states, and what it does not state. `origin` is '' when the message does not name
 * it (Firefox never does).
 *
 * @example
 * const e = explainMessage(pasted); if (e) console.log(e.code, e.fix, e.reproduce);
 */
export interface ExplainedMessage extends CorsFailure {
  /** Who printed it, from its wording; 'unknown' for a paraphrase or a fragment shared by browsers. */
  readonly browser: Browser | 'unknown';
  readonly initiator: Initiator;
  /** For Chromium messages after a redirect: the URL the page asked for. */
  readonly redirectedFrom: string | null;
  /** `initiator` is 'fetch' when the message does not say (`recognised.initiator` is then null). 'exact': every word of one wording; 'partial': a fragment, paraphrase or typo; 'ambiguous': several failures fit. */
  readonly confidence: 'exact' | 'partial' | 'ambiguous';
  /** The best candidates, best first (the first is `code`); more than one when the wording is ambiguous. */
  readonly candidates: readonly RankedCode[];
  readonly recognised: Recognised;
  /** Names of the parts (of `recognised`) the message does not state. */
  readonly unstated: readonly string[];
  /** `corsair check …` with every stated detail; `<…>` marks what the user must fill in. */
  readonly reproduce: string;
}

/** What a paste holds: the messages understood, and CORS lines that state no reason. */
export interface PasteExplanation {
  readonly messages: readonly ExplainedMessage[];
  /** Lines that say a request failed (e.g. Safari's "Fetch API cannot load … due to access control checks", "TypeError: Failed to fetch") without saying why. */
  readonly reasonless: readonly Facts[];
}

/**
 * Explain every CORS message in a paste: one or several console lines, wrapped or cut (`…`), with or
 * without the "Access to fetch at" head, from Chromium (current or older wordings), Firefox or Safari,
 * with straight or curly quotes and typos.
 *
 * @example
 * explainPaste("Method PUT is not allowed by Access-Control-Allow-Methods").messages[0]?.code;
 * // 'MethodDisallowedByPreflightResponse'
 */
export function explainPaste(text: string): PasteExplanation {
  const found: { facts: Facts; ranked: Candidate[] }[] = [];
  const reasonless: Facts[] = [];
  for (const whole of splitMessages(text).slice(0, MAX_MESSAGES)) {
    const part = whole.slice(0, MAX_MESSAGE_LENGTH);
    const facts = extractFacts(part);
    const ranked = rankCandidates(part);
    if (ranked.length > 0) found.push({ facts, ranked });
    else if (facts.corsFailure) reasonless.push(facts);
  }
  const merged = mergeRepeats(found);
  // Safari prints the reason and "Fetch API cannot load <url> due to access control checks." as two
  // lines of one failure: the second gives the first its URL.
  const withUrl = reasonless.find((r) => r.url !== null);
  const messages = merged.map(({ facts, ranked }) =>
    explainOne(facts.url === null && withUrl && merged.length === 1 ? union(facts, withUrl) : facts, ranked),
  );
  return { messages, reasonless: messages.length > 0 ? [] : reasonless };
}

// A console message is at most a few KiB (its URL included); more is not a paste of messages, and
// bounding it keeps explain linear on anything pasted into the local page.
const MAX_MESSAGES = 32;
const MAX_MESSAGE_LENGTH = 8192;

/** The facts of two lines of one failure: each stated fact of either. */
function union(a: Facts, b: Facts): Facts {
  return {
    url: a.url ?? b.url,
    redirectedFrom: a.redirectedFrom ?? b.redirectedFrom,
    origin: a.origin ?? b.origin,
    method: a.method ?? b.method,
    status: a.status ?? b.status,
    browser: a.browser ?? b.browser,
    initiator: a.initiator ?? b.initiator,
    credentials: a.credentials || b.credentials,
    corsFailure: true,
  };
}

const KEYS = ['url', 'origin', 'method', 'status'] as const;

/** Browsers repeat a failure on several lines (Safari: "Origin … is not allowed" and "Failed to load resource: …"): one failure. */
function mergeRepeats(
  found: { facts: Facts; ranked: Candidate[] }[],
): { facts: Facts; ranked: Candidate[] }[] {
  const out: { facts: Facts; ranked: Candidate[] }[] = [];
  for (const f of found) {
    const prev = out[out.length - 1];
    const same =
      prev &&
      prev.ranked[0]?.code === f.ranked[0]?.code &&
      KEYS.every((k) => prev.facts[k] === null || f.facts[k] === null || prev.facts[k] === f.facts[k]);
    if (prev && same) out[out.length - 1] = { facts: union(prev.facts, f.facts), ranked: prev.ranked };
    else out.push(f);
  }
  return out;
}

/**
 * The first CORS failure a paste reports, or `null` when it reports none corsair recognises.
 *
 * @example
 * explainMessage("Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.")?.code;
 * // 'MissingAllowOriginHeader'
 */
export function explainMessage(text: string): ExplainedMessage | null {
  return explainPaste(text).messages[0] ?? null;
}

/** Candidates close enough to the best to be worth showing. */
function contenders(ranked: readonly Candidate[]): Candidate[] {
  const top = ranked[0] as Candidate;
  return ranked.filter((c) => c === top || (top.score - c.score <= 0.15 && c.matched >= top.matched * 0.75));
}

function explainOne(facts: Facts, ranked: Candidate[]): ExplainedMessage {
  const shown = contenders(ranked).slice(0, 4);
  const best = shown[0] as Candidate;
  const code = best.code;
  const header = best.values.header ?? null;
  const method = best.values.method ?? facts.method;
  const factsWithMethod: Facts = { ...facts, method };
  const advice = honestAdvice(code, best.values, factsWithMethod);
  const browser =
    facts.browser ?? (best.signature.family === 'firefox' && best.score === 1 ? 'firefox' : null);
  const recognised: Recognised = {
    url: facts.url,
    origin: facts.origin,
    method,
    header,
    status: facts.status,
    browser,
    initiator: facts.initiator,
  };
  const initiator: Initiator = facts.initiator ?? 'fetch';
  const ctx = {
    initiator,
    url: facts.url ?? THE_URL,
    initialUrl: facts.redirectedFrom ?? facts.url ?? THE_URL,
    origin: facts.origin ?? PAGE_ORIGIN,
    method: method ?? 'GET',
    status: facts.status,
  };
  const m: ExplainedMessage = {
    browser: browser ?? 'unknown',
    initiator,
    code,
    messages: consoleMessages(() => advice.detail, ctx),
    cause:
      shown.length > 1
        ? `The message fits ${shown.length} failures (${shown.map((c) => c.code).join(', ')}) and does not say which. If it is the first: ${advice.cause}`
        : advice.cause,
    fix: advice.fix,
    url: facts.url ?? '',
    origin: facts.origin ?? '',
    detail: advice.detail,
    redirectedFrom: facts.redirectedFrom,
    confidence: shown.length > 1 ? 'ambiguous' : best.coverage === 1 ? 'exact' : 'partial',
    candidates: shown.map((c) => ({ code: c.code, score: Math.round(c.score * 100) / 100, why: c.why })),
    recognised,
    unstated: Object.entries(recognised)
      .filter(([, v]) => v === null)
      .map(([k]) => k),
    reproduce: reproduceCommand(code, recognised, facts.credentials),
  };
  return m;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `corsair check` for this failure: URL, origin, method, the disallowed header and credentials as the
 * message states them; `<…>` for what it does not. A preflight failure needs the request's method and
 * headers, or check sends a simple GET that passes.
 *
 * @example
 * reproduceCommand('MethodDisallowedByPreflightResponse', { url: 'https://a.example/x', origin: 'https://b.example', method: 'PUT', header: null, status: null, browser: null }, false);
 * // 'corsair check https://a.example/x --origin https://b.example --method PUT'
 */
export function reproduceCommand(code: string, r: Recognised, credentials: boolean): string {
  const preflight = /Preflight|Allow(?:Methods|Headers)/.test(code);
  const args = [
    'corsair check',
    r.url ? shellQuote(r.url) : THE_URL,
    '--origin',
    r.origin ? shellQuote(r.origin) : `'${PAGE_ORIGIN}'`,
  ];
  if (r.method && r.method !== 'GET') args.push('--method', shellQuote(r.method));
  else if (preflight && !r.method) args.push('--method', '<METHOD>');
  if (r.header) args.push('-H', shellQuote(`${r.header}: <value>`));
  else if (preflight && code !== 'MethodDisallowedByPreflightResponse')
    args.push('-H', "'<Header>: <value>'");
  if (credentials) args.push('--credentials include');
  return args.join(' ');
}
