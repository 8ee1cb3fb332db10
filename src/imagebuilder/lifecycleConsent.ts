/**
 * Whether the lifecycle Problems may ask AWS: the setting (in Restricted Mode the user's own value only), else the
 * answer to a question asked once per workspace (kept in workspace state; a dismissal only for this session). Split
 * from `lifecycleProblems.ts`.
 */
import * as vscode from 'vscode';

export const LIFECYCLE_PROBLEMS_SETTING = 'problems.lifecycle';
/** The remembered answer to the question, per workspace. */
export const LIFECYCLE_ANSWER_KEY = 'imageFootprint.problems.lifecycle.answer';
/** The question in English (what `askNow` shows, through `vscode.l10n.t`). */
// l10n-ignore: the English text tests look for; askNow shows it through vscode.l10n.t
export const CONSENT_QUESTION = 'Check the ECR images in this workspace against lifecycle policies?';

/** The user turned the checks on for the workspace, but their user setting says false: it wins. */
export function showSettingIsOff(): void {
  void vscode.window.showWarningMessage(
    vscode.l10n.t('imageFootprint.problems.lifecycle is set to false in your settings: change it there to check.'),
  );
}

export class LifecycleConsent {
  private asking: Promise<boolean | undefined> | undefined;
  /** The question was dismissed in this session: not asked again until the window reloads. */
  dismissed = false;

  constructor(private readonly state: vscode.Memento) {}

  /** The setting as it counts (in Restricted Mode the user's own value only), else the remembered answer. */
  enabled(): boolean | undefined {
    const inspected = vscode.workspace.getConfiguration('imageFootprint').inspect<unknown>(LIFECYCLE_PROBLEMS_SETTING);
    const values = vscode.workspace.isTrusted
      ? [inspected?.workspaceFolderValue, inspected?.workspaceValue, inspected?.globalValue]
      : [inspected?.globalValue];
    for (const v of values) if (typeof v === 'boolean') return v;
    const answer = this.state.get<unknown>(LIFECYCLE_ANSWER_KEY);
    return typeof answer === 'boolean' ? answer : undefined;
  }

  /** Asks once per workspace (the answer is kept); a dismissed question is not asked again in this session. */
  ask(): Promise<boolean | undefined> {
    const now = this.enabled();
    if (now !== undefined || this.dismissed) return Promise.resolve(now);
    this.asking ??= this.askNow().finally(() => (this.asking = undefined));
    return this.asking;
  }

  /** The question itself, asked now (the command asks even after a dismissal); the answer is kept. */
  async askNow(): Promise<boolean | undefined> {
    const check = vscode.l10n.t('Check');
    const picked = await vscode.window.showInformationMessage(
      vscode.l10n.t('Check the ECR images in this workspace against lifecycle policies?'),
      {
        detail: vscode.l10n.t(
          'Image Footprint reads the recent runs of the container lifecycle policies (EC2 Image Builder) in the regions of the images, and asks Amazon Inspector where deleted images still run.',
        ),
      },
      check,
      vscode.l10n.t('Never for This Workspace'),
    );
    if (picked === undefined) {
      this.dismissed = true;
      return undefined;
    }
    await this.state.update(LIFECYCLE_ANSWER_KEY, picked === check);
    return picked === check;
  }
}
