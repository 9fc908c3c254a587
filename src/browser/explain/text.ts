// Pasted console text as people produce it: curly or straight quotes, `…` for cut text, lines wrapped by
// the console or the chat it went through, several messages in one paste, DevTools decorations.

/**
 * One spelling for everything that varies between pastes of the same line: quotes, ellipses,
 * non-breaking spaces, line endings. Templates go through the same function, so both sides compare alike.
 *
 * @example
 * normalizePaste('header ‘X’ is not allowed…'); // "header 'X' is not allowed..."
 */
export function normalizePaste(text: string): string {
  return String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[‘’‚‛′´`]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/…/g, '...')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ');
}

// Where a new console message starts. Lines that add facts to the message before them (the DevTools
// network line "GET https://… net::ERR_FAILED 404", "Status code: 404", "Request URL: …") are not heads.
const HEADS = [
  /Access to [A-Za-z][A-Za-z ]{0,40}? at '/,
  /Cross-Origin Request Blocked/i,
  /\bFailed to load (?!resource)/,
  /\b(?:XMLHttpRequest|Fetch API) cannot load /,
  /\bRedirect from '/,
];

/**
 * Split a paste into console messages. Wrapped lines are joined back; text before the first
 * message (a DevTools "index.html:1" prefix) stays with it.
 *
 * @example
 * splitMessages("Access to fetch at 'a' …\nAccess to fetch at 'b' …").length; // 2
 */
export function splitMessages(text: string): string[] {
  const joined = normalizePaste(text)
    .split('\n')
    .map((l) => l.replace(/^\s*\[(?:Error|Warning|Log)\]\s*/i, '').trim())
    .filter((l) => l !== '')
    .join(' ');
  const starts = new Set<number>([0]);
  for (const head of HEADS) {
    const re = new RegExp(head.source, `${head.flags.replace('g', '')}g`);
    for (const m of joined.matchAll(re)) starts.add(m.index ?? 0);
  }
  // WebKit prints its reason, then "… cannot load <url> due to access control checks.": that line ends
  // the failure, and what follows (the next failure's reason) starts another.
  for (const m of joined.matchAll(/ due to access control checks\. ?/g))
    starts.add((m.index ?? 0) + m[0].length);
  const sorted = [...starts].sort((a, b) => a - b);
  const parts = sorted.map((s, i) => joined.slice(s, sorted[i + 1] ?? joined.length).trim());
  // A head right at the start makes the first part empty; a bare prefix joins the next message.
  const out: string[] = [];
  for (const p of parts) {
    if (p === '') continue;
    const prev = out.length - 1;
    if (prev >= 0 && !HEADS.some((h) => h.test(out[prev] as string))) out[prev] = `${out[prev]} ${p}`;
    else out.push(p);
  }
  return out;
}

const STOP = new Set(
  'the a an is of in to by be and on for it its has have been this that which when with from at as or only must while your you does do but'.split(
    ' ',
  ),
);

/**
 * The words that carry meaning, lowercase, with URLs and quoted values taken out (they are facts,
 * not wording, and would match any template's words by chance).
 *
 * @example
 * keywords("Method PUT is not allowed by Access-Control-Allow-Methods"); // ['method', 'put', 'not', 'allowed', 'access-control-allow-methods']
 */
export function keywords(text: string): string[] {
  return normalizePaste(text)
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
    .replace(/'[^'\s]*[/:.][^'\s]*'/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .map((w) => w.replace(/^-+|-+$/g, ''))
    .filter((w) => w.length > 1 && !STOP.has(w));
}

/**
 * Whether a pasted word is a template word, allowing the typos people make: one edit for words of
 * five letters or more, two for words of nine or more (Damerau: a swap counts as one).
 *
 * @example
 * sameWord('preflihgt', 'preflight'); // true
 */
export function sameWord(pasted: string, word: string): boolean {
  if (pasted === word) return true;
  const budget = word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
  if (budget === 0 || Math.abs(pasted.length - word.length) > budget) return false;
  return editDistance(pasted, word, budget) <= budget;
}

function editDistance(a: string, b: string, budget: number): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] as number) + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > budget) return best;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
}
