import { getAll, type HeaderList } from '../exchange.js';
import { combineValues, trimOws } from '../fetch/header-list.js';
import type { BrowserProfile } from './profile.js';

/** How long a browser keeps a preflight result, and what it made of the header. */
export interface MaxAge {
  /** Seconds the result is cached; 0 means not cached. */
  readonly seconds: number;
  /** The header as received (lines joined by ', '), or null when absent. */
  readonly raw: string | null;
  /** Set when the browser did not use the value as given. */
  readonly note: 'default' | 'capped' | 'invalid' | 'negative' | null;
}

// Chromium base::StringToInt64: optional sign, digits, nothing else.
const INTEGER = /^[+-]?[0-9]+$/;
// Firefox: digits only (a sign makes the value invalid).
const DIGITS = /^-?[0-9]+$/;

/**
 * Parse Access-Control-Max-Age as the profile's browser does (Chromium preflight_result.cc
 * ParseAccessControlMaxAge; Firefox nsCORSListenerProxy): default when absent, cap, negative → 0,
 * and either the default or no caching for a value that is not an integer.
 *
 * @example
 * parseMaxAge([['Access-Control-Max-Age', '86400']], chromium).seconds; // 7200
 */
export function parseMaxAge(headers: HeaderList, profile: BrowserProfile): MaxAge {
  const lines = getAll(headers, 'access-control-max-age');
  const raw = combineValues(lines.map(trimOws)) ?? '';
  if (lines.length === 0 || (raw === '' && profile.emptyMaxAgeIsAbsent))
    return { seconds: profile.maxAgeDefault, raw: lines.length === 0 ? null : raw, note: 'default' };
  if (!(profile.maxAgeAllowsSign ? INTEGER : DIGITS).test(raw) || !Number.isSafeInteger(Number(raw))) {
    return { seconds: profile.invalidMaxAge === 'default' ? profile.maxAgeDefault : 0, raw, note: 'invalid' };
  }
  const n = Number(raw);
  if (n < 0) return { seconds: 0, raw, note: 'negative' };
  if (n > profile.maxAgeCap) return { seconds: profile.maxAgeCap, raw, note: 'capped' };
  return { seconds: n, raw, note: null };
}
