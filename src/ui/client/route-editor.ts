// The builder's routes: an ordered list of blocks (path, "no CORS here", the route's own options), each
// with move up, move down and remove, and the validator's issues about that route shown in the block.
import type { CorsConfigIssue } from '../../policy/types.js';
import { byId, h, richText } from './dom.js';
import { readFields, routeFieldElements, writeFields } from './policy-fields.js';
import { issueRoute, moveRoute, newRoute, type RouteFields } from './policy-form.js';

const prefix = (i: number) => `b-r${i}`;

/**
 * The routes as the form holds them, in order.
 *
 * @example
 * const routes = readRoutes();
 */
export function readRoutes(): RouteFields[] {
  const count = byId('b-routes').children.length;
  return Array.from({ length: count }, (_, i) => ({
    ...readFields(prefix(i)),
    path: byId<HTMLInputElement>(`${prefix(i)}-path`).value,
    off: byId<HTMLInputElement>(`${prefix(i)}-off`).checked,
  }));
}

function button(label: string, action: string, i: number, text: string, disabled: boolean): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'small',
      'data-action': action,
      'data-route': String(i),
      'aria-label': label,
      disabled,
    },
    text,
  );
}

function routeBlock(i: number, count: number): HTMLElement {
  const p = prefix(i);
  return h(
    'li',
    { class: 'route', id: `${p}`, 'aria-labelledby': `${p}-h` },
    h(
      'div',
      { class: 'row spread' },
      h('h3', { id: `${p}-h` }, `Route ${i + 1}`),
      h(
        'div',
        { class: 'actions' },
        button(`Move route ${i + 1} up`, 'up', i, '↑ Up', i === 0),
        button(`Move route ${i + 1} down`, 'down', i, '↓ Down', i === count - 1),
        button(`Remove route ${i + 1}`, 'remove', i, 'Remove', false),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: `${p}-path` }, 'Path'),
      h('input', {
        id: `${p}-path`,
        class: 'mono',
        spellcheck: 'false',
        autocomplete: 'off',
        'aria-describedby': 'b-path-hint',
      }),
    ),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', id: `${p}-off` }),
      ' No CORS on this path (',
      h('code', {}, 'cors: false'),
      ')',
    ),
    h('div', { id: `${p}-options`, class: 'route-options' }, routeFieldElements(p)),
    h('ul', { class: 'issues', id: `${p}-issues`, hidden: true }),
  );
}

/**
 * Render `routes` (replacing the blocks shown) and the defaults switch that only routes make meaningful.
 *
 * @example
 * writeRoutes([{ ...DEFAULT_FIELDS, path: '/public/*', off: false, origins: '*' }], true);
 */
export function writeRoutes(routes: readonly RouteFields[], defaults: boolean): void {
  const list = byId('b-routes');
  list.replaceChildren(...routes.map((_, i) => routeBlock(i, routes.length)));
  routes.forEach((r, i) => {
    writeFields(prefix(i), r);
    byId<HTMLInputElement>(`${prefix(i)}-path`).value = r.path;
    byId<HTMLInputElement>(`${prefix(i)}-off`).checked = r.off;
    byId(`${prefix(i)}-options`).hidden = r.off;
  });
  byId<HTMLInputElement>('b-defaults').checked = defaults;
  byId('b-defaults-row').hidden = routes.length === 0;
  byId('b-top-h').textContent = routes.length === 0 ? 'Every path' : 'Paths no route matches';
  byId('b-top-fields').hidden = routes.length > 0 && !defaults;
}

/**
 * Apply a route button (`data-action` up, down or remove on route `data-route`) or "Add route" to the
 * routes, re-render them, and put the focus where the user continues. Returns whether anything changed.
 *
 * @example
 * form.addEventListener('click', (e) => { if (routeAction(e.target as HTMLElement)) validate(); });
 */
export function routeAction(target: HTMLElement, defaults: boolean): boolean {
  const el = target.closest<HTMLElement>('button[data-action]');
  if (!el) return false;
  const routes = readRoutes();
  const i = Number(el.dataset.route ?? routes.length);
  const action = el.dataset.action;
  let next: RouteFields[];
  let focus: string;
  if (action === 'add') {
    next = [...routes, newRoute(routes.length)];
    focus = `${prefix(routes.length)}-path`;
  } else if (action === 'remove') {
    next = routes.filter((_, j) => j !== i);
    focus = next.length === 0 ? 'b-add-route' : `${prefix(Math.min(i, next.length - 1))}-path`;
  } else if (action === 'up' || action === 'down') {
    const by = action === 'up' ? -1 : 1;
    next = moveRoute(routes, i, by);
    const to = Math.max(0, Math.min(next.length - 1, i + by));
    // Keep the focus on the same button of the moved route, unless it is now disabled (at an end).
    const at = (to === 0 && by < 0) || (to === next.length - 1 && by > 0) ? 'path' : action;
    focus = at === 'path' ? `${prefix(to)}-path` : `[data-action="${action}"][data-route="${to}"]`;
  } else return false;
  writeRoutes(next, defaults);
  const f = focus.startsWith('[') ? document.querySelector<HTMLElement>(focus) : byId(focus);
  f?.focus();
  return true;
}

/**
 * Show each route's issues in its block; return the issues about no route (the top level).
 *
 * @example
 * const topLevel = showRouteIssues(result.issues);
 */
export function showRouteIssues(issues: readonly CorsConfigIssue[]): CorsConfigIssue[] {
  const top: CorsConfigIssue[] = [];
  const byRoute = new Map<number, CorsConfigIssue[]>();
  for (const issue of issues) {
    const r = issueRoute(issue.path);
    if (r === null) top.push(issue);
    else byRoute.set(r, [...(byRoute.get(r) ?? []), issue]);
  }
  const count = byId('b-routes').children.length;
  for (let i = 0; i < count; i++) {
    const mine = byRoute.get(i) ?? [];
    const box = byId(`${prefix(i)}-issues`);
    box.hidden = mine.length === 0;
    box.replaceChildren(...mine.map(issueItem));
    byId(`${prefix(i)}-path`).setAttribute(
      'aria-invalid',
      String(mine.some((x) => x.path === `$.routes[${i}].path` || x.path === `$.routes[${i}]`)),
    );
  }
  return top;
}

/**
 * One issue as the builder lists it: code, JSON path, message and fix.
 *
 * @example
 * list.append(issueItem(issue));
 */
export function issueItem(i: CorsConfigIssue): HTMLElement {
  return h(
    'li',
    { 'data-code': i.code },
    h('code', {}, i.code),
    ` ${i.path}: `,
    richText(i.message),
    i.fix ? h('div', { class: 'hint' }, 'Fix: ', richText(i.fix)) : null,
  );
}
