/**
 * The webview shell (`WebviewPanels`) against a fake `vscode` module: one panel per (kind, key), the options and HTML
 * it creates, the ready handshake, copy/open by id only, and clean disposal.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import type * as vscode from 'vscode';
import type { PanelActions, PanelTargets, WebviewPanels as WebviewPanelsClass } from '../../src/webview/panelShell';
import type { SnapshotStatesState } from '../../src/imagebuilder/snapshotStatesProtocol';
import type { EksWorkloadsState } from '../../src/inspector/panelProtocol';
import { setFormatLocale } from '../../src/util/format';

type Listener<T> = (e: T) => void;

class FakeEmitter<T> {
  readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

interface FakeUri {
  readonly path: string;
  toString(): string;
}

const fakeUri = (path: string): FakeUri => ({ path, toString: () => `file://${path}` });

class FakePanel {
  title: string;
  iconPath: unknown;
  visible = true;
  disposed = false;
  reveals = 0;
  readonly posted: unknown[] = [];
  readonly messages = new FakeEmitter<unknown>();
  readonly disposeEmitter = new FakeEmitter<void>();
  readonly viewState = new FakeEmitter<{ webviewPanel: FakePanel }>();
  readonly webview = {
    html: '',
    cspSource: 'vscode-webview://fake-csp-source',
    asWebviewUri: (u: FakeUri) => ({ toString: () => `https://webview.test${u.path}` }),
    postMessage: (m: unknown) => {
      this.posted.push(m);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: this.messages.event,
  };
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewState.event;

  constructor(
    readonly viewType: string,
    title: string,
    readonly showOptions: unknown,
    readonly options: {
      enableScripts?: boolean;
      enableCommandUris?: boolean;
      retainContextWhenHidden?: boolean;
      localResourceRoots?: FakeUri[];
    },
  ) {
    this.title = title;
  }
  reveal(): void {
    this.reveals++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
  /** The user hides the panel, or shows it again. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewState.fire({ webviewPanel: this });
  }
}

const created: FakePanel[] = [];
/** `vscode.l10n` as the shell uses it: the bundle of the display language (none in English), and `t`. */
const fakeL10n: { bundle: Record<string, string> | undefined; t(message: string): string } = {
  bundle: undefined,
  t: (message) => fakeL10n.bundle?.[message] ?? message,
};
const fakeVscode = {
  ViewColumn: { Active: -1 },
  env: { language: 'en' },
  l10n: fakeL10n,
  Uri: { joinPath: (base: FakeUri, ...segments: string[]) => fakeUri([base.path, ...segments].join('/')) },
  window: {
    createWebviewPanel: (viewType: string, title: string, show: unknown, options: FakePanel['options']) => {
      const panel = new FakePanel(viewType, title, show, options);
      created.push(panel);
      return panel;
    },
  },
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };

class FakeLog {
  readonly lines: string[] = [];
  warn(line: string): void {
    this.lines.push(`warn ${line}`);
  }
  error(line: string): void {
    this.lines.push(`error ${line}`);
  }
  info(line: string): void {
    this.lines.push(`info ${line}`);
  }
}

class FakeActions implements PanelActions {
  readonly copied: string[] = [];
  readonly opened: string[] = [];
  fail = false;
  copy(text: string): Thenable<void> {
    this.copied.push(text);
    return this.fail ? Promise.reject(new Error('clipboard unavailable')) : Promise.resolve();
  }
  openExternal(url: string): Thenable<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
}

const eksState = (name: string): EksWorkloadsState => ({
  imageLabel: 'repo:tag',
  resourceId: 'arn:aws:ecr:us-east-1:111122223333:repository/repo',
  clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/c',
  clusterName: 'c',
  totals: {},
  namespaces: [],
  workloads: [{ name, type: 'Deployment', namespace: 'ns' }],
  otherDetailCount: 0,
  hasConsoleLink: true,
});

const snapshotState: SnapshotStatesState = {
  lifecycleExecutionId: 'lce-1',
  imageUris: [],
  snapshots: [],
  statusCounts: [],
};

/** The Content-Security-Policy of a page, with the attribute's entities decoded (as the browser does). */
const cspOf = (html: string) =>
  (/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replaceAll('&#39;', "'");

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('WebviewPanels (webview shell)', () => {
  let originalLoad: Load;
  let WebviewPanels: typeof WebviewPanelsClass;
  let log: FakeLog;
  let actions: FakeActions;
  let panels: WebviewPanelsClass;

  before(() => {
    originalLoad = moduleInternals._load;
    moduleInternals._load = function (request, parent, isMain) {
      return request === 'vscode' ? fakeVscode : originalLoad.call(this, request, parent, isMain);
    };
    ({ WebviewPanels } = createRequire(__filename)(
      '../../src/webview/panelShell',
    ) as typeof import('../../src/webview/panelShell'));
  });

  after(() => {
    moduleInternals._load = originalLoad;
  });

  beforeEach(() => {
    created.length = 0;
    log = new FakeLog();
    actions = new FakeActions();
    panels = new WebviewPanels(
      fakeUri('/ext') as unknown as vscode.Uri,
      log as unknown as vscode.LogOutputChannel,
      actions,
    );
  });

  afterEach(() => panels.dispose());

  const show = (key: string, name = 'w', targets: PanelTargets = {}) =>
    panels.show('eksWorkloads', key, `Workloads: ${key}`, eksState(name), targets);

  it('creates a panel with scripts on, command URIs off, no retained context and only dist/ and media/ as roots', () => {
    show('a');
    assert.equal(created.length, 1);
    const [panel] = created;
    assert.equal(panel.viewType, 'imageFootprint.eksWorkloads');
    assert.equal(panel.title, 'Workloads: a');
    assert.equal(panel.options.enableScripts, true);
    assert.equal(panel.options.enableCommandUris, false);
    assert.notEqual(panel.options.retainContextWhenHidden, true);
    assert.deepEqual(
      panel.options.localResourceRoots?.map((u) => u.path),
      ['/ext/dist', '/ext/media'],
    );
  });

  it('gives the tab a light and a dark icon: files in media/ that draw in a fixed colour of their theme', () => {
    show('a');
    const icon = created[0]?.iconPath as { light: FakeUri; dark: FakeUri };
    assert.deepEqual([icon.light.path, icon.dark.path], ['/ext/media/panel-light.svg', '/ext/media/panel-dark.svg']);
    const repo = path.resolve(__dirname, '..', '..');
    const colours = (file: string) =>
      new Set(readFileSync(path.join(repo, file.replace('/ext/', '')), 'utf8').match(/#[0-9a-f]{6}\b/gi));
    const light = colours(icon.light.path);
    const dark = colours(icon.dark.path);
    assert.ok(light.size > 0 && dark.size > 0, 'no currentColor: an icon image cannot inherit the theme colour');
    assert.ok(
      [...light].every((c) => !dark.has(c)),
      'the two themes get different colours',
    );
  });

  it('renders HTML with the CSP, a nonce on the script and the panel bundle, and no state in it', () => {
    show('a', '<img src=x onerror="window.__pwned=1">');
    const html = created[0].webview.html;
    const nonce = /<script nonce="([^"]+)" src="/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 16);
    assert.ok(cspOf(html).includes(`script-src 'nonce-${nonce}'`), 'the script carries the nonce of the CSP');
    assert.match(html, /<script nonce="[^"]+" src="https:\/\/webview\.test\/ext\/dist\/webview\/eksWorkloads\.js">/);
    assert.match(cspOf(html), /style-src vscode-webview:\/\/fake-csp-source;/);
    assert.match(html, /href="https:\/\/webview\.test\/ext\/media\/panel\.css"/);
    assert.ok(!html.includes('onerror'), 'the state is posted, never put in the HTML');
    assert.ok(!html.includes('repo:tag'));
  });

  it('posts the state as soon as the panel is made, after its HTML (VS Code holds it until the page has loaded)', () => {
    let htmlWhenPosted: string | undefined;
    const original = fakeVscode.window.createWebviewPanel;
    fakeVscode.window.createWebviewPanel = (...args) => {
      const panel = original(...args);
      const post = panel.webview.postMessage;
      panel.webview.postMessage = (m: unknown) => {
        htmlWhenPosted ??= panel.webview.html;
        return post(m);
      };
      return panel;
    };
    try {
      show('a', 'one');
    } finally {
      fakeVscode.window.createWebviewPanel = original;
    }
    assert.deepEqual(created[0].posted, [{ type: 'state', kind: 'eksWorkloads', state: eksState('one'), rev: 1 }]);
    assert.ok(htmlWhenPosted?.includes('<script'), 'the page is set before the state is posted to it');
  });

  it('gives every panel a fresh nonce', () => {
    show('a');
    show('b');
    const nonce = (html: string) => /'nonce-([^']+)'/.exec(cspOf(html))?.[1];
    assert.ok(nonce(created[0].webview.html));
    assert.notEqual(nonce(created[0].webview.html), nonce(created[1].webview.html));
  });

  it('reuses the panel of the same (kind, key): updates title and state and reveals it', async () => {
    const first = show('same', 'one');
    created[0].messages.fire({ type: 'ready' });
    const second = panels.show('eksWorkloads', 'same', 'New title', eksState('two'));
    await flush();
    assert.equal(first, second);
    assert.equal(created.length, 1);
    assert.equal(panels.openCount, 1);
    assert.equal(created[0].title, 'New title');
    assert.equal(created[0].reveals, 1);
    assert.deepEqual(created[0].posted, [
      { type: 'state', kind: 'eksWorkloads', state: eksState('one'), rev: 1 },
      { type: 'state', kind: 'eksWorkloads', state: eksState('one'), rev: 1 },
      { type: 'state', kind: 'eksWorkloads', state: eksState('two'), rev: 2 },
    ]);
  });

  it('opens separate panels for other keys and other kinds with the same key', () => {
    show('a');
    show('b');
    panels.show('snapshotStates', 'a', 'Snapshots', snapshotState);
    assert.equal(created.length, 3);
    assert.equal(panels.openCount, 3);
    assert.equal(created[2].viewType, 'imageFootprint.snapshotStates');
  });

  it('posts every update at once, and the latest state again on ready (a hidden page reloads and says ready)', () => {
    show('a', 'one');
    show('a', 'two');
    assert.deepEqual(
      created[0].posted.map((m) => (m as { rev: number }).rev),
      [1, 2],
    );
    created[0].messages.fire({ type: 'ready' });
    assert.deepEqual(created[0].posted.at(-1), { type: 'state', kind: 'eksWorkloads', state: eksState('two'), rev: 2 });

    // Hidden: VS Code discards the page and drops what is posted meanwhile; shown again, the page says ready.
    created[0].setVisible(false);
    show('a', 'three');
    created[0].setVisible(true);
    created[0].messages.fire({ type: 'ready' });
    assert.deepEqual(created[0].posted.at(-1), {
      type: 'state',
      kind: 'eksWorkloads',
      state: eksState('three'),
      rev: 3,
    });
    assert.equal(created.length, 1);
  });

  it("sends the host's locale (VS Code's display language) with the state, for the page's formatter", () => {
    setFormatLocale('de');
    try {
      show('a', 'one');
      assert.deepEqual(created[0].posted, [
        { type: 'state', kind: 'eksWorkloads', state: eksState('one'), rev: 1, locale: 'de' },
      ]);
    } finally {
      setFormatLocale(undefined);
    }
  });

  it("sends VS Code's translation bundle with the state, and says Loading… in the display language", () => {
    const bundle = { 'Workloads in {0}': 'Arbeitslasten in {0}', 'Loading…': 'Wird geladen…' };
    fakeL10n.bundle = bundle;
    fakeVscode.env.language = 'de';
    setFormatLocale('de');
    try {
      show('a', 'one');
      assert.match(created[0].webview.html, /<html lang="de">/);
      assert.match(created[0].webview.html, /Wird geladen…/);
      assert.doesNotMatch(created[0].webview.html, /Arbeitslasten/, 'the bundle is never in the HTML');
      created[0].messages.fire({ type: 'ready' });
      // Posted when the panel is made and again on `ready`, the bundle with it each time.
      const message = {
        type: 'state',
        kind: 'eksWorkloads',
        state: eksState('one'),
        rev: 1,
        locale: 'de',
        l10n: bundle,
      };
      assert.deepEqual(created[0].posted, [message, message]);
    } finally {
      fakeL10n.bundle = undefined;
      fakeVscode.env.language = 'en';
      setFormatLocale(undefined);
    }
  });

  it('copies and opens only the values it holds for the ids the page names', async () => {
    show('a', 'w', {
      copy: { clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/c' },
      links: { console: 'https://console.aws.amazon.com/eks/home#/clusters/c' },
    });
    const page = created[0].messages;
    page.fire({ type: 'copy', target: 'clusterArn' });
    page.fire({ type: 'openLink', link: 'console' });
    page.fire({ type: 'copy', target: 'arn:aws:somethingElse' });
    page.fire({ type: 'openLink', link: 'https://evil.example' });
    page.fire({ type: 'copy', target: 'constructor' });
    page.fire({ type: 'openLink', link: '__proto__' });
    await flush();
    assert.deepEqual(actions.copied, ['arn:aws:eks:us-east-1:111122223333:cluster/c']);
    assert.deepEqual(actions.opened, ['https://console.aws.amazon.com/eks/home#/clusters/c']);
    assert.equal(log.lines.filter((l) => l.startsWith('warn')).length, 4, log.lines.join('\n'));
  });

  it('refuses to open links that are not https (javascript:, command:, http:)', async () => {
    show('a', 'w', {
      links: { js: 'javascript:alert(1)', cmd: 'command:workbench.action.quit', http: 'http://example.com', bad: '::' },
    });
    for (const link of ['js', 'cmd', 'http', 'bad']) created[0].messages.fire({ type: 'openLink', link });
    await flush();
    assert.deepEqual(actions.opened, []);
    assert.equal(log.lines.filter((l) => l.includes('not an https URL')).length, 4);
  });

  it('ignores malformed messages and logs a failing action instead of throwing', async () => {
    show('a', 'w', { copy: { x: 'value' } });
    const page = created[0].messages;
    for (const bad of [
      null,
      'ready',
      42,
      {},
      { type: 'copy' },
      { type: 'copy', target: 7 },
      { type: 'eval', code: '1' },
    ]) {
      assert.doesNotThrow(() => page.fire(bad));
    }
    assert.equal(created[0].posted.length, 1, 'only the state posted on creation: no malformed message answered');
    actions.fail = true;
    page.fire({ type: 'copy', target: 'x' });
    await flush();
    assert.ok(
      log.lines.some((l) => l === 'error Panel copy failed: clipboard unavailable'),
      log.lines.join('\n'),
    );
  });

  it('forgets a closed panel and its listeners; the same key then opens a new panel', () => {
    show('a');
    const panel = created[0];
    panel.dispose();
    assert.equal(panels.openCount, 0);
    assert.equal(panel.messages.listeners.size, 0);
    assert.equal(panel.viewState.listeners.size, 0);
    show('a');
    assert.equal(created.length, 2);
    assert.equal(panels.openCount, 1);
  });

  it('keeps nothing after 100 open/close cycles of each panel kind', () => {
    for (let i = 0; i < 100; i++) {
      panels.show('eksWorkloads', 'k', 't', eksState('w')).dispose();
      panels.show('snapshotStates', 'k', 't', snapshotState).dispose();
    }
    assert.equal(created.length, 200);
    assert.equal(panels.openCount, 0);
    assert.ok(created.every((p) => p.messages.listeners.size === 0 && p.viewState.listeners.size === 0));
  });

  it('disposes every open panel when disposed, and refuses to show afterwards', () => {
    show('a');
    show('b');
    panels.dispose();
    assert.ok(created.every((p) => p.disposed));
    assert.equal(panels.openCount, 0);
    assert.throws(() => show('c'), /disposed/);
  });
});
