/** Reads the settings through `normalizeSettings`, keeps the current value, and warns once per distinct problem. */
import * as vscode from 'vscode';
import { Disposable } from './util/disposable';
import { normalizeSettings, SETTINGS_SECTION, type Settings, type SettingsProblem } from './settings';

export class SettingsStore extends Disposable {
  private _current: Settings;
  private readonly warned = new Set<string>();
  private readonly emitter = this._register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.emitter.event;

  constructor(private readonly warn: (problem: SettingsProblem) => void) {
    super();
    this._current = this.read();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        this._current = this.read();
        this.emitter.fire(this._current);
      }),
    );
  }

  get current(): Settings {
    return this._current;
  }

  private read(): Settings {
    const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const { settings, problems } = normalizeSettings({
      profile: c.get<unknown>('profile'),
      region: c.get<unknown>('region'),
      endpoints: c.get<unknown>('endpoints'),
      pageSizeClusters: c.get<unknown>('pageSize.clusters'),
      pageSizeLifecycleResources: c.get<unknown>('pageSize.lifecycleResources'),
      requestTimeoutSeconds: c.get<unknown>('requestTimeoutSeconds'),
      dockerfileCodeLens: c.get<unknown>('dockerfile.codeLens'),
      referencesCodeLens: c.get<unknown>('references.codeLens'),
    });
    for (const p of problems) {
      if (this.warned.has(p.message)) continue;
      this.warned.add(p.message);
      this.warn(p);
    }
    return settings;
  }

  /** Writes a setting at the workspace level if the workspace already overrides it, else for the user. */
  async update(key: 'profile' | 'region', value: string | undefined): Promise<void> {
    const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = c.inspect(key);
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await c.update(key, value ?? '', target);
  }
}
