/**
 * The one table of what each error action is called and shown with: the error rows of every tree and the buttons of
 * every notification (`ui/errorActions.ts`) read it, so each place has one wording per action. Pure.
 */
import * as l10n from '@vscode/l10n';
import type { ErrorAction } from './errors';

export interface ErrorActionLook {
  /** The one wording, for tree rows, hover links and notification buttons alike (title case, as VS Code's own). */
  readonly label: string;
  /** A codicon, for the tree row. */
  readonly icon: string;
}

/**
 * The label of an action is read when it is shown, not when this module loads: `@vscode/l10n` is configured with the
 * display language's bundle at activation, after the modules are loaded.
 */
function look(icon: string, label: () => string): ErrorActionLook {
  return {
    icon,
    get label() {
      return label();
    },
  };
}

/** A `Map`: the action comes back from a command argument, which any extension may pass. */
export const ERROR_ACTIONS: ReadonlyMap<ErrorAction, ErrorActionLook> = new Map<ErrorAction, ErrorActionLook>([
  ['retry', look('refresh', () => l10n.t('Retry'))],
  ['signIn', look('sign-in', () => l10n.t('Sign In…'))],
  ['selectProfile', look('account', () => l10n.t('Select Profile…'))],
  ['selectRegion', look('globe', () => l10n.t('Select Region…'))],
  ['openSettings', look('settings-gear', () => l10n.t('Open Settings'))],
  ['showLog', look('output', () => l10n.t('Show Log'))],
]);

export function isErrorAction(value: unknown): value is ErrorAction {
  return typeof value === 'string' && ERROR_ACTIONS.has(value as ErrorAction);
}

/** The look of `action` as a tree row; signing in names the profile it is for. */
export function actionLook(
  action: string,
  profile: string | undefined,
): { label: string; icon: string; description?: string } | undefined {
  if (!isErrorAction(action)) return undefined;
  const look = ERROR_ACTIONS.get(action);
  if (!look) return undefined;
  const { label, icon } = look;
  return action === 'signIn' && profile
    ? { label, icon, description: l10n.t('profile {0}, in VS Code', profile) }
    : { label, icon };
}
