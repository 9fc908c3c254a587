// The HAR view: drop a HAR file (or pick one), the local server re-decides every cross-origin request
// with the browser engine (as `corsair har`), and the page shows the summary, a timeline of the page
// load, and each request's verdict, console lines, cause, fix and reproduce command.
import type { HarReport, HarRequestReport, HarTimelineItem } from '../../audit/har/report.js';
import { CONSOLE_BROWSERS, CONSOLE_LABEL } from '../../browser/console-browsers.js';
import type { HeaderLine } from '../../exchange.js';
import { ApiFailure, apiUpload } from './api.js';
import { byId, copyText, h, richText } from './dom.js';

/** The report as the server sends it (`corsair har --json`): checks without the engine's internals. */
type CheckView = Pick<
  NonNullable<HarRequestReport['check']>,
  'allowed' | 'preflight' | 'error' | 'exchanges' | 'warnings' | 'exposedHeaders'
>;
type RequestView = Omit<HarRequestReport, 'check'> & { readonly check: CheckView | null };
type ReportView = Omit<HarReport, 'requests'> & { readonly requests: readonly RequestView[] };

const VERDICT_LABEL = { allowed: 'Allowed', blocked: 'Blocked', unknown: 'Undecided' } as const;
const PHASES = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'] as const;

/**
 * Wire the drop zone, the file picker and the options of the HAR view.
 *
 * @example
 * setupHarView();
 */
export function setupHarView(): void {
  const zone = byId('har-drop');
  const input = byId<HTMLInputElement>('har-file');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file) void analyzeFile(file);
  });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void analyzeFile(file);
  });
}

let seq = 0;
async function analyzeFile(file: File): Promise<void> {
  const mine = ++seq;
  const out = byId('har-result');
  const status = byId('har-status');
  status.textContent = `Reading ${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)…`;
  out.setAttribute('aria-busy', 'true');
  const params = new URLSearchParams();
  const origin = byId<HTMLInputElement>('har-origin').value.trim();
  const browser = byId<HTMLSelectElement>('har-browser').value;
  if (origin) params.set('origin', origin);
  if (browser) params.set('browser', browser);
  try {
    const report = await apiUpload<ReportView>(`/api/har${params.size ? `?${params}` : ''}`, file);
    if (mine !== seq) return;
    out.replaceChildren(...renderReport(report, file.name));
    status.textContent = `${file.name}: ${report.summary.crossOrigin} cross-origin requests, ${report.summary.blocked} blocked.`;
    out.dataset.requests = String(report.summary.crossOrigin);
  } catch (e) {
    if (mine !== seq) return;
    const err =
      e instanceof ApiFailure ? e.error : { code: 'UI_ERROR', message: String(e), fix: 'Reload the page.' };
    out.replaceChildren(
      h(
        'section',
        { class: 'card error-card', id: 'har-error', 'data-code': err.code },
        h('h3', {}, err.code),
        h('p', {}, err.message),
        h('p', {}, h('strong', {}, 'Fix: '), ...richText(err.fix)),
      ),
    );
    status.textContent = `${file.name}: ${err.code}`;
  } finally {
    if (mine === seq) out.removeAttribute('aria-busy');
  }
}

function renderReport(r: ReportView, name: string): HTMLElement[] {
  const s = r.summary;
  const summary = h(
    'section',
    { class: 'card', id: 'har-summary' },
    h('h2', {}, name),
    h(
      'p',
      {},
      `Recorded by ${r.creator ? `${r.creator.name} ${r.creator.version}` : 'an unknown tool'}; decided as ${r.browser} decides (${r.browserFrom}).`,
    ),
    ...r.notes.map((n) => h('p', { class: 'hint' }, n)),
    h(
      'p',
      { class: 'big-line' },
      h('strong', {}, `${s.crossOrigin} cross-origin requests: `),
      h('span', { class: 'ok-text' }, `${s.allowed} allowed`),
      ', ',
      h('span', { class: s.blocked ? 'fail-text' : '' }, `${s.blocked} blocked`),
      s.unknown ? `, ${s.unknown} undecided` : '',
    ),
    h(
      'p',
      { class: 'hint' },
      `Page origin${r.pageOrigins.length === 1 ? '' : 's'}: ${r.pageOrigins.join(', ') || 'none found'} · ${s.entries} entries · ${s.notCors} same-origin or not CORS${s.noOrigin ? ` · ${s.noOrigin} without a page origin (give one above)` : ''}`,
    ),
    s.byCause.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Blocked, by cause'),
          h(
            'ul',
            { class: 'causes' },
            ...s.byCause.map((c) => h('li', {}, h('code', {}, c.code), ` × ${c.count} — `, c.cause)),
          ),
        )
      : null,
    s.byHost.length
      ? h(
          'div',
          {},
          h('h3', {}, 'By host'),
          h(
            'ul',
            { class: 'causes' },
            ...s.byHost.map((x) =>
              h(
                'li',
                {},
                h('code', {}, x.host),
                ` ${x.requests} requests, ${x.blocked} blocked${x.unknown ? `, ${x.unknown} undecided` : ''}`,
              ),
            ),
          ),
        )
      : null,
  );
  const span = Math.max(
    1,
    ...r.requests.flatMap((q) => q.timeline.map((t) => t.offsetMs + Math.max(0, t.time))),
  );
  return [summary, ...r.requests.map((q, i) => requestCard(q, i + 1, span))];
}

function requestCard(q: RequestView, n: number, span: number): HTMLElement {
  const e = q.check?.error ?? null;
  const cls = q.verdict === 'allowed' ? 'ok' : q.verdict === 'blocked' ? 'fail' : 'unknown';
  return h(
    'details',
    {
      class: `card verdict har-request ${cls}`,
      'data-verdict': q.verdict,
      'data-url': q.url,
      open: q.verdict !== 'allowed',
    },
    h(
      'summary',
      {},
      h('span', { class: 'label' }, `${n}. ${VERDICT_LABEL[q.verdict]}`),
      h('h3', {}, `${q.method} ${q.url}`),
      e ? h('code', {}, e.code) : null,
    ),
    timeline(q.timeline, span),
    h(
      'p',
      { class: 'hint' },
      `From ${q.pageOrigin} · credentials ${q.credentials} · preflight ${q.preflight} · HAR entries ${q.entries.join(', ')}${q.decidedBy === 'probe' ? ' · decided by --probe' : ''}`,
    ),
    e
      ? h(
          'dl',
          { class: 'kv' },
          ...CONSOLE_BROWSERS.flatMap((b) => [
            h('dt', {}, `${CONSOLE_LABEL[b]} console`),
            h('dd', {}, h('div', { class: 'message' }, e.messages[b])),
          ]),
          h('dt', {}, 'Cause'),
          h('dd', {}, ...richText(e.cause)),
          h('dt', {}, 'Fix'),
          h('dd', {}, ...richText(e.fix)),
        )
      : null,
    !q.check
      ? h('p', {}, `The browser recorded ${q.recorded.failure ?? `status ${q.recorded.status}`}.`)
      : null,
    ...q.notes.map((t) => h('p', { class: 'hint' }, t)),
    ...q.missing.map((m) => h('p', { class: 'missing' }, h('strong', {}, 'Missing from the HAR: '), m)),
    q.check?.warnings.length
      ? h(
          'ul',
          { class: 'warnings' },
          ...q.check.warnings.map((w) => h('li', {}, h('code', {}, w.code), ' ', w.message)),
        )
      : null,
    q.check ? exchanges(q.check) : null,
    h(
      'div',
      { class: 'actions' },
      h('pre', { class: 'code reproduce' }, q.reproduce),
      copyButton(q.reproduce),
    ),
  );
}

function copyButton(text: string): HTMLElement {
  const b = h('button', { type: 'button' }, 'Copy command');
  b.addEventListener('click', async () => {
    b.textContent = (await copyText(text)) ? 'Copied' : 'Select and copy';
  });
  return b;
}

/** One bar per HAR entry on a shared time axis; the bar is split into the phases the HAR timed. */
function timeline(items: readonly HarTimelineItem[], span: number): HTMLElement {
  return h(
    'ol',
    { class: 'har-timeline', 'aria-label': 'Timeline' },
    ...items.map((t) => {
      const width = Math.max(0.6, (Math.max(0, t.time) / span) * 100);
      const left = Math.min(99.4, (t.offsetMs / span) * 100);
      const phases = PHASES.map((p) => ({ p, ms: Math.max(0, t.timings?.[p] ?? 0) })).filter((x) => x.ms > 0);
      const total = phases.reduce((a, x) => a + x.ms, 0);
      // CSSOM, not style attributes: the page's CSP (style-src 'self') refuses inline styles.
      const bar = h('span', { class: `bar ${t.kind}${t.status <= 0 ? ' failed' : ''}` });
      bar.style.marginLeft = `${left}%`;
      bar.style.width = `${width}%`;
      for (const x of phases) {
        const seg = h('span', { class: `phase ${x.p}`, title: `${x.p} ${x.ms.toFixed(1)} ms` });
        seg.style.width = `${(x.ms / total) * 100}%`;
        bar.append(seg);
      }
      return h(
        'li',
        { 'data-kind': t.kind },
        h(
          'span',
          { class: 'what' },
          `${t.kind === 'preflight' ? 'preflight ' : ''}${t.method} ${t.status > 0 ? t.status : (t.failure ?? 'no response')}`,
        ),
        h('span', { class: 'track' }, bar),
        h(
          'span',
          { class: 'when' },
          `+${Math.round(t.offsetMs)} ms${t.time >= 0 ? ` · ${Math.round(t.time)} ms` : ''}`,
        ),
      );
    }),
  );
}

function exchanges(c: CheckView): HTMLElement {
  const lines = (first: string, headers: readonly HeaderLine[]) =>
    [first, ...headers.map(([n, v]) => `${n}: ${v}`)].join('\n');
  return h(
    'details',
    { class: 'exchanges' },
    h(
      'summary',
      {},
      `Headers the browser looked at (${c.exchanges.length} exchange${c.exchanges.length === 1 ? '' : 's'})`,
    ),
    ...c.exchanges.map((x) =>
      h(
        'pre',
        { class: 'code' },
        `${lines(`> ${x.request.method} ${x.request.url}`, x.request.headers)}\n\n${lines(`< ${x.response.status}`, x.response.headers)}`,
      ),
    ),
    c.allowed && c.exposedHeaders.length
      ? h('p', { class: 'hint' }, `Readable response headers: ${c.exposedHeaders.join(', ')}`)
      : null,
  );
}
