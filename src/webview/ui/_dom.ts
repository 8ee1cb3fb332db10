/**
 * DOM building for the panels. Every string becomes a Text node or `textContent`: nothing is ever parsed as HTML.
 *
 * Plain elements (a `<button>`, an `<input>`, a `<span>`) styled with VS Code's theme variables in media/panel.css,
 * not a web-components library: the panels need one kind of button, a text box and a badge, and the components
 * (`@vscode-elements/elements` on Lit) were most of each page's script (about 42 of 48–52 KiB) and of its time to
 * draw: a custom element per button, each with a shadow root, its styles and a second copy of codicon.css
 * (BENCHMARKS.md).
 */
import { displayText } from '../format';
import type { WebviewMessage } from '../protocol';
import type { PanelHost } from './_app';

export type Child = Node | string | null | undefined | false;

export interface Props {
  readonly className?: string;
  /** Attributes; values are set with setAttribute, never parsed. */
  readonly attrs?: Readonly<Record<string, string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/**
 * A value from AWS as text: "—" when empty, hidden characters made visible, isolated from the text around it
 * (`dir="auto"` + `unicode-bidi: isolate` in the stylesheet), with the full value as its tooltip.
 */
export function data(value: string | undefined, className = 'value'): HTMLSpanElement {
  const text = displayText(value);
  return h('span', { className, attrs: { dir: 'auto', title: text } }, text);
}

/**
 * A translated sentence with nodes in its placeholders, for AWS data inside our words: `sentence(l10n.t('Workloads in
 * {0}', '{0}'), data(name))`. The message keeps its placeholders (each is given itself as its argument), so the
 * translator may move them; the words around them become Text nodes and `nodes[i]` goes where `{i}` is: data never
 * passes through the message, and nothing is parsed as markup. A placeholder the translation repeats gets a copy of
 * its node; one it drops leaves its node out.
 */
export function sentence(message: string, ...nodes: readonly Node[]): HTMLSpanElement {
  const out = h('span');
  const used = new Set<number>();
  for (const [i, part] of message.split(/\{(\d+)\}/).entries()) {
    if (i % 2 === 0) {
      if (part) out.append(part);
      continue;
    }
    const index = Number(part);
    const node = nodes[index];
    if (node === undefined) out.append(`{${part}}`);
    else {
      out.append(used.has(index) ? node.cloneNode(true) : node);
      used.add(index);
    }
  }
  return out;
}

export function icon(name: string): HTMLSpanElement {
  return h('span', { className: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/**
 * A button that sends `message` to the host; `data-action` names it (`copy:<target>`, `open:<link>`).
 * `accessibleName` says what the button acts on when its label alone does not ("Copy snap-0a9b…" for a row's "Copy"):
 * it becomes the accessible name and the tooltip, with hidden characters made visible.
 */
export function actionButton(
  host: PanelHost,
  label: string,
  codicon: string,
  message: Extract<WebviewMessage, { type: 'copy' | 'openLink' }>,
  accessibleName?: string,
): HTMLElement {
  const id = message.type === 'copy' ? `copy:${message.target}` : `open:${message.link}`;
  const named: Record<string, string> =
    accessibleName === undefined
      ? {}
      : { 'aria-label': displayText(accessibleName), title: displayText(accessibleName) };
  const button = h(
    'button',
    { className: 'action', attrs: { type: 'button', 'data-action': id, ...named } },
    icon(codicon),
    label,
  );
  button.addEventListener('click', () => host.post(message));
  return button;
}

export function badge(text: string): HTMLElement {
  return h('span', { className: 'badge' }, text);
}

/** A definition list of label → value pairs. */
export function facts(rows: readonly (readonly [label: string, value: Node | string])[]): HTMLDListElement {
  return h('dl', { className: 'facts' }, ...rows.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A row of summary figures. */
export function summary(items: readonly (readonly [label: string, value: string])[]): HTMLElement {
  return h(
    'dl',
    { className: 'summary' },
    ...items.map(([label, value]) =>
      h('div', { className: 'summary-item' }, h('dt', {}, label), h('dd', { attrs: { title: value } }, value)),
    ),
  );
}

export function header(title: Node | string, subtitle?: Node | string): HTMLElement {
  return h('header', {}, h('h1', {}, title), subtitle ? h('p', { className: 'subtitle' }, subtitle) : undefined);
}

export function emptyState(text: string): HTMLElement {
  return h('p', { className: 'empty' }, icon('info'), ' ', text);
}
