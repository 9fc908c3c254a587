// The policy builder: a form, validated live by the server engine (validateCorsOptions), and the policy
// file (or, when generators exist, a server's config) to copy or download.
import type { ValidateResult } from '../shared/api.js';
import { ApiFailure, api } from './api.js';
import { byId, h, richText } from './dom.js';
import type { BuilderState } from './state.js';

const list = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The chosen format; before the server has listed the formats, the one the link asked for. */
function targetChoice(): string {
  const select = byId<HTMLSelectElement>('b-target');
  return select.options.length > 1 ? select.value : select.dataset.wanted || 'policy';
}

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
    target: targetChoice(),
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
  for (const c of document.querySelectorAll<HTMLInputElement>('input[name="b-method"]'))
    c.checked = s.methods.includes(c.value);
  byId<HTMLInputElement>('b-methods-other').value = s.methodsOther;
  byId<HTMLInputElement>('b-allowed-headers').value = s.allowedHeaders;
  byId<HTMLInputElement>('b-exposed-headers').value = s.exposedHeaders;
  byId<HTMLInputElement>('b-credentials').checked = s.credentials;
  byId<HTMLInputElement>('b-max-age').value = s.maxAge;
  byId<HTMLInputElement>('b-preflight-status').value = s.preflightStatus;
  const select = byId<HTMLSelectElement>('b-target');
  select.dataset.wanted = s.target;
  if ([...select.options].some((o) => o.value === s.target)) select.value = s.target;
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
export async function validateBuilder(
  s: BuilderState,
  isCurrent: () => boolean = () => true,
): Promise<ValidateResult | null> {
  const box = byId('b-validation');
  let r: ValidateResult;
  try {
    r = await api<ValidateResult>('/api/validate', { options: builderOptions(s), target: s.target });
    // Answers can overtake each other while the user types: only the latest may paint.
    if (!isCurrent()) return null;
  } catch (e) {
    if (!isCurrent()) return null;
    const err =
      e instanceof ApiFailure ? e.error : { code: 'UI_ERROR', message: String(e), fix: 'Reload the page.' };
    box.replaceChildren(
      h('p', { class: 'problems', role: 'alert' }, `${err.code}: ${err.message} ${err.fix}`),
    );
    return null;
  }
  box.replaceChildren(
    r.valid
      ? h('p', { class: 'valid', id: 'b-valid' }, '✓ Valid policy: createCors accepts it.')
      : h(
          'ul',
          { class: 'issues', id: 'b-issues' },
          r.issues.map((i) =>
            h(
              'li',
              { 'data-code': i.code },
              h('code', {}, i.code),
              ` ${i.path}: `,
              richText(i.message),
              i.fix ? h('div', { class: 'hint' }, 'Fix: ', richText(i.fix)) : null,
            ),
          ),
        ),
  );
  const select = byId<HTMLSelectElement>('b-target');
  if (select.options.length !== r.targets.length + 1) {
    select.replaceChildren(
      h('option', { value: 'policy' }, 'corsair policy file (cors.json)'),
      ...r.targets.map((t) => h('option', { value: t.id }, t.label)),
    );
    select.value = [...select.options].some((o) => o.value === s.target) ? s.target : 'policy';
  }
  const chosen = r.targets.find((t) => t.id === s.target);
  const notes = byId('b-notes');
  const output = byId('b-output');
  const generated = r.generated;
  if (s.target !== 'policy' && generated) {
    output.textContent = generated.files
      .map((f) => (generated.files.length > 1 ? `# ---- ${f.path} ----\n${f.content}` : f.content))
      .join('\n');
    notes.replaceChildren(
      h('p', { class: 'hint' }, chosen?.title ?? ''),
      generated.notes.length > 0
        ? h(
            'ul',
            { class: 'notes' },
            generated.notes.map((n) => h('li', {}, richText(n.message))),
          )
        : '',
    );
  } else if (s.target !== 'policy' && r.generateError) {
    output.textContent = '';
    notes.replaceChildren(
      h(
        'p',
        { class: 'problems', id: 'b-generate-error' },
        `${r.generateError.code}: `,
        richText(r.generateError.message),
      ),
      h('p', { class: 'hint' }, 'Fix: ', richText(r.generateError.fix)),
    );
  } else {
    output.textContent = r.policyFile;
    notes.replaceChildren(
      s.target !== 'policy' && !r.valid
        ? h('p', { class: 'hint' }, 'Fix the policy first; then the configuration appears here.')
        : '',
    );
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
  // Several files download as one text file with a separator line before each.
  return r.generated.files.length === 1
    ? (r.generated.files[0]?.path ?? 'cors.txt')
    : `cors-${target.replace(':', '-')}.txt`;
}
