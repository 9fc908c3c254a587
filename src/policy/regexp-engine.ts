// User RegExps never run on the backtracking engine, and are judged by what they match. At
// construction: nested quantifiers are refused (star height > 1, the shape of every classic ReDoS such
// as /^https:\/\/([a-z0-9]+)+$/; safe-regex's rule, read with the policy's own RegExp reader), so a
// policy generated into another server's config is not exponential there either; then the pattern is
// compiled for re2js, an RE2 port whose matching time is linear in the input whatever the pattern
// (backreferences and lookaround have no linear-time algorithm: refused with a fix); then it is probed
// with its own samples and their near misses (regexp-probe.ts). Loaded by createCors only: the edge
// adapters' bundles stay without it.
import { RE2JS } from 're2js';
import { escapingOrigin } from './regexp-probe.js';
import { hasNestedQuantifier } from './validate/regexp-samples.js';
import type { JudgedRegExp, RegExpEngine } from './validate/tools.js';

function compile(re: RegExp): RE2JS | string {
  const flags = (re.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (re.dotAll ? RE2JS.DOTALL : 0);
  try {
    return RE2JS.compile(RE2JS.translateRegExp(re.source), flags);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function refuse(code: string, message: string, fix: string): JudgedRegExp {
  return { ok: false, code, message, fix };
}

/**
 * The RegExp engine of `createCors`, given the site of a host (its registrable domain, or the host).
 *
 * @example
 * const judged = linearRegExpEngine(siteOfHost).judge(/^https:\/\/[a-z]+\.example\.com$/);
 * judged.ok && judged.test('https://app.example.com'); // true
 */
export function linearRegExpEngine(siteOf: (host: string) => string): RegExpEngine {
  return {
    judge(re) {
      if (hasNestedQuantifier(re.source)) {
        return refuse(
          'POLICY_REGEXP_SUPER_LINEAR',
          'nests quantifiers (e.g. ([a-z0-9]+)+): on a backtracking engine one crafted Origin takes exponential time',
          "quantify once, e.g. /^https:\\/\\/[a-z0-9-]+\\.example\\.com$/; for subdomains at any depth use the pattern string 'https://*.example.com'",
        );
      }
      const compiled = compile(re);
      if (typeof compiled === 'string') {
        return refuse(
          'POLICY_REGEXP_UNSUPPORTED',
          `cannot run in linear time (${compiled}): backreferences and lookaround have no linear-time matcher`,
          'remove backreferences and lookaround; list exact origins or write the alternatives out',
        );
      }
      const test = (s: string): boolean => compiled.test(s);
      const escaped = escapingOrigin(test, re.source, siteOf);
      if (escaped !== undefined) {
        return refuse(
          'POLICY_REGEXP_TOO_BROAD',
          `also matches '${escaped}', a site it does not name (an unescaped '.', a wildcard such as .*, \\S or [^…] where a dot or a name was meant)`,
          "escape every dot as '\\.' and replace wildcards by explicit labels, e.g. /^https:\\/\\/(?:[a-z0-9-]+\\.)?example\\.com$/, or use a pattern string such as 'https://*.example.com'",
        );
      }
      return { ok: true, test };
    },
  };
}
