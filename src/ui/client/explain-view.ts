// The Explain view: a pasted console message in, the failure, its cause and the fix out.
import type { ExplainedMessage } from '../../browser/index.js';
import { ApiFailure, api } from './api.js';
import { h, richText } from './dom.js';

/**
 * Ask the server to explain `text` and build the result card.
 *
 * @example
 * byId('explain-result').replaceChildren(await explainCard(text));
 */
export async function explainCard(text: string): Promise<HTMLElement> {
  if (text.trim() === '') return h('p', { class: 'hint' }, 'Paste a message above.');
  let explained: ExplainedMessage | null;
  try {
    ({ explained } = await api<{ explained: ExplainedMessage | null }>('/api/explain', { text }));
  } catch (e) {
    const err =
      e instanceof ApiFailure ? e.error : { code: 'UI_ERROR', message: String(e), fix: 'Reload the page.' };
    return h(
      'section',
      { class: 'card error-card', role: 'alert' },
      h('h3', {}, err.code),
      h('p', {}, err.message),
      h('p', {}, err.fix),
    );
  }
  if (!explained)
    return h(
      'section',
      { class: 'card', id: 'explain-unknown' },
      h('h3', {}, 'Not a CORS message corsair recognises'),
      h(
        'p',
        {},
        'Paste the whole line, from "Access to fetch at" (Chromium) or "Cross-Origin Request Blocked:" (Firefox) to its end.',
      ),
    );
  const e = explained;
  return h(
    'section',
    { class: 'card error-card', id: 'explained', 'data-code': e.code },
    h('h3', {}, e.code),
    h(
      'p',
      { class: 'hint' },
      // Only what the message states: a fragment names no browser, Safari's lines no API.
      [
        { chromium: 'Chromium', firefox: 'Firefox', webkit: 'Safari', unknown: 'Browser not stated' }[
          e.browser
        ],
        e.recognised.initiator === 'xhr'
          ? 'XMLHttpRequest'
          : e.recognised.initiator === 'fetch'
            ? 'fetch()'
            : null,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    h(
      'dl',
      { class: 'kv' },
      h('dt', {}, 'URL'),
      h('dd', {}, e.url, e.redirectedFrom ? ` (redirected from ${e.redirectedFrom})` : ''),
      e.origin ? [h('dt', {}, 'Origin'), h('dd', {}, e.origin)] : null,
      h('dt', {}, 'Cause'),
      h('dd', { id: 'explain-cause' }, richText(e.cause)),
      h('dt', {}, 'Fix'),
      h('dd', { id: 'explain-fix' }, richText(e.fix)),
    ),
    h('p', { class: 'hint' }, 'Reproduce it: ', h('code', {}, e.reproduce)),
  );
}

/**
 * A realistic message to try the view with.
 *
 * @example
 * textarea.value = exampleMessage('http://localhost:4001/c/abc/items', 'http://127.0.0.1:4000');
 */
export function exampleMessage(url: string, origin: string): string {
  return `Access to fetch at '${url}' from origin '${origin}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`;
}
