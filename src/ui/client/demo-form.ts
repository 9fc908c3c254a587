// The demo API panel: its form, checked with the same code the server runs, and its registration.
import type { DemoRegistration } from '../shared/api.js';
import { DEFAULT_DEMO_CONFIG, type DemoConfig, normalizeDemoConfig } from '../shared/demo-config.js';
import { api } from './api.js';
import { byId } from './dom.js';

const FIELDS: readonly { key: keyof DemoConfig; id: string }[] = [
  { key: 'originMode', id: 'd-origin-mode' },
  { key: 'originValue', id: 'd-origin-value' },
  { key: 'allowMethods', id: 'd-methods' },
  { key: 'allowHeaders', id: 'd-headers' },
  { key: 'exposeHeaders', id: 'd-expose' },
  { key: 'maxAge', id: 'd-max-age' },
  { key: 'status', id: 'd-status' },
  { key: 'preflightStatus', id: 'd-preflight-status' },
  { key: 'redirect', id: 'd-redirect' },
  { key: 'redirectStatus', id: 'd-redirect-status' },
  { key: 'credentials', id: 'd-credentials' },
];

type Input = HTMLInputElement | HTMLSelectElement;

/**
 * Put a config into the form.
 *
 * @example
 * writeDemoForm(DEFAULT_DEMO_CONFIG);
 */
export function writeDemoForm(config: DemoConfig): void {
  for (const { key, id } of FIELDS) {
    const el = byId<Input>(id);
    const value = config[key];
    if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = value === true;
    else el.value = String(value);
  }
  byId<HTMLInputElement>('d-origin-value').disabled = config.originMode !== 'exact';
  summarize(config);
}

/**
 * Read the form: the config, or the problems (each field at fault is marked invalid).
 *
 * @example
 * const r = readDemoForm(); if (r.ok) await registerDemo(r.config);
 */
export function readDemoForm(): ReturnType<typeof normalizeDemoConfig> {
  const raw: Record<string, unknown> = {};
  for (const { key, id } of FIELDS) {
    const el = byId<Input>(id);
    if (el instanceof HTMLInputElement && el.type === 'checkbox') raw[key] = el.checked;
    else if (key === 'status' || key === 'preflightStatus' || key === 'redirectStatus')
      raw[key] = Number(el.value);
    else raw[key] = el.value.trim();
  }
  const r = normalizeDemoConfig(raw);
  const bad = new Set(r.ok ? [] : r.problems.map((p) => p.field));
  for (const { key, id } of FIELDS) byId(id).setAttribute('aria-invalid', String(bad.has(key)));
  const box = byId('demo-problems');
  box.hidden = r.ok;
  box.textContent = r.ok ? '' : r.problems.map((p) => p.message).join('. ');
  byId<HTMLInputElement>('d-origin-value').disabled = raw.originMode !== 'exact';
  if (r.ok) summarize(r.config);
  return r;
}

/** One line under the panel's title, so the answer is visible while the panel is closed. */
function summarize(c: DemoConfig): void {
  const acao = {
    none: 'no ACAO',
    reflect: 'ACAO = origin',
    any: 'ACAO = *',
    exact: `ACAO = '${c.originValue}'`,
  }[c.originMode];
  const parts = [acao];
  if (c.allowMethods !== DEFAULT_DEMO_CONFIG.allowMethods) parts.push(`methods: ${c.allowMethods || 'none'}`);
  if (c.allowHeaders !== DEFAULT_DEMO_CONFIG.allowHeaders) parts.push(`headers: ${c.allowHeaders || 'none'}`);
  if (c.credentials) parts.push('credentials');
  if (c.preflightStatus !== 204) parts.push(`preflight ${c.preflightStatus}`);
  if (c.redirect !== 'none') parts.push(`redirects the ${c.redirect}`);
  byId('demo-summary').textContent = parts.join(' · ');
}

/**
 * Register a config with the server; the answer is the demo URL that answers with it.
 *
 * @example
 * const { url } = await registerDemo(config);
 */
export function registerDemo(config: DemoConfig): Promise<DemoRegistration> {
  return api<DemoRegistration>('/api/demo', { config });
}
