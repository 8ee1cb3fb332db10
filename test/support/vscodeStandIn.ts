/**
 * A small stand-in for the `vscode` module, so the extension's real tree, hover, lookup and panel code runs in plain
 * Node for the benchmarks (see BENCHMARKS.md) and the unit tests of the tree (test/unit/treeNodes.test.ts). Only what
 * our code constructs or calls is here.
 *
 * The classes our code builds in hot paths (TreeItem, MarkdownString, ThemeIcon, ThemeColor, EventEmitter) do what
 * VS Code's own do at the same cost: `MarkdownString.appendText` escapes exactly as VS Code 1.100's
 * `base/common/htmlContent.ts` does (three regex passes), so the figures do not flatter our code. Window and command
 * functions are inert (they record what was asked). A namespace member that is missing throws a clear error naming it
 * instead of "undefined is not a function".
 */

// ---------------------------------------------------------------------------------------------- plain classes

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

/** Read at load by the lifecycle problems (its severity table). */
export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

/** Read at load by the lifecycle problems (the kinds of its quick fixes). */
export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  constructor(readonly value: string) {}
}

export enum LogLevel {
  Off = 0,
  Trace = 1,
  Debug = 2,
  Info = 3,
  Warning = 4,
  Error = 5,
}

export class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const i of items) i.dispose();
    });
  }
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose(): void {
    this.callOnDispose();
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

/** VS Code's `escapeMarkdownSyntaxTokens` (base/common/htmlContent.ts). */
function escapeMarkdownSyntaxTokens(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-!~]/g, '\\$&');
}

/** VS Code's `escapeIcons` (base/common/iconLabels.ts): `$(name)` becomes `\$(name)`. */
function escapeIcons(text: string): string {
  return text.replace(/(\\)?\$\((\\)?[A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/gi, (match, escaped) =>
    escaped ? match : `\\${match}`,
  );
}

export class MarkdownString {
  value: string;
  isTrusted?: boolean | { readonly enabledCommands: readonly string[] };
  supportThemeIcons?: boolean;
  supportHtml?: boolean;
  baseUri?: Uri;

  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
  }

  /** As VS Code's MarkdownString.appendText with the default newline style. */
  appendText(value: string): MarkdownString {
    this.value += escapeMarkdownSyntaxTokens(this.supportThemeIcons ? escapeIcons(value) : value)
      .replace(/([ \t]+)/g, (_m, g1: string) => '&nbsp;'.repeat(g1.length))
      .replace(/>/gm, '\\>')
      .replace(/\n/g, '\n\n');
    return this;
  }

  appendMarkdown(value: string): MarkdownString {
    this.value += value;
    return this;
  }

  appendCodeblock(code: string, language = ''): MarkdownString {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', '', path, '', '');
  }
  static parse(value: string): Uri {
    const u = new URL(value);
    return new Uri(u.protocol.replace(/:$/, ''), u.host, u.pathname, u.search.replace(/^\?/, ''), u.hash);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    const path = [base.path.replace(/\/$/, ''), ...segments].join('/');
    return new Uri(base.scheme, base.authority, path, base.query, base.fragment);
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; path?: string; query?: string }): Uri {
    return new Uri(
      change.scheme ?? this.scheme,
      this.authority,
      change.path ?? this.path,
      change.query ?? this.query,
      this.fragment,
    );
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

export class RelativePattern {
  constructor(
    readonly baseUri: Uri,
    readonly pattern: string,
  ) {}
}

export class TreeItem {
  // `declare`: no field is set until a caller sets it, as in VS Code's own TreeItem (extHostTypes.ts, compiled without
  // define semantics): an item has the properties its provider gave it, not ten of them set to undefined.
  declare label?: string | { label: string };
  declare resourceUri?: Uri;
  declare id?: string;
  declare description?: string | boolean;
  declare tooltip?: string | MarkdownString;
  declare iconPath?: ThemeIcon | Uri;
  declare contextValue?: string;
  declare command?: { command: string; title: string; arguments?: unknown[] };
  declare accessibilityInformation?: { label: string; role?: string };
  declare collapsibleState?: TreeItemCollapsibleState;

  constructor(labelOrUri: string | { label: string } | Uri, collapsibleState = TreeItemCollapsibleState.None) {
    if (labelOrUri instanceof Uri) this.resourceUri = labelOrUri;
    else this.label = labelOrUri;
    this.collapsibleState = collapsibleState;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

export class Hover {
  readonly contents: MarkdownString[];
  constructor(
    contents: MarkdownString | MarkdownString[],
    readonly range?: Range,
  ) {
    this.contents = Array.isArray(contents) ? contents : [contents];
  }
}

export class CodeLens {
  constructor(
    readonly range: Range,
    public command?: { command: string; title: string; arguments?: unknown[] },
  ) {}
}

type Listener<T> = (e: T) => unknown;

/** Like VS Code's Emitter: listeners in a list, `event` subscribes and returns a disposable. */
export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  private disposed = false;
  readonly event = (listener: Listener<T>, thisArgs?: unknown, disposables?: { dispose(): unknown }[]) => {
    const bound: Listener<T> = thisArgs ? listener.bind(thisArgs) : listener;
    if (!this.disposed) this.listeners.push(bound);
    const d = new Disposable(() => {
      this.listeners = this.listeners.filter((l) => l !== bound);
    });
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  get listenerCount(): number {
    return this.listeners.length;
  }
  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}

export class CancellationTokenSource {
  private readonly emitter = new EventEmitter<void>();
  private cancelled = false;
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

// ---------------------------------------------------------------------------------------------- what is recorded

/** Settings the stand-in's `workspace.getConfiguration('imageFootprint')` answers with. Set by the benchmark. */
export const standIn = {
  settings: {} as Record<string, unknown>,
  /** The options of every `window.withProgress` call, in order. */
  progressShown: [] as unknown[],
  registeredCommands: new Map<string, (...args: unknown[]) => unknown>(),
  treeViews: 0,
  openPanels: new Set<FakeWebviewPanel>(),
  messagesShown: [] as string[],
  /** Info lines of every log channel, when `recordLog` is set (the activation benchmark reads the layer's load time). */
  recordLog: false,
  logLines: [] as string[],
};

class FakeWebview {
  html = '';
  readonly cspSource = 'vscode-webview://bench';
  readonly options: unknown;
  private readonly messages = new EventEmitter<unknown>();
  readonly onDidReceiveMessage = this.messages.event;
  readonly posted: unknown[] = [];
  constructor(options: unknown) {
    this.options = options;
  }
  asWebviewUri(uri: Uri): Uri {
    return uri.with({ scheme: 'https' });
  }
  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(message);
    return Promise.resolve(true);
  }
  /** The page sends a message (the benchmark plays the webview's part). */
  receive(message: unknown): void {
    this.messages.fire(message);
  }
  dispose(): void {
    this.messages.dispose();
  }
}

export class FakeWebviewPanel {
  readonly webview: FakeWebview;
  iconPath: unknown;
  visible = true;
  private disposed = false;
  private readonly disposeEmitter = new EventEmitter<void>();
  private readonly viewStateEmitter = new EventEmitter<{ webviewPanel: FakeWebviewPanel }>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewStateEmitter.event;
  constructor(
    readonly viewType: string,
    public title: string,
    options: unknown,
  ) {
    this.webview = new FakeWebview(options);
    standIn.openPanels.add(this);
  }
  reveal(): void {}
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    standIn.openPanels.delete(this);
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.viewStateEmitter.dispose();
    this.webview.dispose();
  }
}

// ---------------------------------------------------------------------------------------------- namespaces

/** Turns a missing member into an error that names it. */
/**
 * The namespace as it is, with a prototype that throws on any other name: a member the stand-in lacks fails loudly,
 * and a member it has is an ordinary property read (VS Code's own API objects are plain objects; a Proxy around the
 * whole namespace put a trap into every `vscode.l10n.t` and `vscode.window` of the code measured).
 */
function strict<T extends object>(name: string, target: T): T {
  const missing = new Proxy(Object.create(null) as object, {
    get(_, prop) {
      if (typeof prop === 'string' && prop !== 'then' && prop !== '__esModule') {
        throw new Error(
          `The benchmark's vscode stand-in has no ${name}.${prop}: add it to test/support/vscodeStandIn.ts.`,
        );
      }
      return undefined;
    },
  });
  return Object.setPrototypeOf(target, missing) as T;
}

const noop = (): void => undefined;
const noopDisposable = (): Disposable => new Disposable(noop);

function logChannel(name: string) {
  return {
    name,
    logLevel: LogLevel.Info,
    onDidChangeLogLevel: new EventEmitter<LogLevel>().event,
    trace: noop,
    debug: noop,
    info: (line: string) => {
      if (standIn.recordLog) standIn.logLines.push(line);
    },
    warn: noop,
    error: noop,
    append: noop,
    appendLine: noop,
    replace: noop,
    clear: noop,
    show: noop,
    hide: noop,
    dispose: noop,
  };
}

export const window = strict('window', {
  createOutputChannel: (name: string) => logChannel(name),
  createTreeView: (_id: string, options: { treeDataProvider: unknown }) => {
    standIn.treeViews++;
    return {
      ...options,
      visible: true,
      selection: [],
      reveal: () => Promise.resolve(),
      onDidChangeVisibility: new EventEmitter<unknown>().event,
      onDidExpandElement: new EventEmitter<unknown>().event,
      onDidCollapseElement: new EventEmitter<unknown>().event,
      onDidChangeSelection: new EventEmitter<unknown>().event,
      dispose: () => {
        standIn.treeViews--;
      },
    };
  },
  createStatusBarItem: () => ({ text: '', show: noop, hide: noop, dispose: noop }),
  createWebviewPanel: (viewType: string, title: string, _show: unknown, options: unknown) =>
    new FakeWebviewPanel(viewType, title, options),
  createTerminal: () => ({ show: noop, sendText: noop, dispose: noop }),
  createQuickPick: () => {
    throw new Error('The benchmarks never open a quick pick.');
  },
  showInformationMessage: (message: string) => {
    standIn.messagesShown.push(message);
    return Promise.resolve(undefined);
  },
  showWarningMessage: (message: string) => {
    standIn.messagesShown.push(message);
    return Promise.resolve(undefined);
  },
  showErrorMessage: (message: string) => {
    standIn.messagesShown.push(message);
    return Promise.resolve(undefined);
  },
  showQuickPick: () => Promise.resolve(undefined),
  showInputBox: () => Promise.resolve(undefined),
  withProgress: <R>(options: unknown, task: (progress: { report: () => void }, token: unknown) => PromiseLike<R>) => {
    standIn.progressShown.push(options);
    return Promise.resolve(task({ report: noop }, new CancellationTokenSource().token));
  },
  registerWebviewPanelSerializer: noopDisposable,
  onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
  activeTextEditor: undefined,
});

export const commands = strict('commands', {
  registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
    if (standIn.registeredCommands.has(id)) throw new Error(`command '${id}' already exists`);
    standIn.registeredCommands.set(id, handler);
    return new Disposable(() => standIn.registeredCommands.delete(id));
  },
  executeCommand: (id: string, ...args: unknown[]) => {
    const handler = standIn.registeredCommands.get(id);
    return Promise.resolve(handler ? handler(...args) : undefined);
  },
  getCommands: () => Promise.resolve([...standIn.registeredCommands.keys()]),
});

const configurationEmitter = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

export const workspace = strict('workspace', {
  getConfiguration: (section?: string) => {
    const prefix = section ? `${section}.` : '';
    return {
      get: <T>(key: string, fallback?: T): T | undefined =>
        (standIn.settings[`${prefix}${key}`] as T | undefined) ?? fallback,
      has: (key: string) => `${prefix}${key}` in standIn.settings,
      inspect: (key: string) => ({ key: `${prefix}${key}`, globalValue: standIn.settings[`${prefix}${key}`] }),
      update: (key: string, value: unknown) => {
        standIn.settings[`${prefix}${key}`] = value;
        configurationEmitter.fire({ affectsConfiguration: (s: string) => `${prefix}${key}`.startsWith(s) });
        return Promise.resolve();
      },
    };
  },
  onDidChangeConfiguration: configurationEmitter.event,
  onDidGrantWorkspaceTrust: new EventEmitter<void>().event,
  isTrusted: true,
  onDidCloseTextDocument: new EventEmitter<unknown>().event,
  onDidOpenTextDocument: new EventEmitter<unknown>().event,
  textDocuments: [],
  getWorkspaceFolder: () => undefined,
  asRelativePath: (pathOrUri: unknown) => String(pathOrUri),
  onDidChangeTextDocument: new EventEmitter<unknown>().event,
  workspaceFolders: undefined,
  // The status bar watches the AWS config and credentials files and the Workspace Images index watches the
  // workspace; nothing changes either during a benchmark (and there is no workspace folder: nothing is found).
  createFileSystemWatcher: () => ({
    onDidCreate: new EventEmitter<unknown>().event,
    onDidChange: new EventEmitter<unknown>().event,
    onDidDelete: new EventEmitter<unknown>().event,
    dispose: noop,
  }),
  findFiles: () => Promise.resolve([]),
});

export const languages = strict('languages', {
  registerHoverProvider: noopDisposable,
  registerCodeLensProvider: noopDisposable,
  registerCodeActionsProvider: noopDisposable,
  // The lifecycle problems' collection: nothing is reported during a benchmark (no consent, no workspace).
  createDiagnosticCollection: (name: string) => ({
    name,
    set: noop,
    delete: noop,
    clear: noop,
    forEach: noop,
    get: () => undefined,
    has: () => false,
    dispose: noop,
  }),
  match: () => 0,
});

export const env = strict('env', {
  clipboard: { writeText: () => Promise.resolve(), readText: () => Promise.resolve('') },
  openExternal: () => Promise.resolve(true),
  appName: 'Benchmark stand-in',
  language: 'en',
  uiKind: 1,
});

export const extensions = strict('extensions', {
  getExtension: () => undefined,
});

export const version = '1.100.0-bench';

// ---------------------------------------------------------------------------------------------- l10n

/**
 * `vscode.l10n` as VS Code implements it for an extension: the message is looked up in the loaded bundle (the
 * English text is the key), then `{0}`/`{name}` placeholders are filled. `l10nBundle.contents` is the bundle in
 * force; tests load a pseudo-locale bundle into it (test/unit/l10nPseudo.test.ts) and clear it afterwards.
 */
export const l10nBundle: { contents: Record<string, string | { message: string }> | undefined } = {
  contents: undefined,
};

type L10nArg = string | number | boolean;

function formatMessage(template: string, args: readonly L10nArg[] | Record<string, unknown>): string {
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const value = Array.isArray(args) ? args[Number(name)] : (args as Record<string, unknown>)[name];
    return value === undefined ? whole : String(value);
  });
}

export const l10n = strict('l10n', {
  t(
    first:
      | string
      | { message: string; args?: readonly L10nArg[] | Record<string, unknown>; comment?: string | readonly string[] },
    ...rest: (L10nArg | Record<string, unknown>)[]
  ): string {
    const message = typeof first === 'string' ? first : first.message;
    const args =
      typeof first !== 'string'
        ? (first.args ?? [])
        : rest.length === 1 && typeof rest[0] === 'object'
          ? (rest[0] as Record<string, unknown>)
          : (rest as L10nArg[]);
    // A message with a comment is keyed `message/comment` in the bundle, as VS Code and @vscode/l10n look it up.
    const comment = typeof first === 'string' ? undefined : first.comment;
    const key = comment?.length ? `${message}/${Array.isArray(comment) ? comment.join('') : comment}` : message;
    const entry = l10nBundle.contents?.[key];
    const template = entry === undefined ? message : typeof entry === 'string' ? entry : entry.message;
    return formatMessage(template, args);
  },
  bundle: undefined,
  uri: undefined,
});
