/**
 * One webview shell for every panel. Generic: it knows panel kinds and the message protocol, nothing of AWS services.
 * A panel is identified by (kind, key): showing the same pair again updates and reveals the open panel.
 */
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import { formatLocale } from '../util/format';
import { createNonce, renderPanelHtml } from './html';
import { parseWebviewMessage, type StateMessage } from './protocol';

/** What the shell does for the webview; the extension passes `vscode.env.clipboard` / `vscode.env.openExternal`. */
export interface PanelActions {
  copy(text: string): Thenable<void>;
  openExternal(url: string): Thenable<void>;
}

/** The values behind the ids in a panel's state: the webview names an id, the shell uses the value it holds. */
export interface PanelTargets {
  /** Values the webview may ask to copy, by id. */
  readonly copy?: Readonly<Record<string, string>>;
  /** URLs the webview may ask to open, by id. Only `https:` URLs are ever opened. */
  readonly links?: Readonly<Record<string, string>>;
}

interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  readonly kind: string;
  message: StateMessage;
  targets: PanelTargets;
}

/**
 * The state message for a page: the page formats counts and dates in the host's locale (VS Code's display language,
 * set at activation) and translates its own words with VS Code's bundle for that language (none in English).
 */
function stateMessage(kind: string, state: unknown, rev: number): StateMessage {
  // The page formats counts and dates in the host's locale (VS Code's display language, set at activation), and
  // translates its words with VS Code's bundle (none in English).
  const locale = formatLocale();
  const bundle = vscode.l10n.bundle;
  return {
    type: 'state',
    kind,
    state,
    rev,
    ...(locale ? { locale } : {}),
    ...(bundle ? { l10n: bundle } : {}),
  };
}

export function viewTypeOf(kind: string): string {
  return `imageFootprint.${kind}`;
}

function lookup(map: Readonly<Record<string, string>> | undefined, id: string): string | undefined {
  return map !== undefined && Object.hasOwn(map, id) ? map[id] : undefined;
}

/**
 * The panels, one per (kind, key). `States` maps each kind to its state type (`src/panels.ts` in the extension), so
 * the shell stays generic and every caller still sends the state its kind expects.
 */
export class WebviewPanels<States extends object = Record<string, unknown>> extends Disposable {
  private readonly open = new Map<string, OpenPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly actions: PanelActions,
  ) {
    super();
  }

  /** How many panels are open (for tests and benchmarks). */
  get openCount(): number {
    return this.open.size;
  }

  /**
   * Opens the panel (kind, key), or updates and reveals it when it is already open, and posts `state` to it.
   * `targets` holds the values behind the copy and link ids that `state` mentions.
   */
  show<K extends keyof States & string>(
    kind: K,
    key: string,
    title: string,
    state: States[K],
    targets: PanelTargets = {},
  ): vscode.WebviewPanel {
    if (this.isDisposed) throw new Error('WebviewPanels is disposed');
    const id = `${kind}\u0000${key}`;
    const existing = this.open.get(id);
    const rev = existing ? existing.message.rev + 1 : 1;
    const message = stateMessage(kind, state, rev);
    const entry = existing ?? this.create(id, kind, title, message, targets);
    if (existing) {
      existing.message = message;
      existing.targets = targets;
      existing.panel.title = title;
      existing.panel.reveal();
    }
    // Posted at once, not when the page says `ready`: VS Code holds a message until the page has loaded (its script
    // has run by then), so the state arrives without waiting for a round trip through the extension host. A hidden
    // page (discarded without retainContextWhenHidden) drops it, and gets it on `ready` when it is shown again.
    void entry.panel.webview.postMessage(message);
    return entry.panel;
  }

  private create(id: string, kind: string, title: string, message: StateMessage, targets: PanelTargets): OpenPanel {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    const panel = vscode.window.createWebviewPanel(
      viewTypeOf(kind),
      title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, enableCommandUris: false, enableFindWidget: true, localResourceRoots: roots },
    );
    // Tab icons are images: they cannot take the theme's foreground colour, so each theme kind gets its own.
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-dark.svg'),
    };
    const entry: OpenPanel = { panel, kind, message, targets };
    this.open.set(id, entry);

    // Without retainContextWhenHidden a hidden page is discarded; it says `ready` again when it is shown.
    const subscriptions: vscode.Disposable[] = [
      panel.webview.onDidReceiveMessage((data: unknown) => this.onMessage(entry, data)),
    ];
    panel.onDidDispose(() => {
      this.open.delete(id);
      for (const s of subscriptions) s.dispose();
      subscriptions.length = 0;
    });

    const webview = panel.webview;
    const uri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...segments));
    webview.html = renderPanelHtml({
      kind,
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: uri('dist', 'webview', `${kind}.js`).toString(),
      styleUri: uri('media', 'panel.css').toString(),
      codiconsUri: uri('dist', 'codicons', 'codicon.css').toString(),
      lang: vscode.env.language,
      loadingText: vscode.l10n.t('Loading…'),
    });
    return entry;
  }

  private onMessage(entry: OpenPanel, data: unknown): void {
    const msg = parseWebviewMessage(data);
    if (!msg) {
      this.log.warn(`Ignored a malformed message from the ${entry.kind} panel.`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        // The page (re)loaded: the current state, which it may have had already (it draws a `rev` once).
        void entry.panel.webview.postMessage(entry.message);
        return;
      case 'rendered':
        // The page drew a state: nothing to do (the benchmark listens for it).
        return;
      case 'copy': {
        const value = lookup(entry.targets.copy, msg.target);
        if (value === undefined) {
          this.log.warn(`The ${entry.kind} panel asked to copy an unknown value (${JSON.stringify(msg.target)}).`);
          return;
        }
        this.run('copy', () => this.actions.copy(value));
        return;
      }
      case 'openLink': {
        const url = lookup(entry.targets.links, msg.link);
        if (url === undefined) {
          this.log.warn(`The ${entry.kind} panel asked to open an unknown link (${JSON.stringify(msg.link)}).`);
          return;
        }
        if (!isHttpsUrl(url)) {
          this.log.warn(
            `Refused to open the ${entry.kind} panel's link ${JSON.stringify(msg.link)}: not an https URL.`,
          );
          return;
        }
        this.run('open link', () => this.actions.openExternal(url)); // l10n-ignore: names the action in a log line
        return;
      }
    }
  }

  private run(what: string, action: () => Thenable<void>): void {
    const fail = (err: unknown) =>
      this.log.error(`Panel ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    try {
      action().then(undefined, fail);
    } catch (err) {
      fail(err);
    }
  }

  /** Closes every open panel (their data came from a connection that is no longer the current one). */
  closeAll(): void {
    // Disposing a panel fires its onDidDispose, which removes it from the map.
    for (const entry of [...this.open.values()]) entry.panel.dispose();
  }

  override dispose(): void {
    this.closeAll();
    super.dispose();
  }
}

export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
