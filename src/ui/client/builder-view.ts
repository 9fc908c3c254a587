// The policy builder: a form, validated live by the server engine (validateCorsOptions), and the policy
// file (or, when generators exist, a server's config) to copy or download.
import type { ValidateResult } from '../shared/api.js';
import { api, ApiFailure } from './api.js';
import { byId, h } from './dom.js';
import type { BuilderState } from './state.js';

const list = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Read the builder form.
 *
 * @example
 * const state = readBuilderForm();
 */
export function readBuilderForm(): BuilderState {
  const methods = [...document.querySelectorAll<HTMLInputElement>('input[name="b-method"]')]
    .filter((c) => c.checked)
    .map((c) => c.value);
  return {
    origins: byId<HTMLTextAreaElement>('b-origins').value,
    methods,
    methodsOther: byId<HTMLInputElement>('b-methods-other').value,
    allowedHeaders: byId<HTMLInputElement>('b-allowed-headers').value,
    exposedHeaders: byId<HTMLInputElement>('b-exposed-headers').value,
    credentials: byId<HTMLInputElement>('b-credentials').checked,
    maxAge: byId<HTMLInputElement>('b-max-age').value,
    preflightStatus: byId<HTMLInputElement>('b-preflight-status').value,
    target: byId<HTMLSelectElement>('b-target').value || 'policy',
  };
}

/**
 * Fill the builder form.
 *
 * @example
 * writeBuilderForm(DEFAULT_BUILDER);
 */
export function writeBuilderForm(s: BuilderState): void {
  byId<HTMLTextAreaElement>('b-origins').value = s.origins;
  for (const c of document.querySelectorAll<HTMLInputElement>('input[name="b-method"]')) c.checked = s.methods.includes(c.value);
  byId<HTMLInputElement>('b-methods-other').value = s.methodsOther;
  byId<HTMLInputElement>('b-allowed-headers').value = s.allowedHeaders;
  byId<HTMLInputElement>('b-exposed-headers').value = s.exposedHeaders;
  byId<HTMLInputElement>('b-credentials').checked = s.credentials;
  byId<HTMLInputElement>('b-max-age').value = s.maxAge;
  byId<HTMLInputElement>('b-preflight-status').value = s.preflightStatus;
}

/**
 * The `createCors` options (policy-file form) the builder describes. Values are passed as typed, so
 * the validator, not the form, says what is wrong.
 *
 * @example
 * builderOptions({ ...DEFAULT_BUILDER, origins: '*' }).origins; // '*'
 */
export function builderOptions(s: BuilderState): Record<string, unknown> {
  const origins = list(s.origins);
  const o: Record<string, unknown> = { origins: origins.length === 1 && origins[0] === '*' ? '*' : origins };
  const methods = [...s.methods, ...list(s.methodsOther)];
  if (methods.length > 0) o.methods = methods.length === 1 && methods[0] === '*' ? '*' : methods;
  const allowed = list(s.allowedHeaders);
  if (allowed.length > 0) o.allowedHeaders = allowed.length === 1 && allowed[0] === '*' ? '*' : allowed;
  const exposed = list(s.exposedHeaders);
  if (exposed.length > 0) o.exposedHeaders = exposed.length === 1 && exposed[0] === '*' ? '*' : exposed;
  if (s.credentials) o.credentials = true;
  if (s.maxAge.trim() !== '') o.maxAge = Number(s.maxAge);
  if (s.preflightStatus.trim() !== '') o.preflightStatus = Number(s.preflightStatus);
  return o;
}

/**
 * Validate the builder's options on the server and show the issues and the output.
 *
 * @example
 * await validateBuilder(readBuilderForm(), () => true);
 */
export async function validateBuilder(s: BuilderState, isCurrent: () => boolean = () => true): Promise<ValidateResult | null> {
  const box = byId('b-validation');
  let r: ValidateResult;
  try {
    r = await api<ValidateResult>('/api/validate', { options: builderOptions(s), target: s.target });
    // Answers can overtake each other while the user types: only the latest may paint.
    if (!isCurrent()) return null;
  } catch (e) {
    if (!isCurrent()) return null;
    const err = e instanceof ApiFailure ? e.error : { code: 'UI_ERROR', message: String(e), fix: 'Reload the page.' };
    box.replaceChildren(h('p', { class: 'problems', role: 'alert' }, `${err.code}: ${err.message} ${err.fix}`));
    return null;
  }
  box.replaceChildren(
    r.valid
      ? h('p', { class: 'valid', id: 'b-valid' }, '✓ Valid policy: createCors accepts it.')
      : h(
          'ul',
          { class: 'issues', id: 'b-issues' },
          r.issues.map((i) =>
            h('li', { 'data-code': i.code }, h('code', {}, i.code), ` ${i.path}: ${i.message}`, i.fix ? h('div', { class: 'hint' }, `Fix: ${i.fix}`) : null),
          ),
        ),
  );
  const select = byId<HTMLSelectElement>('b-target');
  if (select.options.length !== r.targets.length + 1) {
    const current = s.target;
    select.replaceChildren(
      h('option', { value: 'policy' }, 'corsair policy file (cors.json)'),
      ...r.targets.map((t) => h('option', { value: t.id }, t.label)),
    );
    select.value = [...select.options].some((o) => o.value === current) ? current : 'policy';
  }
  const generated = r.generated;
  const notes = byId('b-notes');
  if (s.target !== 'policy' && generated) {
    byId('b-output').textContent = generated.files.map((f) => (generated.files.length > 1 ? `# ${f.path}\n${f.content}` : f.content)).join('\n');
    notes.replaceChildren(
      generated.notes.length > 0 ? h('ul', { class: 'notes' }, generated.notes.map((n) => h('li', {}, n.message))) : '',
    );
  } else {
    byId('b-output').textContent = r.policyFile;
    notes.replaceChildren();
  }
  return r;
}

/**
 * The file name to download the current output as.
 *
 * @example
 * downloadName(result, 'policy'); // 'cors.json'
 */
export function downloadName(r: ValidateResult | null, target: string): string {
  if (target === 'policy' || !r?.generated) return 'cors.json';
  return r.generated.files[0]?.path ?? 'cors.conf';
}
