/**
 * The one table of what each error action is called and shown with: the error rows of every tree and the buttons of
 * every notification (`ui/errorActions.ts`) read it, so each place has one wording per action. Pure.
 */
import type { ErrorAction } from './errors';

export interface ErrorActionLook {
  /** The one wording, for tree rows, hover links and notification buttons alike (title case, as VS Code's own). */
  readonly label: string;
  /** A codicon, for the tree row. */
  readonly icon: string;
}

/** A `Map`: the action comes back from a command argument, which any extension may pass. */
export const ERROR_ACTIONS: ReadonlyMap<ErrorAction, ErrorActionLook> = new Map<ErrorAction, ErrorActionLook>([
  ['retry', { label: 'Retry', icon: 'refresh' }],
  ['signIn', { label: 'Sign In…', icon: 'sign-in' }],
  ['selectProfile', { label: 'Select Profile…', icon: 'account' }],
  ['selectRegion', { label: 'Select Region…', icon: 'globe' }],
  ['openSettings', { label: 'Open Settings', icon: 'settings-gear' }],
  ['showLog', { label: 'Show Log', icon: 'output' }],
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
    ? { label, icon, description: `profile ${profile}, in VS Code` }
    : { label, icon };
}
