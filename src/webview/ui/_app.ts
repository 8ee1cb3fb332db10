/**
 * The webview side of the shell: receives the panel's state from the host, re-renders, and sends the few messages of
 * the protocol back. Shared by every panel script (files starting with `_` are not bundled on their own).
 *
 * Our words in a page go through `@vscode/l10n`'s `l10n.t` (its browser build is bundled into each page): before each
 * render the page configures it with the translation bundle the state message carries (VS Code's `l10n.bundle`), or
 * with none (English). The bundle is never in the HTML; what `l10n.t` returns is set as text, never as markup.
 */
import * as l10n from '@vscode/l10n';
import { setFormatLocale } from '../../util/format';
import { parseStateL10n, parseStateLocale, parseStateMessage, parseStateRev, type WebviewMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What a panel's render function may do besides building DOM. */
export interface PanelHost {
  post(message: WebviewMessage): void;
  /** UI state kept across hide/show (sort order, filter text), by key. */
  getViewState(key: string): unknown;
  setViewState(key: string, value: unknown): void;
}

function createHost(api: VsCodeApi): PanelHost {
  const read = (): Record<string, unknown> => {
    const s = api.getState();
    return typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {};
  };
  return {
    post: (message) => api.postMessage(message),
    getViewState: (key) => {
      const state = read();
      return Object.hasOwn(state, key) ? state[key] : undefined;
    },
    setViewState: (key, value) => api.setState({ ...read(), [key]: value }),
  };
}

/**
 * Starts a panel: renders every state message of `kind` into `#app` with `render`, then tells the host it is ready.
 * A state the page has already drawn (same `rev`: the host posts it on creation and again on `ready`) is not drawn
 * again. A render that throws shows its error as text instead of a blank panel.
 */
export function startPanel<S>(kind: string, render: (state: S, host: PanelHost) => Node): void {
  const host = createHost(acquireVsCodeApi());
  const app = document.getElementById('app');
  if (!app) return;
  let drawn: number | undefined;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const state = parseStateMessage<S>(kind, event.data);
    if (!state) return;
    const rev = parseStateRev(event.data);
    if (rev !== undefined && rev === drawn) return;
    drawn = rev;
    setFormatLocale(parseStateLocale(event.data));
    l10n.config({ contents: parseStateL10n(event.data) ?? {} });
    let content: Node;
    try {
      content = render(state, host);
    } catch (err) {
      const p = document.createElement('p');
      p.className = 'error';
      p.textContent = l10n.t(
        'This panel could not show its data: {0}',
        err instanceof Error ? err.message : String(err),
      );
      content = p;
    }
    app.replaceChildren(content);
    app.setAttribute('aria-busy', 'false');
    // The next frame paints the new content; the task after it runs once it is drawn.
    requestAnimationFrame(() => setTimeout(() => host.post({ type: 'rendered', pageMs: performance.now() }), 0));
  });
  host.post({ type: 'ready' });
}
