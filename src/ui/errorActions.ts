/**
 * The one place where a FootprintError reaches the user outside a tree: a notification with the actions that help
 * (Retry, Sign in, Select profile or region, Open settings, Show log), and the runner for those actions, which the
 * error rows of the trees use too.
 */
import * as vscode from 'vscode';
import type { ErrorAction, FootprintError } from '../aws/errors';
import type { AwsSession } from '../aws/session';
import { notificationText } from '../util/escape';

const LABELS: Record<ErrorAction, string> = {
  retry: 'Retry',
  signIn: 'Sign In…',
  selectProfile: 'Select Profile…',
  selectRegion: 'Select Region…',
  openSettings: 'Open Settings',
  showLog: 'Show Log',
};

/** Profile names that can be passed to a shell unquoted. */
const SAFE_PROFILE = /^[A-Za-z0-9_.+@-]{1,128}$/;

export class ErrorActions {
  constructor(
    private readonly session: AwsSession,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async run(action: ErrorAction, error?: FootprintError): Promise<void> {
    switch (action) {
      case 'signIn': {
        const profile = error?.context?.profile ?? this.session.profile;
        const terminal = vscode.window.createTerminal({ name: 'AWS sign-in' });
        terminal.show();
        terminal.sendText(
          profile && SAFE_PROFILE.test(profile) ? `aws sso login --profile ${profile}` : 'aws sso login',
          false,
        );
        this.session.resetCredentials();
        void vscode.window.showInformationMessage(
          'Run the command in the terminal to sign in, then use Retry or Refresh in the Image Footprint views.',
        );
        return;
      }
      case 'selectProfile':
        await vscode.commands.executeCommand('imageFootprint.selectProfile');
        return;
      case 'selectRegion':
        await vscode.commands.executeCommand('imageFootprint.selectRegion');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'imageFootprint');
        return;
      case 'showLog':
        this.log.show(true);
        return;
      case 'retry':
        return;
    }
  }

  /** Shows the error as a notification; `retry` is offered when the error allows it and a retry is given. */
  async show(error: FootprintError, retry?: () => unknown): Promise<void> {
    if (error.kind === 'cancelled') return;
    const actions = error.actions.filter((a) => a !== 'retry' || retry !== undefined);
    const picked = await vscode.window.showErrorMessage(
      notificationText(error.fullMessage),
      ...actions.map((a) => LABELS[a]),
    );
    const action = actions.find((a) => LABELS[a] === picked);
    if (action === 'retry') await retry?.();
    else if (action) await this.run(action, error);
  }
}
