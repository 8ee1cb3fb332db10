/**
 * Profile and region: the status bar item that shows the current pair (and turns to "Sign in" when a request met an
 * expired or invalid session), the one menu it opens (switch profile, switch region, sign in, show log), and the two
 * pickers. Profiles and regions come from the SDK's own loader and partition table (src/aws/sdk/sharedConfig.ts),
 * so what is shown is what requests use. Switching writes the setting; AwsSession sees the change and every view
 * starts over.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeEndpointOverrides, type EndpointOverrideDescription } from '../aws/endpoints';
import type { AwsProfile } from '../aws/profiles';
import { effectiveProfileName, isUsableProfileName } from '../aws/profiles';
import type { AwsSession, RegionSource } from '../aws/session';
import { isRegionName } from '../settings';
import type { SettingsStore } from '../settingsStore';
import { escapeMarkdown, notificationText, plainLabel } from '../util/escape';
import { Disposable } from '../util/disposable';
import { pickRegion } from './regionPicker';

/** How a profile gets credentials, in the profile picker (read when shown: l10n is configured at activation). */
const kindLabel = (): Record<AwsProfile['kind'], string | undefined> => ({
  sso: 'SSO',
  static: vscode.l10n.t('access keys'),
  process: 'credential_process',
  assumeRole: vscode.l10n.t('assume role'),
  webIdentity: vscode.l10n.t('web identity'),
  other: undefined,
});

/** Marks the profile or region in use now, in the pickers. */
const currentText = (): string => vscode.l10n.t('current');

/** What the status bar shows: everything it depends on, gathered in one value. */
export interface StatusBarState {
  /** The selected profile; undefined = the default chain. */
  readonly profile?: string;
  /** The profile the default chain uses (AWS_PROFILE or `default`), when none is selected. */
  readonly effectiveProfile: string;
  readonly region?: string;
  readonly regionSource: RegionSource;
  /** Set after a request met an expired or invalid session, until a sign-in or a switch. */
  readonly sessionProblem?: string;
  /** Active endpoint overrides (user settings or environment), when any. */
  readonly overrides?: EndpointOverrideDescription;
}

export interface StatusBarView {
  readonly text: string;
  readonly tooltip: vscode.MarkdownString;
  readonly backgroundColor?: vscode.ThemeColor;
  readonly accessibilityInformation: vscode.AccessibilityInformation;
}

const sourceText = (): Record<RegionSource, string> => ({
  setting: vscode.l10n.t('from the imageFootprint.region setting'),
  profile: vscode.l10n.t('from the profile'),
  environment: vscode.l10n.t('from AWS_REGION / AWS_DEFAULT_REGION'),
  none: vscode.l10n.t('not set'),
});

/** The one place that decides how the status bar looks. Profile names are data: never an icon, never a link. */
export function renderStatusBar(state: StatusBarState): StatusBarView {
  const name = plainLabel(state.profile ?? state.effectiveProfile, 100);
  const profile = state.profile === undefined ? vscode.l10n.t('{0} (default chain)', name) : name;
  const region = state.region ?? vscode.l10n.t('no region');
  const tooltip = new vscode.MarkdownString('', true);
  const line = (text: string): void => void tooltip.appendMarkdown(`${escapeMarkdown(text)}\n\n`);
  tooltip.appendMarkdown(`${vscode.l10n.t('**Image Footprint** AWS connection')}\n\n`);
  line(
    vscode.l10n.t(
      'Profile: {0}',
      state.profile ?? vscode.l10n.t('default credential chain ({0})', state.effectiveProfile),
    ),
  );
  line(
    state.region
      ? vscode.l10n.t('Region: {0} ({1})', state.region, sourceText()[state.regionSource])
      : vscode.l10n.t('Region: {0}', vscode.l10n.t('not set')),
  );
  // An endpoint override (user settings or environment) is never silent: warning colour, hosts in the tooltip.
  if (state.overrides) {
    const [heading, ...lines] = state.overrides.tooltipLines.map(escapeMarkdown);
    tooltip.appendMarkdown(`**${heading}**\n\n${lines.join('\n\n')}\n\n`);
  }
  if (state.sessionProblem) {
    tooltip.appendMarkdown('$(warning) ');
    line(state.sessionProblem);
    tooltip.appendMarkdown(vscode.l10n.t('Click to sign in, switch profile or region, or show the log.'));
    return {
      text: `$(warning) ${vscode.l10n.t('{0}: Sign in', name)}`,
      tooltip,
      backgroundColor: new vscode.ThemeColor('statusBarItem.errorBackground'),
      accessibilityInformation: { label: vscode.l10n.t('AWS session of {0} expired or invalid: sign in', profile) },
    };
  }
  tooltip.appendMarkdown(vscode.l10n.t('Click to switch profile or region, sign in, or show the log.'));
  return {
    text: `$(cloud) ${name} · ${region}${state.overrides?.statusText ?? ''}`,
    tooltip,
    backgroundColor: state.overrides ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined,
    accessibilityInformation: {
      label: state.overrides
        ? vscode.l10n.t('AWS profile {0}, region {1}, endpoint override active', profile, region)
        : vscode.l10n.t('AWS profile {0}, region {1}', profile, region),
    },
  };
}

export type MenuItem = vscode.QuickPickItem & { readonly command: string; readonly args?: unknown[] };

export class ConnectionUi extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private updates = 0;
  /** The last state shown, for tests and the menu. */
  private shown: StatusBarState | undefined;

  constructor(
    private readonly session: AwsSession,
    private readonly settings: SettingsStore,
    private readonly log: vscode.LogOutputChannel,
    /** Whether the AWS CLI is installed: the menu then offers `aws sso login` in a terminal too. */
    private readonly hasAwsCli: () => Promise<boolean> = () => Promise.resolve(false),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super();
    this.item = this._register(
      vscode.window.createStatusBarItem('imageFootprint.connection', vscode.StatusBarAlignment.Left, 10),
    );
    this.item.name = vscode.l10n.t('Image Footprint: AWS profile and region');
    this.item.command = 'imageFootprint.connectionMenu';
    this._register(settings.onDidChange(() => void this.update()));
    this._register(session.onDidChangeSignInState(() => void this.update()));
    this.watchSharedFiles();
    // Activation loads no AWS code. When the region comes from the setting or AWS_REGION, no file is read at all;
    // otherwise the profile's region is read right after activation (dist/awsConfig.js: the SDK's config loader, no
    // client, no request).
    const region = settings.current.region ?? (env.AWS_REGION || undefined);
    this.show({
      profile: settings.current.profile,
      effectiveProfile: effectiveProfileName(settings.current.profile, env),
      region,
      regionSource: settings.current.region ? 'setting' : region ? 'environment' : 'none',
    });
    if (!region) {
      const timer = setTimeout(() => void this.update(), 0);
      this._register({ dispose: () => clearTimeout(timer) });
    }
    this.item.show();
  }

  /** An edit of the config or credentials file (a region, a new profile) shows at once. */
  private watchSharedFiles(): void {
    const home = this.env.HOME || this.env.USERPROFILE || os.homedir();
    const files = [
      this.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
      this.env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
    ].map((f) => (f.startsWith('~/') ? path.join(home, f.slice(2)) : f));
    for (const file of files) {
      const watcher = this._register(
        vscode.workspace.createFileSystemWatcher(
          new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
        ),
      );
      const changed = (): void => {
        this.session.reloadProfiles();
        void this.update();
      };
      watcher.onDidChange(changed);
      watcher.onDidCreate(changed);
      watcher.onDidDelete(changed);
    }
  }

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('imageFootprint.selectProfile', (arg?: unknown) => this.selectProfile(arg)),
      vscode.commands.registerCommand('imageFootprint.selectRegion', (arg?: unknown) => this.selectRegion(arg)),
      vscode.commands.registerCommand('imageFootprint.connectionMenu', () => this.menu()),
      vscode.commands.registerCommand('imageFootprint.showLog', () => this.log.show(true)),
    ];
  }

  /** The state the status bar shows now (integration tests read it). */
  get state(): StatusBarState | undefined {
    return this.shown;
  }

  get statusBarItem(): Pick<vscode.StatusBarItem, 'text' | 'tooltip' | 'backgroundColor' | 'command'> {
    return this.item;
  }

  private show(state: StatusBarState): void {
    const view = renderStatusBar(state);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.backgroundColor;
    this.item.accessibilityInformation = view.accessibilityInformation;
    this.shown = state;
  }

  /** Reads the profile and region again and redraws; a late answer of an older update is dropped. */
  async update(): Promise<void> {
    const generation = ++this.updates;
    const selected = this.settings.current.profile;
    let region: { region?: string; source: RegionSource } = { source: 'none' };
    try {
      region = await this.session.regionWithSource();
    } catch (err) {
      this.log.warn(`Status bar: the AWS configuration could not be read: ${String(err)}`);
    }
    if (generation !== this.updates) return;
    this.show({
      profile: selected,
      effectiveProfile: effectiveProfileName(selected, this.env),
      region: region.region,
      regionSource: region.source,
      sessionProblem: this.session.sessionProblemError?.message,
      overrides: describeEndpointOverrides(this.session.endpointOverrides()),
    });
  }

  /** The menu behind the status bar item. */
  async menu(): Promise<void> {
    const items = await this.menuItems();
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Image Footprint: AWS Connection'),
    });
    if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
  }

  /** The entries of the menu: Sign In comes first when the session is gone. */
  async menuItems(): Promise<MenuItem[]> {
    const state = this.shown;
    const sso = (await this.session.currentProfile())?.sso !== undefined;
    const terminal: MenuItem[] =
      sso && (await this.hasAwsCli())
        ? [
            {
              label: `$(terminal) ${vscode.l10n.t('Sign In with the AWS CLI')}`,
              // l10n-ignore: a shell command
              description: vscode.l10n.t('{0}, in a terminal', 'aws sso login'),
              command: 'imageFootprint.signIn',
              args: [{ terminal: true }],
            },
          ]
        : [];
    const items: MenuItem[] = [
      ...(state?.sessionProblem
        ? [
            {
              label: `$(sign-in) ${vscode.l10n.t('Sign In…')}`,
              description: state.sessionProblem,
              command: 'imageFootprint.signIn',
            },
          ]
        : []),
      {
        label: `$(account) ${vscode.l10n.t('Switch Profile…')}`,
        description: state?.profile ?? vscode.l10n.t('default chain ({0})', state?.effectiveProfile ?? 'default'),
        command: 'imageFootprint.selectProfile',
      },
      {
        label: `$(globe) ${vscode.l10n.t('Switch Region…')}`,
        description: state?.region ?? vscode.l10n.t('no region'),
        command: 'imageFootprint.selectRegion',
      },
      ...(state?.sessionProblem
        ? []
        : [
            {
              label: `$(sign-in) ${vscode.l10n.t('Sign In…')}`,
              // l10n-ignore: an AWS product name
              description: sso ? 'IAM Identity Center' : undefined,
              command: 'imageFootprint.signIn',
            },
          ]),
      ...terminal,
      { label: `$(output) ${vscode.l10n.t('Show Log')}`, command: 'imageFootprint.showLog' },
    ];
    return items;
  }

  /** `arg`: a profile name, or '' for the default chain. */
  async selectProfile(arg?: unknown): Promise<void> {
    let profile: string | undefined;
    if (typeof arg === 'string') {
      profile = arg.trim();
    } else {
      this.session.reloadProfiles();
      const { profiles, problems } = await this.session.profiles();
      for (const p of problems) void vscode.window.showWarningMessage(notificationText(p));
      const current = this.settings.current.profile;
      const items: (vscode.QuickPickItem & { value: string })[] = [
        {
          label: vscode.l10n.t('Default credential chain'),
          description: current === undefined ? currentText() : undefined,
          detail: vscode.l10n.t('Environment variables, AWS_PROFILE, SSO, instance or container roles'),
          value: '',
        },
        ...profiles.map((p) => ({
          label: plainLabel(p.name),
          description: plainLabel(
            [p.name === current ? currentText() : undefined, p.region, kindLabel()[p.kind], p.mfa ? 'MFA' : undefined]
              .filter(Boolean)
              .join(' · '),
          ),
          value: p.name,
        })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Select AWS Profile'),
        placeHolder:
          profiles.length === 0
            ? vscode.l10n.t('No profiles found in ~/.aws/config or ~/.aws/credentials')
            : vscode.l10n.t('Profile for Image Footprint'),
        matchOnDescription: true,
      });
      if (!picked) return;
      profile = picked.value;
    }
    if (profile !== '' && !isUsableProfileName(profile)) {
      void vscode.window.showErrorMessage(notificationText(vscode.l10n.t('"{0}" is not a profile name.', profile)));
      return;
    }
    await this.settings.update('profile', profile || undefined);
  }

  /** `arg`: a region name, or '' for "from the profile or environment". */
  async selectRegion(arg?: unknown): Promise<void> {
    let region: string | undefined;
    if (typeof arg === 'string') {
      region = arg.trim();
    } else {
      region = await pickRegion(this.session, this.settings.current.region);
      if (region === undefined) return;
    }
    if (region !== '' && !isRegionName(region)) {
      void vscode.window.showErrorMessage(
        notificationText(vscode.l10n.t('"{0}" is not a region name such as us-east-1.', region)),
      );
      return;
    }
    await this.settings.update('region', region || undefined);
  }
}
