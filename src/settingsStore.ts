/**
 * Reads the settings through `normalizeSettings`, keeps the current value, and warns once per distinct problem.
 *
 * Trust: settings that choose where requests go or with which identity (`RESTRICTED_SETTINGS`) take only the user's
 * own value (user settings, else the default) while the workspace is not trusted; `USER_ONLY_SETTINGS` (the
 * endpoints) take only the user's value always. VS Code already drops those workspace values (restrictedConfigurations,
 * application scope); reading them with `inspect()` here makes it hold whatever the editor does.
 */
import * as vscode from 'vscode';
import { Disposable } from './util/disposable';
import {
  normalizeSettings,
  RESTRICTED_SETTINGS,
  SETTINGS_SECTION,
  USER_ONLY_SETTINGS,
  type Settings,
  type SettingsProblem,
} from './settings';

const restricted: ReadonlySet<string> = new Set(RESTRICTED_SETTINGS);
const userOnly: ReadonlySet<string> = new Set(USER_ONLY_SETTINGS);

export class SettingsStore extends Disposable {
  private _current: Settings;
  private readonly warned = new Set<string>();
  private readonly emitter = this._register(new vscode.EventEmitter<Settings>());
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly warn: (problem: SettingsProblem) => void,
    private readonly workspace: Pick<typeof vscode.workspace, 'getConfiguration' | 'isTrusted'> = vscode.workspace,
  ) {
    super();
    this._current = this.read();
    const reread = (): void => {
      this._current = this.read();
      this.emitter.fire(this._current);
    };
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) reread();
      }),
    );
    // Granting trust lets the workspace's own values count from now on.
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(reread));
  }

  get current(): Settings {
    return this._current;
  }

  /** The value of `key` that counts, given trust and scope. */
  private value(c: vscode.WorkspaceConfiguration, key: string, ignored: string[]): unknown {
    const userValueOnly = userOnly.has(key) || (restricted.has(key) && !this.workspace.isTrusted);
    if (!userValueOnly) return c.get<unknown>(key);
    const inspected = c.inspect<unknown>(key);
    if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) ignored.push(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  }

  private read(): Settings {
    const c = this.workspace.getConfiguration(SETTINGS_SECTION);
    const ignored: string[] = [];
    const { settings, problems } = normalizeSettings({
      profile: this.value(c, 'profile', ignored),
      region: this.value(c, 'region', ignored),
      endpoints: this.value(c, 'endpoints', ignored),
      pageSizeClusters: this.value(c, 'pageSize.clusters', ignored),
      pageSizeLifecycleResources: this.value(c, 'pageSize.lifecycleResources', ignored),
      requestTimeoutSeconds: this.value(c, 'requestTimeoutSeconds', ignored),
      dockerfileCodeLens: this.value(c, 'dockerfile.codeLens', ignored),
      referencesCodeLens: this.value(c, 'references.codeLens', ignored),
    });
    // Only the endpoints are worth a notification: a workspace that tries to redirect signed requests. The others are
    // ordinary per-project settings that simply wait for trust.
    if (ignored.includes('endpoints')) {
      problems.push({
        setting: `${SETTINGS_SECTION}.endpoints`,
        message: vscode.l10n.t(
          'This workspace sets {0}; it is ignored: only your user settings can send requests elsewhere than AWS.',
          'imageFootprint.endpoints',
        ),
      });
    }
    for (const p of problems) {
      if (this.warned.has(p.message)) continue;
      this.warned.add(p.message);
      this.warn(p);
    }
    return settings;
  }

  /**
   * Writes a setting at the workspace level if the workspace already overrides it (and is trusted, so that value
   * counts), else for the user.
   */
  async update(key: 'profile' | 'region', value: string | undefined): Promise<void> {
    const c = this.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = c.inspect(key);
    const trusted = this.workspace.isTrusted;
    const target =
      trusted && inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : trusted && inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await c.update(key, value ?? '', target);
  }
}
