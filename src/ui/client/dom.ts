// Small DOM helpers. Text always goes in through textContent: nothing from a server or the URL is parsed as HTML.

/**
 * The element with `id`; throws when the page shell lacks it (a bug, not a user error).
 *
 * @example
 * const url = byId<HTMLInputElement>('req-url');
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`corsair ui: #${id} is missing from the page`);
  return el as T;
}

/** Children `h` accepts: nodes, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/**
 * Create an element: `h('p', { class: 'hint' }, 'text', h('code', {}, 'x'))`. Attributes are set
 * with setAttribute; children strings become text nodes.
 *
 * @example
 * document.body.append(h('p', { class: 'hint', id: 'note' }, 'Saved.'));
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | boolean | undefined>> = {},
  ...children: readonly (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

/**
 * Run `fn` once input has paused for `ms` milliseconds.
 *
 * @example
 * input.addEventListener('input', debounce(validate, 150));
 */
export function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/**
 * Copy text to the clipboard (the page is a secure context: loopback), falling back to a hidden textarea.
 *
 * @example
 * await copyText(location.href);
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/**
 * Text where `backticked` spans (as the engine writes header lines and code) become <code> elements.
 *
 * @example
 * h('dd', {}, richText('Send `Vary: Origin` too.'));
 */
export function richText(text: string): (string | HTMLElement)[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part));
}

const ID_REFS = ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls'];

/**
 * Prefix every id in `nodes` (and the attributes that name ids), so one renderer can fill two places
 * of the page without duplicate ids.
 *
 * @example
 * box.replaceChildren(...prefixIds(renderResult(real, predicted), 'b-try-'));
 */
export function prefixIds<T extends Element>(nodes: T[], prefix: string): T[] {
  for (const node of nodes) {
    for (const el of [node, ...node.querySelectorAll('*')]) {
      if (el.id) el.id = `${prefix}${el.id}`;
      for (const name of ID_REFS) {
        const v = el.getAttribute(name);
        if (v !== null)
          el.setAttribute(
            name,
            v
              .split(/\s+/)
              .map((id) => `${prefix}${id}`)
              .join(' '),
          );
      }
    }
  }
  return nodes;
}
