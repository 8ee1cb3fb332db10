/**
 * The one place where a FootprintError reaches the user outside a tree: a notification with the actions that help
 * (Retry, Sign in, Select profile or region, Open settings, Show log), and the runner for those actions, which the
 * error rows of the trees use too.
 */
import * as vscode from 'vscode';
import { ERROR_ACTIONS } from '../aws/errorActions';
import type { ErrorAction, FootprintError } from '../aws/errors';
import type { AwsSession } from '../aws/session';
import { notificationText } from '../util/escape';

/** The button text of an action, from the one table (`aws/errorActions.ts`). */
function label(action: ErrorAction): string {
  return ERROR_ACTIONS.get(action)?.label ?? action;
}

export class ErrorActions {
  constructor(
    private readonly session: AwsSession,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async run(action: ErrorAction, error?: FootprintError): Promise<void> {
    switch (action) {
      case 'signIn':
        // src/ui/signIn.ts: SSO in the editor, the terminal when the CLI is there, or what the profile needs.
        await vscode.commands.executeCommand('imageFootprint.signIn', error?.context?.profile ?? this.session.profile);
        return;
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
    const picked = await vscode.window.showErrorMessage(notificationText(error.fullMessage), ...actions.map(label));
    const action = actions.find((a) => label(a) === picked);
    if (action === 'retry') await retry?.();
    else if (action) await this.run(action, error);
  }
}
