// The tester's result: both verdicts, whether they agree, the failure explained, and the timeline
// preflight → checks → actual request → exposed headers.
import { CONSOLE_BROWSERS, CONSOLE_LABEL } from '../../browser/console-browsers.js';
import type { HeaderLine } from '../../exchange.js';
import type { ApiError, ProbeResult } from '../shared/api.js';
import { type Child, h, richText } from './dom.js';
import type { RealResult } from './real-fetch.js';

type Step = ProbeResult['steps'][number];

const CORS_HEADER = /^(origin|vary|access-control-|location$)/i;

/**
 * Whether the two verdicts agree (both allowed or both blocked).
 *
 * @example
 * verdictsAgree(real, predicted); // true
 */
export function verdictsAgree(real: RealResult, predicted: ProbeResult): boolean {
  return real.ok === predicted.allowed;
}

/**
 * Build the result for one run. `predicted` is an ApiError when the server refused the probe.
 *
 * @example
 * byId('result').replaceChildren(...renderResult(real, predicted));
 */
export function renderResult(real: RealResult, predicted: ProbeResult | ApiError): HTMLElement[] {
  if (!('allowed' in predicted)) {
    return [
      realCard(real),
      h(
        'section',
        { class: 'card error-card', role: 'alert' },
        h('h3', {}, `The probe failed: ${predicted.code}`),
        h('p', {}, predicted.message),
        h('p', {}, h('strong', {}, 'Fix: '), predicted.fix),
      ),
    ];
  }
  const agree = verdictsAgree(real, predicted);
  const out: HTMLElement[] = [
    h('div', { class: 'verdicts' }, realCard(real), predictedCard(predicted)),
    agree
      ? h(
          'div',
          { class: 'banner agree', id: 'agreement', 'data-agree': 'true' },
          'Real and predicted agree.',
        )
      : h(
          'div',
          { class: 'banner disagree', id: 'agreement', 'data-agree': 'false', role: 'alert' },
          'Real and predicted disagree.',
          h(
            'p',
            {},
            `Your browser ${real.ok ? 'allowed' : 'blocked'} the request; corsair predicted ${predicted.allowed ? 'allowed' : 'blocked'}. `,
            'Likely causes: the server answers this machine differently from your browser (cookies, which the probe cannot send; a proxy; an extension), ',
            'a preflight your browser still has in its cache, or a browser version corsair does not model yet.',
          ),
        ),
  ];
  if (predicted.networkError) out.push(networkCard(predicted.networkError));
  if (predicted.error) out.push(errorCard(predicted));
  if (predicted.steps.length > 0) out.push(timeline(predicted, real));
  if (predicted.warnings.length > 0)
    out.push(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Warnings'),
        h(
          'ul',
          { class: 'warnings' },
          predicted.warnings.map((w) => h('li', {}, h('span', {}, richText(w.message)))),
        ),
      ),
    );
  if (real.ok && real.body)
    out.push(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'Response body (as your page reads it)'),
        h('pre', { class: 'code', tabindex: '0' }, real.body),
      ),
    );
  return out;
}

function realCard(real: RealResult): HTMLElement {
  return h(
    'section',
    { class: `card verdict ${real.ok ? 'ok' : 'fail'}`, id: 'real-verdict', 'data-allowed': String(real.ok) },
    h('p', { class: 'label' }, 'Your browser · real fetch()'),
    h('p', { class: 'big' }, real.ok ? 'Allowed' : 'Blocked'),
    real.ok
      ? h(
          'p',
          {},
          `${real.status} ${real.statusText ?? ''} · ${real.elapsedMs} ms${real.redirected ? ' · redirected' : ''}`,
        )
      : h('p', {}, h('code', {}, real.error ?? ''), ` · ${real.elapsedMs} ms`),
    real.ok
      ? null
      : h(
          'p',
          { class: 'hint' },
          'That is all a script learns: the reason is only in the console, and below.',
        ),
  );
}

function predictedCard(p: ProbeResult): HTMLElement {
  return h(
    'section',
    {
      class: `card verdict ${p.allowed ? 'ok' : 'fail'}`,
      id: 'predicted-verdict',
      'data-allowed': String(p.allowed),
    },
    h('p', { class: 'label' }, `corsair · predicted for ${CONSOLE_LABEL[p.browser]}`),
    h('p', { class: 'big' }, p.allowed ? 'Allowed' : 'Blocked'),
    h(
      'p',
      {},
      p.error
        ? h('code', {}, p.error.code)
        : p.networkError
          ? h('code', {}, p.networkError.code)
          : 'Every check passed',
      ` · ${p.elapsedMs} ms`,
    ),
    h('p', { class: 'hint' }, `Probed from this machine with Origin: ${p.pageOrigin}`),
  );
}

function networkCard(e: ApiError): HTMLElement {
  return h(
    'section',
    { class: 'card error-card', id: 'failure' },
    h('h3', {}, `No response: ${e.code}`),
    h('p', {}, e.message),
    h('dl', { class: 'kv' }, h('dt', {}, 'Fix'), h('dd', {}, richText(e.fix))),
  );
}

function errorCard(p: ProbeResult): HTMLElement {
  const e = p.error;
  if (!e) return h('span');
  return h(
    'section',
    { class: 'card error-card', id: 'failure', 'data-code': e.code },
    h('h3', {}, `Why it is blocked: ${e.code}`),
    ...CONSOLE_BROWSERS.flatMap((b) => [
      h('p', { class: 'hint' }, `${CONSOLE_LABEL[b]} console`),
      h('p', { class: 'message', 'data-browser': b }, e.messages[b]),
    ]),
    h(
      'dl',
      { class: 'kv' },
      h('dt', {}, 'Cause'),
      h('dd', { id: 'cause' }, richText(e.cause)),
      h('dt', {}, 'Fix'),
      h('dd', { id: 'fix' }, richText(e.fix)),
    ),
  );
}

function timeline(p: ProbeResult, real: RealResult): HTMLElement {
  const items: HTMLElement[] = [];
  let n = 0;
  const hasPreflight = p.steps.some((s) => s.kind === 'preflight');
  if (!hasPreflight) {
    items.push(
      h(
        'li',
        { class: 'step' },
        h('span', { class: 'badge', 'aria-hidden': 'true' }, String(++n)),
        h('h3', {}, 'No preflight'),
        h(
          'p',
          { class: 'hint' },
          'The method and headers are CORS-safelisted, so the browser sends the request directly.',
        ),
      ),
    );
  }
  for (const s of p.steps) items.push(stepItem(s, ++n));
  if (p.steps.every((s) => s.kind === 'preflight'))
    items.push(
      h(
        'li',
        { class: 'step', 'data-kind': 'not-sent' },
        h('span', { class: 'badge', 'aria-hidden': 'true' }, '–'),
        h('h3', {}, `${++n}. Request not sent`),
        h('p', { class: 'hint' }, 'The preflight failed, so the browser never sent the actual request.'),
      ),
    );
  if (p.allowed) items.push(exposedItem(p, real, ++n));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'timeline-h' },
    h('h2', { id: 'timeline-h' }, 'Timeline'),
    h('ol', { class: 'timeline', id: 'timeline' }, items),
  );
}

function stepItem(s: Step, n: number): HTMLElement {
  const ok = s.response !== null && s.checks.every((c) => c.ok);
  const title = s.kind === 'preflight' ? 'Preflight' : 'Request';
  return h(
    'li',
    { class: `step ${ok ? 'ok' : 'fail'}`, 'data-kind': s.kind },
    h('span', { class: 'badge', 'aria-hidden': 'true' }, ok ? '✓' : '✗'),
    h(
      'h3',
      {},
      `${n}. ${title}`,
      h(
        'span',
        { class: 'url' },
        `${s.request.method} ${s.request.url} → ${s.response ? s.response.status : 'no response'}`,
      ),
    ),
    s.checks.length > 0
      ? h(
          'ul',
          { class: 'checklist', 'aria-label': `${title} checks` },
          s.checks.map((c) =>
            h(
              'li',
              { class: c.ok ? 'ok' : 'fail' },
              h('span', { class: 'state' }, c.ok ? '✓ pass' : '✗ fail'),
              h('span', { class: 'name' }, c.name),
              c.detail,
            ),
          ),
        )
      : h('p', { class: 'hint' }, s.kind === 'actual' ? 'Same-origin: no CORS check.' : ''),
    h(
      'details',
      { class: 'raw' },
      h('summary', {}, 'Raw headers'),
      h(
        'div',
        { class: 'raw-grid' },
        h(
          'div',
          {},
          h('p', { class: 'hint' }, 'Sent'),
          lines([`${s.request.method} ${s.request.url}`], s.request.headers),
        ),
        h(
          'div',
          {},
          h('p', { class: 'hint' }, 'Received'),
          s.response
            ? lines([`HTTP ${s.response.status}`], s.response.headers)
            : h('pre', { class: 'lines' }, 'no response'),
        ),
      ),
    ),
  );
}

function lines(first: readonly string[], headers: readonly HeaderLine[]): HTMLElement {
  const children: Child[] = first.map((l) => `${l}\n`);
  for (const [name, value] of headers) {
    const text = `${name}: ${value}\n`;
    children.push(CORS_HEADER.test(name) ? h('span', { class: 'cors' }, text) : text);
  }
  return h('pre', { class: 'lines' }, children);
}

function exposedItem(p: ProbeResult, real: RealResult, n: number): HTMLElement {
  const predicted = [...p.exposedHeaders].sort();
  const seen = real.ok ? real.headers.map(([name]) => name.toLowerCase()).sort() : null;
  const same = seen !== null && seen.join(',') === predicted.join(',');
  const tags = (names: readonly string[], id: string) =>
    names.length > 0
      ? h(
          'ul',
          { class: 'tags', id },
          names.map((x) => h('li', {}, x)),
        )
      : h('p', { class: 'hint', id }, 'none');
  return h(
    'li',
    { class: 'step ok' },
    h('span', { class: 'badge', 'aria-hidden': 'true' }, '✓'),
    h('h3', {}, `${n}. Exposed headers`),
    h(
      'p',
      { class: 'hint' },
      'Response headers a script can read (safelisted ones and those in Access-Control-Expose-Headers).',
    ),
    h('p', {}, h('strong', {}, 'Predicted')),
    tags(predicted, 'exposed-predicted'),
    seen
      ? [
          h('p', {}, h('strong', {}, 'Your browser'), same ? ' (the same)' : ' (different)'),
          same ? null : tags(seen, 'exposed-real'),
        ]
      : null,
  );
}
