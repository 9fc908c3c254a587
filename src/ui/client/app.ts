// The page's entry point: wires the four views to the forms, the URL fragment and the local server.

import type { CredentialsMode } from '../../browser/types.js';
import { engineOfUserAgent } from '../../browser/user-agent.js';
import type { ApiError, ProbeRequest, ProbeResult, ValidateResult } from '../shared/api.js';
import { presets } from '../shared/presets.js';
import { ApiFailure, api } from './api.js';
import { tryPolicy } from './builder-try.js';
import {
  downloadName,
  readBuilderForm,
  syncBuilderVisibility,
  validateBuilder,
  writeBuilderForm,
} from './builder-view.js';
import { readDemoForm, registerDemo, writeDemoForm } from './demo-form.js';
import { byId, copyText, debounce, h } from './dom.js';
import { exampleMessage, explainCard } from './explain-view.js';
import { setupHarView } from './har-view.js';
import { realFetch } from './real-fetch.js';
import { renderResult } from './render-result.js';
import { routeAction } from './route-editor.js';
import { decodeState, encodeState, type PageState, parseHeaderLines, type View } from './state.js';

const demoOrigin = document.querySelector<HTMLMetaElement>('meta[name="corsair-demo-origin"]')?.content ?? '';
const pageOrigin = location.origin;
const PRESETS = presets(pageOrigin);
const VIEWS: readonly View[] = ['tester', 'explain', 'builder', 'har'];

let state: PageState = decodeState(location.hash);
let demoId = '';
let demoReady: Promise<void> = Promise.resolve();
let lastValidation: ValidateResult | null = null;
let runs = 0;

const urlInput = byId<HTMLInputElement>('req-url');
const methodInput = byId<HTMLInputElement>('req-method');
const credentialsInput = byId<HTMLSelectElement>('req-credentials');
const headersInput = byId<HTMLTextAreaElement>('req-headers');
const bodyInput = byId<HTMLTextAreaElement>('req-body');
const explainInput = byId<HTMLTextAreaElement>('explain-text');

// --- the URL fragment -------------------------------------------------------------------------------

const demoPrefix = () => `${demoOrigin}/c/`;

/** `demo:/items` → the demo API's current URL; any other URL as is. */
function resolveUrl(url: string): string {
  return url.startsWith('demo:') ? `${demoOrigin}/c/${demoId}${url.slice(5) || '/'}` : url;
}

/** A demo API URL → `demo:/path`, so a link survives another run's port and configuration id. */
function portableUrl(url: string): string {
  if (!url.startsWith(demoPrefix())) return url;
  const rest = url.slice(demoPrefix().length);
  const slash = rest.indexOf('/');
  return `demo:${slash === -1 ? '/' : rest.slice(slash)}`;
}

function save(): void {
  const demo = readDemoForm();
  state = {
    view: state.view,
    preset: state.preset,
    request: {
      url: portableUrl(urlInput.value.trim()),
      method: methodInput.value,
      headers: headersInput.value,
      credentials: credentialsInput.value as CredentialsMode,
      body: bodyInput.value,
    },
    demo: demo.ok ? demo.config : state.demo,
    explain: explainInput.value,
    builder: readBuilderForm(),
  };
  history.replaceState(null, '', encodeState(state));
}

function load(s: PageState): void {
  urlInput.value = resolveUrl(s.request.url);
  methodInput.value = s.request.method;
  headersInput.value = s.request.headers;
  credentialsInput.value = s.request.credentials;
  bodyInput.value = s.request.body;
  writeDemoForm(s.demo);
  explainInput.value = s.explain;
  writeBuilderForm(s.builder);
  markPreset(s.preset);
  showView(s.view, false);
}

// --- tabs ---------------------------------------------------------------------------------------------

function showView(view: View, focus: boolean): void {
  state = { ...state, view };
  for (const v of VIEWS) {
    const tab = byId(`tab-${v}`);
    const selected = v === view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(`view-${v}`).hidden = !selected;
    if (selected && focus) tab.focus();
  }
}

function setupTabs(): void {
  VIEWS.forEach((v, i) => {
    const tab = byId(`tab-${v}`);
    tab.addEventListener('click', () => {
      showView(v, false);
      save();
    });
    // WAI-ARIA tabs pattern: arrows move between tabs, Home/End jump to the ends.
    tab.addEventListener('keydown', (e) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: VIEWS.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      showView(VIEWS[(next + VIEWS.length) % VIEWS.length] as View, true);
      save();
    });
  });
}

// --- demo API -----------------------------------------------------------------------------------------

/** Register the demo form's answer and point the URL at it when the URL is the demo API's. */
let demoSeq = 0;
function applyDemo(): Promise<void> {
  const r = readDemoForm();
  if (!r.ok) return demoReady;
  const seq = ++demoSeq;
  demoReady = registerDemo(r.config)
    .then((reg) => {
      if (seq !== demoSeq) return; // a later edit's registration wins
      const current = urlInput.value.trim();
      const onDemo = current === '' || current.startsWith(demoPrefix()) || current.startsWith('demo:');
      demoId = reg.id;
      byId('demo-url').textContent = reg.url;
      if (onDemo) urlInput.value = resolveUrl(current === '' ? 'demo:/items' : portableUrl(current));
      save();
    })
    .catch((e: unknown) => {
      const box = byId('demo-problems');
      box.hidden = false;
      box.textContent = e instanceof ApiFailure ? `${e.error.message} ${e.error.fix}` : String(e);
    });
  return demoReady;
}

// --- presets ------------------------------------------------------------------------------------------

function markPreset(id: string): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('#presets button'))
    b.setAttribute('aria-pressed', String(b.dataset.preset === id));
  const p = PRESETS.find((x) => x.id === id);
  byId('preset-description').textContent = p ? p.description : '';
}

function renderPresets(): void {
  byId('presets').replaceChildren(
    ...PRESETS.map((p) => {
      const b = h(
        'button',
        {
          type: 'button',
          'data-preset': p.id,
          'aria-pressed': 'false',
          'aria-describedby': 'preset-description',
        },
        h('span', { class: `dot ${p.allowed ? 'ok' : 'fail'}`, 'aria-hidden': 'true' }),
        p.label,
      );
      b.addEventListener('click', () => void applyPreset(p.id));
      return b;
    }),
  );
  byId('presets').after(h('p', { class: 'hint', id: 'preset-description', 'aria-live': 'polite' }));
}

async function applyPreset(id: string): Promise<void> {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) return;
  state = { ...state, preset: id };
  writeDemoForm(p.config);
  methodInput.value = p.request.method;
  headersInput.value = p.request.headers;
  credentialsInput.value = p.request.credentials;
  bodyInput.value = p.request.body;
  urlInput.value = resolveUrl('demo:/items');
  markPreset(id);
  await applyDemo();
  await run();
}

// --- the tester ---------------------------------------------------------------------------------------

function inputError(field: HTMLElement, message: string): void {
  field.setAttribute('aria-invalid', 'true');
  byId('result').replaceChildren(
    h(
      'section',
      { class: 'card error-card', role: 'alert' },
      h('h3', {}, 'Check the request'),
      h('p', {}, message),
    ),
  );
  field.focus();
}

async function run(): Promise<void> {
  await demoReady;
  for (const f of [urlInput, headersInput, methodInput]) f.setAttribute('aria-invalid', 'false');
  const url = urlInput.value.trim();
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    return inputError(urlInput, `'${url}' is not an http:// or https:// URL.`);
  }
  const parsed = parseHeaderLines(headersInput.value);
  if (!parsed.ok) return inputError(headersInput, `'${parsed.line}' ${parsed.reason}.`);
  try {
    new Headers(parsed.lines);
  } catch (e) {
    return inputError(
      headersInput,
      `Your browser refuses these headers: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const method = methodInput.value.trim() || 'GET';
  const credentials = credentialsInput.value as CredentialsMode;
  const sendsBody = !/^(GET|HEAD)$/i.test(method) && bodyInput.value !== '';
  const button = byId<HTMLButtonElement>('run');
  button.disabled = true;
  button.textContent = 'Sending…';
  const result = byId('result');
  result.setAttribute('aria-busy', 'true');
  save();
  const probe: ProbeRequest = {
    url,
    method,
    headers: parsed.lines,
    credentials,
    browser: engineOfUserAgent(navigator.userAgent),
  };
  const [real, predicted] = await Promise.all([
    realFetch(url, {
      method,
      headers: parsed.lines,
      credentials,
      ...(sendsBody ? { body: bodyInput.value } : {}),
    }),
    api<ProbeResult>('/api/probe', probe).catch(
      (e: unknown): ApiError =>
        e instanceof ApiFailure ? e.error : { code: 'UI_ERROR', message: String(e), fix: 'Reload the page.' },
    ),
  ]);
  result.replaceChildren(...renderResult(real, predicted));
  result.dataset.run = String(++runs);
  result.removeAttribute('aria-busy');
  button.disabled = false;
  button.textContent = 'Send request';
  // One column (phones): the result is below the form, so bring it into view.
  if (window.matchMedia('(max-width: 979px)').matches) result.scrollIntoView({ block: 'start' });
  const said = 'allowed' in predicted ? (predicted.allowed ? 'allowed' : 'blocked') : 'unknown';
  byId('result-live').textContent =
    `Your browser: ${real.ok ? 'allowed' : 'blocked'}. corsair predicted: ${said}.`;
}

// --- explain and builder ------------------------------------------------------------------------------

let explainSeq = 0;
async function explain(): Promise<void> {
  save();
  const seq = ++explainSeq;
  const card = await explainCard(explainInput.value);
  if (seq === explainSeq) byId('explain-result').replaceChildren(card);
}

let validateSeq = 0;
async function validate(): Promise<void> {
  save();
  const seq = ++validateSeq;
  const r = await validateBuilder(state.builder, () => seq === validateSeq);
  if (r) lastValidation = r;
}

function setupBuilder(): void {
  const form = byId('builder-form');
  form.addEventListener(
    'input',
    debounce(() => void validate(), 150),
  );
  form.addEventListener('change', () => {
    syncBuilderVisibility();
    void validate();
  });
  // Add, move and remove routes.
  form.addEventListener('click', (e) => {
    if (routeAction(e.target as HTMLElement, byId<HTMLInputElement>('b-defaults').checked)) void validate();
  });
  byId('b-try-form').addEventListener('submit', (e) => {
    e.preventDefault();
    save();
    void tryPolicy(state.builder);
  });
}

// --- start ----------------------------------------------------------------------------------------------

function start(): void {
  setupTabs();
  setupHarView();
  renderPresets();
  load(state);
  void applyDemo();
  void validate();
  if (state.explain.trim() !== '') void explain();

  byId('request-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  for (const el of [urlInput, methodInput, headersInput, credentialsInput, bodyInput])
    el.addEventListener('change', save);
  byId('use-demo').addEventListener('click', () => {
    urlInput.value = resolveUrl('demo:/items');
    save();
    urlInput.focus();
  });
  byId('share').addEventListener('click', async () => {
    save();
    byId('share-status').textContent = (await copyText(location.href))
      ? 'Link copied.'
      : 'Copy the address bar.';
  });
  byId('demo-form').addEventListener(
    'input',
    debounce(() => void applyDemo(), 200),
  );
  byId('demo-form').addEventListener('change', () => void applyDemo());

  byId('explain-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void explain();
  });
  byId('explain-example').addEventListener('click', () => {
    explainInput.value = exampleMessage(resolveUrl('demo:/items'), pageOrigin);
    void explain();
  });

  setupBuilder();
  byId('b-target').addEventListener('change', () => void validate());
  byId('b-copy').addEventListener('click', async () => {
    const ok = await copyText(byId('b-output').textContent ?? '');
    byId('b-copy-status').textContent = ok ? 'Copied.' : 'Select the text and copy it.';
  });
  byId('b-download').addEventListener('click', () => {
    const blob = new Blob([byId('b-output').textContent ?? ''], { type: 'text/plain' });
    const a = h('a', {
      href: URL.createObjectURL(blob),
      download: downloadName(lastValidation, state.builder.target),
    });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });

  // A link pasted into this tab's address bar changes only the fragment: load it.
  window.addEventListener('hashchange', () => {
    state = decodeState(location.hash);
    load(state);
    void applyDemo();
    void validate();
  });
  document.documentElement.dataset.ready = 'true';
}

start();
