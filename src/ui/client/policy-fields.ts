// The DOM side of one set of policy fields: read and write them by id prefix (`b` for the top level,
// `b-r<i>` for route i), and build a route's fields with the same ids and labels as the page's own.
import { byId, h } from './dom.js';
import type { PolicyFields } from './policy-form.js';

const BUILDER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

const input = (id: string) => byId<HTMLInputElement>(id);

/**
 * Read the fields whose ids start with `prefix` (`b-origins`, `b-max-age`, … and the `b-method` boxes).
 *
 * @example
 * readFields('b-r0').origins;
 */
export function readFields(prefix: string): PolicyFields {
  const methods = [...document.querySelectorAll<HTMLInputElement>(`input[name="${prefix}-method"]`)]
    .filter((c) => c.checked)
    .map((c) => c.value);
  return {
    origins: byId<HTMLTextAreaElement>(`${prefix}-origins`).value,
    methods,
    methodsOther: input(`${prefix}-methods-other`).value,
    allowedHeaders: input(`${prefix}-allowed-headers`).value,
    exposedHeaders: input(`${prefix}-exposed-headers`).value,
    credentials: input(`${prefix}-credentials`).checked,
    maxAge: input(`${prefix}-max-age`).value,
    preflightStatus: input(`${prefix}-preflight-status`).value,
  };
}

/**
 * Fill the fields whose ids start with `prefix`.
 *
 * @example
 * writeFields('b', DEFAULT_FIELDS);
 */
export function writeFields(prefix: string, s: PolicyFields): void {
  byId<HTMLTextAreaElement>(`${prefix}-origins`).value = s.origins;
  for (const c of document.querySelectorAll<HTMLInputElement>(`input[name="${prefix}-method"]`))
    c.checked = s.methods.includes(c.value);
  input(`${prefix}-methods-other`).value = s.methodsOther;
  input(`${prefix}-allowed-headers`).value = s.allowedHeaders;
  input(`${prefix}-exposed-headers`).value = s.exposedHeaders;
  input(`${prefix}-credentials`).checked = s.credentials;
  input(`${prefix}-max-age`).value = s.maxAge;
  input(`${prefix}-preflight-status`).value = s.preflightStatus;
}

function textField(id: string, label: string, attrs: Record<string, string> = {}): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, spellcheck: 'false', autocomplete: 'off', ...attrs }),
  );
}

/**
 * A route's option fields (empty: `writeFields` fills them), labelled like the top-level form's.
 *
 * @example
 * block.append(...routeFieldElements('b-r0'));
 */
export function routeFieldElements(prefix: string): HTMLElement[] {
  const comma = { 'aria-describedby': 'b-comma-hint' };
  return [
    h(
      'div',
      { class: 'field' },
      h('label', { for: `${prefix}-origins` }, 'Allowed origins'),
      h('textarea', {
        id: `${prefix}-origins`,
        rows: '2',
        spellcheck: 'false',
        'aria-describedby': 'b-origins-hint',
      }),
    ),
    h(
      'fieldset',
      { class: 'field' },
      h('legend', {}, 'Methods'),
      h(
        'div',
        { class: 'checks' },
        BUILDER_METHODS.map((m) =>
          h(
            'label',
            { class: 'check' },
            h('input', { type: 'checkbox', name: `${prefix}-method`, value: m }),
            ` ${m}`,
          ),
        ),
      ),
      h('label', { for: `${prefix}-methods-other` }, 'Other methods'),
      h('input', { id: `${prefix}-methods-other`, spellcheck: 'false', autocomplete: 'off', ...comma }),
    ),
    textField(`${prefix}-allowed-headers`, 'Allowed request headers', comma),
    textField(`${prefix}-exposed-headers`, 'Exposed response headers', comma),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', id: `${prefix}-credentials` }),
      ' Allow credentials (cookies, HTTP auth)',
    ),
    h(
      'div',
      { class: 'row' },
      textField(`${prefix}-max-age`, 'Max-Age (seconds)', { type: 'number', min: '0', max: '86400' }),
      textField(`${prefix}-preflight-status`, 'Preflight status', { type: 'number', min: '200', max: '299' }),
    ),
  ];
}
