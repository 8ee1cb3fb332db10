/**
 * The one table of what each error action is called and shown with: the error rows of every tree and the buttons of
 * every notification (`ui/errorActions.ts`) read it, so an action has one wording everywhere. Pure.
 */
import type { ErrorAction } from './errors';

export interface ErrorActionLook {
  readonly label: string;
  /** A codicon, for the tree row. */
  readonly icon: string;
}

/** A `Map`: the action comes back from a command argument, which any extension may pass. */
export const ERROR_ACTIONS: ReadonlyMap<ErrorAction, ErrorActionLook> = new Map<ErrorAction, ErrorActionLook>([
  ['retry', { label: 'Retry', icon: 'refresh' }],
  ['signIn', { label: 'Sign in again…', icon: 'sign-in' }],
  ['selectProfile', { label: 'Select AWS profile…', icon: 'account' }],
  ['selectRegion', { label: 'Select AWS region…', icon: 'globe' }],
  ['openSettings', { label: 'Open settings', icon: 'settings-gear' }],
  ['showLog', { label: 'Show log', icon: 'output' }],
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
  return action === 'signIn' && profile ? { ...look, description: `profile ${profile}, in VS Code` } : look;
}
