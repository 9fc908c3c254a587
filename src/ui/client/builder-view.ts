// The policy builder: a form, validated live by the server engine (validateCorsOptions), and the policy
// file (or, when generators exist, a server's config) to copy or download.
import type { ValidateResult } from '../shared/api.js';
import { ApiFailure, api } from './api.js';
import { byId, h, richText } from './dom.js';
import { readFields, writeFields } from './policy-fields.js';
import { policyOptions } from './policy-form.js';
import { issueItem, readRoutes, showRouteIssues, writeRoutes } from './route-editor.js';
import type { BuilderState } from './state.js';

/** The chosen format; before the server has listed the formats, the one the link asked for. */
function targetChoice(): string {
  const select = byId<HTMLSelectElement>('b-target');
  return select.options.length > 1 ? select.value : select.dataset.wanted || 'policy';
}

/**
 * Read the builder form: the top-level fields, the routes and the format.
 *
 * @example
 * const state = readBuilderForm();
 */
export function readBuilderForm(): BuilderState {
  return {
    ...readFields('b'),
    routes: readRoutes(),
    defaults: byId<HTMLInputElement>('b-defaults').checked,
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
  writeFields('b', s);
  writeRoutes(s.routes, s.defaults);
  const select = byId<HTMLSelectElement>('b-target');
  select.dataset.wanted = s.target;
  if ([...select.options].some((o) => o.value === s.target)) select.value = s.target;
}

/**
 * Show or hide what the checkboxes turn off: a route's options under "no CORS", the top-level fields
 * when paths no route matches get no CORS.
 *
 * @example
 * form.addEventListener('change', syncBuilderVisibility);
 */
export function syncBuilderVisibility(): void {
  const routes = byId('b-routes').children.length;
  for (let i = 0; i < routes; i++)
    byId(`b-r${i}-options`).hidden = byId<HTMLInputElement>(`b-r${i}-off`).checked;
  byId('b-top-fields').hidden = routes > 0 && !byId<HTMLInputElement>('b-defaults').checked;
}

/**
 * Validate the builder's options on the server and show the issues (each route's in its block) and the
 * output.
 *
 * @example
 * await validateBuilder(readBuilderForm(), () => true);
 */
export async function validateBuilder(
  s: BuilderState,
  isCurrent: () => boolean = () => true,
): Promise<ValidateResult | null> {
  let r: ValidateResult;
  try {
    r = await api<ValidateResult>('/api/validate', { options: policyOptions(s), target: s.target });
    // Answers can overtake each other while the user types: only the latest may paint.
    if (!isCurrent()) return null;
  } catch (e) {
    if (!isCurrent()) return null;
    const err =
      e instanceof ApiFailure ? e.error : { code: 'UI_ERROR', message: String(e), fix: 'Reload the page.' };
    byId('b-validation').replaceChildren(
      h('p', { class: 'problems', role: 'alert' }, `${err.code}: ${err.message} ${err.fix}`),
    );
    return null;
  }
  showIssues(r);
  listTargets(r, s.target);
  showOutput(r, s.target);
  return r;
}

/** The verdict, the top-level issues, and how many issues each route block shows. */
function showIssues(r: ValidateResult): void {
  const top = showRouteIssues(r.issues);
  const inRoutes = r.issues.length - top.length;
  byId('b-validation').replaceChildren(
    r.valid
      ? h('p', { class: 'valid', id: 'b-valid' }, '✓ Valid policy: createCors accepts it.')
      : h(
          'ul',
          { class: 'issues', id: 'b-issues' },
          top.map(issueItem),
          inRoutes > 0
            ? h(
                'li',
                { class: 'hint', id: 'b-route-issue-count' },
                `${inRoutes} ${inRoutes === 1 ? 'problem' : 'problems'} in the routes, shown at each route.`,
              )
            : null,
        ),
  );
}

/** Fill the format menu once the server has listed the generators. */
function listTargets(r: ValidateResult, target: string): void {
  const select = byId<HTMLSelectElement>('b-target');
  if (select.options.length === r.targets.length + 1) return;
  select.replaceChildren(
    h('option', { value: 'policy' }, 'corsair policy file (cors.json)'),
    ...r.targets.map((t) => h('option', { value: t.id }, t.label)),
  );
  select.value = [...select.options].some((o) => o.value === target) ? target : 'policy';
}

/** The policy file, the generated config with its notes, or why the target cannot express the policy. */
function showOutput(r: ValidateResult, target: string): void {
  const notes = byId('b-notes');
  const output = byId('b-output');
  const generated = r.generated;
  if (target !== 'policy' && generated) {
    output.textContent = generated.files
      .map((f) => (generated.files.length > 1 ? `# ---- ${f.path} ----\n${f.content}` : f.content))
      .join('\n');
    notes.replaceChildren(
      h('p', { class: 'hint' }, r.targets.find((t) => t.id === target)?.title ?? ''),
      generated.notes.length > 0
        ? h(
            'ul',
            { class: 'notes' },
            generated.notes.map((n) => h('li', {}, richText(n.message))),
          )
        : '',
    );
  } else if (target !== 'policy' && r.generateError) {
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
      target !== 'policy' && !r.valid
        ? h('p', { class: 'hint' }, 'Fix the policy first; then the configuration appears here.')
        : '',
    );
  }
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
