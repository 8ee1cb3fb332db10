/**
 * Profile and region: the two pickers and the status bar item that shows the current pair and switches it.
 * Switching writes the setting; AwsSession sees the change and every view starts over.
 */
import * as vscode from 'vscode';
import { describeEndpointOverrides } from '../aws/endpoints';
import type { AwsSession } from '../aws/session';
import { isRegionName } from '../settings';
import type { SettingsStore } from '../settingsStore';
import { escapeMarkdown, notificationText, plainLabel } from '../util/escape';
import { Disposable } from '../util/disposable';

const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
];

const DEFAULT_CHAIN = 'Default credential chain';

export class ConnectionUi extends Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(
    private readonly session: AwsSession,
    private readonly settings: SettingsStore,
  ) {
    super();
    this.item = this._register(
      vscode.window.createStatusBarItem('imageFootprint.connection', vscode.StatusBarAlignment.Left, 10),
    );
    this.item.name = 'Image Footprint: AWS profile and region';
    this.item.command = 'imageFootprint.selectProfile';
    this._register(settings.onDidChange(() => void this.update()));
    void this.update();
    this.item.show();
  }

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand('imageFootprint.selectProfile', (arg?: unknown) => this.selectProfile(arg)),
      vscode.commands.registerCommand('imageFootprint.selectRegion', (arg?: unknown) => this.selectRegion(arg)),
    ];
  }

  private async update(): Promise<void> {
    const profile = this.settings.current.profile ?? 'default chain';
    let region: string | undefined;
    try {
      region = await this.session.defaultRegion();
    } catch {
      region = undefined;
    }
    // Status bar text draws `$(icon)` and its Markdown tooltip links URLs: a profile name is data for both.
    this.item.text = `$(cloud) ${plainLabel(profile, 100)} · ${region ?? 'no region'}`;
    this.item.tooltip = new vscode.MarkdownString()
      .appendMarkdown('**Image Footprint** AWS connection\n\n')
      .appendMarkdown(escapeMarkdown(`Profile: ${this.settings.current.profile ?? 'default credential chain'}`))
      .appendMarkdown('\n\n')
      .appendMarkdown(
        escapeMarkdown(
          `Region: ${region ?? 'not set'}${this.settings.current.region ? '' : ' (from profile or environment)'}`,
        ),
      )
      .appendMarkdown('\n\nClick to switch profile.');
    // An endpoint override (user settings or environment) is never silent: warning colour, hosts in the tooltip.
    const overrides = describeEndpointOverrides(this.session.endpointOverrides());
    this.item.backgroundColor = overrides ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (overrides) {
      this.item.text += overrides.statusText;
      const [heading, ...lines] = overrides.tooltipLines.map(escapeMarkdown);
      this.item.tooltip.appendMarkdown(`\n\n**${heading}**\n\n${lines.join('\n\n')}`);
    }
  }

  /** `arg`: a profile name, or '' for the default chain. */
  async selectProfile(arg?: unknown): Promise<void> {
    let profile: string | undefined;
    if (typeof arg === 'string') {
      profile = arg.trim();
    } else {
      const { profiles, problems } = await this.session.profiles();
      for (const p of problems) void vscode.window.showWarningMessage(notificationText(p));
      const current = this.settings.current.profile;
      const items: (vscode.QuickPickItem & { value: string })[] = [
        {
          label: DEFAULT_CHAIN,
          description: current === undefined ? 'current' : undefined,
          detail: 'Environment variables, AWS_PROFILE, SSO, instance or container roles',
          value: '',
        },
        ...profiles.map((p) => ({
          label: plainLabel(p.name),
          description: plainLabel(
            [p.name === current ? 'current' : undefined, p.region, p.kind === 'other' ? undefined : p.kind]
              .filter(Boolean)
              .join(' · '),
          ),
          value: p.name,
        })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Select AWS Profile',
        placeHolder:
          profiles.length === 0
            ? 'No profiles found in ~/.aws/config or ~/.aws/credentials'
            : 'Profile for Image Footprint',
        matchOnDescription: true,
      });
      if (!picked) return;
      profile = picked.value;
    }
    if (profile !== '' && !/^[^\s[\]\p{Cc}\p{Cf}]{1,128}$/u.test(profile)) {
      void vscode.window.showErrorMessage(notificationText(`"${profile}" is not a profile name.`));
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
      const current = this.settings.current.region;
      const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
      quickPick.title = 'Select AWS Region';
      quickPick.placeholder = 'Region for lifecycle policies (image lookups use the region in the image URI)';
      const base = [
        { label: 'From profile or environment', description: current === undefined ? 'current' : undefined, value: '' },
        ...REGIONS.map((r) => ({ label: r, description: r === current ? 'current' : undefined, value: r })),
      ];
      quickPick.items = base;
      quickPick.onDidChangeValue((v) => {
        const typed = v.trim();
        quickPick.items =
          typed && isRegionName(typed) && !REGIONS.includes(typed)
            ? [{ label: typed, description: 'other region', value: typed, alwaysShow: true }, ...base]
            : base;
      });
      region = await new Promise<string | undefined>((resolve) => {
        quickPick.onDidAccept(() => {
          resolve(quickPick.selectedItems[0]?.value);
          quickPick.hide();
        });
        quickPick.onDidHide(() => {
          resolve(undefined);
          quickPick.dispose();
        });
        quickPick.show();
      });
      if (region === undefined) return;
    }
    if (region !== '' && !isRegionName(region)) {
      void vscode.window.showErrorMessage(notificationText(`"${region}" is not a region name such as us-east-1.`));
      return;
    }
    await this.settings.update('region', region || undefined);
  }
}
